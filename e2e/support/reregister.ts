import { expect, type Page, type TestInfo } from '@playwright/test';
import { type Account } from './seeker';
import { field, press } from './ui';

/**
 * アカウント再登録 (/reregister): fills e-mail and password and presses
 * 「再登録する」; returns the status of the answer once its page has loaded.
 */
export async function submitReregistration(page: Page, who: Account, testInfo: TestInfo): Promise<number> {
  await expect(page).toHaveURL((u) => u.pathname === '/reregister');
  await expect(page.getByRole('heading', { level: 1, name: 'アカウント再登録' })).toBeVisible();
  await field(page, 'メールアドレス').fill(who.email);
  await field(page, 'パスワード').fill(who.password);
  const res = page.waitForResponse((r) => new URL(r.url()).pathname === '/reregister' && r.request().method() === 'POST');
  const loaded = page.waitForEvent('domcontentloaded');
  await press(page.getByRole('main').getByRole('button', { name: '再登録する' }), testInfo);
  const status = (await res).status();
  await loaded;
  return status;
}
