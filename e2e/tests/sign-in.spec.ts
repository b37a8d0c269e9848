import { type Page, type Response, type TestInfo } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { expectNoAxeViolations } from '../support/axe';
import { LoginPage } from '../support/pages';
import { uniqueEmail } from '../support/seekers';
import { expectHome, field } from '../support/ui';

const msgBadCredentials = 'メールアドレスまたはパスワードが正しくありません。';
const msgThrottled =
  'ログインに続けて失敗したため、ログインを一時的に制限しています。しばらく時間をおいてから、もう一度お試しください。';

const signedInPages = [
  { path: '/mypage', heading: '求職者マイページホーム' },
  { path: '/mypage/activity', heading: '求職活動状況' },
  { path: '/mypage/settings', heading: '求職者情報・設定' },
];

/**
 * Submits the login form and returns the answer to the POST once the page it
 * rendered has loaded (each answer is a new page at the same URL).
 */
async function attempt(page: Page, email: string, password: string, testInfo: TestInfo): Promise<Response> {
  const res = page.waitForResponse((r) => new URL(r.url()).pathname === '/login' && r.request().method() === 'POST');
  const loaded = page.waitForEvent('domcontentloaded');
  await new LoginPage(page, testInfo).submit(email, password);
  await loaded;
  return res;
}

test.describe('ログイン', () => {
  // Each test has a seeker of its own, signed out: the journeys are signing in.
  test.use({ signedIn: false });

  test('a signed-out visit to My Page asks for sign-in and comes back to the page', async ({ page, context, seeker }, testInfo) => {
    for (const target of signedInPages) {
      await test.step(target.path, async () => {
        await context.clearCookies();
        await page.goto(target.path);
        await expect(page).toHaveURL((u) => u.pathname === '/login' && u.searchParams.get('next') === target.path);
        await expect(page.getByRole('heading', { level: 1, name: 'ログイン' })).toBeVisible();
        await new LoginPage(page, testInfo).signIn(seeker);
        await expect(page).toHaveURL((u) => u.pathname === target.path && u.search === '');
        await expect(page.getByRole('heading', { level: 1, name: target.heading })).toBeVisible();
        await expectNoAxeViolations(page, target.heading);
      });
    }

    await test.step('an htmx request gets HX-Redirect, not a page', async () => {
      await context.clearCookies();
      const res = await page.request.get('/mypage/settings/account', {
        headers: { 'HX-Request': 'true', 'HX-Request-Type': 'partial' },
        maxRedirects: 0,
      });
      expect(res.headers()['hx-redirect']).toBe('/login');
      expect(res.status()).toBe(204);
    });

    await test.step('next only leads to this site', async () => {
      await context.clearCookies();
      await page.goto('/login?next=' + encodeURIComponent('//evil.example/mypage'));
      await new LoginPage(page, testInfo).signIn(seeker);
      await expectHome(page, seeker.name);
      await expectNoAxeViolations(page, 'ホーム');
    });
  });

  test('wrong password and unknown e-mail get the same answer; repeated failures are throttled', async ({ page, seeker }, testInfo) => {
    await page.goto('/login');
    await expectNoAxeViolations(page, 'ログイン');

    const answers: string[] = [];
    await test.step('wrong password', async () => {
      const res = await attempt(page, seeker.email, 'Wrong-Password-1', testInfo);
      expect(res.status()).toBe(401);
      await expect(page.getByRole('alert')).toHaveText(msgBadCredentials);
      answers.push(`${res.status()} ${await page.getByRole('alert').textContent()}`);
      // The e-mail is kept, the password is not.
      await expect(field(page, 'メールアドレス')).toHaveValue(seeker.email);
      await expect(field(page, 'パスワード')).toHaveValue('');
      await expectNoAxeViolations(page, 'ログイン (wrong password)');
    });

    await test.step('unknown e-mail', async () => {
      const res = await attempt(page, uniqueEmail(testInfo, 'unknown'), seeker.password, testInfo);
      expect(res.status()).toBe(401);
      await expect(page.getByRole('alert')).toHaveText(msgBadCredentials);
      answers.push(`${res.status()} ${await page.getByRole('alert').textContent()}`);
      expect(answers[1], 'no user enumeration').toBe(answers[0]);
      await expectNoAxeViolations(page, 'ログイン (unknown e-mail)');
    });

    await test.step('5 failures, then the 6th attempt is throttled', async () => {
      const email = uniqueEmail(testInfo, 'throttle');
      for (let i = 1; i <= 5; i++) {
        const res = await attempt(page, email, `Wrong-Password-${i}`, testInfo);
        expect(res.status(), `attempt ${i}`).toBe(401);
        await expect(page.getByRole('alert')).toHaveText(msgBadCredentials);
      }
      const res = await attempt(page, email, 'Wrong-Password-6', testInfo);
      expect(res.status()).toBe(429);
      await expect(page.getByRole('alert')).toHaveText(msgThrottled);
      await expectNoAxeViolations(page, 'ログイン (throttled)');
    });

    await test.step('another account still signs in', async () => {
      await new LoginPage(page, testInfo).signIn(seeker);
      await expectHome(page, seeker.name);
      await expectNoAxeViolations(page, 'ホーム (the seeker)');
    });
  });
});
