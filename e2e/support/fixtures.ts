import { test as base, type TestInfo } from '@playwright/test';
import { createHash } from 'node:crypto';
import { TestClock } from './clock';

/**
 * The client address a test's requests come from. The server believes
 * X-Forwarded-For from loopback (MYPAGE_TRUSTED_PROXIES in the config), so
 * every test is a client of its own: the per-address sign-in throttle
 * counts exactly that test's attempts, and no test trips another's.
 */
export function clientAddressOf(testInfo: TestInfo): string {
  const h = createHash('sha256').update(`${testInfo.testId}/${testInfo.repeatEachIndex}/${testInfo.retry}/${process.pid}`).digest();
  return `10.${h[0]}.${h[1]}.${1 + (h[2] % 254)}`;
}

/**
 * The suite's test: every test gets `clock`, a test clock of its own,
 * attached to its browser context, so the seekers it registers live on it,
 * and a client address of its own.
 */
export const test = base.extend<{ clock: TestClock }>({
  extraHTTPHeaders: async ({ extraHTTPHeaders }, use, testInfo) => {
    await use({ ...extraHTTPHeaders, 'X-Forwarded-For': clientAddressOf(testInfo) });
  },
  clock: [
    async ({ context, playwright, baseURL }, use) => {
      const request = await playwright.request.newContext({ baseURL });
      const clock = await TestClock.create(request);
      await clock.attach(context, baseURL as string);
      await use(clock);
      await request.dispose();
    },
    { auto: true },
  ],
});

export { expect } from '@playwright/test';
