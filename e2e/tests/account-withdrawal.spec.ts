import { type Page, type TestInfo } from '@playwright/test';
import { expect, slow, test } from '../support/fixtures';
import { expectNoAxeViolations } from '../support/axe';
import { TestClock, clockOf } from '../support/clock';
import { addYears, initialValidUntil, jpDate, jstAt, jstDay } from '../support/dates';
import { ActivityPage, AccountSettingsPage, cancelName, LoginPage, MyPage, WithdrawPage, withdrawalNotes, type Withdrawal } from '../support/pages';
import { registerSeeker, type Account } from '../support/seeker';
import { staffSetRegistrationType } from '../support/staff';
import { submitReregistration } from '../support/reregister';
import { mailIDs, waitForMail } from '../support/mail';
import { uniqueEmail } from '../support/seekers';
import { definition, expectHome, expectTopPage, field, newContextLike, press } from '../support/ui';

// 9.2 マイページを退会する場合, and rules 2, 3 and 5 of server/domain/doc.go: 退会 is refused
// while a self-application is 応募中; it ends every session; up to the 30th
// day after the withdrawal day (Japan time) the old login restores the
// account; from the 31st day the manual's guidance by registration type and
// the same e-mail may open a new My Page; 5 years after the status became
// 無効 the retention sweep deletes every document of the old record.
//
// The steps depend on each other: serial, on one test clock of the
// journey's own (each project makes its own), the time jumps last.

const job = { id: '13060-29031741', title: 'プログラマー', company: '株式会社 西新宿ソフトウェア' } as const;

const msgApplying = '自主応募中の求人があるため、マイページを退会できません。';
const msgRefusedPost =
  '自主応募中の求人があるため、退会できません。「求職活動状況」で応募を取り消すか、選考の終了をお待ちください。';
const msgWithdrawnLogin =
  'このアカウントは求職者マイページを退会しているため、ログインできません。退会後30日以内であれば、「アカウント再登録」から以前のメールアドレスとパスワードで利用を再開できます。';
const msgRestored = 'アカウントを再登録しました。求職者マイページの利用を再開できます。';
const guidanceRefused = 'マイページ退会後31日以上経過しているため、アカウント再登録はできません。';
const guidanceCounter = 'ハローワークの窓口を利用している方（利用登録者）は、最寄りのハローワークまでお越しください。';
const guidanceOnline = [
  'ハローワークの窓口を利用していない方（オンライン登録者）は、ハローワークにお越しいただくと、以前登録していた求職情報を活用してマイページの開設手続きを行うことができます。',
  'ハローワークにお越しにならない場合は、改めてアカウント（メールアドレスとパスワード）と求職情報を登録し直してください。',
];

function account(testInfo: TestInfo, what: string, name: string): Account {
  return { email: uniqueEmail(testInfo, what), password: 'Taikai-2026-xyz', name };
}

/** A signed-out visit to My Page: the login page. */
async function expectSignedOut(page: Page) {
  await page.goto('/mypage');
  await expect(page).toHaveURL((u) => u.pathname === '/login');
  await expect(page.getByRole('heading', { level: 1, name: 'ログイン' })).toBeVisible();
}

/** The login page refuses a withdrawn account with 403 and points to アカウント再登録. */
async function expectWithdrawnLoginRefused(page: Page, who: Account, testInfo: TestInfo) {
  await page.goto('/login');
  await expectNoAxeViolations(page, 'ログイン');
  expect(await new LoginPage(page, testInfo).submitStatus(who)).toBe(403);
  await expect(page.getByRole('heading', { level: 1, name: '退会済みのアカウントです' })).toBeVisible();
  await expect(page.getByRole('main')).toContainText(msgWithdrawnLogin);
  await expect(page.getByRole('main').getByRole('link', { name: 'アカウント再登録へ' })).toHaveAttribute('href', '/reregister');
  await expect(page.getByRole('button', { name: 'ログアウト', includeHidden: true })).toHaveCount(0);
  await expectNoAxeViolations(page, '退会済みのアカウントです');
}

