// CME Globex holidays and early closes for the equity-index, energy and metals contracts, from the team's
// futures-data reference §2.2 (rules) and §2.3 (dated table 2015–2027). Pure: dates are day numbers
// (days since 1970-01-01), times are minutes after midnight CT.
import { civilFromDays, daysFromCivil, easterSunday, formatIsoDay, nthWeekdayOfMonth, observedHoliday as observed, weekday } from '../civil-days';
import { parseMinute } from './contracts';
import type { ContractGroup } from './contracts';

/** CME treats energy (NYMEX) and metals (COMEX) alike; equity index (CME/CBOT) has its own hours. */
export type CalendarGroup = 'equity_index' | 'energy_metals';

/**
 * - `closed`: no Globex session carries that trade date.
 * - `holiday_halt`: a US holiday; Globex trades until `close_minute`, then halts and reopens at 17:00 CT for
 *   the next trade date. There is no settlement that day (its trades belong to the next trade date), so
 *   the regular session is skipped.
 * - `early_close`: an ordinary trade date whose session ends at `close_minute`: the regular session is
 *   shortened and flat-by moves to the close.
 */
export type SpecialDayKind = 'closed' | 'holiday_halt' | 'early_close';

export interface SpecialDay {
  /** Trade date as days since 1970-01-01. */
  readonly day: number;
  readonly date: string;
  readonly kind: SpecialDayKind;
  /** Minute (CT) trading stops; null when closed. */
  readonly close_minute: number | null;
  readonly event: string;
  /** The minute or the closure comes from one source only (reference marks it "verify" / "pmc"). */
  readonly unconfirmed: boolean;
}

/** A user's correction of one date: `closed`, `regular`, or the CT minute an early close happens. */
export interface CalendarOverride {
  readonly day: number;
  readonly close: 'closed' | 'regular' | number;
}

export type CalendarName = 'cme' | 'none';
export const CALENDAR_NAMES: readonly CalendarName[] = ['cme', 'none'];

export function calendarGroupOf(group: ContractGroup): CalendarGroup {
  return group === 'equity_index' ? 'equity_index' : 'energy_metals';
}

const HALT_EQUITY = 12 * 60;
const HALT_ENERGY_BEFORE_2022 = 12 * 60;
const HALT_ENERGY_FROM_2022 = 13 * 60 + 30;
const EARLY_EQUITY = 12 * 60 + 15;
const EARLY_ENERGY = 12 * 60 + 45;
const GOOD_FRIDAY_EQUITY = 8 * 60 + 15;
const MOURNING_EQUITY = 8 * 60 + 30;

/**
 * Good Friday is decided by CME each year: equity index futures trade an abbreviated session to 08:15 CT
 * when the jobs report is published that morning. 2015, 2021, 2023 are confirmed; 2024–2027 come from
 * pandas_market_calendars only. Any other year: closed.
 */
const GOOD_FRIDAY_EQUITY_SESSION: ReadonlyMap<number, boolean> = new Map([
  [2015, false],
  [2021, false],
  [2023, false],
  [2024, true],
  [2025, true],
  [2026, true],
  [2027, true],
]);

/** National days of mourning (ad hoc): equity index closed at 08:30 CT, energy and metals regular. */
const MOURNING_DAYS: readonly [number, number, number, string][] = [
  [2018, 12, 5, 'National day of mourning (G.H.W. Bush)'],
  [2025, 1, 9, 'National day of mourning (Carter)'],
];

const nthWeekday = nthWeekdayOfMonth;

function special(day: number, kind: SpecialDayKind, close: number | null, event: string, unconfirmed = false): SpecialDay {
  return { day, date: formatIsoDay(day), kind, close_minute: close, event, unconfirmed };
}

const yearCache = new Map<string, ReadonlyMap<number, SpecialDay>>();

