import { test as base, type TestInfo } from '@playwright/test';
import { createHash } from 'node:crypto';
import { clockCookie, TestClock } from './clock';
import { registerOverHTTP, type Seeker } from './seeker';
import { uniqueEmail } from './seekers';

export { slow } from './slow';

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

export interface SeekerOptions {
  /** Start the test's browser signed in as the seeker (default: no). */
  signedIn?: boolean;
  /** The name on the record (default: a name per test). */
  name?: string;
  /** 利用を希望するハローワーク (default 飯田橋公共職業安定所). */
  office?: string;
}

interface Fixtures {
  /** A test clock of the test's own, attached to its browser context. */
  clock: TestClock;
  /**
   * Whether `seeker` starts signed in in the test's browser (its storage
   * state, made by the registration, is loaded into the context). On by
   * default: `test.use({ signedIn: false })` for journeys about signing in.
   */
  signedIn: boolean;
  /** Registers another seeker of the test's own, on its clock. */
  newSeeker: (opts?: SeekerOptions) => Promise<Seeker>;
  /** A seeker of the test's own, registered on its clock. */
  seeker: Seeker;
}

const names = ['一郎', '二郎', '三郎', '四郎', '五郎'];

/**
 * The suite's test: every test gets `clock`, a test clock of its own,
 * attached to its browser context, a client address of its own, and on
 * demand `seeker`, a seeker of its own.
 */
export const test = base.extend<Fixtures>({
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
  signedIn: [true, { option: true }],
  newSeeker: async ({ playwright, baseURL, clock, context, userAgent }, use, testInfo) => {
    let n = 0;
    await use(async (opts: SeekerOptions = {}) => {
      const host = new URL(baseURL as string).hostname;
      // A client like the test's browser: its address, user agent and clock.
      const request = await playwright.request.newContext({
        baseURL,
        userAgent,
        extraHTTPHeaders: { 'X-Forwarded-For': clientAddressOf(testInfo) },
        storageState: {
          cookies: [{ name: clockCookie, value: clock.id, domain: host, path: '/', expires: -1, httpOnly: false, secure: false, sameSite: 'Lax' }],
          origins: [],
        },
      });
      try {
        const who = {
          email: uniqueEmail(testInfo, `seeker${n}`),
          password: `Seeker-${n}-2026-pass`,
          name: opts.name ?? `求職 ${names[n % names.length]}`,
        };
        n++;
        const seeker = await registerOverHTTP(request, who, opts.office);
        if (opts.signedIn) {
          // The signed-in state of the registration, reused by the browser.
          const { cookies } = await request.storageState();
          await context.addCookies(cookies);
        } else {
          await request.post('/logout', { maxRedirects: 0 });
        }
        return seeker;
      } finally {
        await request.dispose();
      }
    });
  },
  seeker: async ({ newSeeker, signedIn }, use) => {
    await use(await newSeeker({ signedIn }));
  },
});

export { expect } from '@playwright/test';
