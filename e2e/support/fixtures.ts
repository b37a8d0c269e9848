import { test as base } from '@playwright/test';
import { TestClock } from './clock';

/**
 * The suite's test: every test gets `clock`, a test clock of its own,
 * attached to its browser context, so the seekers it registers live on it.
 */
export const test = base.extend<{ clock: TestClock }>({
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
