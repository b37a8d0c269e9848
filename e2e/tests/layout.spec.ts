import type { Page, TestInfo } from '@playwright/test';
import { expect, slow, test } from '../support/fixtures';
import path from 'node:path';
import { ActivityPage, LoginPage } from '../support/pages';
import { expectGoodLayout, LAYOUT_WIDTHS } from '../support/layout';
import { expectLinkPage, newCard, signInAtMyNaPortal } from '../support/mynaportal';
import { asuYuki, kaigoJob } from '../support/seekers';
import { isSmartphone, spMenu } from '../support/ui';

/**
 * Every screen at every width a seeker uses, from a small phone (320 px) to a
 * PC (1280 px): the layout check of support/layout.ts (no horizontal
 * overflow, no text one character per line, 24 × 24 px targets, 16 px form
 * controls). The phone widths run on the smartphone project (touch, mobile
 * viewport), 1280 on the pc project. Each screen is loaded once and checked
 * at each width by resizing the viewport.
 */

const PHONE_WIDTHS = LAYOUT_WIDTHS.filter((w) => w < 768);
const PC_WIDTHS = LAYOUT_WIDTHS.filter((w) => w >= 768);

function widthsFor(testInfo: TestInfo): readonly number[] {
  return isSmartphone(testInfo) ? PHONE_WIDTHS : PC_WIDTHS;
}

const HEIGHT = 800;

/** Checks the page as it is at every width of the project. */
async function checkAtWidths(page: Page, what: string, testInfo: TestInfo): Promise<void> {
  for (const width of widthsFor(testInfo)) {
    await page.setViewportSize({ width, height: HEIGHT });
    await expectGoodLayout(page, what);
  }
}

/** Opens url, checks its h1, and checks the layout at every width. */
async function visit(page: Page, url: string, heading: string | RegExp, what: string, testInfo: TestInfo): Promise<void> {
  await page.setViewportSize({ width: widthsFor(testInfo)[0] ?? 390, height: HEIGHT });
  await page.goto(url);
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeAttached();
  await checkAtWidths(page, what, testInfo);
}

