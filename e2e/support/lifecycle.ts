import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, type APIRequestContext, type Locator, type Page, type TestInfo } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { clockOf } from './clock';
import { confirmRegistration, mailIDs } from './mail';
import { definition, escapeRegExp, expectHome, field, isSmartphone, openSpMenu, press } from './ui';

/**
 * The account lifecycle of the manual's 9.2 and rules 1–5 of server/domain/doc.go:
 * registering, the 各種設定 tab, 退会, the test clock in Japan time and the
 * retention sweep.
 */

export interface Account {
  email: string;
  password: string;
  name: string;
}

const DAY = 24 * 60 * 60 * 1000;
const JST = 9 * 60 * 60 * 1000;

// ---------------------------------------------------------------------------
// Dates in Japan (Asia/Tokyo keeps no daylight saving time: a fixed +09:00).

/** The first instant of t's calendar day in Japan. */
export function jstDay(t: Date): Date {
  const j = new Date(t.getTime() + JST);
  return new Date(Date.UTC(j.getUTCFullYear(), j.getUTCMonth(), j.getUTCDate()) - JST);
}

/** day (a jstDay) plus n days, at hh:mm:ss Japan time. */
export function jstAt(day: Date, n: number, hh = 0, mm = 0, ss = 0): Date {
  return new Date(day.getTime() + n * DAY + ((hh * 60 + mm) * 60 + ss) * 1000);
}

/**
 * t plus years on the Japanese calendar, as the server's AddDate(years, 0, 0)
 * on a Tokyo time (2027-03-01 00:00 JST + 5 years is 2032-03-01 00:00 JST,
 * whatever leap day lies between in UTC).
 */
export function addYears(t: Date, years: number): Date {
  const j = new Date(t.getTime() + JST);
  j.setUTCFullYear(j.getUTCFullYear() + years);
  return new Date(j.getTime() - JST);
}

/** The calendar date of t in Japan as the app writes it: 2021年9月21日. */
export function jpDate(t: Date): string {
  const j = new Date(t.getTime() + JST);
  return `${j.getUTCFullYear()}年${j.getUTCMonth() + 1}月${j.getUTCDate()}日`;
}

