import { devices, type Browser, type BrowserContext, type Locator, type Page, type TestInfo } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { expectNoAxeViolations } from '../support/axe';
import { AccountSettingsPage, LoginPage } from '../support/pages';
import { registerSeeker, type Account } from '../support/seeker';
import { uniqueEmail } from '../support/seekers';
import { expectHome, isSmartphone, newContextLike } from '../support/ui';

// ログイン中の端末 and ログイン履歴: a seeker signed in on a PC and on a
// smartphone ends the smartphone's session from the PC; the smartphone's next
// tap lands on the login page, which says why. Each project plays its own
// device; the other device is a second browser context.

type Kind = 'pc' | 'smartphone';

interface Device {
  kind: Kind;
  page: Page;
  /** Taps on a smartphone and clicks on a PC, as a person would. */
  press: (target: Locator) => Promise<void>;
}

const label: Record<Kind, string> = { pc: 'Windows の Chrome', smartphone: 'iPhone の Safari' };

function device(kind: Kind, page: Page): Device {
  return { kind, page, press: (t) => (kind === 'smartphone' ? t.tap() : t.click()) };
}

/** A browser context of the other kind than the project's. */
async function otherContext(browser: Browser, testInfo: TestInfo, kind: Kind): Promise<BrowserContext> {
  const u = testInfo.project.use;
  const d = kind === 'smartphone' ? devices['iPhone 13'] : devices['Desktop Chrome'];
  return browser.newContext({
    baseURL: u.baseURL,
    locale: u.locale,
    timezoneId: u.timezoneId,
    userAgent: d.userAgent,
    viewport: kind === 'pc' ? { width: 1280, height: 800 } : d.viewport,
    deviceScaleFactor: d.deviceScaleFactor,
    isMobile: d.isMobile,
    hasTouch: d.hasTouch,
  });
}

function account(testInfo: TestInfo): Account {
  return { email: uniqueEmail(testInfo, 'sessions'), password: 'Sessions-e2e-2026', name: '端末 確認' };
}

/** Signs in on the login page, pressing as the device does. */
async function signInOn(d: Device, who: Account): Promise<void> {
  await d.page.goto('/login');
  await expect(d.page.getByRole('heading', { level: 1, name: 'ログイン' })).toBeVisible();
  await d.page.getByLabel(/^\s*メールアドレス/).fill(who.email);
  await d.page.getByLabel(/^\s*パスワード/).fill(who.password);
  await d.press(d.page.getByRole('main').getByRole('button', { name: 'ログイン', exact: true }));
  await d.page.waitForURL((u) => u.pathname !== '/login');
}

/** The section of one signed-in device on ログイン中の端末. */
function sessionOf(page: Page, kind: Kind): Locator {
  return page.getByRole('region', { name: new RegExp(`^${label[kind]}`) });
}

async function expectSessionsScreen(page: Page): Promise<void> {
  await expect(page).toHaveURL((u) => u.pathname === '/mypage/sessions');
  await expect(page.getByRole('heading', { level: 1, name: 'ログイン中の端末' })).toBeVisible();
}

