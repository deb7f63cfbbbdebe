// Calendar dates as integer days since 1970-01-01 (proleptic Gregorian, no time zone), so date
// arithmetic is exact and costs no Date allocation. Algorithms: H. Hinnant, "chrono-compatible
// low-level date algorithms" (days_from_civil / civil_from_days).

import { civilFromDays, daysFromCivil, formatIsoDay } from '../civil-days';

const ZERO = 48;


function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digit(text: string, index: number): number {
  const d = text.charCodeAt(index) - ZERO;
  return d >= 0 && d <= 9 ? d : -1;
}

/** Parses a strict `YYYY-MM-DD` calendar date into days since 1970-01-01, or returns null. */
export function parseIsoDay(text: unknown): number | null {
  if (typeof text !== 'string' || text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return null;
  const y0 = digit(text, 0);
  const y1 = digit(text, 1);
  const y2 = digit(text, 2);
  const y3 = digit(text, 3);
  const m0 = digit(text, 5);
  const m1 = digit(text, 6);
  const d0 = digit(text, 8);
  const d1 = digit(text, 9);
  if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) < 0) return null;
  const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const month = m0 * 10 + m1;
  const day = d0 * 10 + d1;
  if (month < 1 || month > 12 || day < 1) return null;
  const monthDays = month === 2 && isLeapYear(year) ? 29 : MONTH_DAYS[month - 1];
  if (day > monthDays) return null;
  return daysFromCivil(year, month, day);
}

export { formatIsoDay };

const DAY_OF_MONTH = Array.from({ length: 32 }, (_, d) => String(d).padStart(2, '0'));

/**
 * `formatIsoDay` of `days[from] … days[to - 1]` (increasing), as one string array. Consecutive days share
 * their month, so each month's `YYYY-MM-` is computed once: a million days cost a few milliseconds, not a
 * civil-date conversion each.
 */
export function formatIsoDays(days: ArrayLike<number>, from: number, to: number): string[] {
  const out = new Array<string>(to - from);
  let monthStart = 1;
  let monthEnd = 0;
  let prefix = '';
  for (let i = from; i < to; i += 1) {
    const day = days[i];
    if (day < monthStart || day > monthEnd) {
      const civil = civilFromDays(day);
      monthStart = day - civil.day + 1;
      monthEnd = daysFromCivil(civil.month === 12 ? civil.year + 1 : civil.year, civil.month === 12 ? 1 : civil.month + 1, 1) - 1;
      prefix = formatIsoDay(day).slice(0, 8);
    }
    out[i - from] = prefix + DAY_OF_MONTH[day - monthStart + 1];
  }
  return out;
}

/** Smallest and largest day numbers `formatIsoDay` can print as four-digit years. */
export const MIN_EPOCH_DAY = daysFromCivil(0, 1, 1);
export const MAX_EPOCH_DAY = daysFromCivil(9999, 12, 31);
