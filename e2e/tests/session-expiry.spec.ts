import { expectNoAxeViolations } from '../support/axe';
import { expect, test } from '../support/fixtures';
import { LoginPage } from '../support/pages';
import { expectHome } from '../support/ui';

const msgTimeout = '一定時間操作がなかったため、自動的にログアウトしました。お手数ですが、再度ログインしてください。';

test.describe('セッションの有効期限', () => {
  // A seeker of the test's own, on the test's clock, signed out.
  test.use({ signedIn: false });

  test('30 idle minutes sign the seeker out with a notice; signing in again works', async ({ page, clock, seeker: me }, testInfo) => {
    await new LoginPage(page, testInfo).signIn(me);
    await expectHome(page, me.name);
    await expectNoAxeViolations(page, 'ホーム');

    await test.step('activity within 30 minutes keeps the session', async () => {
      await clock.advance('29m');
      await page.reload();
      await expectHome(page, me.name);
      await clock.advance('29m');
      await page.reload();
      await expectHome(page, me.name);
    });

    await test.step('31 idle minutes: the login page with the notice', async () => {
      await clock.advance('31m');
      await page.reload();
      await expect(page).toHaveURL(
        (u) => u.pathname === '/login' && u.searchParams.get('notice') === 'timeout' && u.searchParams.get('next') === '/mypage',
      );
      await expect(page.getByRole('status')).toHaveText(msgTimeout);
      await expect(page.getByRole('heading', { level: 1, name: 'ログイン' })).toBeVisible();
      await expectNoAxeViolations(page, 'ログイン (timeout)');
    });

    await test.step('sign in again: back to My Page', async () => {
      await new LoginPage(page, testInfo).signIn(me);
      await expectHome(page, me.name);
      await expect(page.getByRole('status')).toHaveCount(0);
      await expectNoAxeViolations(page, 'ホーム');
    });
  });
});
