// Calendar arithmetic on day numbers (days since 1970-01-01) and the NYSE holiday rules, so the
// synthetic data has exactly the trading days a US exchange has. Pure integer maths, no Date parsing.

import { daysFromCivil, easterSunday, nthWeekdayOfMonth, observedHoliday, weekday } from '../civil-days';

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
  const newYear = daysFromCivil(year, 1, 1);
  if (weekday(newYear) !== 6) days.add(observedHoliday(newYear));
  if (year >= 1998) days.add(nthWeekdayOfMonth(year, 1, 1, 3));
  days.add(nthWeekdayOfMonth(year, 2, 1, 3));
  days.add(easterSunday(year) - 2);
  days.add(nthWeekdayOfMonth(year, 5, 1, -1));
  if (year >= 2022) days.add(observedHoliday(daysFromCivil(year, 6, 19)));
  days.add(observedHoliday(daysFromCivil(year, 7, 4)));
  days.add(nthWeekdayOfMonth(year, 9, 1, 1));
  days.add(nthWeekdayOfMonth(year, 11, 4, 4));
  days.add(observedHoliday(daysFromCivil(year, 12, 25)));
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
