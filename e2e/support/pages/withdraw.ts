import { expect, type Locator, type Page, type TestInfo } from '@playwright/test';
import { expectNoAxeViolations } from '../axe';
import { clockOf } from '../clock';
import { parseJpDate } from '../dates';
import { press } from '../ui';
import { AccountSettingsPage } from './account-settings';

export interface Withdrawal {
  /** The clock just before 「完了」 and once 退会完了 showed: the withdrawal is in between. */
  before: Date;
  after: Date;
  /** 有効期限 as 各種設定 showed it just before. */
  validUntil: Date;
}

/** 求職者マイページ退会確認 (/mypage/withdraw) and 求職者マイページ退会完了 (/withdrawn). */
export class WithdrawPage {
  constructor(
    readonly page: Page,
    readonly testInfo: TestInfo,
  ) {}

  get main(): Locator {
    return this.page.getByRole('main');
  }

  get completeButton(): Locator {
    return this.main.getByRole('button', { name: '完了' });
  }

  /** 求職者マイページ退会確認 with the manual's warning and 「戻る」. */
  async expectConfirm(): Promise<void> {
    await expect(this.page).toHaveURL((u) => u.pathname === '/mypage/withdraw');
    await expect(this.page.getByRole('heading', { level: 1, name: '求職者マイページ退会確認' })).toBeVisible();
    await expect(this.main.getByText('マイページを退会すると、マイページにログインできなくなります。')).toBeVisible();
    await expect(this.main.getByRole('link', { name: '戻る' })).toHaveAttribute('href', '/mypage/settings/account');
    await expectNoAxeViolations(this.page, '求職者マイページ退会確認');
  }

  /**
   * The manual's 9.2 ③–⑤ from 各種設定: 「マイページを退会」 → 求職者マイページ退会確認
   * → 「完了」 → 求職者マイページ退会完了, axe on each.
   */
  async fromAccountTab(): Promise<Withdrawal> {
    const settings = new AccountSettingsPage(this.page, this.testInfo);
    const panel = await settings.open();
    const validUntil = parseJpDate((await settings.value('有効期限').textContent()) ?? '');
    await expect(panel.getByRole('button', { name: 'マイページを退会' })).toHaveCount(0);
    await press(panel.getByRole('link', { name: 'マイページを退会' }), this.testInfo);
    await this.expectConfirm();

    const clock = await clockOf(this.page);
    const before = await clock.now();
    await press(this.completeButton, this.testInfo);
    await this.expectWithdrawn();
    const after = await clock.now();
    return { before, after, validUntil };
  }

  /** 求職者マイページ退会完了, signed out, with the manual's notes. */
  async expectWithdrawn(): Promise<void> {
    const page = this.page;
    await expect(page).toHaveURL((u) => u.pathname === '/withdrawn');
    await expect(page.getByRole('heading', { level: 1, name: '求職者マイページ退会完了' })).toBeVisible();
    const main = this.main;
    await expect(main.getByText('求職者マイページの退会手続きを完了しました。')).toBeVisible();
    await expect(main.getByRole('heading', { level: 2, name: '〈留意点〉' })).toBeVisible();
    await expect(main.getByRole('listitem')).toHaveText([
      '求職状態が「無効」になってから5年経過すると、マイページ上のすべてのデータが自動消滅されます。',
      'マイページ退会後30日以内であれば、ログイン画面（「アカウント再登録」ボタン）から利用していたログインアカウント（メールアドレスとパスワード）を入力することで、マイページの利用を再開できます。',
      'マイページ退会後31日以上経過している場合、再度マイページを利用するには、新たにマイページ開設の手続きを行っていただく必要があります。',
    ]);
    await expect(main.getByRole('link', { name: 'トップへ戻る' })).toHaveAttribute('href', '/');
    // Signed out: the public header, no ログアウト anywhere.
    await expect(page.getByRole('button', { name: 'ログアウト', includeHidden: true })).toHaveCount(0);
    await expect(page.getByRole('banner').getByRole('link', { name: 'ログイン' })).toBeVisible();
    await expectNoAxeViolations(page, '求職者マイページ退会完了');
  }
}
