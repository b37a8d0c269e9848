import { type Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { expectNoAxeViolations } from '../support/axe';
import { AccountSettingsPage, MyPage } from '../support/pages';
import { definition, isSameDocument, markDocument, press } from '../support/ui';

function tabs(page: Page) {
  return new AccountSettingsPage(page, test.info()).tabs;
}

function tabPanel(page: Page, name: string) {
  return page.getByRole('region', { name });
}

async function expectAccountTab(page: Page) {
  await expect(page).toHaveURL((u) => u.pathname === '/mypage/settings/account');
  await expect(page.getByRole('heading', { level: 1, name: '求職者情報・設定' })).toBeVisible();
  await expect(tabs(page).getByRole('link', { name: '各種設定' })).toHaveAttribute('aria-current', 'page');
  await expect(tabs(page).getByRole('link', { name: '基本情報' })).not.toHaveAttribute('aria-current', /.*/);
  const panel = new AccountSettingsPage(page, test.info()).panel;
  await expect(panel.getByRole('heading', { level: 2, name: '各種設定' })).toBeVisible();
  await expect(definition(panel, '求職状態')).toHaveText('有効');
  await expect(definition(panel, '有効期限')).toHaveText(/^\d{4}年\d{1,2}月\d{1,2}日$/);
  await expect(definition(panel, '登録区分')).toHaveText(/利用登録者|オンライン登録者/);
  await expect(tabPanel(page, '基本情報')).toHaveCount(0);
}

test.describe('求職者情報・設定', () => {
  test('tabs swap the panel in place and each tab is its own page', async ({ page, seeker }, testInfo) => {
    // Signed in already (the seeker fixture).
    const mypage = new MyPage(page, testInfo);
    await mypage.goto();
    await mypage.expectHome(seeker.name);
    await expectNoAxeViolations(page, 'ホーム');
    await page.goto('/mypage/settings');

    await test.step('基本情報 first', async () => {
      await expect(page.getByRole('heading', { level: 1, name: '求職者情報・設定' })).toBeVisible();
      await expect(tabs(page).getByRole('link', { name: '基本情報' })).toHaveAttribute('aria-current', 'page');
      const panel = tabPanel(page, '基本情報');
      await expect(panel.getByRole('heading', { level: 2, name: '基本情報' })).toBeVisible();
      await expect(definition(panel, '氏名')).toHaveText(seeker.name);
      await expect(definition(panel, 'メールアドレス')).toHaveText(seeker.email);
      await expect(definition(panel, '利用安定所名')).toHaveText(seeker.office);
      await expectNoAxeViolations(page, '基本情報');
    });

    await test.step('各種設定 swaps the panel and pushes its URL', async () => {
      await markDocument(page);
      const req = page.waitForRequest((r) => new URL(r.url()).pathname === '/mypage/settings/account');
      await press(tabs(page).getByRole('link', { name: '各種設定' }), testInfo);
      expect((await req).headers()['hx-request'], 'an htmx request').toBe('true');
      await expectAccountTab(page);
      expect(await isSameDocument(page), 'no full page load').toBe(true);
      await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);
      await expectNoAxeViolations(page, '各種設定 (swapped)');
    });

    await test.step('Back returns to 基本情報', async () => {
      await page.goBack();
      await expect(page).toHaveURL((u) => u.pathname === '/mypage/settings');
      await expect(tabPanel(page, '基本情報').getByRole('heading', { name: '基本情報' })).toBeVisible();
      await expectNoAxeViolations(page, '基本情報 (Back)');
    });

    await test.step('keyboard: Enter on a tab swaps the panel and keeps focus on the tab', async () => {
      const link = tabs(page).getByRole('link', { name: '各種設定' });
      await link.focus();
      await page.keyboard.press('Enter');
      await expectAccountTab(page);
      await expect(tabs(page).getByRole('link', { name: '各種設定' }), 'keyboard focus survives the swap').toBeFocused();
      await expectNoAxeViolations(page, '各種設定 (keyboard)');
    });

    await test.step('/mypage/settings/account loaded directly shows the same', async () => {
      const res = await page.goto('/mypage/settings/account');
      expect(res?.status()).toBe(200);
      expect(res?.headers()['vary'] ?? '').toMatch(/HX-Request/i);
      await expect(page.getByRole('banner')).toBeVisible();
      await expectAccountTab(page);
      await expectNoAxeViolations(page, '各種設定 (full page)');
    });
  });
});
