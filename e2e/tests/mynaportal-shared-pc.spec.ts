import { type Page, type TestInfo } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { expectNoAxeViolations } from '../support/axe';
import { araiShoCard, clockNote, expectLinkPage, signInAtMyNaPortal } from '../support/mynaportal';
import { yamadaHanako } from '../support/seekers';
import { expectHome, logOut, press, signIn } from '../support/ui';

/**
 * A shared PC (rule 7): a MyNaPortal identity waiting on the link page
 * belongs to that attempt only. Whatever ends the attempt, the next person
 * at the browser sees nothing of it and cannot link it to their account.
 */
test.describe('マイナポータルとの連携 at a shared PC', () => {
  /** Person A: MyNaPortal sign-in with a card that has no My Page yet. */
  async function reachLinkPage(page: Page, testInfo: TestInfo): Promise<void> {
    const res = await signInAtMyNaPortal(page, araiShoCard, testInfo);
    expect(res.status(), await clockNote(page.request)).toBe(303);
    await expectLinkPage(page, araiShoCard);
    await expectNoAxeViolations(page, 'マイナポータルとの連携');
  }

  /** The next visit shows nothing of A and lands on ログイン. */
  async function expectIdentityGone(page: Page): Promise<void> {
    await page.goto('/mynaportal/link');
    await expect(page).toHaveURL((u) => u.pathname === '/login');
    await expect(page.getByRole('heading', { level: 1, name: 'ログイン' })).toBeVisible();
    await expect(page.getByText(araiShoCard.name)).toHaveCount(0);
    await expect(page.getByText(araiShoCard.address)).toHaveCount(0);
    await expectNoAxeViolations(page, 'ログイン (identity gone)');
  }

  test('「キャンセル」 forgets the identity at once', async ({ page }, testInfo) => {
    test.setTimeout(120_000);
    await reachLinkPage(page, testInfo);
    const cancel = page.getByRole('region', { name: '連携しない場合' });
    await expect(cancel).toContainText('共用のパソコンでは、必ず連携するかキャンセルしてください。');
    await press(cancel.getByRole('button', { name: 'キャンセル' }), testInfo);
    await page.waitForURL((u) => u.pathname === '/login' && u.searchParams.get('notice') === 'link_cancelled');
    await expect(page.getByRole('status')).toHaveText('マイナポータルとの連携をキャンセルしました。マイナポータルから提供された情報は消去されました。');
    await expectNoAxeViolations(page, 'ログイン (連携をキャンセル)');
    await expectIdentityGone(page);
  });

  test('the next person signs in and logs out: the identity did not survive', async ({ page }, testInfo) => {
    test.setTimeout(120_000);
    await reachLinkPage(page, testInfo);
    // Person A walks away; person B signs in with a password at the same
    // browser, uses My Page and logs out.
    await signIn(page, yamadaHanako, testInfo);
    await expectHome(page, yamadaHanako.name);
    await logOut(page, testInfo);
    await expectIdentityGone(page);
  });
});
