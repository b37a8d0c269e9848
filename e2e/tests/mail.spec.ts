import { expect, slow, test } from '../support/fixtures';
import { expectNoAxeViolations } from '../support/axe';
import { LoginPage, MyPage } from '../support/pages';
import { registerSeeker, type Account } from '../support/seeker';
import { linkIn, mailIDs, mailsTo, waitForMail } from '../support/mail';
import { uniqueEmail } from '../support/seekers';
import { expectHome, field, press } from '../support/ui';

/**
 * Mail through a real SMTP server (Mailpit): the second registration of an
 * address, and パスワード再設定 from 「パスワードをお忘れの方」 to the new
 * password, with every old session signed out.
 */
test.describe('メール', () => {
  test('a second registration of an address mails "already has a My Page", and the page says nothing', async ({ page }, testInfo) => {
    const me: Account = { email: uniqueEmail(testInfo, 'twice'), password: 'Nidome-2026abc', name: '二度 登録' };
    await registerSeeker(page, me, testInfo);
    await new MyPage(page, testInfo).logOut();

    await test.step('the same address again: 確認メールを送信しました, as for a new one', async () => {
      const seen = await mailIDs(me.email);
      await page.goto('/register');
      await field(page, 'メールアドレス').fill(me.email);
      await field(page, 'パスワード').fill('Betsuno-2026abc');
      await field(page, '氏名').fill('別人 六郎');
      await field(page, '生年月日').fill('1991-03-03');
      await page.getByRole('checkbox', { name: /利用規約に同意する/ }).check();
      const started = Date.now();
      const res = page.waitForResponse((r) => new URL(r.url()).pathname === '/register' && r.request().method() === 'POST');
      await press(page.getByRole('button', { name: '開設する' }), testInfo);
      expect((await res).status()).toBe(303);
      await expect(page).toHaveURL((u) => u.pathname === '/register/sent');
      await expect(page.getByRole('heading', { level: 1, name: '確認メールを送信しました' })).toBeVisible();
      await expectNoAxeViolations(page, '確認メールを送信しました (登録済み)');

      const mail = await waitForMail(me.email, /求職者マイページ開設のお申し込みについて/, { notIn: seen });
      testInfo.annotations.push({ type: 'mail latency', description: `POST /register → Mailpit: ${Date.now() - started} ms (upper bound, polled)` });
      expect(mail.Text).toContain('既に開設されています');
      expect(linkIn(mail, '/login')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/login$/);
      expect(linkIn(mail, '/password/forgot')).toMatch(/\/password\/forgot$/);
      expect(mail.Text).not.toContain('token=');
      expect(mail.Subject).toMatch(/^【ハローワークインターネットサービス】/);
      expect(mail.MessageID).toMatch(/@/);
    });
  });

  test('パスワード再設定: 「パスワードをお忘れの方」 → mail → new password; the old session is signed out', async ({ page, browser }, testInfo) => {
    test.setTimeout(120_000 * slow);
    const me: Account = { email: uniqueEmail(testInfo, 'forgot'), password: 'Furui-Pass-2026', name: '忘却 七子' };
    const newPassword = 'Atarashii-Pass-2027';
    await registerSeeker(page, me, testInfo);

    // Another browser, where the seeker forgot the password.
    const other = await browser.newContext({ ...testInfo.project.use, baseURL: testInfo.project.use.baseURL });
    const p2 = await other.newPage();
    let link = '';

    await test.step('ログイン → 「パスワードをお忘れの方」 → the same answer for any address', async () => {
      await p2.goto('/login');
      await press(p2.getByRole('link', { name: 'パスワードをお忘れの方' }), testInfo);
      await expect(p2).toHaveURL((u) => u.pathname === '/password/forgot');
      await expect(p2.getByRole('heading', { level: 1, name: 'パスワード再設定' })).toBeVisible();
      await expectNoAxeViolations(p2, 'パスワード再設定');

      const nobody = uniqueEmail(testInfo, 'nobody');
      await field(p2, 'メールアドレス').fill(nobody);
      await press(p2.getByRole('button', { name: '送信する' }), testInfo);
      await expect(p2).toHaveURL((u) => u.pathname === '/password/forgot/sent');
      const unknownAnswer = await p2.getByRole('main').innerText();

      const seen = await mailIDs(me.email);
      await p2.goto('/password/forgot');
      await field(p2, 'メールアドレス').fill(me.email);
      await press(p2.getByRole('button', { name: '送信する' }), testInfo);
      await expect(p2).toHaveURL((u) => u.pathname === '/password/forgot/sent');
      await expect(p2.getByRole('heading', { level: 1, name: 'パスワード再設定のメールを送信しました' })).toBeVisible();
      expect(await p2.getByRole('main').innerText()).toBe(unknownAnswer);
      await expectNoAxeViolations(p2, 'パスワード再設定のメールを送信しました');

      const mail = await waitForMail(me.email, /パスワード再設定のご案内/, { notIn: seen });
      expect(mail.Text).toContain('1時間');
      link = linkIn(mail, '/password/reset');
      expect(await mailsTo(nobody)).toHaveLength(0);
    });

    await test.step('the link: a form for the new password, with the registration policy', async () => {
      await p2.goto(link);
      await expect(p2.getByRole('heading', { level: 1, name: '新しいパスワードの設定' })).toBeVisible();
      await expectNoAxeViolations(p2, '新しいパスワードの設定');
      await field(p2, '新しいパスワード').fill('short');
      await press(p2.getByRole('button', { name: 'パスワードを再設定する' }), testInfo);
      await expect(field(p2, '新しいパスワード')).toHaveAttribute('aria-invalid', 'true');
      await expect(field(p2, '新しいパスワード')).toHaveAccessibleDescription(/パスワードは10文字以上64文字以内で入力してください。/);
      await expectNoAxeViolations(p2, '新しいパスワードの設定 (error)');
    });

    await test.step('the new password: ログイン with 「パスワードを再設定しました」, and a notice mail', async () => {
      const seen = await mailIDs(me.email);
      await field(p2, '新しいパスワード').fill(newPassword);
      await press(p2.getByRole('button', { name: 'パスワードを再設定する' }), testInfo);
      await expect(p2).toHaveURL((u) => u.pathname === '/login');
      await expect(p2.getByRole('status')).toContainText('パスワードを再設定しました');
      await expectNoAxeViolations(p2, 'ログイン (パスワードを再設定しました)');
      const notice = await waitForMail(me.email, /パスワードを再設定しました/, { notIn: seen });
      expect(notice.Text).toContain('ログアウトしました');
    });

    await test.step('the old session is signed out', async () => {
      await page.goto('/mypage');
      await expect(page).toHaveURL((u) => u.pathname === '/login');
    });

    await test.step('the link works once', async () => {
      await p2.goto(link);
      await expect(p2.getByRole('heading', { level: 1, name: 'このリンクは使用できません' })).toBeVisible();
      await expect(p2.getByRole('main').getByRole('link', { name: 'パスワード再設定へ' })).toHaveAttribute('href', '/password/forgot');
      await expectNoAxeViolations(p2, 'このリンクは使用できません');
    });

    await test.step('the new password signs in', async () => {
      await page.goto('/login');
      await new LoginPage(page, testInfo).signIn({ email: me.email, password: newPassword });
      await expectHome(page, me.name);
    });
    await other.close();
  });
});
