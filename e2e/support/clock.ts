import { expect, type APIRequestContext, type BrowserContext, type Page } from '@playwright/test';

/**
 * Test clocks (MYPAGE_TEST_CLOCK=1), after Stripe's: a clock is an object
 * with a time of its own that only the test moves. A browser context that
 * carries the cookie `mypage_test_clock` runs on the clock, and a seeker
 * registered from it is attached to it for good: its sessions, validity,
 * withdrawal window and retention read that clock, and nothing else moves.
 * So every test owns its time, and tests never disturb one another's.
 */
export const clockCookie = 'mypage_test_clock';

/** What the retention sweep of a clock deleted. */
export interface RetentionReport {
  Seekers: string[];
  Deleted: {
    Seekers: number;
    Logins: number;
    Sessions: number;
    Applications: number;
    Messages: number;
    Links: number;
    LoginHistory: number;
  };
  SweptAt: string;
  SeekersSeen: number;
}

export class TestClock {
  private constructor(
    private readonly request: APIRequestContext,
    readonly id: string,
  ) {}

  /** A new clock at `at` (to the minute), or at the wall clock's minute. */
  static async create(request: APIRequestContext, at: Date = new Date()): Promise<TestClock> {
    const time = new Date(Math.floor(at.getTime() / 60_000) * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const res = await request.post('/__test/clocks', { form: { time } });
    expect(res.status(), `POST /__test/clocks time=${time}: ${await res.text()}`).toBe(201);
    const body = (await res.json()) as { id: string; now: string };
    expect(body.id).toBeTruthy();
    return new TestClock(request, body.id);
  }

  /** The clock of an id, driven through request. */
  static of(request: APIRequestContext, id: string): TestClock {
    return new TestClock(request, id);
  }

  /** Runs every request of the context on this clock. */
  async attach(context: BrowserContext, baseURL: string): Promise<void> {
    await context.addCookies([{ name: clockCookie, value: this.id, url: baseURL }]);
  }

  /** The clock's time. */
  async now(): Promise<Date> {
    const res = await this.request.get(`/__test/clocks/${this.id}`);
    expect(res.status(), `GET /__test/clocks/${this.id}`).toBe(200);
    return new Date(((await res.json()) as { now: string }).now);
  }

  /** Moves the clock forward, e.g. "31m", "2h", "31d". Returns the new time. */
  async advance(by: string): Promise<Date> {
    const res = await this.request.post(`/__test/clocks/${this.id}/advance`, { form: { by } });
    expect(res.status(), `advance ${this.id} by ${by}: ${await res.text()}`).toBe(200);
    return new Date(((await res.json()) as { now: string }).now);
  }

  /** Moves the clock forward to `at` or, to the minute, just past it. */
  async moveTo(at: Date): Promise<Date> {
    const now = await this.now();
    const minutes = Math.ceil((at.getTime() - now.getTime()) / 60_000);
    expect(minutes, `a clock only moves forward: now ${now.toISOString()}, asked ${at.toISOString()}`).toBeGreaterThan(0);
    return this.advance(`${minutes}m`);
  }

  /** The retention sweep at the clock's time, over the seekers attached to it. */
  async sweep(): Promise<RetentionReport> {
    const res = await this.request.post(`/__test/clocks/${this.id}/retention`);
    expect(res.status(), `retention on ${this.id}: ${await res.text()}`).toBe(200);
    const r = (await res.json()) as RetentionReport;
    return { ...r, Seekers: r.Seekers ?? [] };
  }
}

/** The test clock the page's browser context runs on. */
export async function clockOf(page: Page): Promise<TestClock> {
  const cookie = (await page.context().cookies()).find((c) => c.name === clockCookie);
  expect(cookie, 'the browser context runs on a test clock').toBeTruthy();
  return TestClock.of(page.request, cookie!.value);
}
