/**
 * E2E_SLOW=N multiplies every time budget of the suite (the tests', the
 * assertions', the wait for a mail) by N, for a machine busy with other work
 * (two suites at once, a shared CI runner). Nothing else changes: the same
 * steps, the same assertions.
 */
export const slow = Math.max(1, Number(process.env.E2E_SLOW) || 1);
