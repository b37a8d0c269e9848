import { expect, type Locator, type Page, type TestInfo } from '@playwright/test';
import { expectNoAxeViolations } from '../axe';
import { field, press } from '../ui';

/** ログイン (/login): e-mail and password, 「アカウント再登録」, MyNaPortal. */
export class LoginPage {
  constructor(
    readonly page: Page,
    readonly testInfo: TestInfo,
  ) {}

  get heading(): Locator {
    return this.page.getByRole('heading', { level: 1, name: 'ログイン' });
  }

  get email(): Locator {
    return field(this.page, 'メールアドレス');
  }

  get password(): Locator {
    return field(this.page, 'パスワード');
  }

  get submitButton(): Locator {
    return this.page.getByRole('main').getByRole('button', { name: 'ログイン', exact: true });
  }

  /** Opens /login (with a query, e.g. ?next=…) and checks it with axe. */
  async goto(query = ''): Promise<void> {
    await this.page.goto('/login' + query);
    await this.expectShown();
    await expectNoAxeViolations(this.page, 'ログイン');
  }

  async expectShown(): Promise<void> {
    await expect(this.page).toHaveURL((u) => u.pathname === '/login');
    await expect(this.heading).toBeVisible();
  }

  /** Fills e-mail and password and presses ログイン; does not wait for where the browser goes. */
  async submit(email: string, password: string): Promise<void> {
    await expect(this.heading).toBeVisible();
    await this.email.fill(email);
    await this.password.fill(password);
    await press(this.submitButton, this.testInfo);
  }

  /**
   * Submits and returns the status of the answer to the POST once the page
   * it leads to has loaded (a refusal is a new page at the same URL).
   */
  async submitStatus(who: { email: string; password: string }): Promise<number> {
    const res = this.page.waitForResponse((r) => new URL(r.url()).pathname === '/login' && r.request().method() === 'POST');
    const loaded = this.page.waitForEvent('domcontentloaded');
    await this.submit(who.email, who.password);
    const status = (await res).status();
    await loaded;
    return status;
  }

  /**
   * Signs in (opening /login unless the browser is already there, and
   * checking it with axe) and waits until the browser has left the page.
   */
  async signIn(who: { email: string; password: string }): Promise<void> {
    if (new URL(this.page.url(), 'http://x').pathname !== '/login') {
      await this.page.goto('/login');
    }
    await expectNoAxeViolations(this.page, 'ログイン');
    await this.submit(who.email, who.password);
    await this.page.waitForURL((u) => u.pathname !== '/login');
  }
}
