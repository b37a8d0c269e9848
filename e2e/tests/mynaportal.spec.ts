import { type Frame, type Page, type TestInfo } from '@playwright/test';
import { expect, slow, test } from '../support/fixtures';
import { expectNoAxeViolations } from '../support/axe';
import {
  clockNote,
  expectConsentPage,
  expectLinkPage,
  expectMyNaPortalNote,
  expectNoMyPageSession,
  expectPinPage,
  expectRefused,
  expectSimulatorPage,
  expectSimulatorSignedIn,
  linkForms,
  logOutAtSimulator,
  logOutOfMyPage,
  myNaPortalNote,
  onSimulator,
  newCard,
  pendingSpoil,
  pinPage,
  signInAtMyNaPortal,
  simulatorURL,
  startMyNaPortalSignIn,
  submitLinkExisting,
  submitPin,
  unlinkMyNaPortal,
  type SpoilKind,
} from '../support/mynaportal';
import { confirmRegistration } from '../support/mail';
import { LoginPage, MyPage } from '../support/pages';
import { uniqueEmail } from '../support/seekers';
import { staffUnlockCard } from '../support/staff';
import { definition, expectHome, expectTopPage, press } from '../support/ui';

const msgBadCredentials = 'メールアドレスまたはパスワードが正しくありません。';
const msgLinked = 'マイナポータルとの連携が完了しました。次回からマイナポータルでログインできます。';
const msgDenied =
  'マイナポータルで利用者情報の提供に「同意しない」が選ばれたため、ログインできませんでした。マイナポータルでログインするには、情報の提供に同意してください。';
const msgIDToken =
  'マイナポータルから受け取ったログイン情報の検証に失敗したため、ログインできませんでした。もう一度マイナポータルからログインしてください。';
const msgJustLocked = '暗証番号を3回続けて間違えたため、このカードはロックされました。ロックの解除は窓口にお申し出ください。';
const msgLocked = 'このカードはロックされています。暗証番号を3回続けて間違えたため、ロックされました。ロックの解除は窓口にお申し出ください。';

/**
 * 「マイナポータルでログイン」 while the simulator's session lives and has
 * consented: no PIN, no consent, no simulator page shown (only redirects pass
 * through it); straight back to My Page at pathname.
 */
async function signInAgainWithoutPin(page: Page, testInfo: TestInfo, pathname: string): Promise<void> {
  const shown: string[] = [];
  const record = (frame: Frame) => {
    if (frame === page.mainFrame()) shown.push(frame.url());
  };
  page.on('framenavigated', record);
  try {
    const callback = page.waitForResponse((r) => !onSimulator(r.url()) && new URL(r.url()).pathname === '/auth/mynaportal/callback');
    await startMyNaPortalSignIn(page, testInfo);
    expect((await callback).status(), await clockNote(page.request)).toBe(303);
    await page.waitForURL((u) => !onSimulator(u) && u.pathname === pathname);
  } finally {
    page.off('framenavigated', record);
  }
  expect(shown.filter((u) => onSimulator(u)), 'no PIN or consent page shown').toEqual([]);
}

