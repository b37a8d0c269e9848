/**
 * Dates in Japan (Asia/Tokyo keeps no daylight saving time: a fixed +09:00)
 * and the date rules of server/domain/doc.go the suite checks pages against.
 */

const DAY = 24 * 60 * 60 * 1000;
const JST = 9 * 60 * 60 * 1000;

/** The first instant of t's calendar day in Japan. */
export function jstDay(t: Date): Date {
  const j = new Date(t.getTime() + JST);
  return new Date(Date.UTC(j.getUTCFullYear(), j.getUTCMonth(), j.getUTCDate()) - JST);
}

/** day (a jstDay) plus n days, at hh:mm:ss Japan time. */
export function jstAt(day: Date, n: number, hh = 0, mm = 0, ss = 0): Date {
  return new Date(day.getTime() + n * DAY + ((hh * 60 + mm) * 60 + ss) * 1000);
}

/**
 * t plus years on the Japanese calendar, as the server's AddDate(years, 0, 0)
 * on a Tokyo time (2027-03-01 00:00 JST + 5 years is 2032-03-01 00:00 JST,
 * whatever leap day lies between in UTC).
 */
export function addYears(t: Date, years: number): Date {
  const j = new Date(t.getTime() + JST);
  j.setUTCFullYear(j.getUTCFullYear() + years);
  return new Date(j.getTime() - JST);
}

/** The calendar date of t in Japan as the app writes it: 2021年9月21日. */
export function jpDate(t: Date): string {
  const j = new Date(t.getTime() + JST);
  return `${j.getUTCFullYear()}年${j.getUTCMonth() + 1}月${j.getUTCDate()}日`;
}

/** 「2021年11月30日」 → the first instant of that day in Japan. */
export function parseJpDate(s: string): Date {
  const m = /^\s*(\d{4})年(\d{1,2})月(\d{1,2})日\s*$/.exec(s);
  if (!m) throw new Error(`not a date like 2021年9月21日: ${JSON.stringify(s)}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - JST);
}

/**
 * Rule 1: registering on D makes the status 有効 until the last day of the
 * month after next (登録日 2021-09-21 → 有効期限 2021-11-30).
 */
export function initialValidUntil(registered: Date): Date {
  const j = new Date(registered.getTime() + JST);
  return new Date(Date.UTC(j.getUTCFullYear(), j.getUTCMonth() + 3, 0) - JST);
}
