import { expect, type Locator, type Page, type TestInfo } from '@playwright/test';
import { escapeRegExp } from '../ui';
import { MyPage } from './home';

/**
 * The accessible name of the 「応募取消」 button of a row of 応募中: the
 * visible 「応募取消」 and, visually hidden, 「：<職種>」 (Chromium puts a space
 * between the two, as the hidden part is positioned out of the flow).
 */
export function cancelName(jobTitle: string): RegExp {
  return new RegExp(`^応募取消\\s*：${escapeRegExp(jobTitle)}$`);
}

/** 求職活動状況 (/mypage/activity): 応募中 and 選考終了. */
export class ActivityPage {
  constructor(
    readonly page: Page,
    readonly testInfo: TestInfo,
  ) {}

  get heading(): Locator {
    return this.page.getByRole('heading', { level: 1, name: '求職活動状況' });
  }

  get inProgress(): Locator {
    return this.page.getByRole('region', { name: '応募中' });
  }

  get closed(): Locator {
    return this.page.getByRole('region', { name: '選考終了' });
  }

  /** The row of a job among 応募中. */
  inProgressRow(jobTitle: string): Locator {
    return this.inProgress.getByRole('row', { name: new RegExp(escapeRegExp(jobTitle)) });
  }

  /** The row of a job among 選考終了. */
  closedRow(jobTitle: string): Locator {
    return this.closed.getByRole('row', { name: new RegExp(escapeRegExp(jobTitle)) });
  }

  /** The 「応募取消」 button of a row of 応募中. */
  cancelButton(jobTitle: string): Locator {
    return this.inProgress.getByRole('button', { name: cancelName(jobTitle) });
  }

  /** Through the menu, as a person does. */
  async open(): Promise<void> {
    await new MyPage(this.page, this.testInfo).via('求職活動状況');
    await this.expectShown();
  }

  async expectShown(): Promise<void> {
    await expect(this.page).toHaveURL((u) => u.pathname === '/mypage/activity');
    await expect(this.heading).toBeVisible();
  }
}
