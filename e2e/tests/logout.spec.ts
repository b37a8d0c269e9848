import { expect, test } from '../support/fixtures';
import { expectNoAxeViolations } from '../support/axe';
import { MyPage } from '../support/pages';
import { isSmartphone, spMenu } from '../support/ui';

// 3.3 求職者マイページをログアウトする: PC 「ログアウト」 at the top of the screen;
// smartphone メニュー → 「ログアウト」. Either way the top page, and the
// session is over on the server (rule 6).
test.describe('ログアウト', () => {
  test('logs out as the manual shows and the old session stays signed out', async ({ page, context, seeker }, testInfo) => {
    // Signed in already (the seeker fixture): the journey is the logout.
    const mypage = new MyPage(page, testInfo);
    await mypage.goto();
    await mypage.expectHome(seeker.name);
    await expectNoAxeViolations(page, 'ホーム');

    const banner = page.getByRole('banner');
    if (isSmartphone(testInfo)) {
      await test.step('smartphone: no ログアウト in the header until the menu is opened', async () => {
        await mypage.expectNoVisibleLogout();
        await expect(page.getByRole('navigation', { name: 'グローバルメニュー' })).toBeHidden();
        await expect(spMenu(page).button).toBeVisible();
      });
    } else {
      await test.step('PC: ログアウト at the top right, no menu button', async () => {
        const button = banner.getByRole('button', { name: 'ログアウト' });
        await expect(button).toBeVisible();
        await expect(spMenu(page).button).toBeHidden();
        await expect(page.getByRole('navigation', { name: 'グローバルメニュー' })).toBeVisible();
        // Top right: in the upper part of the screen, right half.
        const box = await button.boundingBox();
        const viewport = page.viewportSize();
        expect(box && viewport).toBeTruthy();
        expect(box!.y).toBeLessThan(100);
        expect(box!.x).toBeGreaterThan(viewport!.width / 2);
      });
    }

    const before = await context.cookies();
    const session = before.find((c) => c.name === 'mypage_session');
    expect(session, `session cookie among ${before.map((c) => c.name).join(', ')}`).toBeTruthy();
    expect(session!.httpOnly).toBe(true);
    expect(session!.sameSite).toBe('Lax');

    await test.step('ログアウト lands on the top page', async () => {
      const logoutResponse = page.waitForResponse(
        (r) => new URL(r.url()).pathname === '/logout' && r.request().method() === 'POST',
      );
      await mypage.logOut();
      const res = await logoutResponse;
      expect(res.status()).toBe(303);
      expect(res.headers()['location']).toBe('/');
      // The cookie is expired.
      expect((await context.cookies()).map((c) => c.name)).not.toContain('mypage_session');
    });

    await test.step('Back does not show My Page again', async () => {
      await page.goBack();
      await expect(page).toHaveURL((u) => u.pathname === '/login');
      await expect(page.getByRole('heading', { level: 1, name: 'ログイン' })).toBeVisible();
      await expect(page.getByRole('heading', { name: `${seeker.name} 様` })).toHaveCount(0);
      await expectNoAxeViolations(page, 'ログイン after Back');
    });

    await test.step('My Page asks for sign-in', async () => {
      await page.goto('/mypage');
      await expect(page).toHaveURL((u) => u.pathname === '/login');
      await expect(page.getByRole('heading', { level: 1, name: 'ログイン' })).toBeVisible();
      await expectNoAxeViolations(page, 'ログイン after logout');
    });

    await test.step('the old cookie replayed is signed out too', async () => {
      await context.addCookies([session!]);
      const res = await page.goto('/mypage');
      await expect(page).toHaveURL((u) => u.pathname === '/login');
      // It is not a timeout: the session was ended on the server.
      expect(new URL(page.url()).searchParams.get('notice')).toBeNull();
      expect(res?.request().redirectedFrom()?.url()).toMatch(/\/mypage$/);
      await expect(page.getByRole('heading', { level: 1, name: 'ログイン' })).toBeVisible();
      await expectNoAxeViolations(page, 'ログイン after the old cookie');

      // Logging out of an ended session lands on the top page too.
      await context.addCookies([session!]);
      const out = await page.request.post('/logout', { maxRedirects: 0, headers: { Origin: new URL(page.url()).origin } });
      expect(out.status()).toBe(303);
      expect(out.headers()['location']).toBe('/');
    });
  });
});
