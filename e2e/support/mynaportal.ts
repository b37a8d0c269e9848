import { expect, type APIRequestContext, type Locator, type Page, type Response, type TestInfo } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { AccountSettingsPage } from './pages/account-settings';
import { MyPage } from './pages/home';
import { escapeRegExp, press } from './ui';

/**
 * The MyNaPortal simulator the server started beside My Page (rule 7 of the
 * design): its own port on the same host, its own cookie and sessions.
 * E2E_MYNAPORTAL_URL names it when the suite runs against a server started
 * outside.
 */
export const simulatorOrigin = (
  process.env.E2E_MYNAPORTAL_URL ?? `http://127.0.0.1:${process.env.E2E_MYNAPORTAL_PORT ?? '9090'}`
).replace(/\/$/, '');

/** An absolute URL of the simulator. */
export function simulatorURL(pathname = '/'): string {
  return simulatorOrigin + pathname;
}

/** Whether u is a page of the simulator (and not of My Page). */
export function onSimulator(u: URL | string): boolean {
  return new URL(u.toString()).origin === simulatorOrigin;
}

export const simulatorBanner = 'これはマイナポータルの模擬環境（シミュレーター）です。本物のマイナポータルではありません。';

/** A My Number Card of the simulator and its holder's claims. */
export interface Card {
  number: string;
  pin: string;
  name: string;
  nameKana: string;
  birthdate: string;
  address: string;
}

/** The simulator's layout: its banner says it is not the real MyNaPortal. */
export async function expectSimulatorPage(page: Page, heading: string): Promise<void> {
  await expect(page).toHaveURL((u) => onSimulator(u));
  await expect(page.getByRole('banner')).toContainText(simulatorBanner);
  await expect(page.getByRole('heading', { level: 1, name: heading, exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);
}

/** The simulator's top page, as someone signed in there sees it. */
export async function expectSimulatorSignedIn(page: Page, card: Card): Promise<void> {
  await expectSimulatorPage(page, 'マイナポータル（模擬環境）');
  await expect(page.getByRole('main')).toContainText(`ログイン中：${card.name} さん`);
  await expect(page.getByRole('main').getByRole('button', { name: 'ログアウト' })).toBeVisible();
  await expect(page.getByText('ログインしていません。')).toHaveCount(0);
}

/** The simulator's top page, as someone signed out there sees it. */
export async function expectSimulatorSignedOut(page: Page): Promise<void> {
  await expectSimulatorPage(page, 'マイナポータル（模擬環境）');
  await expect(page.getByRole('main')).toContainText('ログインしていません。');
  await expect(page.getByText(/ログイン中：/)).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'ログアウト' })).toHaveCount(0);
}

/**
 * Presses the simulator's 「ログアウト」 and checks where it lands: its top
 * page, signed out, with the notice.
 */
export async function logOutAtSimulator(page: Page, testInfo: TestInfo): Promise<void> {
  await press(page.getByRole('main').getByRole('button', { name: 'ログアウト' }), testInfo);
  await page.waitForURL((u) => onSimulator(u) && u.pathname === '/' && u.searchParams.get('logged_out') === '1');
  await expect(page.getByRole('status')).toHaveText('マイナポータル（模擬環境）からログアウトしました。');
  await expectSimulatorSignedOut(page);
  await expectNoAxeViolations(page, 'マイナポータル トップ (logged out)');
}

/**
 * Opens /login (unless the browser is there), checks it with axe and presses
 * 「マイナポータルでログイン」. It does not wait for where the browser goes:
 * the PIN page, or straight back to My Page when the simulator's session lives.
 */
export async function startMyNaPortalSignIn(page: Page, testInfo: TestInfo): Promise<void> {
  const here = new URL(page.url(), 'http://x');
  if (onSimulator(here) || here.pathname !== '/login') {
    await page.goto('/login');
  }
  await expect(page.getByRole('heading', { level: 1, name: 'ログイン' })).toBeVisible();
  await expectNoAxeViolations(page, 'ログイン');
  const section = page.getByRole('region', { name: 'マイナポータルをご利用の方' });
  await press(section.getByRole('link', { name: 'マイナポータルでログイン' }), testInfo);
}

