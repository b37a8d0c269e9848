import {
  expect,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Locator,
  type Page,
  type TestInfo,
} from '@playwright/test';

/** The smartphone project: narrow screen, touch, menu button. */
export function isSmartphone(testInfo: TestInfo): boolean {
  return testInfo.project.name === 'smartphone';
}

/** Taps on the smartphone project and clicks on the PC, as a person would. */
export async function press(target: Locator, testInfo: TestInfo): Promise<void> {
  if (isSmartphone(testInfo)) await target.tap();
  else await target.click();
}

/** The <dd> that follows the <dt> named term inside scope. */
export function definition(scope: Locator | Page, term: string): Locator {
  return scope
    .getByRole('term')
    .filter({ hasText: new RegExp(`^\\s*${escapeRegExp(term)}\\s*$`) })
    .locator('xpath=following-sibling::dd[1]');
}

/** A form control by its label, ignoring the trailing 「必須」 badge. */
export function field(page: Page, label: string): Locator {
  return page.getByLabel(new RegExp(`^\\s*${escapeRegExp(label)}(\\s*必須)?\\s*$`));
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The top page (トップ) a signed-out visitor and a logged-out seeker land on. */
export async function expectTopPage(page: Page): Promise<void> {
  await expect(page).toHaveURL((u) => u.pathname === '/');
  await expect(page).toHaveTitle(/ハローワークインターネットサービス/);
  const seekers = page.getByRole('region', { name: '仕事をお探しの方' });
  await expect(seekers.getByRole('heading', { name: '仕事をお探しの方' })).toBeVisible();
  await expect(seekers.getByRole('link', { name: '求職者マイページにログイン' })).toBeVisible();
  await expect(seekers.getByRole('link', { name: '求職者マイページ開設' })).toBeVisible();
  await expect(seekers.getByRole('link', { name: '求人情報検索' })).toBeVisible();
  const offices = page.getByRole('region', { name: 'ハローワークの所在地情報' });
  await expect(offices.getByRole('heading', { name: 'ハローワークの所在地情報' })).toBeVisible();
  await expect(offices.getByRole('table')).toBeVisible();
  await expect(offices.getByRole('rowheader', { name: '飯田橋公共職業安定所' })).toBeVisible();
  // Signed out: no My Page header.
  await expect(page.getByRole('button', { name: 'ログアウト' })).toHaveCount(0);
}

/** 求職者マイページホーム of the seeker named name. */
export async function expectHome(page: Page, name: string): Promise<void> {
  await expect(page).toHaveURL((u) => u.pathname === '/mypage');
  await expect(page.getByRole('heading', { level: 1, name: '求職者マイページホーム' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: `${name} 様` })).toBeVisible();
}

/** The 「メニュー」 button of narrow screens and the menu it opens. */
export function spMenu(page: Page) {
  const banner = page.getByRole('banner');
  return {
    button: banner.getByRole('button', { name: 'メニュー' }),
    nav: page.getByRole('navigation', { name: 'メニュー', exact: true }),
  };
}

/**
 * A new browser context that looks like the project's own (viewport, user
 * agent, touch, locale), with extra options, e.g. javaScriptEnabled: false.
 */
export async function newContextLike(
  browser: Browser,
  testInfo: TestInfo,
  extra: BrowserContextOptions,
): Promise<BrowserContext> {
  const u = testInfo.project.use;
  return browser.newContext({
    baseURL: u.baseURL,
    viewport: u.viewport,
    userAgent: u.userAgent,
    deviceScaleFactor: u.deviceScaleFactor,
    isMobile: u.isMobile,
    hasTouch: u.hasTouch,
    locale: u.locale,
    timezoneId: u.timezoneId,
    ...extra,
  });
}

/**
 * Marks the current document, so a test can tell a swap in place (the mark
 * survives) from a full page load (a new document has no mark).
 */
export async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __e2eSameDocument?: boolean }).__e2eSameDocument = true;
  });
}

export async function isSameDocument(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { __e2eSameDocument?: boolean }).__e2eSameDocument === true);
}