test.describe('マイナポータルでログイン', () => {
  // The journeys are signing in: a seeker of a test's own starts signed out.
  test.use({ signedIn: false });

  test('first sign-in links by password; My Page and MyNaPortal log out independently; 連携解除', async ({ page, seeker }, testInfo) => {
    test.setTimeout(180_000 * slow);
    // A card and a seeker of the test's own: no other test links either.
    const card = await newCard(page.request);

    await test.step('PIN and consent at MyNaPortal lead to the link page', async () => {
      const res = await signInAtMyNaPortal(page, card, testInfo);
      expect(res.status(), await clockNote(page.request)).toBe(303);
      await expectLinkPage(page, card);
      await expect(linkForms(page).newField('氏名')).toHaveValue(card.name);
      await expect(linkForms(page).newField('生年月日')).toHaveValue(card.birthdate);
      await expectNoAxeViolations(page, 'マイナポータルとの連携');
      // Not signed in to My Page yet.
      const mypage = await page.request.get('/mypage', { maxRedirects: 0 });
      expect(mypage.status()).toBe(303);
      expect(mypage.headers()['location']).toMatch(/^\/login/);
    });

    await test.step('a wrong password does not link', async () => {
      const res = await submitLinkExisting(page, { email: seeker.email, password: 'Wrong-Password-1' }, testInfo);
      expect(res.status()).toBe(401);
      await expectLinkPage(page, card);
      await expect(page.getByRole('alert')).toHaveText(msgBadCredentials);
      await expect(linkForms(page).email).toHaveValue(seeker.email);
      await expect(linkForms(page).password).toHaveValue('');
      await expectNoAxeViolations(page, 'マイナポータルとの連携 (wrong password)');
    });

    await test.step('the password links the My Page and signs in', async () => {
      const res = await submitLinkExisting(page, seeker, testInfo);
      expect(res.status()).toBe(303);
      await expect(page).toHaveURL((u) => u.pathname === '/mypage' && u.search === '');
      await expect(page.getByRole('status')).toHaveText(msgLinked);
      await expectHome(page, seeker.name);
      await expectNoAxeViolations(page, 'ホーム (linked)');
      // The pending identity is used up.
      const link = await page.request.get('/mynaportal/link', { maxRedirects: 0 });
      expect(link.status()).toBe(303);
    });

    await test.step('My Page logout: the top page shows the note of the manual', async () => {
      await logOutOfMyPage(page, testInfo);
      await expectMyNaPortalNote(page);
      await expectNoAxeViolations(page, 'トップ (マイナポータルの注意)');
    });

    await test.step('the note opens MyNaPortal, which is still signed in', async () => {
      await press(myNaPortalNote(page).getByRole('link', { name: 'マイナポータルを開いてログアウトする' }), testInfo);
      await page.waitForURL((u) => onSimulator(u) && u.pathname === '/');
      await expectSimulatorSignedIn(page, card);
      await expectNoAxeViolations(page, 'マイナポータル トップ (signed in)');
    });

    await test.step('the note is shown once, and My Page is signed out', async () => {
      await page.goto('/');
      await expectTopPage(page);
      await expect(myNaPortalNote(page)).toHaveCount(0);
      await page.goto('/mypage');
      await expect(page).toHaveURL((u) => u.pathname === '/login');
    });

    await test.step('MyNaPortal sign-in again asks for no PIN: straight to My Page', async () => {
      await signInAgainWithoutPin(page, testInfo, '/mypage');
      await expectHome(page, seeker.name);
      await expect(page.getByText(msgLinked)).toHaveCount(0);
      await expectNoAxeViolations(page, 'ホーム (MyNaPortal, no PIN)');
    });

    await test.step('logging out at MyNaPortal leaves My Page signed in', async () => {
      await page.goto(simulatorURL('/'));
      await expectSimulatorSignedIn(page, card);
      await expectNoAxeViolations(page, 'マイナポータル トップ (signed in)');
      await logOutAtSimulator(page, testInfo);
      await page.goto('/mypage');
      await expectHome(page, seeker.name);
      await expectNoAxeViolations(page, 'ホーム (after MyNaPortal logout)');
    });

    await test.step('連携解除 on 各種設定', async () => {
      await unlinkMyNaPortal(page, testInfo);
    });

    await test.step('unlinked, and MyNaPortal signed out: the PIN again, then the link page', async () => {
      await logOutOfMyPage(page, testInfo);
      await expectMyNaPortalNote(page);
      const res = await signInAtMyNaPortal(page, card, testInfo);
      expect(res.status(), await clockNote(page.request)).toBe(303);
      await expectLinkPage(page, card);
      await expectNoAxeViolations(page, 'マイナポータルとの連携 (after 連携解除)');
      const mypage = await page.request.get('/mypage', { maxRedirects: 0 });
      expect(mypage.status(), 'an unlinked identity does not sign in').toBe(303);
    });
  });

  test('「同意しない」 is explained and signs nobody in', async ({ page }, testInfo) => {
    const res = await signInAtMyNaPortal(page, await newCard(page.request), testInfo, '同意しない');
    expect(res.status()).toBe(403);
    await expectRefused(page, msgDenied);
    await expectNoMyPageSession(page);
  });

  test('three wrong PINs lock the card; then the right PIN is refused too', async ({ page }, testInfo) => {
    // A card of the test's own: no other test signs in with it, and a lock
    // stays with it.
    const card = await newCard(page.request);
    await startMyNaPortalSignIn(page, testInfo);
    await expectPinPage(page);

    for (const remaining of [2, 1]) {
      await test.step(`a wrong PIN: ${remaining} left`, async () => {
        const res = await submitPin(page, card, '0000', testInfo);
        expect(res.status()).toBe(401);
        await expectSimulatorPage(page, 'マイナンバーカードでログイン');
        const { card: number, pin } = pinPage(page);
        await expect(number).toHaveValue(card.number);
        await expect(pin).toHaveValue('');
        await expect(pin).toHaveAttribute('aria-invalid', 'true');
        await expect(pin).toHaveAccessibleDescription(`暗証番号が違います。あと${remaining}回間違えると、このカードはロックされます。`);
        await expect(page.getByRole('alert')).toHaveText(`暗証番号が違います。あと${remaining}回間違えると、このカードはロックされます。`);
        await expectNoAxeViolations(page, `暗証番号が違います (あと${remaining}回)`);
      });
    }

    await test.step('the third wrong PIN locks the card', async () => {
      const res = await submitPin(page, card, '0000', testInfo);
      expect(res.status()).toBe(403);
      await expectSimulatorPage(page, 'マイナンバーカードでログイン');
      await expect(page.getByRole('alert')).toHaveText(msgJustLocked);
      await expectNoAxeViolations(page, 'カードがロックされました');
    });

    await test.step('the right PIN is refused on a locked card', async () => {
      const res = await submitPin(page, card, card.pin, testInfo);
      expect(res.status()).toBe(403);
      await expectSimulatorPage(page, 'マイナンバーカードでログイン');
      await expect(page.getByRole('alert')).toHaveText(msgLocked);
      await expect(page.getByRole('heading', { name: '情報提供への同意' })).toHaveCount(0);
      await expectNoAxeViolations(page, 'カードはロックされています');
    });

    await test.step('nobody is signed in, at MyNaPortal or My Page', async () => {
      await page.goto(simulatorURL('/'));
      await expectSimulatorPage(page, 'マイナポータル（模擬環境）');
      await expect(page.getByRole('main')).toContainText('ログインしていません。');
      await expectNoAxeViolations(page, 'マイナポータル トップ (signed out)');
      await expectNoMyPageSession(page);
    });

    await test.step('unlocked by counter staff, the right PIN works again', async () => {
      await staffUnlockCard(page.request, card);
      await startMyNaPortalSignIn(page, testInfo);
      await expectPinPage(page);
      const res = await submitPin(page, card, card.pin, testInfo);
      expect(res.status()).toBe(303);
      await expectConsentPage(page, card);
    });
  });

  const spoils: { kind: SpoilKind; label: string }[] = [
    { kind: 'signature', label: '署名を不正にする（別の鍵で署名し直す）' },
    { kind: 'nonce', label: 'nonce を違う値にする' },
    { kind: 'expired', label: '有効期限切れにする（1時間前に失効）' },
  ];
  for (const { kind, label } of spoils) {
    test(`a spoiled ID token (${kind}) is refused and signs nobody in`, async ({ page }, testInfo) => {
      // A card of the test's own: the spoil touches no other test's sign-in.
      const card = await newCard(page.request);
      await test.step('QA switch: spoil the next ID token of the card', async () => {
        await page.goto(simulatorURL('/qa'));
        await expectSimulatorPage(page, 'QA用スイッチ：次のIDトークンを壊す');
        await expectNoAxeViolations(page, 'QA用スイッチ');
        await page.getByLabel('カード番号（12桁）').fill(card.number);
        await page.getByRole('radio', { name: label }).check();
        await press(page.getByRole('button', { name: '設定する' }), testInfo);
        await page.waitForURL((u) => onSimulator(u) && u.pathname === '/qa');
        await expect(page.getByRole('status')).toContainText(`カード ${card.number} の現在の設定：${label}`);
        await expect(page.getByRole('radio', { name: label })).toBeChecked();
        await expectNoAxeViolations(page, `QA用スイッチ (${kind})`);
        expect(await pendingSpoil(page.request, card)).toBe(kind);
      });

      await test.step('PIN and consent, then My Page refuses the token', async () => {
        const res = await signInAtMyNaPortal(page, card, testInfo);
        expect(res.status()).toBe(401);
        await expectRefused(page, msgIDToken);
        // Refused before any linking.
        await expect(page.getByRole('heading', { name: 'マイナポータルとの連携' })).toHaveCount(0);
        expect(await pendingSpoil(page.request, card), 'the spoil was used once').toBe('none');
        await expectNoMyPageSession(page);
        const link = await page.request.get('/mynaportal/link', { maxRedirects: 0 });
        expect(link.status(), 'no identity waits for linking').toBe(303);
      });

      await test.step('the same sign-in unspoiled goes through: the refusal was the spoil', async () => {
        // MyNaPortal is still signed in with consent given: no PIN, straight
        // back, and the card's holder (no link) lands on the link page.
        await signInAgainWithoutPin(page, testInfo, '/mynaportal/link');
        await expectLinkPage(page, card);
        await expectNoAxeViolations(page, 'マイナポータルとの連携');
      });
    });
  }

  test('a new My Page opened from MyNaPortal; 連携解除 leaves it a password account', async ({ page }, testInfo) => {
    test.setTimeout(120_000 * slow);
    const email = uniqueEmail(testInfo, 'mynaportal');
    const password = 'Shiken-2026abc';
    const card = await newCard(page.request);

    await test.step('PIN and consent lead to the link page, prefilled from the claims', async () => {
      const res = await signInAtMyNaPortal(page, card, testInfo);
      expect(res.status(), await clockNote(page.request)).toBe(303);
      await expectLinkPage(page, card);
      const f = linkForms(page);
      await expect(f.newField('氏名')).toHaveValue(card.name);
      await expect(f.newField('氏名（フリガナ）')).toHaveValue(card.nameKana);
      await expect(f.newField('生年月日')).toHaveValue(card.birthdate);
      await expectNoAxeViolations(page, 'マイナポータルとの連携');
    });

    const submitNew = async () => {
      const res = page.waitForResponse((r) => new URL(r.url()).pathname === '/mynaportal/link' && r.request().method() === 'POST');
      const loaded = page.waitForEvent('domcontentloaded');
      await press(linkForms(page).create.getByRole('button', { name: 'マイページを開設して連携' }), testInfo);
      await loaded;
      return res;
    };

    await test.step('without agreeing to the terms: refused, nothing opened', async () => {
      const f = linkForms(page);
      await f.newField('メールアドレス').fill(email);
      await f.newField('パスワード').fill(password);
      const res = await submitNew();
      expect(res.status()).toBe(422);
      await expectLinkPage(page, card);
      const agree = linkForms(page).create.getByRole('checkbox', { name: /利用規約に同意する/ });
      await expect(agree).toHaveAttribute('aria-invalid', 'true');
      await expect(agree).toHaveAccessibleDescription(/.+/);
      await expect(linkForms(page).newField('メールアドレス')).toHaveValue(email);
      await expectNoAxeViolations(page, 'マイナポータルとの連携 (errors)');
    });

    await test.step('open the My Page through the confirmation mail: the home welcomes the card\'s holder', async () => {
      const f = linkForms(page);
      await f.newField('パスワード').fill(password);
      await f.newField('利用を希望するハローワーク').selectOption({ label: '新宿公共職業安定所（東京都）' });
      await f.create.getByRole('checkbox', { name: /利用規約に同意する/ }).check();
      const res = await submitNew();
      expect(res.status()).toBe(303);
      // The same confirmation by mail as 求職者マイページ開設; the identity
      // is linked when the link's button is pressed.
      await confirmRegistration(page, email, testInfo);
      await expect(page.getByRole('status')).toHaveText('求職者マイページを開設しました。');
      await expectHome(page, card.name);
      const me = page.getByRole('complementary', { name: `${card.name} 様` });
      await expect(definition(me, '利用安定所名')).toHaveText('新宿公共職業安定所');
      await expectNoAxeViolations(page, 'ホーム (welcome)');
    });

    await test.step('連携解除 on 各種設定', async () => {
      await unlinkMyNaPortal(page, testInfo);
    });

    await test.step('logging out of the MyNaPortal session shows the note', async () => {
      await logOutOfMyPage(page, testInfo);
      await expectMyNaPortalNote(page);
      await expectNoAxeViolations(page, 'トップ (マイナポータルの注意)');
    });

    await test.step('the new My Page signs in with its password (no note after that logout)', async () => {
      await new LoginPage(page, testInfo).signIn({ email, password });
      await expectHome(page, card.name);
      await expectNoAxeViolations(page, 'ホーム (password)');
      await new MyPage(page, testInfo).logOut();
    });

    await test.step('the card is unlinked: MyNaPortal (still signed in) offers linking again', async () => {
      await signInAgainWithoutPin(page, testInfo, '/mynaportal/link');
      await expectLinkPage(page, card);
      await expectNoAxeViolations(page, 'マイナポータルとの連携 (again)');
    });
  });
});