/** Every special day of one year for one group, by day number. */
export function cmeSpecialDays(group: CalendarGroup, year: number): ReadonlyMap<number, SpecialDay> {
  const key = `${group}:${year}`;
  const cached = yearCache.get(key);
  if (cached !== undefined) return cached;
  const equity = group === 'equity_index';
  const halt = equity ? HALT_EQUITY : year >= 2022 ? HALT_ENERGY_FROM_2022 : HALT_ENERGY_BEFORE_2022;
  const haltUnconfirmed = !equity && year >= 2022;
  const days: SpecialDay[] = [];

  const newYear = daysFromCivil(year, 1, 1);
  // New Year's Day on a Saturday is not observed (no weekday closure); on a Sunday, Monday closes.
  if (weekday(newYear) !== 6) days.push(special(observed(newYear), 'closed', null, "New Year's Day"));
  days.push(special(nthWeekday(year, 1, 1, 3), 'holiday_halt', halt, 'Martin Luther King Jr. Day', haltUnconfirmed));
  days.push(special(nthWeekday(year, 2, 1, 3), 'holiday_halt', halt, "Presidents' Day", haltUnconfirmed));

  const goodFriday = easterSunday(year) - 2;
  const equitySession = GOOD_FRIDAY_EQUITY_SESSION.get(year);
  if (equity && equitySession !== undefined) days.push(special(goodFriday, 'early_close', GOOD_FRIDAY_EQUITY, 'Good Friday (jobs report: abbreviated session)', equitySession));
  else days.push(special(goodFriday, 'closed', null, 'Good Friday'));

  days.push(special(nthWeekday(year, 5, 1, -1), 'holiday_halt', halt, 'Memorial Day', haltUnconfirmed));
  if (year >= 2022) days.push(special(observed(daysFromCivil(year, 6, 19)), 'holiday_halt', halt, 'Juneteenth', haltUnconfirmed));

  const july4 = daysFromCivil(year, 7, 4);
  days.push(special(observed(july4), 'holiday_halt', halt, 'Independence Day', haltUnconfirmed));
  const july4Dow = weekday(july4);
  if (equity && july4Dow >= 2 && july4Dow <= 5) days.push(special(july4 - 1, 'early_close', EARLY_EQUITY, 'Day before Independence Day'));

  days.push(special(nthWeekday(year, 9, 1, 1), 'holiday_halt', halt, 'Labor Day', haltUnconfirmed));
  const thanksgiving = nthWeekday(year, 11, 4, 4);
  days.push(special(thanksgiving, 'holiday_halt', halt, 'Thanksgiving Day', haltUnconfirmed));
  days.push(special(thanksgiving + 1, 'early_close', equity ? EARLY_EQUITY : EARLY_ENERGY, 'Day after Thanksgiving'));

  const christmas = observed(daysFromCivil(year, 12, 25));
  const christmasEve = daysFromCivil(year, 12, 24);
  const eveDow = weekday(christmasEve);
  if (eveDow >= 1 && eveDow <= 5 && christmasEve !== christmas) {
    days.push(special(christmasEve, 'early_close', equity ? EARLY_EQUITY : EARLY_ENERGY, 'Christmas Eve', !equity));
  }
  days.push(special(christmas, 'closed', null, 'Christmas Day'));

  if (equity) {
    for (const [y, month, dayOfMonth, event] of MOURNING_DAYS) if (y === year) days.push(special(daysFromCivil(y, month, dayOfMonth), 'early_close', MOURNING_EQUITY, event));
  }
  const map = new Map<number, SpecialDay>(days.sort((a, b) => a.day - b.day).map((d) => [d.day, d]));
  yearCache.set(key, map);
  return map;
}

/** The special day at `day`, or null for a regular weekday (weekends are not listed). */
export function cmeSpecialDay(group: CalendarGroup, day: number): SpecialDay | null {
  return cmeSpecialDays(group, civilFromDays(day).year).get(day) ?? null;
}

/** A CME business day: a weekday that settles (not closed, not a holiday halt). */
export function isCmeBusinessDay(group: CalendarGroup, day: number): boolean {
  const dow = weekday(day);
  if (dow === 0 || dow === 6) return false;
  const s = cmeSpecialDay(group, day);
  return s === null || s.kind === 'early_close';
}

/**
 * Parses `YYYY-MM-DD=closed|regular|HH:MM` (a user's correction of one date); null when malformed.
 */
export function parseCalendarOverride(text: string, toDay: (iso: string) => number | null): CalendarOverride | null {
  const match = /^(\d{4}-\d{2}-\d{2})=(closed|regular|\d{2}:\d{2})$/.exec(text.trim());
  if (match === null) return null;
  const day = toDay(match[1]);
  if (day === null) return null;
  if (match[2] === 'closed' || match[2] === 'regular') return { day, close: match[2] };
  const minute = parseMinute(match[2]);
  return minute === null ? null : { day, close: minute };
}

/**
 * How one trade date's regular session runs under a calendar: `skip` (closed, or a holiday halt with no
 * settlement), or the minute it must end by (null = the contract's regular close).
 */
export interface SessionCalendarDay {
  readonly skip: boolean;
  /** Early close (CT minute): the regular session is cut there and flat-by moves to it. */
  readonly close_minute: number | null;
  readonly special: SpecialDay | null;
}

const REGULAR: SessionCalendarDay = { skip: false, close_minute: null, special: null };

/** The calendar's verdict on one trade date, overrides first. `none` treats every day as regular. */
export function sessionCalendarDay(calendar: CalendarName, group: CalendarGroup, day: number, overrides: readonly CalendarOverride[] = []): SessionCalendarDay {
  const override = overrides.find((o) => o.day === day);
  if (override !== undefined) {
    if (override.close === 'regular') return REGULAR;
    const found = special(day, override.close === 'closed' ? 'closed' : 'early_close', override.close === 'closed' ? null : override.close, 'override');
    return { skip: override.close === 'closed', close_minute: found.close_minute, special: found };
  }
  if (calendar === 'none') return REGULAR;
  const found = cmeSpecialDay(group, day);
  if (found === null) return REGULAR;
  if (found.kind !== 'early_close') return { skip: true, close_minute: found.close_minute, special: found };
  return { skip: false, close_minute: found.close_minute, special: found };
}