/** 「2021年11月30日」 → the first instant of that day in Japan. */
export function parseJpDate(s: string): Date {
  const m = /^\s*(\d{4})年(\d{1,2})月(\d{1,2})日\s*$/.exec(s);
  if (!m) throw new Error(`not a date like 2021年9月21日: ${JSON.stringify(s)}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - JST);
}

/**
 * Rule 1: registering on D makes the status 有効 until the last day of the
 * month after next (登録日 2021-09-21 → 有効期限 2021-11-30).
 */
export function initialValidUntil(registered: Date): Date {
  const j = new Date(registered.getTime() + JST);
  return new Date(Date.UTC(j.getUTCFullYear(), j.getUTCMonth() + 3, 0) - JST);
}

// ---------------------------------------------------------------------------
// The counter staff's command line.

const execFileAsync = promisify(execFile);

/** True when the suite started the server itself and knows its data directory. */
export function staffCommandAvailable(): boolean {
  return !!process.env.E2E_DATA_DIR;
}

/**
 * `go run ./server staff registration-type EMAIL TYPE`, the counter staff's
 * command, on the data directory of the running server.
 */
export async function staffSetRegistrationType(email: string, type: 'counter' | 'online'): Promise<string> {
  const dataDir = process.env.E2E_DATA_DIR;
  if (!dataDir) throw new Error('E2E_DATA_DIR is not set: the suite did not start the server');
  try {
    const { stdout } = await execFileAsync('go', ['run', './server', 'staff', 'registration-type', email, type], {
      cwd: path.resolve(__dirname, '../..'),
      env: { ...process.env, MYPAGE_DATA_DIR: dataDir },
      timeout: 120_000,
    });
    return stdout.trim();
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`staff registration-type ${email} ${type} failed: ${err.message}\n${err.stdout ?? ''}${err.stderr ?? ''}`);
  }
}

// ---------------------------------------------------------------------------
// Screens.

/**
 * Opens 求職者マイページ開設 from the top page and opens a My Page, through
 * the confirmation mail (read from Mailpit); ends on the home.
 */
export async function registerSeeker(page: Page, who: Account, testInfo: TestInfo): Promise<void> {
  if (new URL(page.url(), 'http://x').pathname !== '/register') {
    await page.goto('/');
    await press(page.getByRole('region', { name: '仕事をお探しの方' }).getByRole('link', { name: '求職者マイページ開設' }), testInfo);
  }
  await expect(page).toHaveURL((u) => u.pathname === '/register');
  await expect(page.getByRole('heading', { level: 1, name: '求職者マイページ開設' })).toBeVisible();
  await expectNoAxeViolations(page, '求職者マイページ開設');
  await field(page, 'メールアドレス').fill(who.email);
  await field(page, 'パスワード').fill(who.password);
  await field(page, '氏名').fill(who.name);
  await field(page, '生年月日').fill('1988-06-01');
  await page.getByRole('checkbox', { name: /利用規約に同意する/ }).check();
  const seen = await mailIDs(who.email);
  await press(page.getByRole('button', { name: '開設する' }), testInfo);
  await confirmRegistration(page, who.email, testInfo, seen);
  await expect(page.getByRole('status').filter({ hasText: '求職者マイページを開設しました。' })).toBeVisible();
  await expectHome(page, who.name);
  await expectNoAxeViolations(page, 'ホーム (開設)');
}

/**
 * An item of the global menu: on a PC the menu under the header, on a
 * smartphone 「メニュー」 first. Waits for the screen's heading.
 */
export async function viaMenu(page: Page, name: string, testInfo: TestInfo, heading = name): Promise<void> {
  const nav = isSmartphone(testInfo)
    ? await openSpMenu(page, testInfo)
    : page.getByRole('navigation', { name: 'グローバルメニュー' });
  // A full page load, possibly of a page with the same heading as this one.
  const loaded = page.waitForEvent('load');
  await press(nav.getByRole('link', { name, exact: true }), testInfo);
  await loaded;
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
}

/**
 * The accessible name of the 「応募取消」 button of a row of 応募中: the
 * visible 「応募取消」 and, visually hidden, 「：<職種>」 (Chromium puts a space
 * between the two, as the hidden part is positioned out of the flow).
 */
export function cancelName(jobTitle: string): RegExp {
  return new RegExp(`^応募取消\\s*：${escapeRegExp(jobTitle)}$`);
}

/** The 各種設定 panel. */
export function accountPanel(page: Page): Locator {
  return page.getByRole('region', { name: '各種設定' });
}

/**
 * The manual's ①–③: グローバルメニュー 「求職者情報・設定」, then the tab
 * 「各種設定」 (swapped in place). axe after the navigation and the swap.
 */
export async function openAccountSettings(page: Page, testInfo: TestInfo): Promise<Locator> {
  await viaMenu(page, '求職者情報・設定', testInfo);
  await expectNoAxeViolations(page, '求職者情報・設定');
  const tabs = page.getByRole('navigation', { name: '求職者情報・設定の項目' });
  await press(tabs.getByRole('link', { name: '各種設定' }), testInfo);
  await expect(page).toHaveURL((u) => u.pathname === '/mypage/settings/account');
  const panel = accountPanel(page);
  await expect(panel.getByRole('heading', { level: 2, name: '各種設定' })).toBeVisible();
  await expectNoAxeViolations(page, '各種設定');
  return panel;
}

/** The manual's notes on 各種設定 about the 30 and the 31 days. */
export const withdrawalNotes = [
  'マイページを退会すると、マイページにログインできなくなります。',
  'マイページ退会後30日以内であれば、ログイン画面（「アカウント再登録」ボタン）から利用していたログインアカウント（メールアドレスとパスワード）を入力することで、マイページの利用を再開できます。',
  'マイページ退会後31日以上経過している場合、ハローワークの窓口を利用している方は、最寄りのハローワークまでお越しください。',
  'ハローワークの窓口を利用していない方（オンライン登録者）は、ハローワークにお越しいただくと、以前登録していた求職情報を活用してマイページの開設手続きを行うことができます。ハローワークにお越しにならない場合は、改めてアカウント（メールアドレスとパスワード）と求職情報を登録し直してください。',
];

export interface Withdrawal {
  /** The clock just before 「完了」 and once 退会完了 showed: the withdrawal is in between. */
  before: Date;
  after: Date;
  /** 有効期限 as 各種設定 showed it just before. */
  validUntil: Date;
}

/**
 * The manual's 9.2 ③–⑤ from 各種設定: 「マイページを退会」 → 求職者マイページ退会確認
 * → 「完了」 → 求職者マイページ退会完了, axe on each.
 */
export async function withdrawFromAccountTab(page: Page, testInfo: TestInfo): Promise<Withdrawal> {
  const panel = await openAccountSettings(page, testInfo);
  const validUntil = parseJpDate((await definition(panel, '有効期限').textContent()) ?? '');
  await expect(panel.getByRole('button', { name: 'マイページを退会' })).toHaveCount(0);
  await press(panel.getByRole('link', { name: 'マイページを退会' }), testInfo);

  await expect(page).toHaveURL((u) => u.pathname === '/mypage/withdraw');
  await expect(page.getByRole('heading', { level: 1, name: '求職者マイページ退会確認' })).toBeVisible();
  const main = page.getByRole('main');
  await expect(main.getByText('マイページを退会すると、マイページにログインできなくなります。')).toBeVisible();
  await expect(main.getByRole('link', { name: '戻る' })).toHaveAttribute('href', '/mypage/settings/account');
  await expectNoAxeViolations(page, '求職者マイページ退会確認');

  const clock = await clockOf(page);
  const before = await clock.now();
  await press(main.getByRole('button', { name: '完了' }), testInfo);
  await expectWithdrawnPage(page);
  const after = await clock.now();
  return { before, after, validUntil };
}

/** 求職者マイページ退会完了, signed out, with the manual's notes. */
export async function expectWithdrawnPage(page: Page): Promise<void> {
  await expect(page).toHaveURL((u) => u.pathname === '/withdrawn');
  await expect(page.getByRole('heading', { level: 1, name: '求職者マイページ退会完了' })).toBeVisible();
  const main = page.getByRole('main');
  await expect(main.getByText('求職者マイページの退会手続きを完了しました。')).toBeVisible();
  await expect(main.getByRole('heading', { level: 2, name: '〈留意点〉' })).toBeVisible();
  await expect(main.getByRole('listitem')).toHaveText([
    '求職状態が「無効」になってから5年経過すると、マイページ上のすべてのデータが自動消滅されます。',
    'マイページ退会後30日以内であれば、ログイン画面（「アカウント再登録」ボタン）から利用していたログインアカウント（メールアドレスとパスワード）を入力することで、マイページの利用を再開できます。',
    'マイページ退会後31日以上経過している場合、再度マイページを利用するには、新たにマイページ開設の手続きを行っていただく必要があります。',
  ]);
  await expect(main.getByRole('link', { name: 'トップへ戻る' })).toHaveAttribute('href', '/');
  // Signed out: the public header, no ログアウト anywhere.
  await expect(page.getByRole('button', { name: 'ログアウト', includeHidden: true })).toHaveCount(0);
  await expect(page.getByRole('banner').getByRole('link', { name: 'ログイン' })).toBeVisible();
  await expectNoAxeViolations(page, '求職者マイページ退会完了');
}

/**
 * アカウント再登録: fills e-mail and password and presses 「再登録する」; returns
 * the status of the answer once its page has loaded.
 */
export async function submitReregistration(page: Page, who: Account, testInfo: TestInfo): Promise<number> {
  await expect(page).toHaveURL((u) => u.pathname === '/reregister');
  await expect(page.getByRole('heading', { level: 1, name: 'アカウント再登録' })).toBeVisible();
  await field(page, 'メールアドレス').fill(who.email);
  await field(page, 'パスワード').fill(who.password);
  const res = page.waitForResponse((r) => new URL(r.url()).pathname === '/reregister' && r.request().method() === 'POST');
  const loaded = page.waitForEvent('domcontentloaded');
  await press(page.getByRole('main').getByRole('button', { name: '再登録する' }), testInfo);
  const status = (await res).status();
  await loaded;
  return status;
}

/** Signs in through the login page and returns the status of the answer to the POST. */
export async function loginStatus(page: Page, who: Account, testInfo: TestInfo): Promise<number> {
  await expect(page.getByRole('heading', { level: 1, name: 'ログイン' })).toBeVisible();
  await field(page, 'メールアドレス').fill(who.email);
  await field(page, 'パスワード').fill(who.password);
  const res = page.waitForResponse((r) => new URL(r.url()).pathname === '/login' && r.request().method() === 'POST');
  const loaded = page.waitForEvent('domcontentloaded');
  await press(page.getByRole('main').getByRole('button', { name: 'ログイン', exact: true }), testInfo);
  const status = (await res).status();
  await loaded;
  return status;
}