/** The simulator's PIN page (マイナンバーカードでログイン). */
export function pinPage(page: Page) {
  return {
    card: page.getByLabel('マイナンバーカードの番号（12桁）', { exact: true }),
    pin: page.getByLabel('暗証番号（4桁）', { exact: true }),
    button: page.getByRole('main').getByRole('button', { name: 'ログイン', exact: true }),
  };
}

export async function expectPinPage(page: Page, what = 'マイナンバーカードでログイン'): Promise<void> {
  await page.waitForURL((u) => onSimulator(u) && u.pathname === '/login');
  await expectSimulatorPage(page, 'マイナンバーカードでログイン');
  await expect(pinPage(page).card).toBeVisible();
  await expect(pinPage(page).pin).toBeVisible();
  await expect(pinPage(page).pin).toHaveAttribute('type', 'password');
  await expectNoAxeViolations(page, what);
}

/**
 * Enters the card number and PIN and presses ログイン. Returns the answer to
 * the POST once the browser has loaded where it leads (the PIN page again
 * for a refusal, else the consent page or My Page).
 */
export async function submitPin(page: Page, card: Card, pin: string, testInfo: TestInfo): Promise<Response> {
  const { card: number, pin: pinField, button } = pinPage(page);
  await number.fill(card.number);
  await pinField.fill(pin);
  const res = page.waitForResponse((r) => onSimulator(r.url()) && new URL(r.url()).pathname === '/login' && r.request().method() === 'POST');
  const loaded = page.waitForEvent('domcontentloaded');
  await press(button, testInfo);
  await loaded;
  return res;
}

/** The consent page (情報提供への同意) with the holder's claims. */
export async function expectConsentPage(page: Page, card: Card): Promise<void> {
  await page.waitForURL((u) => onSimulator(u) && u.pathname === '/consent');
  await expectSimulatorPage(page, '情報提供への同意');
  const claims = page.getByRole('table', { name: '提供する情報' });
  await expect(claims).toBeVisible();
  const rows: Record<string, string> = {
    氏名: card.name,
    '氏名（フリガナ）': card.nameKana,
    生年月日: card.birthdate,
    住所: card.address,
  };
  for (const [label, value] of Object.entries(rows)) {
    const row = claims.getByRole('row').filter({ has: page.getByRole('rowheader', { name: label, exact: true }) });
    await expect(row.getByRole('cell'), label).toHaveText(value);
  }
  // The sub is pairwise and not the My Number.
  await expect(claims.getByRole('rowheader', { name: '利用者識別子' })).toBeVisible();
  await expect(claims).not.toContainText(card.number);
  await expect(page.getByRole('button', { name: '同意する', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: '同意しない', exact: true })).toBeVisible();
  await expectNoAxeViolations(page, '情報提供への同意');
}

/**
 * Presses 「同意する」 or 「同意しない」. Returns My Page's answer to the callback
 * once the browser has loaded where the sign-in leads.
 */
export async function decideConsent(page: Page, decision: '同意する' | '同意しない', testInfo: TestInfo): Promise<Response> {
  const callback = page.waitForResponse((r) => !onSimulator(r.url()) && new URL(r.url()).pathname === '/auth/mynaportal/callback');
  await press(page.getByRole('button', { name: decision, exact: true }), testInfo);
  const res = await callback;
  if (res.status() >= 300 && res.status() < 400) {
    // Signed in or held for linking: wait for the page it leads to.
    await page.waitForURL((u) => !onSimulator(u) && u.pathname !== '/auth/mynaportal/callback');
  } else {
    // Refused: the callback itself answers with the error page.
    await page.waitForURL((u) => !onSimulator(u) && u.pathname === '/auth/mynaportal/callback');
  }
  return res;
}

/**
 * The whole first-time sign-in at the simulator: from /login, the PIN page,
 * the right PIN, the consent page and a decision. Every simulator page is
 * checked with axe. Returns My Page's answer to the callback.
 */
export async function signInAtMyNaPortal(
  page: Page,
  card: Card,
  testInfo: TestInfo,
  decision: '同意する' | '同意しない' = '同意する',
): Promise<Response> {
  await startMyNaPortalSignIn(page, testInfo);
  await expectPinPage(page);
  const res = await submitPin(page, card, card.pin, testInfo);
  expect(res.status(), 'the right PIN is taken').toBe(303);
  await expectConsentPage(page, card);
  return decideConsent(page, decision, testInfo);
}

