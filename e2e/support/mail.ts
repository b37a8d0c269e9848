import { expect, type Page, type TestInfo } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { slow } from './slow';
import { press } from './ui';

/**
 * The mail My Page sends, read from Mailpit (the SMTP server the suite
 * starts; see playwright.config.ts) through its API: GET /api/v1/messages
 * lists, newest first; GET /api/v1/message/{ID} is one mail with its text.
 * E2E_MAILPIT_URL names it (default http://127.0.0.1:8025, for a server
 * started by hand).
 */

export const mailpitURL = (): string => process.env.E2E_MAILPIT_URL ?? 'http://127.0.0.1:8025';

interface Address {
  Name: string;
  Address: string;
}

export interface MailSummary {
  ID: string;
  MessageID: string;
  From: Address;
  To: Address[];
  Subject: string;
  Created: string;
}

export interface Mail extends MailSummary {
  Date: string;
  Text: string;
}

async function api<T>(path: string): Promise<T> {
  const res = await fetch(mailpitURL() + path);
  if (!res.ok) throw new Error(`Mailpit ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** The mails Mailpit holds for an address, newest first. */
export async function mailsTo(to: string): Promise<MailSummary[]> {
  const list = await api<{ messages: MailSummary[] }>('/api/v1/messages?limit=1000');
  return list.messages.filter((m) => m.To.some((a) => a.Address.toLowerCase() === to.toLowerCase()));
}

/** One mail with its text. */
export async function readMail(id: string): Promise<Mail> {
  return api<Mail>(`/api/v1/message/${encodeURIComponent(id)}`);
}

/**
 * Waits for a mail to `to` whose subject matches, beyond the `skip` newest
 * ones already seen, and returns it. The mail goes through the outbox and
 * SMTP: it takes a moment.
 */
export async function waitForMail(to: string, subject: RegExp, opts: { timeout?: number; notIn?: string[] } = {}): Promise<Mail> {
  const seen = new Set(opts.notIn ?? []);
  let found: MailSummary | undefined;
  await expect
    .poll(
      async () => {
        found = (await mailsTo(to)).find((m) => subject.test(m.Subject) && !seen.has(m.ID));
        return !!found;
      },
      { message: `a mail to ${to} with the subject ${subject}`, timeout: opts.timeout ?? 20_000 * slow, intervals: [100, 250, 500] },
    )
    .toBe(true);
  return readMail(found!.ID);
}

/** The IDs of the mails to an address now: pass as notIn to wait for a new one. */
export async function mailIDs(to: string): Promise<string[]> {
  return (await mailsTo(to)).map((m) => m.ID);
}

/** The absolute link to `path` (with its query) in a mail's text. */
export function linkIn(mail: Mail, path: string): string {
  const m = new RegExp(`https?://[^\\s/]+${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:\\?[^\\s]*)?`).exec(mail.Text);
  if (!m) throw new Error(`no link to ${path} in the mail "${mail.Subject}":\n${mail.Text}`);
  return m[0];
}

/**
 * After 「開設する」 (or 「マイページを開設して連携」): 確認メールを送信しました, then
 * the 仮登録 mail in Mailpit, its link, the page with one button, and
 * 「求職者マイページを開設する」. Ends on the home, which says so once. axe on each page.
 */
export async function confirmRegistration(page: Page, email: string, testInfo: TestInfo, notIn: string[] = []): Promise<void> {
  await expect(page).toHaveURL((u) => u.pathname === '/register/sent');
  await expect(page.getByRole('heading', { level: 1, name: '確認メールを送信しました' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'メールが届かない場合' })).toBeVisible();
  await expectNoAxeViolations(page, '確認メールを送信しました');
  const mail = await waitForMail(email, /仮登録/, { notIn });
  const link = linkIn(mail, '/register/confirm');
  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1, name: '求職者マイページ開設の確認' })).toBeVisible();
  await expectNoAxeViolations(page, '求職者マイページ開設の確認');
  await press(page.getByRole('button', { name: '求職者マイページを開設する' }), testInfo);
  await expect(page).toHaveURL((u) => u.pathname === '/mypage' && u.search === '');
  await expect(page.getByRole('status').filter({ hasText: '求職者マイページを開設しました。' })).toBeVisible();
}
