// Package domain owns the records of My Page and the rules of the manual about
// them: validity of the job-seeking status, what a seeker may do and when.
// It imports neither HTTP nor the store, and every rule takes the time it is
// asked about, so tests can walk the calendar. All dates are in Asia/Tokyo.
//
// A rule is decided here once. Where a change must be guarded against a
// concurrent one, the rule is also given as data (Condition:
// WithdrawableWhen, ApplicableWhen), which the store turns into the guard of
// its single-document update; the refusals (ErrApplying, ErrAlreadyApplied
// and the rest) are declared here, and pages get the answers as booleans
// (Seeker.CanWithdraw), never the rule.
//
// The rules, numbered as the code and the tests cite them:
//
//  1. 求職状態 — 有効 or 無効. Registration on D makes it 有効 until the last
//     day of the month after next (登録日 2021-09-21 → 有効期限 2021-11-30).
//     An online self-application made in the last month of validity extends
//     it by one month (Seeker.Apply; refused while 無効 and for a job
//     already 応募中). The day after the expiry the status is 無効. In 各種設定
//     the seeker sees status and expiry, can switch to 無効, and can switch
//     back to 有効 only while the validity period has not ended; after that
//     the page says to visit HelloWork (staff renew it).
//  2. 退会 (manual 9.2) — 各種設定 → 「マイページを退会」 → 退会確認 → 「完了」 →
//     退会完了. While any self-application is 応募中 the button is disabled,
//     says why, and the POST is refused too (Seeker.CanWithdraw). Withdrawal
//     ends every session of the account (one opened by a sign-in racing the
//     withdrawal too), stops both ways of signing in, keeps the data, and a
//     double submit is harmless. Withdrawal does not change 求職状態.
//  3. アカウント再登録 — up to and including the 30th day after the
//     withdrawal day, the old e-mail and password restore the account and
//     sign the seeker in. From the 31st day it is refused with the manual's
//     guidance for 利用登録者 and オンライン登録者, and the e-mail may open a
//     new My Page (Seeker.KeepsLogin); the old record stays until rule 5
//     deletes it. An unknown e-mail and a wrong password get the same
//     message; attempts are throttled like login.
//  4. Counter staff, by command line: reopen a withdrawn account after the
//     30 days, renew validity, unlock a simulated card, run the retention
//     sweep now.
//  5. 5 years after the status became 無効, all of the seeker's data is
//     deleted, withdrawn or not. The status becomes 無効 when the seeker
//     switches it off or the validity ends; withdrawal alone does not start
//     the 5 years, and a validity renewed by staff keeps the data. The
//     sweeper runs at start and every hour, is idempotent, and a crash
//     half-way leaves nothing half-visible.
//  6. ログアウト (manual 3.3) — PC: a 「ログアウト」 button at the top of every
//     My Page screen; smartphone: the menu button opens the menu that holds
//     it. The session is deleted on the server, the cookie expired, and the
//     browser lands on the top page. Logging out of an ended session lands
//     there too.
//  7. MyNaPortal stays independent: My Page never ends the provider's
//     session and the provider never ends My Page's. A session remembers
//     that it came through MyNaPortal; after its logout the top page shows
//     the manual's note with a link to log out at MyNaPortal. A MyNaPortal
//     identity waiting to be linked belongs to that attempt only: it ends at
//     logout, at any sign-in, at 「キャンセル」 and after 10 minutes, and is
//     used at most once.
package domain
