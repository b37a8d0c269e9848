import { expect, type APIRequestContext } from '@playwright/test';

/**
 * The counter staff's actions (窓口), through the running server's test-mode
 * API (MYPAGE_TEST_CLOCK=1; 404 otherwise): the same code as the command
 * line `go run ./server staff …`, which must not open the embedded store of
 * a server that runs. So they work against any test-mode server, also one
 * started outside the suite.
 */

/** POST /__test/staff/registration-type: 利用登録者 (counter) or オンライン登録者 (online). */
export async function staffSetRegistrationType(
  request: APIRequestContext,
  email: string,
  type: 'counter' | 'online',
): Promise<{ email: string; name: string; type: string }> {
  const res = await request.post('/__test/staff/registration-type', { form: { email, type } });
  expect(res.status(), `registration-type ${email} ${type}: ${await res.text()}`).toBe(200);
  return (await res.json()) as { email: string; name: string; type: string };
}

/** POST /__test/staff/unlock-card: clears a simulated card's wrong PINs and lock. */
export async function staffUnlockCard(request: APIRequestContext, card: { number: string }): Promise<void> {
  const res = await request.post('/__test/staff/unlock-card', { form: { card: card.number } });
  expect(res.status(), `unlock-card ${card.number}: ${await res.text()}`).toBe(200);
}
