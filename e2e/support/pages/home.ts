import { expect, type Locator, type Page, type TestInfo } from '@playwright/test';
import { expectNoAxeViolations } from '../axe';
import { expectHome, expectTopPage, isSmartphone, press, spMenu } from '../ui';

/**
 * 求職者マイページホーム and the header every My Page screen shares: the
 * グローバルメニュー on a PC, 「メニュー」 on a smartphone, and ログアウト.
 */
export class MyPage {
  constructor(
    readonly page: Page,
    readonly testInfo: TestInfo,
  ) {}

  /** The グローバルメニュー under the header (PC). */
  get globalMenu(): Locator {
    return this.page.getByRole('navigation', { name: 'グローバルメニュー' });
  }

  /** 「メニュー」 of narrow screens. */
  get menuButton(): Locator {
    return spMenu(this.page).button;
  }

  /** The menu 「メニュー」 opens. */
  get spMenu(): Locator {
    return spMenu(this.page).nav;
  }

  /** The aside of the home with the seeker's name. */
  me(name: string): Locator {
    return this.page.getByRole('complementary', { name: `${name} 様` });
  }

  /** Opens /mypage. */
  async goto(): Promise<void> {
    await this.page.goto('/mypage');
  }

  /** 求職者マイページホーム of the seeker named name. */
  async expectHome(name: string): Promise<void> {
    await expectHome(this.page, name);
  }

  /** Opens the smartphone menu by pressing 「メニュー」 and checks it with axe. */
  async openSpMenu(): Promise<Locator> {
    await expect(this.spMenu).toBeHidden();
    await press(this.menuButton, this.testInfo);
    await expect(this.spMenu).toBeVisible();
    await expectNoAxeViolations(this.page, 'メニュー open');
    return this.spMenu;
  }

  /**
   * An item of the menu: on a PC the グローバルメニュー, on a smartphone
   * 「メニュー」 first. Waits for the screen's heading.
   */
  async via(name: string, heading = name): Promise<void> {
    const nav = isSmartphone(this.testInfo) ? await this.openSpMenu() : this.globalMenu;
    // A full page load, possibly of a page with the same heading as this one.
    const loaded = this.page.waitForEvent('load');
    await press(nav.getByRole('link', { name, exact: true }), this.testInfo);
    await loaded;
    await expect(this.page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
  }

  /**
   * No 「ログアウト」 is visible in the header: every one of them (the PC
   * button and the one in the closed menu) is in the page, but hidden.
   */
  async expectNoVisibleLogout(): Promise<void> {
    const all = this.page.getByRole('banner').getByRole('button', { name: 'ログアウト', includeHidden: true });
    expect(await all.count(), 'ログアウト buttons in the header').toBeGreaterThan(0);
    for (const button of await all.all()) {
      await expect(button).toBeHidden();
    }
  }

  /**
   * Presses ログアウト as the manual describes it: on a PC the 「ログアウト」
   * button at the top of the screen; on a smartphone 「メニュー」, then
   * 「ログアウト」 in the menu. Ends on the top page, which it checks; the
   * note about MyNaPortal is left to the caller.
   */
  async pressLogout(): Promise<void> {
    if (isSmartphone(this.testInfo)) {
      // The PC button is not shown on a narrow screen: the menu holds it.
      await this.expectNoVisibleLogout();
      const nav = await this.openSpMenu();
      await press(nav.getByRole('button', { name: 'ログアウト' }), this.testInfo);
    } else {
      await expect(this.menuButton).toBeHidden();
      await press(this.page.getByRole('banner').getByRole('button', { name: 'ログアウト' }), this.testInfo);
    }
    await this.page.waitForURL((u) => u.pathname === '/');
    await expectTopPage(this.page);
  }

  /**
   * ログアウト of a session signed in with a password: the top page, with no
   * note about MyNaPortal, checked with axe.
   */
  async logOut(): Promise<void> {
    await this.pressLogout();
    await expect(this.page.getByRole('region', { name: /マイナポータルからログインされている方へ/ })).toHaveCount(0);
    await expectNoAxeViolations(this.page, 'トップ after logout');
  }
}
