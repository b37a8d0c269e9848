import { type Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { expectNoAxeViolations } from '../support/axe';
import { MyPage } from '../support/pages';
import { isSmartphone, spMenu } from '../support/ui';

const items = [
  { name: '求人検索', path: '/jobs', heading: '求人検索' },
  { name: '求職活動状況', path: '/mypage/activity', heading: '求職活動状況' },
  { name: '求職者情報・設定', path: '/mypage/settings', heading: '求職者情報・設定' },
];

async function expectScreen(page: Page, item: (typeof items)[number]) {
  await expect(page).toHaveURL((u) => u.pathname === item.path);
  await expect(page.getByRole('heading', { level: 1, name: item.heading })).toBeVisible();
}

test.describe('メニュー', () => {
  test('the header menu of My Page works by pointer and keyboard', async ({ page, seeker }, testInfo) => {
    // Signed in already (the seeker fixture).
    const mypage = new MyPage(page, testInfo);
    await mypage.goto();
    await mypage.expectHome(seeker.name);
    await expectNoAxeViolations(page, 'ホーム');

    if (isSmartphone(testInfo)) {
      const { button, nav } = spMenu(page);
      await expect(page.getByRole('navigation', { name: 'グローバルメニュー' })).toBeHidden();

      await test.step('keyboard: Enter on メニュー opens it, Tab walks it, Escape closes it', async () => {
        await button.focus();
        await expect(button).toBeFocused();
        await expect(nav).toBeHidden();
        await page.keyboard.press('Enter');
        await expect(nav).toBeVisible();
        await expectNoAxeViolations(page, 'メニュー open (keyboard)');

        const order = [
          nav.getByRole('link', { name: 'ホーム' }),
          ...items.map((i) => nav.getByRole('link', { name: i.name })),
          nav.getByRole('button', { name: 'ログアウト' }),
          nav.getByRole('button', { name: '閉じる' }),
        ];
        for (const el of order) {
          await expect(el).toBeVisible();
          await page.keyboard.press('Tab');
          await expect(el).toBeFocused();
        }

        await page.keyboard.press('Escape');
        await expect(nav).toBeHidden();
        await expect(button).toBeFocused();
      });

      await test.step('閉じる closes the menu', async () => {
        await button.tap();
        await expect(nav).toBeVisible();
        await nav.getByRole('button', { name: '閉じる' }).tap();
        await expect(nav).toBeHidden();
      });

      for (const item of items) {
        await test.step(`menu → ${item.name}`, async () => {
          await spMenu(page).button.tap();
          await expect(spMenu(page).nav).toBeVisible();
          await spMenu(page).nav.getByRole('link', { name: item.name }).tap();
          await expectScreen(page, item);
          await expectNoAxeViolations(page, item.name);
          await spMenu(page).button.tap();
          await expect(spMenu(page).nav.getByRole('link', { name: item.name })).toHaveAttribute('aria-current', 'page');
          await expectNoAxeViolations(page, `${item.name}, メニュー open`);
          await page.keyboard.press('Escape');
          await expect(spMenu(page).nav).toBeHidden();
        });
      }

      await test.step('menu → ホーム', async () => {
        await spMenu(page).button.tap();
        await spMenu(page).nav.getByRole('link', { name: 'ホーム' }).tap();
        await mypage.expectHome(seeker.name);
        await expectNoAxeViolations(page, 'ホーム');
      });
    } else {
      const global = page.getByRole('navigation', { name: 'グローバルメニュー' });
      await expect(global).toBeVisible();
      await expect(spMenu(page).button).toBeHidden();

      for (const item of items) {
        await test.step(`グローバルメニュー → ${item.name}`, async () => {
          await global.getByRole('link', { name: item.name }).click();
          await expectScreen(page, item);
          await expect(global.getByRole('link', { name: item.name })).toHaveAttribute('aria-current', 'page');
          for (const other of items.filter((i) => i !== item)) {
            await expect(global.getByRole('link', { name: other.name })).not.toHaveAttribute('aria-current', /.*/);
          }
          // Still signed in, with ログアウト at the top.
          await expect(page.getByRole('banner').getByRole('button', { name: 'ログアウト' })).toBeVisible();
          await expectNoAxeViolations(page, item.name);
        });
      }

      await test.step('keyboard: the global menu links are reachable with Tab', async () => {
        await page.goto('/mypage');
        await mypage.expectHome(seeker.name);
        await expectNoAxeViolations(page, 'ホーム');
        const link = global.getByRole('link', { name: '求職活動状況' });
        for (let i = 0; i < 15; i++) {
          await page.keyboard.press('Tab');
          if (await link.evaluate((el) => el === document.activeElement)) break;
        }
        await expect(link).toBeFocused();
        await page.keyboard.press('Enter');
        await expectScreen(page, items[1]);
        await expectNoAxeViolations(page, items[1].name);
      });
    }
  });
});
