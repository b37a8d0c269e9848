import { expect, type APIRequestContext } from '@playwright/test';

/**
 * The server's test clock (MYPAGE_TEST_CLOCK=1). It is global to the server,
 * which is why the suite runs one test at a time.
 */

/** Moves the clock forward, e.g. "31m", "2h", "31d". Returns the new time. */
export async function advanceClock(request: APIRequestContext, by: string): Promise<Date> {
  const res = await request.post('/__test/clock', { form: { advance: by } });
  expect(res.status(), `POST /__test/clock advance=${by}: ${await res.text()}`).toBe(200);
  return new Date((await res.text()).trim());
}

/** Reads the clock. */
export async function readClock(request: APIRequestContext): Promise<Date> {
  const res = await request.get('/__test/clock');
  expect(res.status()).toBe(200);
  return new Date((await res.text()).trim());
}
