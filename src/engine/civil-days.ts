// Calendar dates as integer days since 1970-01-01 (proleptic Gregorian, no time zone), so date
// arithmetic is exact and costs no Date allocation. One implementation for the whole codebase: parse and format
// `YYYY-MM-DD` here (the engine, the modules and the CLIs import it through engine/index.ts).
// Algorithms: H. Hinnant, "chrono-compatible low-level date algorithms" (days_from_civil / civil_from_days).

export interface CivilDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** Days since 1970-01-01 of a calendar date (month 1-12). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The calendar date of a day number. */
export function civilFromDays(dayNumber: number): CivilDate {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

const TWO_DIGITS = Array.from({ length: 100 }, (_, n) => (n < 10 ? `0${n}` : `${n}`));

/** Formats a day number as `YYYY-MM-DD` (years 0000-9999). */
export function formatIsoDay(dayNumber: number): string {
  const { year, month, day } = civilFromDays(dayNumber);
  return `${year >= 1000 ? year : String(year).padStart(4, '0')}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}`;
}

const ZERO = 48;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function digit(text: string, index: number): number {
  const d = text.charCodeAt(index) - ZERO;
  return d >= 0 && d <= 9 ? d : -1;
}

/** The shape of a `YYYY-MM-DD` text (request validation's first check; `parseIsoDay` also checks the date is real). */
export const ISO_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Parses a strict `YYYY-MM-DD` that is a real calendar date (2023-02-29 is not) into days since 1970-01-01;
 * null for anything else (other lengths, separators, signs, a time part, a non-string). No Date allocation.
 */
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

/** Smallest and largest day numbers `formatIsoDay` can print as four-digit years. */
export const MIN_EPOCH_DAY = daysFromCivil(0, 1, 1);
export const MAX_EPOCH_DAY = daysFromCivil(9999, 12, 31);

/** The `YYYY-MM-DD` `days` calendar days after (before, when negative) a `YYYY-MM-DD`; a RangeError when `iso` is not a date. */
export function shiftIsoDay(iso: string, days: number): string {
  const day = parseIsoDay(iso);
  if (day === null) throw new RangeError(`"${iso}" is not a date YYYY-MM-DD`);
  return formatIsoDay(day + days);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

/** The n-th (1-based) weekday `dow` (0 = Sunday) of a month, or the last one when n = -1. */
export function nthWeekdayOfMonth(year: number, month: number, dow: number, n: number): number {
  if (n > 0) {
    const first = daysFromCivil(year, month, 1);
    return first + ((dow - weekday(first) + 7) % 7) + (n - 1) * 7;
  }
  const last = daysFromCivil(year, month + 1, 1) - 1;
  return last - ((weekday(last) - dow + 7) % 7);
}

/** Easter Sunday of a year (Gregorian; the anonymous "Meeus/Jones/Butcher" algorithm). */
export function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return daysFromCivil(year, month, day);
}

/** A fixed-date US holiday as observed: the Friday before when it falls on a Saturday, the Monday after a Sunday. */
export function observedHoliday(dayNumber: number): number {
  const dow = weekday(dayNumber);
  return dow === 6 ? dayNumber - 1 : dow === 0 ? dayNumber + 1 : dayNumber;
}

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
