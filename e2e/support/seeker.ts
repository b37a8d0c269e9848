import { expect, type APIRequestContext, type Page, type TestInfo } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { confirmRegistration, linkIn, mailIDs, waitForMail } from './mail';
import { expectHome, field, press } from './ui';

/**
 * Seekers of a test's own. The `seeker` fixture (support/fixtures.ts)
 * registers one through the product's own HTTP path — POST /register, the
 * 仮登録 mail read from Mailpit, its link, POST /register/confirm — on the
 * test's clock; registerSeeker does the same through the screens, for the
 * journeys that are about it.
 */

export interface Account {
  email: string;
  password: string;
  name: string;
}

/** A seeker the suite registered: an account and the office it chose. */
export interface Seeker extends Account {
  office: string;
}

/** The office the fixture's seekers choose, as the demo seeker 明日 勇気 did. */
export const defaultOffice = '飯田橋公共職業安定所';

/**
 * Opens a My Page over HTTP, as the registration form and the mail's link
 * do: ends signed in on request (its cookie jar holds the session). The
 * request context carries the test's clock cookie, so the seeker is
 * attached to that clock.
 */
export async function registerOverHTTP(request: APIRequestContext, who: Account, office = defaultOffice): Promise<Seeker> {
  const form = await request.get('/register');
  expect(form.status(), 'GET /register').toBe(200);
  const html = await form.text();
  const option = new RegExp(`<option value="([^"]+)"[^>]*>${office}（`).exec(html);
  expect(option, `the office ${office} on /register`).toBeTruthy();

  const seen = await mailIDs(who.email);
  const res = await request.post('/register', {
    form: { email: who.email, password: who.password, name: who.name, birthdate: '1988-06-01', office: option![1], agree: 'on' },
    maxRedirects: 0,
  });
  expect(res.status(), `POST /register ${who.email}: ${res.status() === 303 ? '' : await res.text()}`).toBe(303);
  expect(res.headers()['location']).toBe('/register/sent');

  const mail = await waitForMail(who.email, /仮登録/, { notIn: seen });
  const link = new URL(linkIn(mail, '/register/confirm'));
  const confirm = await request.get(link.pathname + link.search);
  expect(confirm.status(), 'the 仮登録 link').toBe(200);
  const token = /name="token" value="([^"]+)"/.exec(await confirm.text());
  expect(token, 'the token of 求職者マイページ開設の確認').toBeTruthy();
  const opened = await request.post('/register/confirm', { form: { token: token![1] }, maxRedirects: 0 });
  expect(opened.status(), 'POST /register/confirm').toBe(303);
  expect(opened.headers()['location']).toBe('/mypage');
  return { ...who, office };
}

/**
 * 「応募する」 of a job detail, over HTTP (POST /jobs/{id}/apply) with the
 * signed-in request of a page or a fixture: the seeker applies to the job,
 * as the demo seeker had applied to 介護福祉士.
 */
export async function applyTo(request: APIRequestContext, jobID: string): Promise<void> {
  const res = await request.post(`/jobs/${jobID}/apply`, { maxRedirects: 0 });
  expect(res.status(), `POST /jobs/${jobID}/apply: ${res.status() === 303 ? '' : await res.text()}`).toBe(303);
  expect(res.headers()['location']).toBe('/mypage/activity?applied=1');
}

/**
 * Opens 求職者マイページ開設 from the top page and opens a My Page, through
 * the confirmation mail (read from Mailpit); ends on the home. axe on each
 * page.
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