test.describe('ログイン中の端末', () => {
  test('the PC ends the smartphone; the smartphone’s next tap lands on ログイン with the notice', async ({
    page,
    browser,
  }, testInfo) => {
    const own: Kind = isSmartphone(testInfo) ? 'smartphone' : 'pc';
    const otherKind: Kind = own === 'pc' ? 'smartphone' : 'pc';
    const other = await otherContext(browser, testInfo, otherKind);
    const devicesByKind = { [own]: device(own, page), [otherKind]: device(otherKind, await other.newPage()) } as Record<Kind, Device>;
    const pc = devicesByKind.pc;
    const phone = devicesByKind.smartphone;
    const who = account(testInfo);

    await test.step('sign in on both: this project’s device opens a My Page, the other signs in', async () => {
      await registerSeeker(page, who, testInfo);
      await signInOn(devicesByKind[otherKind], who);
      await expectHome(devicesByKind[otherKind].page, who.name);
    });

    await test.step('各種設定 → 「ログイン中の端末」 on this project’s device', async () => {
      const panel = await new AccountSettingsPage(page, testInfo).open();
      await devicesByKind[own].press(panel.getByRole('link', { name: 'ログイン中の端末' }));
      await expectSessionsScreen(page);
      const mine = page.getByRole('region', { name: /（この端末）/ });
      await expect(mine).toHaveCount(1);
      await expect(mine.getByRole('heading')).toHaveText(`${label[own]} （この端末）`);
      await expect(sessionOf(page, otherKind)).toBeVisible();
      for (const kind of ['pc', 'smartphone'] as Kind[]) {
        const s = sessionOf(page, kind);
        await expect(s.getByRole('term')).toHaveText(['ログイン方法', 'ログイン日時', '最終利用日時']);
        await expect(s.getByRole('definition').first()).toHaveText('メールアドレス');
        await expect(s.getByRole('definition').nth(1)).toHaveText(/^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/);
      }
      // This browser's own session is ended by the ordinary ログアウト.
      await expect(mine.getByRole('button')).toHaveCount(0);
      await expect(page.getByText('Mozilla/5.0')).toHaveCount(0);
      await expectNoAxeViolations(page, 'ログイン中の端末');
    });

    await test.step('the PC presses 「ログアウトさせる」 on the smartphone', async () => {
      if (own !== 'pc') await pc.page.goto('/mypage/sessions');
      await expectSessionsScreen(pc.page);
      await pc.press(sessionOf(pc.page, 'smartphone').getByRole('button', { name: /^ログアウトさせる/ }));
      await expect(pc.page.getByRole('status')).toHaveText('選択した端末をログアウトさせました。');
      await expect(sessionOf(pc.page, 'smartphone')).toHaveCount(0);
      await expect(sessionOf(pc.page, 'pc')).toBeVisible();
      await expect(pc.page.getByText('この端末のほかにログインしている端末はありません。')).toBeVisible();
      await expectNoAxeViolations(pc.page, 'ログイン中の端末 (ended)');
    });

    // The smartphone is where its last screen left it: the home (signed in
    // there) or ログイン中の端末 (this project looked at it there).
    const onSessions = new URL(phone.page.url()).pathname === '/mypage/sessions';
    const tapped = onSessions ? 'ログイン履歴' : '応募中の求人を全て表示';
    const wanted = onSessions ? '/mypage/sessions/history' : '/mypage/activity';
    await test.step('the smartphone’s next tap lands on ログイン with the notice', async () => {
      await phone.press(phone.page.getByRole('main').getByRole('link', { name: tapped }));
      await expect(phone.page).toHaveURL((u) => u.pathname === '/login' && u.searchParams.get('notice') === 'ended');
      await expect(phone.page.getByRole('status')).toHaveText(
        'この端末は、別の端末の「ログイン中の端末」からログアウトされました。引き続きご利用になる場合は、再度ログインしてください。',
      );
      await expectNoAxeViolations(phone.page, 'ログイン (ended from another device)');
    });

    await test.step('signing in again goes on where the tap wanted to go; ログイン履歴 lists both devices', async () => {
      // A click works on a touch screen too, so the project's way of pressing does.
      await new LoginPage(phone.page, testInfo).submit(who.email, who.password);
      await expect(phone.page).toHaveURL((u) => u.pathname === wanted);
      await phone.page.goto('/mypage/sessions/history');
      await expect(phone.page.getByRole('heading', { level: 1, name: 'ログイン履歴' })).toBeVisible();
      const rows = phone.page.getByRole('table').getByRole('row');
      // Header, the phone twice, the PC once (registering signs in too).
      await expect(rows).toHaveCount(4);
      await expect(rows.nth(1).getByRole('cell')).toHaveText(['成功', 'メールアドレス', label.smartphone]);
      await expect(phone.page.getByRole('cell', { name: label.pc })).toHaveCount(1);
      await expectNoAxeViolations(phone.page, 'ログイン履歴');
    });
    await other.close();
  });

  test('without JavaScript, 「この端末以外をすべてログアウト」 works as plain forms', async ({ page, browser }, testInfo) => {
    const who = account(testInfo);
    await registerSeeker(page, who, testInfo);
    const context = await newContextLike(browser, testInfo, { javaScriptEnabled: false });
    const noJS = { noJavaScriptTwin: browser };
    try {
      const bare = device(isSmartphone(testInfo) ? 'smartphone' : 'pc', await context.newPage());
      await signInOn(bare, who);
      await bare.page.goto('/mypage/sessions');
      await expectSessionsScreen(bare.page);
      await expect(bare.page.getByRole('region')).toHaveCount(2);
      await expectNoAxeViolations(bare.page, 'ログイン中の端末 (no JS)', noJS);

      const req = bare.page.waitForRequest((r) => r.method() === 'POST');
      await bare.press(bare.page.getByRole('button', { name: 'この端末以外をすべてログアウト' }));
      const r = await req;
      expect(r.headers()['hx-request'], 'a plain POST').toBeUndefined();
      await expect(bare.page).toHaveURL((u) => u.pathname === '/mypage/sessions' && u.searchParams.get('ended') === 'others');
      await expect(bare.page.getByRole('status')).toHaveText('この端末以外のすべての端末をログアウトさせました。');
      await expect(bare.page.getByRole('region')).toHaveCount(1);
      await expectNoAxeViolations(bare.page, 'ログイン中の端末 (no JS, ended others)', noJS);

      // The browser that opened the My Page is signed out, and told why.
      await page.reload();
      await expect(page).toHaveURL((u) => u.pathname === '/login' && u.searchParams.get('notice') === 'ended');
      await expect(page.getByRole('status')).toContainText('別の端末の「ログイン中の端末」からログアウトされました。');
    } finally {
      await context.close();
    }
  });
});