test.describe('マイページの退会とアカウント再登録', () => {
  test.describe.configure({ mode: 'serial', timeout: 180_000 * slow });

  // One online registrant (オンライン登録者) goes through the whole journey; a
  // second account, made a 利用登録者 by the counter staff (the test-mode API), shows
  // the counter guidance.
  let online: Account;
  let counter: Account;
  let first: Withdrawal;
  let second: Withdrawal;
  let clockID: string;

  test.beforeAll(async ({ playwright }, testInfo) => {
    online = account(testInfo, 'withdraw-online', '退会 一郎');
    counter = account(testInfo, 'withdraw-counter', '窓口 二郎');
    const request = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL });
    clockID = (await TestClock.create(request)).id;
    await request.dispose();
  });

  // Every browser of the journey runs on its clock: the seekers it
  // registers are attached to it.
  test.beforeEach(async ({ context, page }, testInfo) => {
    await TestClock.of(page.request, clockID).attach(context, testInfo.project.use.baseURL as string);
  });

  test('退会 is refused while applying; after 応募取消 the seeker withdraws and every session ends', async ({
    page,
    context,
    browser,
  }, testInfo) => {
    await test.step('open a My Page (オンライン登録者)', async () => {
      await registerSeeker(page, online, testInfo);
    });

    // A second browser signed in to the same account, and a 退会確認 page
    // opened before the application (a stale 「完了」).
    const other = await newContextLike(browser, testInfo, {});
    const otherPage = await other.newPage();
    const stale = await context.newPage();
    await test.step('another browser signs in; 退会確認 is opened in another tab', async () => {
      await new LoginPage(otherPage, testInfo).signIn(online);
      await expectHome(otherPage, online.name);
      await stale.goto('/mypage/withdraw');
      await expect(stale.getByRole('heading', { level: 1, name: '求職者マイページ退会確認' })).toBeVisible();
      await expect(stale.getByRole('button', { name: '完了' })).toBeVisible();
      await expectNoAxeViolations(stale, '求職者マイページ退会確認 (not applying)');
    });

    await test.step('「応募する」 on the job detail: 応募中 in 求職活動状況', async () => {
      await page.goto(`/jobs/${job.id}`);
      await expect(page.getByRole('heading', { level: 1, name: job.title })).toBeVisible();
      await expectNoAxeViolations(page, '求人詳細');
      await press(page.getByRole('region', { name: 'オンライン自主応募' }).getByRole('button', { name: '応募する' }), testInfo);
      await expect(page).toHaveURL((u) => u.pathname === '/mypage/activity' && u.searchParams.get('applied') === '1');
      await expect(page.getByRole('status')).toHaveText('応募しました。応募の状況はこの画面でご確認いただけます。');
      const row = new ActivityPage(page, testInfo).inProgress.getByRole('row', { name: new RegExp(job.title) });
      await expect(row.getByRole('cell')).toContainText([job.company, job.id, '応募中']);
      await expectNoAxeViolations(page, '求職活動状況 (応募しました)');
    });

    await test.step('各種設定: 「マイページを退会」 is disabled and says why', async () => {
      const panel = await new AccountSettingsPage(page, testInfo).open();
      await expect(definition(panel, '求職状態')).toHaveText('有効');
      await expect(definition(panel, '登録区分')).toHaveText('オンライン登録者');
      await expect(panel.getByRole('listitem')).toHaveText(withdrawalNotes);
      const button = panel.getByRole('button', { name: 'マイページを退会' });
      await expect(button).toBeDisabled();
      await expect(button).toHaveAccessibleDescription(msgApplying);
      await expect(panel.getByText(msgApplying)).toBeVisible();
      await expect(panel.getByRole('link', { name: 'マイページを退会' })).toHaveCount(0);
    });

    await test.step('退会確認 says the same and offers no 「完了」', async () => {
      await page.goto('/mypage/withdraw');
      await expect(page.getByRole('heading', { level: 1, name: '求職者マイページ退会確認' })).toBeVisible();
      await expect(page.getByRole('alert')).toHaveText(
        '自主応募中の求人があるため、退会できません。「求職活動状況」で応募を取り消すか、選考の終了をお待ちください。',
      );
      await expect(page.getByRole('button', { name: '完了' })).toHaveCount(0);
      await expect(page.getByRole('main').getByRole('link', { name: '求職活動状況へ' })).toHaveAttribute('href', '/mypage/activity');
      await expectNoAxeViolations(page, '求職者マイページ退会確認 (applying)');
    });

    await test.step('the stale 「完了」 is refused by the server too', async () => {
      const res = stale.waitForResponse((r) => new URL(r.url()).pathname === '/mypage/withdraw' && r.request().method() === 'POST');
      await press(stale.getByRole('button', { name: '完了' }), testInfo);
      expect((await res).status()).toBe(409);
      await expect(stale.getByRole('heading', { level: 1, name: '退会できません' })).toBeVisible();
      await expect(stale.getByRole('main')).toContainText(msgRefusedPost);
      await expect(stale.getByRole('main').getByRole('link', { name: '求職活動状況へ' })).toBeVisible();
      await expectNoAxeViolations(stale, '退会できません');
      // Still signed in, in both browsers.
      await otherPage.reload();
      await expectHome(otherPage, online.name);
      await stale.close();
    });

    await test.step('応募取消: the application moves to 選考終了', async () => {
      await new MyPage(page, testInfo).via('求職活動状況');
      await expectNoAxeViolations(page, '求職活動状況');
      const inProgress = new ActivityPage(page, testInfo).inProgress;
      await press(inProgress.getByRole('button', { name: cancelName(job.title) }), testInfo);
      await expect(page).toHaveURL((u) => u.pathname === '/mypage/activity' && u.searchParams.get('cancelled') === '1');
      await expect(page.getByRole('status')).toHaveText('応募を取り消しました。');
      await expect(new ActivityPage(page, testInfo).inProgress).toContainText('応募中の求人はありません。');
      const closed = new ActivityPage(page, testInfo).closed.getByRole('row', { name: new RegExp(job.title) });
      await expect(closed.getByRole('cell')).toContainText([job.company, job.id, '応募取消']);
      await expectNoAxeViolations(page, '求職活動状況 (応募取消)');
    });

    const sessionCookie = (await context.cookies()).find((c) => c.name === 'mypage_session');
    expect(sessionCookie, 'the session cookie').toBeTruthy();

    await test.step('各種設定 → 「マイページを退会」 → 退会確認 → 「完了」 → 退会完了', async () => {
      first = await new WithdrawPage(page, testInfo).fromAccountTab();
    });

    await test.step('「トップへ戻る」', async () => {
      await press(page.getByRole('main').getByRole('link', { name: 'トップへ戻る' }), testInfo);
      await expectTopPage(page);
      await expectNoAxeViolations(page, 'トップ (退会後)');
    });

    await test.step('every session of the account has ended', async () => {
      await expectSignedOut(page);
      // The old cookie, replayed, names no session any more.
      await context.addCookies([sessionCookie!]);
      await expectSignedOut(page);
      await expectNoAxeViolations(page, 'ログイン (old cookie)');
      // The other browser is signed out as well.
      await otherPage.goto('/mypage/settings/account');
      await expect(otherPage).toHaveURL((u) => u.pathname === '/login');
      await expectNoAxeViolations(otherPage, 'ログイン (other browser)');
      await other.close();
    });
  });

  test('a withdrawn account cannot sign in; the refusal leads to アカウント再登録', async ({ page }, testInfo) => {
    await expectWithdrawnLoginRefused(page, online, testInfo);
    await press(page.getByRole('main').getByRole('link', { name: 'アカウント再登録へ' }), testInfo);
    await expect(page).toHaveURL((u) => u.pathname === '/reregister');
    await expect(page.getByRole('heading', { level: 1, name: 'アカウント再登録' })).toBeVisible();
    await expectNoAxeViolations(page, 'アカウント再登録');
  });

  test('a 利用登録者 (registration type set by the counter staff) withdraws', async ({ page }, testInfo) => {
    await registerSeeker(page, counter, testInfo);
    const out = await staffSetRegistrationType(page.request, counter.email, 'counter');
    expect(out).toEqual({ email: counter.email, name: counter.name, type: 'counter' });
    const panel = await new AccountSettingsPage(page, testInfo).open();
    await expect(definition(panel, '登録区分')).toHaveText('利用登録者（ハローワークの窓口を利用）');
    await new WithdrawPage(page, testInfo).fromAccountTab();
    await expectWithdrawnLoginRefused(page, counter, testInfo);
  });

  test('on the 30th day after the withdrawal day the old login restores the account; withdraw again', async ({
    page,
  }, testInfo) => {
    // Late on the 30th day after the withdrawal day, in Japan. The day is
    // taken from the clock just before 「完了」: should the withdrawal have
    // fallen on the next day, this is still within the 30 days.
    const day30 = jstAt(jstDay(first.before), 30, 23, 40);
    await (await clockOf(page)).moveTo(day30);

    await test.step('the e-mail is not yet free for a new My Page: the same answer, and a mail that says so', async () => {
      const seen = await mailIDs(online.email);
      await page.goto('/register');
      await expectNoAxeViolations(page, '求職者マイページ開設');
      await field(page, 'メールアドレス').fill(online.email);
      await field(page, 'パスワード').fill('Another-2026-pass');
      await field(page, '氏名').fill('別人 五郎');
      await field(page, '生年月日').fill('1995-02-03');
      await page.getByRole('checkbox', { name: /利用規約に同意する/ }).check();
      const res = page.waitForResponse((r) => new URL(r.url()).pathname === '/register' && r.request().method() === 'POST');
      const loaded = page.waitForEvent('domcontentloaded');
      await press(page.getByRole('button', { name: '開設する' }), testInfo);
      expect((await res).status()).toBe(303);
      await loaded;
      await expect(page).toHaveURL((u) => u.pathname === '/register/sent');
      await expect(page.getByRole('heading', { level: 1, name: '確認メールを送信しました' })).toBeVisible();
      await expectNoAxeViolations(page, '確認メールを送信しました (30日目, 登録済み)');
      const mail = await waitForMail(online.email, /求職者マイページ開設のお申し込みについて/, { notIn: seen });
      expect(mail.Text).toContain('既に開設されています');
      expect(mail.Text).toContain('アカウント再登録');
      expect(mail.Text).not.toContain('token=');
    });

    await test.step('ログイン → 「アカウント再登録」 → 「再登録する」: restored and signed in', async () => {
      await page.goto('/login');
      await expectNoAxeViolations(page, 'ログイン');
      await press(page.getByRole('main').getByRole('link', { name: 'アカウント再登録' }), testInfo);
      await expect(page).toHaveURL((u) => u.pathname === '/reregister');
      await expect(page.getByRole('heading', { level: 1, name: 'アカウント再登録' })).toBeVisible();
      await expectNoAxeViolations(page, 'アカウント再登録');
      expect(await submitReregistration(page, online, testInfo)).toBe(303);
      await expect(page).toHaveURL((u) => u.pathname === '/mypage' && u.search === '');
      await expect(page.getByRole('status')).toHaveText(msgRestored);
      await expectHome(page, online.name);
      await expectNoAxeViolations(page, 'ホーム (再登録)');
      expect(jstDay(await (await clockOf(page)).now()).getTime(), 'still the 30th day').toBe(jstDay(day30).getTime());
    });

    await test.step('the restored account keeps its data', async () => {
      await new MyPage(page, testInfo).via('求職活動状況');
      const closed = new ActivityPage(page, testInfo).closed.getByRole('row', { name: new RegExp(job.title) });
      await expect(closed.getByRole('cell')).toContainText([job.company, job.id, '応募取消']);
      await expectNoAxeViolations(page, '求職活動状況 (再登録後)');
    });

    await test.step('withdraw again', async () => {
      second = await new WithdrawPage(page, testInfo).fromAccountTab();
      await expectWithdrawnLoginRefused(page, online, testInfo);
    });
  });

  test('from the 31st day アカウント再登録 is refused with the guidance for an オンライン登録者', async ({ page }, testInfo) => {
    // Just after midnight of the 31st day after the second withdrawal day
    // (taken from the clock once 退会完了 showed: never earlier).
    await (await clockOf(page)).moveTo(jstAt(jstDay(second.after), 31, 0, 0, 30));
    await page.goto('/reregister');
    await expectNoAxeViolations(page, 'アカウント再登録');
    expect(await submitReregistration(page, online, testInfo)).toBe(403);
    const alert = page.getByRole('alert');
    await expect(alert).toHaveCount(1);
    await expect(alert.getByRole('paragraph')).toHaveText([guidanceRefused, ...guidanceOnline]);
    await expect(page.getByRole('main').getByRole('link', { name: '求職者マイページ開設' })).toHaveAttribute('href', '/register');
    await expectNoAxeViolations(page, 'アカウント再登録 (31日目, オンライン登録者)');
  });

  test('from the 31st day a 利用登録者 is told to come to the nearest HelloWork', async ({ page }, testInfo) => {
    await page.goto('/reregister');
    await expectNoAxeViolations(page, 'アカウント再登録');
    expect(await submitReregistration(page, counter, testInfo)).toBe(403);
    const alert = page.getByRole('alert');
    await expect(alert).toHaveCount(1);
    await expect(alert.getByRole('paragraph')).toHaveText([guidanceRefused, guidanceCounter]);
    await expect(page.getByRole('main').getByRole('link', { name: '求職者マイページ開設' })).toHaveCount(0);
    await expectNoAxeViolations(page, 'アカウント再登録 (31日目, 利用登録者)');
  });

  test('from the 31st day the same e-mail opens a new My Page', async ({ page }, testInfo) => {
    await page.goto('/reregister');
    expect(await submitReregistration(page, online, testInfo)).toBe(403);
    await press(page.getByRole('main').getByRole('link', { name: '求職者マイページ開設' }), testInfo);
    await expect(page).toHaveURL((u) => u.pathname === '/register');
    const registered = await (await clockOf(page)).now();
    await registerSeeker(page, online, testInfo);

    const panel = await new AccountSettingsPage(page, testInfo).open();
    await expect(definition(panel, '求職状態')).toHaveText('有効');
    await expect(definition(panel, '有効期限')).toHaveText(jpDate(initialValidUntil(registered)));
    await expect(definition(panel, '登録区分')).toHaveText('オンライン登録者');
    await expect(panel.getByRole('link', { name: 'マイページを退会' })).toBeVisible();

    // A new record: nothing of the old one shows.
    await new MyPage(page, testInfo).via('求職活動状況');
    await expect(new ActivityPage(page, testInfo).inProgress).toContainText('応募中の求人はありません。');
    await expect(new ActivityPage(page, testInfo).closed).toContainText('該当する応募はありません。');
    await expectNoAxeViolations(page, '求職活動状況 (新しいマイページ)');
  });

  test('5 years after the old record became 無効 the sweep deletes all of it and nothing of the new one', async ({
    page,
  }, testInfo) => {
    // Withdrawal does not change 求職状態: the old record became 無効 when
    // its validity ended (the day after its last day), not at the
    // withdrawal. The sweep is due 5 years after that.
    const expiry = jstAt(jstDay(second.validUntil), 1);

    await test.step('a minute before: the old record is kept', async () => {
      await (await clockOf(page)).moveTo(new Date(addYears(expiry, 5).getTime() - 60_000));
      // Nothing of this journey's clock is due yet.
      const r = await (await clockOf(page)).sweep();
      expect(r.Seekers, 'nothing due a minute before').toEqual([]);
    });

    await test.step('5 years after: the sweep deletes exactly the old records, every document of them', async () => {
      // The 利用登録者 of this journey registered the same day on the same
      // clock, and withdrawal did not change its status either: it is due
      // the same minute. The new My Page of the same e-mail is not.
      await (await clockOf(page)).moveTo(new Date(addYears(expiry, 5).getTime() + 1_000));
      const r = await (await clockOf(page)).sweep();
      expect(r.Seekers, 'the old record (and the 利用登録者) deleted').toHaveLength(2);
      expect(r.Deleted).toEqual({
        Seekers: 2,
        // The old record's login was released when the e-mail opened the
        // new My Page; the 利用登録者's was not.
        Logins: 1,
        // Every session ended at the withdrawals.
        Sessions: 0,
        Applications: 1,
        Messages: 0,
        Links: 0,
        // Their ログイン履歴 goes with them.
        LoginHistory: 2,
      });
      const again = await (await clockOf(page)).sweep();
      expect(again.Seekers, 'a second sweep finds nothing more').toEqual([]);
    });

    await test.step('the new My Page of the same e-mail still signs in', async () => {
      await new LoginPage(page, testInfo).signIn(online);
      await expectHome(page, online.name);
      await expectNoAxeViolations(page, 'ホーム (5年後)');
      await new MyPage(page, testInfo).via('求職活動状況');
      await expect(new ActivityPage(page, testInfo).closed).toContainText('該当する応募はありません。');
      await expectNoAxeViolations(page, '求職活動状況 (5年後)');
      const panel = await new AccountSettingsPage(page, testInfo).open();
      await expect(definition(new AccountSettingsPage(page, testInfo).panel, '登録区分')).toHaveText('オンライン登録者');
      await expect(panel).toBeVisible();
    });
  });
});