/** My Page's error page for a refused MyNaPortal sign-in. */
export async function expectRefused(page: Page, message: string | RegExp): Promise<void> {
  await expect(page).toHaveURL((u) => !onSimulator(u) && u.pathname === '/auth/mynaportal/callback');
  await expect(page.getByRole('heading', { level: 1, name: 'ログインできませんでした' })).toBeVisible();
  await expect(page.getByRole('main')).toContainText(message);
  await expect(page.getByRole('main').getByRole('link', { name: 'ログイン画面へ' })).toHaveAttribute('href', '/login');
  await expectNoAxeViolations(page, 'ログインできませんでした');
}

/** My Page has no session: no cookie, and /mypage asks for sign-in. */
export async function expectNoMyPageSession(page: Page): Promise<void> {
  const cookies = await page.context().cookies();
  expect(cookies.map((c) => c.name), 'no My Page session cookie').not.toContain('mypage_session');
  await page.goto('/mypage');
  await expect(page).toHaveURL((u) => !onSimulator(u) && u.pathname === '/login');
  await expect(page.getByRole('heading', { level: 1, name: 'ログイン' })).toBeVisible();
  await expectNoAxeViolations(page, 'ログイン (no session)');
}

export type SpoilKind = 'signature' | 'nonce' | 'expired' | 'none';

/** Tells the simulator to spoil the next ID token it issues for card (once). */
export async function spoilNextIdToken(request: APIRequestContext, card: Card, kind: SpoilKind): Promise<void> {
  const res = await request.post(simulatorURL('/qa/spoil'), { form: { card: card.number, kind }, maxRedirects: 0 });
  expect(res.status(), `POST /qa/spoil kind=${kind}: ${await res.text()}`).toBe(303);
  expect(await pendingSpoil(request, card)).toBe(kind);
}

/** What the QA switch will do to the next ID token of card. */
export async function pendingSpoil(request: APIRequestContext, card: Card): Promise<string> {
  const res = await request.get(simulatorURL(`/qa/spoil?card=${card.number}`));
  expect(res.status()).toBe(200);
  return (await res.text()).trim();
}

/**
 * A fresh card from the simulator (POST /qa/cards, test mode only), of the
 * test's own: no other test signs in with it, links it or spoils it.
 */
export async function newCard(request: APIRequestContext): Promise<Card> {
  const res = await request.post(simulatorURL('/qa/cards'));
  expect(res.status(), `POST /qa/cards: ${await res.text()}`).toBe(201);
  const c = (await res.json()) as { number: string; pin: string; name: string; nameKana: string; birthdate: string; address: string };
  return { number: c.number, pin: c.pin, name: c.name, nameKana: c.nameKana, birthdate: c.birthdate, address: c.address };
}

/**
 * A note for the assertion on a sign-in that should succeed. The simulator
 * stamps its ID tokens with the wall clock and My Page checks them against
 * the wall clock too: test clocks never move another system's time.
 */
export async function clockNote(_request: APIRequestContext): Promise<string> {
  return 'MyNaPortal sign-in (ID tokens are checked against the wall clock)';
}

/** A claim's YYYY-MM-DD as My Page writes dates: 1998-07-07 → 1998年7月7日. */
export function jpBirthdate(ymd: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  if (!m) throw new Error(`not a date like 1998-07-07: ${ymd}`);
  return `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日`;
}

/** The first MyNaPortal sign-in: /mynaportal/link with the claims. */
export async function expectLinkPage(page: Page, card: Card): Promise<void> {
  await expect(page).toHaveURL((u) => !onSimulator(u) && u.pathname === '/mynaportal/link');
  await expect(page.getByRole('heading', { level: 1, name: 'マイナポータルとの連携' })).toBeVisible();
  const identity = page.getByRole('region', { name: 'マイナポータルから提供された情報' });
  for (const [term, value] of [
    ['氏名', card.name],
    ['生年月日', jpBirthdate(card.birthdate)],
    ['住所', card.address],
  ]) {
    await expect(
      identity.getByRole('term').filter({ hasText: new RegExp(`^${escapeRegExp(term)}$`) }).locator('xpath=following-sibling::dd[1]'),
      term,
    ).toHaveText(value);
  }
  await expect(linkForms(page).existing.getByRole('button', { name: '連携してログイン' })).toBeVisible();
  await expect(linkForms(page).create.getByRole('button', { name: 'マイページを開設して連携' })).toBeVisible();
}

