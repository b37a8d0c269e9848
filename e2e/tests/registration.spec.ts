import { type Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { expectNoAxeViolations } from '../support/axe';
import { confirmRegistration } from '../support/mail';
import { asuYuki, kaigoJob, uniqueEmail } from '../support/seekers';
import { ActivityPage, LoginPage, MyPage } from '../support/pages';
import { definition, expectHome, expectTopPage, field } from '../support/ui';

const password = 'Shiken-2026abc';

async function openRegistration(page: Page) {
  await page.goto('/');
  await expectTopPage(page);
  await expectNoAxeViolations(page, 'トップ');
  await page.getByRole('link', { name: '求職者マイページ開設' }).click();
  await expect(page).toHaveURL((u) => u.pathname === '/register');
  await expect(page.getByRole('heading', { level: 1, name: '求職者マイページ開設' })).toBeVisible();
  await expectNoAxeViolations(page, '求職者マイページ開設');
}

/** Presses 開設する and returns the answer once the page it rendered has loaded. */
async function submitRegistration(page: Page) {
  const [res] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === '/register' && r.request().method() === 'POST'),
    page.waitForEvent('domcontentloaded'),
    page.getByRole('button', { name: '開設する' }).click(),
  ]);
  return res;
}

test.describe('求職者マイページ開設', () => {
  test('open a My Page, log out, sign in with it', async ({ page }, testInfo) => {
    const email = uniqueEmail(testInfo, 'register');
    const name = `試験 ${testInfo.project.name === 'pc' ? '一郎' : '花子'}`;

    await test.step('register', async () => {
      await openRegistration(page);
      await field(page, 'メールアドレス').fill(email);
      await field(page, 'パスワード').fill(password);
      await field(page, '氏名').fill(name);
      await field(page, '氏名（フリガナ）').fill('シケン イチロウ');
      await field(page, '生年月日').fill('1990-04-15');
      await field(page, '利用を希望するハローワーク').selectOption({ label: '新宿公共職業安定所（東京都）' });
      await page.getByRole('checkbox', { name: /利用規約に同意する/ }).check();
      await page.getByRole('button', { name: '開設する' }).click();
    });

    await test.step('the confirmation mail, its link and the one button', async () => {
      await confirmRegistration(page, email, testInfo);
    });

    await test.step('the home welcomes the new seeker', async () => {
      await expect(page.getByRole('status').filter({ hasText: '求職者マイページを開設しました。' })).toBeVisible();
      await expectHome(page, name);
      const me = page.getByRole('complementary', { name: `${name} 様` });
      await expect(definition(me, '利用安定所名')).toHaveText('新宿公共職業安定所');
      await expect(definition(me, '新着メッセージ')).toHaveText('0件');
      await expect(definition(me, '応募中の求人')).toHaveText('ありません');
      await expectNoAxeViolations(page, 'ホーム (welcome)');
    });

    await test.step('log out: the top page', async () => {
      await new MyPage(page, testInfo).logOut();
    });

    await test.step('sign in with the new account: the home', async () => {
      await page.getByRole('link', { name: '求職者マイページにログイン' }).click();
      await new LoginPage(page, testInfo).signIn({ email, password });
      await expectHome(page, name);
      await expect(page.getByRole('status').filter({ hasText: '求職者マイページを開設しました。' })).toHaveCount(0);
      await expectNoAxeViolations(page, 'ホーム');
      await new MyPage(page, testInfo).logOut();
    });
  });

  // The demo data (server/seed), read only: the demo seeker is only signed
  // in to, never changed, so any number of tests and runs may do this at
  // once. Its messages and closed applications exist only in the demo data.
  test('the demo seeker 明日 勇気 sees the home of the manual screenshot', async ({ page }, testInfo) => {
    await page.goto('/');
    await expectTopPage(page);
    await test.step('the demo seeker 明日 勇気: the home of the manual screenshot', async () => {
      await page.getByRole('link', { name: '求職者マイページにログイン' }).click();
      await new LoginPage(page, testInfo).signIn(asuYuki);
      await expectHome(page, asuYuki.name);
      await expectNoAxeViolations(page, 'ホーム (明日 勇気)');

      const me = page.getByRole('complementary', { name: `${asuYuki.name} 様` });
      await expect(definition(me, '利用安定所名')).toHaveText(asuYuki.office);
      await expect(definition(me, '新着メッセージ')).toHaveText('2件');
      await expect(definition(me, '求職公開状況')).toHaveText('公開中');
      await expect(definition(me, '応募中の求人').getByRole('link')).toHaveText([kaigoJob.title]);

      // Job cards with the fields of the screenshot.
      const jobs = page.getByRole('region', { name: '新着求人' });
      const cards = jobs.getByRole('article');
      await expect(cards.first()).toBeVisible();
      for (const card of await cards.all()) {
        await expect(card.getByRole('term')).toHaveText(Object.keys(kaigoJob.fields));
      }
      const kaigo = jobs.getByRole('article', { name: kaigoJob.title });
      for (const [term, value] of Object.entries(kaigoJob.fields)) {
        await expect(definition(kaigo, term), term).toHaveText(value);
      }
    });

    await test.step('新着メッセージ leads to メッセージ一覧 with two unread', async () => {
      const me = page.getByRole('complementary', { name: `${asuYuki.name} 様` });
      await definition(me, '新着メッセージ').getByRole('link', { name: '2件' }).click();
      await expect(page).toHaveURL((u) => u.pathname === '/mypage/messages');
      await expect(page.getByRole('heading', { level: 1, name: 'メッセージ一覧' })).toBeVisible();
      await expect(page.getByRole('main').getByText('未読', { exact: true })).toHaveCount(2);
      await expectNoAxeViolations(page, 'メッセージ一覧');
      await page.getByRole('navigation', { name: 'パンくずリスト' }).getByRole('link', { name: 'ホーム' }).click();
      await expectHome(page, asuYuki.name);
      await expectNoAxeViolations(page, 'ホーム (明日 勇気, again)');
    });

    await test.step('応募中の求人を全て表示 leads to 求職活動状況 with the application', async () => {
      await page.getByRole('link', { name: '応募中の求人を全て表示' }).click();
      await expect(page).toHaveURL((u) => u.pathname === '/mypage/activity');
      await expect(page.getByRole('heading', { level: 1, name: '求職活動状況' })).toBeVisible();
      const inProgress = new ActivityPage(page, testInfo).inProgress;
      const row = inProgress.getByRole('row').filter({ has: page.getByRole('rowheader', { name: kaigoJob.title }) });
      await expect(row).toHaveCount(1);
      await expect(row.getByRole('cell')).toContainText([kaigoJob.company, kaigoJob.id, '応募中']);
      await expectNoAxeViolations(page, '求職活動状況');
    });
  });

  test('invalid input is refused field by field and kept, but the password', async ({ page }, testInfo) => {
    const email = uniqueEmail(testInfo, 'invalid');
    await openRegistration(page);

    await test.step('empty: a message on every required field', async () => {
      const res = await submitRegistration(page);
      expect(res.status()).toBe(422);
      await expect(page.getByRole('alert')).toHaveText('入力内容に誤りがあります。各項目のメッセージをご確認ください。');
      const expected: Array<[string, string]> = [
        ['メールアドレス', 'メールアドレスを入力してください。'],
        ['パスワード', 'パスワードを入力してください。'],
        ['氏名', '氏名を入力してください。'],
        ['生年月日', '生年月日を入力してください。'],
      ];
      for (const [label, message] of expected) {
        const input = field(page, label);
        await expect(input, label).toHaveAttribute('aria-invalid', 'true');
        await expect(input, label).toHaveAccessibleDescription(new RegExp(message));
      }
      const agree = page.getByRole('checkbox', { name: /利用規約に同意する/ });
      await expect(agree).toHaveAttribute('aria-invalid', 'true');
      await expect(agree).toHaveAccessibleDescription('利用規約に同意いただく必要があります。');
      // Optional fields are not errors.
      await expect(field(page, '氏名（フリガナ）')).not.toHaveAttribute('aria-invalid', 'true');
      await expect(field(page, '利用を希望するハローワーク')).not.toHaveAttribute('aria-invalid', 'true');
      await expectNoAxeViolations(page, '求職者マイページ開設 (empty)');
    });

    await test.step('a future birthdate and a short password', async () => {
      await field(page, 'メールアドレス').fill(email);
      await field(page, 'パスワード').fill('abc123');
      await field(page, '氏名').fill('入力 保持');
      await field(page, '氏名（フリガナ）').fill('ニュウリョク ホジ');
      await field(page, '生年月日').fill('2999-01-01');
      await field(page, '利用を希望するハローワーク').selectOption({ label: '飯田橋公共職業安定所（東京都）' });
      await page.getByRole('checkbox', { name: /利用規約に同意する/ }).check();
      const res = await submitRegistration(page);
      expect(res.status()).toBe(422);

      await expect(field(page, 'パスワード')).toHaveAccessibleDescription(/パスワードは10文字以上64文字以内で入力してください。/);
      await expect(field(page, '生年月日')).toHaveAccessibleDescription(/生年月日に未来の日付は入力できません。/);
      // What was typed is kept, but the password.
      await expect(field(page, 'メールアドレス')).toHaveValue(email);
      await expect(field(page, '氏名')).toHaveValue('入力 保持');
      await expect(field(page, '氏名（フリガナ）')).toHaveValue('ニュウリョク ホジ');
      await expect(field(page, '生年月日')).toHaveValue('2999-01-01');
      await expect(field(page, '利用を希望するハローワーク')).toHaveValue('iidabashi');
      await expect(page.getByRole('checkbox', { name: /利用規約に同意する/ })).toBeChecked();
      await expect(field(page, 'パスワード')).toHaveValue('');
      // The fields that are right now carry no error.
      for (const label of ['メールアドレス', '氏名', '氏名（フリガナ）']) {
        await expect(field(page, label), label).not.toHaveAttribute('aria-invalid', 'true');
      }
      await expectNoAxeViolations(page, '求職者マイページ開設 (birthdate, password)');
    });
  });
});
