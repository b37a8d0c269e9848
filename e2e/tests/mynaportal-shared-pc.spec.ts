import { type Page, type TestInfo } from '@playwright/test';
import { expect, slow, test } from '../support/fixtures';
import { expectNoAxeViolations } from '../support/axe';
import { clockNote, expectLinkPage, newCard, signInAtMyNaPortal, type Card } from '../support/mynaportal';
import { LoginPage, MyPage } from '../support/pages';
import { expectHome, press } from '../support/ui';

/**
 * A shared PC (rule 7): a MyNaPortal identity waiting on the link page
 * belongs to that attempt only. Whatever ends the attempt, the next person
 * at the browser sees nothing of it and cannot link it to their account.
 */
test.describe('マイナポータルとの連携 at a shared PC', () => {
  // Person B's seeker, when there is one, starts signed out.
  test.use({ signedIn: false });

  /** Person A: MyNaPortal sign-in with a card of the test's own, which has no My Page yet. */
  async function reachLinkPage(page: Page, testInfo: TestInfo): Promise<Card> {
    const card = await newCard(page.request);
    const res = await signInAtMyNaPortal(page, card, testInfo);
    expect(res.status(), await clockNote(page.request)).toBe(303);
    await expectLinkPage(page, card);
    await expectNoAxeViolations(page, 'マイナポータルとの連携');
    return card;
  }

  /** The next visit shows nothing of A and lands on ログイン. */
  async function expectIdentityGone(page: Page, card: Card): Promise<void> {
    await page.goto('/mynaportal/link');
    await expect(page).toHaveURL((u) => u.pathname === '/login');
    await expect(page.getByRole('heading', { level: 1, name: 'ログイン' })).toBeVisible();
    await expect(page.getByText(card.name)).toHaveCount(0);
    await expect(page.getByText(card.address)).toHaveCount(0);
    await expectNoAxeViolations(page, 'ログイン (identity gone)');
  }

  test('「キャンセル」 forgets the identity at once', async ({ page }, testInfo) => {
    test.setTimeout(120_000 * slow);
    const card = await reachLinkPage(page, testInfo);
    const cancel = page.getByRole('region', { name: '連携しない場合' });
    await expect(cancel).toContainText('共用のパソコンでは、必ず連携するかキャンセルしてください。');
    await press(cancel.getByRole('button', { name: 'キャンセル' }), testInfo);
    await page.waitForURL((u) => u.pathname === '/login' && u.searchParams.get('notice') === 'link_cancelled');
    await expect(page.getByRole('status')).toHaveText('マイナポータルとの連携をキャンセルしました。マイナポータルから提供された情報は消去されました。');
    await expectNoAxeViolations(page, 'ログイン (連携をキャンセル)');
    await expectIdentityGone(page, card);
  });

  test('the next person signs in and logs out: the identity did not survive', async ({ page, seeker }, testInfo) => {
    test.setTimeout(120_000 * slow);
    const card = await reachLinkPage(page, testInfo);
    // Person A walks away; person B signs in with a password at the same
    // browser, uses My Page and logs out.
    await new LoginPage(page, testInfo).signIn(seeker);
    await expectHome(page, seeker.name);
    await new MyPage(page, testInfo).logOut();
    await expectIdentityGone(page, card);
  });
});
