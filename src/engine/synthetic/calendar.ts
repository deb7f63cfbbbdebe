// Calendar arithmetic on day numbers (days since 1970-01-01) and the NYSE holiday rules, so the
// synthetic data has exactly the trading days a US exchange has. Pure integer maths, no Date parsing.

import { civilFromDays, daysFromCivil } from '../civil-days';

export type { CivilDate } from '../civil-days';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a calendar date. */
export const dayNumber = daysFromCivil;
export const civilFromDay = civilFromDays;

/** 0 = Sunday … 6 = Saturday. */
export function weekday(dayNum: number): number {
  return (((dayNum + 4) % 7) + 7) % 7;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

export function formatDay(dayNum: number): string {
  const { year, month, day } = civilFromDay(dayNum);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** The day number of a real `YYYY-MM-DD` date, or null when the text is not one (2023-02-30 is not). */
export function parseDay(text: string): number | null {
  const match = ISO_DATE.exec(text);
  if (match === null) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const num = dayNumber(year, month, day);
  const back = civilFromDay(num);
  return back.year === year && back.month === month && back.day === day ? num : null;
}

function nthWeekday(year: number, month: number, dow: number, n: number): number {
  const first = dayNumber(year, month, 1);
  return first + ((dow - weekday(first) + 7) % 7) + (n - 1) * 7;
}

function lastWeekday(year: number, month: number, dow: number): number {
  const last = month === 12 ? dayNumber(year + 1, 1, 1) - 1 : dayNumber(year, month + 1, 1) - 1;
  return last - ((weekday(last) - dow + 7) % 7);
}

/** Easter Sunday (anonymous Gregorian algorithm). */
function easter(year: number): number {
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
  return dayNumber(year, month, day);
}

/** A fixed-date holiday moved to Friday when it falls on Saturday and to Monday on Sunday. */
function observed(dayNum: number): number {
  const dow = weekday(dayNum);
  if (dow === 6) return dayNum - 1;
  if (dow === 0) return dayNum + 1;
  return dayNum;
}

const holidayCache = new Map<number, ReadonlySet<number>>();

/**
 * NYSE full-day holidays of a year: New Year's Day (a Saturday New Year is not moved back into
 * December, per NYSE rule), Martin Luther King Jr. Day (from 1998), Washington's Birthday, Good Friday,
 * Memorial Day, Juneteenth (from 2022), Independence Day, Labor Day, Thanksgiving and Christmas.
 * One-off closures (national mourning, 9/11, Hurricane Sandy) are not modelled.
 */
export function nyseHolidays(year: number): ReadonlySet<number> {
  const cached = holidayCache.get(year);
  if (cached !== undefined) return cached;
  const days = new Set<number>();
  const newYear = dayNumber(year, 1, 1);
  if (weekday(newYear) !== 6) days.add(observed(newYear));
  if (year >= 1998) days.add(nthWeekday(year, 1, 1, 3));
  days.add(nthWeekday(year, 2, 1, 3));
  days.add(easter(year) - 2);
  days.add(lastWeekday(year, 5, 1));
  if (year >= 2022) days.add(observed(dayNumber(year, 6, 19)));
  days.add(observed(dayNumber(year, 7, 4)));
  days.add(nthWeekday(year, 9, 1, 1));
  days.add(nthWeekday(year, 11, 4, 4));
  days.add(observed(dayNumber(year, 12, 25)));
  holidayCache.set(year, days);
  return days;
}

const allHolidays = new Set<number>();
const yearsLoaded = new Set<number>();

export function isTradingDay(dayNum: number): boolean {
  const dow = weekday(dayNum);
  if (dow === 0 || dow === 6) return false;
  // Holidays of a year fall between Jan 1 and Dec 31 of that year, so approximating the year from the
  // day number (±1) and loading the neighbours is exact and avoids a civil-date conversion per day.
  const approxYear = 1970 + Math.floor(dayNum / 365.2425);
  if (!yearsLoaded.has(approxYear)) {
    for (const year of [approxYear - 1, approxYear, approxYear + 1]) for (const holiday of nyseHolidays(year)) allHolidays.add(holiday);
    yearsLoaded.add(approxYear);
  }
  return !allHolidays.has(dayNum);
}

/** Day numbers of the trading days in [start, end] (inclusive), ascending. */
export function tradingDaysBetween(start: number, end: number): number[] {
  const out: number[] = [];
  for (let d = start; d <= end; d += 1) if (isTradingDay(d)) out.push(d);
  return out;
}