test.describe('layout at 320, 375, 390, 430 and 1280 px', () => {
  test.describe.configure({ timeout: 180_000 * slow });

  test('public screens', async ({ page }, testInfo) => {
    await visit(page, '/', 'ハローワークインターネットサービス', 'トップ', testInfo);
    await visit(page, '/jobs', '求人検索', '求人検索', testInfo);
    await visit(page, '/jobs?q=介護&per=10', '求人検索', '求人検索 (介護)', testInfo);
    await visit(page, `/jobs/${kaigoJob.id}`, kaigoJob.title, '求人詳細', testInfo);
    await visit(page, '/jobs/00000-00000000', /./, '求人詳細 (not found)', testInfo);
    await visit(page, '/login', 'ログイン', 'ログイン', testInfo);
    await visit(page, '/register', '求職者マイページ開設', '求職者マイページ開設', testInfo);
    await visit(page, '/reregister', 'アカウント再登録', 'アカウント再登録', testInfo);
    await visit(page, '/withdrawn', '求職者マイページ退会完了', '求職者マイページ退会完了', testInfo);
  });

  test('forms with their error messages', async ({ page }, testInfo) => {
    // An empty 開設 form: every field with its message.
    await page.goto('/register');
    await page.getByRole('main').getByRole('button', { name: '開設する' }).click();
    await expect(page.getByRole('alert').first()).toBeVisible();
    await checkAtWidths(page, '求職者マイページ開設 (errors)', testInfo);
    await page.goto('/login');
    await page.getByRole('main').getByRole('button', { name: 'ログイン', exact: true }).click();
    await page.waitForLoadState();
    await checkAtWidths(page, 'ログイン (errors)', testInfo);
  });

  test('the MyNaPortal link page', async ({ page }, testInfo) => {
    const card = await newCard(page.request);
    const res = await signInAtMyNaPortal(page, card, testInfo);
    expect(res.status()).toBe(303);
    await expectLinkPage(page, card);
    await checkAtWidths(page, 'マイナポータルとの連携', testInfo);
  });

  // The demo seeker, read only (GET requests after signing in): its
  // 選考終了 application and its messages exist only in the demo data.
  test('signed-in screens, with applications 応募中 and 選考終了', async ({ page }, testInfo) => {
    await new LoginPage(page, testInfo).signIn(asuYuki);
    await visit(page, '/mypage', '求職者マイページホーム', '求職者マイページホーム', testInfo);
    await visit(page, '/mypage/activity', '求職活動状況', '求職活動状況', testInfo);
    const inProgress = new ActivityPage(page, testInfo).inProgress;
    await expect(inProgress.getByRole('row', { name: new RegExp(kaigoJob.title) })).toHaveCount(1);
    await expect(new ActivityPage(page, testInfo).closed.getByRole('row')).not.toHaveCount(0);
    await visit(page, '/mypage/messages', /メッセージ/, 'メッセージ', testInfo);
    await visit(page, '/mypage/settings', '求職者情報・設定', '求職者情報・設定', testInfo);
    for (const tab of ['basic', 'disclosure', 'preferences', 'workplace', 'education', 'career', 'disability', 'pr', 'account', 'blocklist']) {
      await visit(page, `/mypage/settings/${tab}`, '求職者情報・設定', `求職者情報・設定 ${tab}`, testInfo);
    }
    for (const tab of ['basic', 'preferences', 'workplace', 'pr']) {
      await visit(page, `/mypage/settings/${tab}?edit=1`, '求職者情報・設定', `求職者情報・設定 ${tab} (編集)`, testInfo);
    }
    await visit(page, '/mypage/sessions', 'ログイン中の端末', 'ログイン中の端末', testInfo);
    await visit(page, '/mypage/sessions/history', 'ログイン履歴', 'ログイン履歴', testInfo);
    // 応募中: the 退会確認 that refuses.
    await visit(page, '/mypage/withdraw', '求職者マイページ退会確認', '求職者マイページ退会確認 (応募中)', testInfo);
    if (isSmartphone(testInfo)) {
      await page.setViewportSize({ width: 320, height: HEIGHT });
      const { button, nav } = spMenu(page);
      await button.tap();
      await expect(nav).toBeVisible();
      await checkAtWidths(page, 'メニュー open', testInfo);
    }
  });

  test('退会確認 of a seeker with no application', async ({ page, seeker }, testInfo) => {
    void seeker; // signed in as a seeker of the test's own
    await visit(page, '/mypage/withdraw', '求職者マイページ退会確認', '求職者マイページ退会確認', testInfo);
    await visit(page, '/mypage/activity', '求職活動状況', '求職活動状況 (no application)', testInfo);
  });
});

/**
 * Screenshots of 求職活動状況 and of the public header at 320 and 390 px, for
 * people to look at: LAYOUT_SCREENSHOTS=after npx playwright test
 * tests/layout.spec.ts --project pc -g screenshots writes
 * e2e/screenshots/after-*.png (a git-ignored folder).
 */
const shots = process.env.LAYOUT_SCREENSHOTS;
test('screenshots', async ({ page }, testInfo) => {
  // The pc project resized to a phone's width: the same device as the first, before screenshots.
  test.skip(!shots || isSmartphone(testInfo), 'set LAYOUT_SCREENSHOTS=<name> and run the pc project');
  const dir = path.resolve(__dirname, '..', 'screenshots');
  for (const width of [320, 390]) {
    await page.setViewportSize({ width, height: HEIGHT });
    await page.goto('/');
    await page.screenshot({ path: path.join(dir, `${shots}-header-top-${width}.png`) });
    await page.goto('/login');
    await page.screenshot({ path: path.join(dir, `${shots}-header-login-${width}.png`) });
  }
  await new LoginPage(page, testInfo).signIn(asuYuki);
  for (const width of [320, 390]) {
    await page.setViewportSize({ width, height: HEIGHT });
    await page.goto('/mypage/activity');
    await page.screenshot({ path: path.join(dir, `${shots}-activity-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: HEIGHT });
  await page.screenshot({ path: path.join(dir, `${shots}-activity-1280.png`) });
  await page.setViewportSize({ width: 320, height: HEIGHT });
  for (const [name, url] of [
    ['home', '/mypage'],
    ['settings-basic', '/mypage/settings/basic'],
    ['jobs', '/jobs?q=介護'],
  ]) {
    await page.goto(url);
    await page.screenshot({ path: path.join(dir, `${shots}-${name}-320.png`) });
  }
  await page.setViewportSize({ width: 390, height: HEIGHT });
  await page.goto('/mypage/settings/account');
  await page.getByRole('button', { name: 'マイページを退会' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(dir, `${shots}-withdraw-disabled-390.png`) });
});