/** A control of the link page's forms by its label, ignoring 「必須」. */
function labelled(scope: Locator, label: string): Locator {
  return scope.getByLabel(new RegExp(`^\\s*${escapeRegExp(label)}(\\s*必須)?\\s*$`));
}

/** The two forms of /mynaportal/link. */
export function linkForms(page: Page) {
  const existing = page.getByRole('region', { name: '求職者マイページをお持ちの方' });
  const create = page.getByRole('region', { name: '求職者マイページをお持ちでない方' });
  return {
    existing,
    create,
    email: labelled(existing, 'メールアドレス'),
    password: labelled(existing, 'パスワード'),
    newField: (label: string) => labelled(create, label),
  };
}

/**
 * Fills 「求職者マイページをお持ちの方」 and presses 連携してログイン. Returns
 * the answer to the POST once the browser has loaded where it leads.
 */
export async function submitLinkExisting(
  page: Page,
  who: { email: string; password: string },
  testInfo: TestInfo,
): Promise<Response> {
  const f = linkForms(page);
  await f.email.fill(who.email);
  await f.password.fill(who.password);
  const res = page.waitForResponse((r) => new URL(r.url()).pathname === '/mynaportal/link' && r.request().method() === 'POST');
  const loaded = page.waitForEvent('domcontentloaded');
  await press(f.existing.getByRole('button', { name: '連携してログイン' }), testInfo);
  await loaded;
  return res;
}

/**
 * My Page's own ログアウト (PC: the header button; smartphone: 「メニュー」,
 * then 「ログアウト」). Ends on the top page, which it checks, but leaves the
 * MyNaPortal note to the caller.
 */
export async function logOutOfMyPage(page: Page, testInfo: TestInfo): Promise<void> {
  await new MyPage(page, testInfo).pressLogout();
  await expect(page).toHaveURL((u) => !onSimulator(u));
}

export const noteHeading = '注意　マイナポータルからログインされている方へ';

/** The note of the manual on the top page after logging out of a MyNaPortal session. */
export function myNaPortalNote(page: Page): Locator {
  return page.getByRole('region', { name: /マイナポータルからログインされている方へ/ });
}

export async function expectMyNaPortalNote(page: Page): Promise<void> {
  const note = myNaPortalNote(page);
  await expect(note).toBeVisible();
  const heading = note.getByRole('heading', { level: 2 });
  await expect(heading).toBeVisible();
  // The manual's heading, with its full-width space.
  expect(await heading.textContent()).toBe(noteHeading);
  await expect(note).toContainText('マイナポータルをログアウトしても、求職者マイページはログアウトされません');
  await expect(note).toContainText('求職者マイページをログアウトしても、マイナポータルはログアウトされません');
  await expect(note.getByRole('link', { name: 'マイナポータルを開いてログアウトする' })).toHaveAttribute('href', simulatorURL('/'));
}

/**
 * 連携解除 on 各種設定: checks the seeker is linked, unlinks, and checks the
 * notice and that the page says so.
 */
export async function unlinkMyNaPortal(page: Page, testInfo: TestInfo): Promise<void> {
  let panel = await new AccountSettingsPage(page, testInfo).open();
  await expect(panel.getByRole('heading', { level: 3, name: 'マイナポータル連携' })).toBeVisible();
  await expect(panel).toContainText('マイナポータルと連携しています');
  await expectNoAxeViolations(page, '各種設定 (linked)');
  await press(panel.getByRole('button', { name: '連携解除' }), testInfo);
  await page.waitForURL((u) => u.pathname === '/mypage/settings/account' && u.searchParams.get('unlinked') === '1');
  await expect(page.getByRole('status')).toHaveText('マイナポータルとの連携を解除しました。');
  panel = page.getByRole('region', { name: '各種設定' });
  await expect(panel).toContainText('マイナポータルと連携していません。');
  await expect(panel.getByRole('button', { name: '連携解除' })).toHaveCount(0);
  await expectNoAxeViolations(page, '各種設定 (unlinked)');
}
