import { expect, type Locator, type Page, type TestInfo } from '@playwright/test';
import { expectNoAxeViolations } from '../axe';
import { definition, press } from '../ui';
import { MyPage } from './home';

/** The manual's notes on 各種設定 about the 30 and the 31 days. */
export const withdrawalNotes = [
  'マイページを退会すると、マイページにログインできなくなります。',
  'マイページ退会後30日以内であれば、ログイン画面（「アカウント再登録」ボタン）から利用していたログインアカウント（メールアドレスとパスワード）を入力することで、マイページの利用を再開できます。',
  'マイページ退会後31日以上経過している場合、ハローワークの窓口を利用している方は、最寄りのハローワークまでお越しください。',
  'ハローワークの窓口を利用していない方（オンライン登録者）は、ハローワークにお越しいただくと、以前登録していた求職情報を活用してマイページの開設手続きを行うことができます。ハローワークにお越しにならない場合は、改めてアカウント（メールアドレスとパスワード）と求職情報を登録し直してください。',
];

/** 求職者情報・設定, the tab 各種設定 (/mypage/settings/account). */
export class AccountSettingsPage {
  constructor(
    readonly page: Page,
    readonly testInfo: TestInfo,
  ) {}

  /** The 各種設定 panel. */
  get panel(): Locator {
    return this.page.getByRole('region', { name: '各種設定' });
  }

  /** The tabs of 求職者情報・設定. */
  get tabs(): Locator {
    return this.page.getByRole('navigation', { name: '求職者情報・設定の項目' });
  }

  /** The value of a term of the panel: 求職状態, 有効期限, 登録区分 … */
  value(term: string): Locator {
    return definition(this.panel, term);
  }

  /**
   * The manual's ①–③: グローバルメニュー 「求職者情報・設定」, then the tab
   * 「各種設定」 (swapped in place). axe after the navigation and the swap.
   */
  async open(): Promise<Locator> {
    await new MyPage(this.page, this.testInfo).via('求職者情報・設定');
    await expectNoAxeViolations(this.page, '求職者情報・設定');
    await press(this.tabs.getByRole('link', { name: '各種設定' }), this.testInfo);
    await expect(this.page).toHaveURL((u) => u.pathname === '/mypage/settings/account');
    await expect(this.panel.getByRole('heading', { level: 2, name: '各種設定' })).toBeVisible();
    await expectNoAxeViolations(this.page, '各種設定');
    return this.panel;
  }
}
