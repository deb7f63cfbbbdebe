import { civilFromDays } from '../civil-days';

/** The compounded return of one calendar month or year. */
export interface PeriodReturn {
  readonly year: number;
  /** 1-12 for a month; null for a whole year. */
  readonly month: number | null;
  /** Fraction: last value of the period / last value before it − 1. */
  readonly return: number;
  /** Equity points of the curve that fall in the period. */
  readonly points: number;
}

export interface PeriodReturns {
  readonly months: readonly PeriodReturn[];
  readonly years: readonly PeriodReturn[];
}

/**
 * Monthly and yearly returns of an equity curve (days since 1970-01-01 and values, V_0 the starting
 * value): each calendar period's return is its last value over the last value before it − 1, so the
 * periods compound to the total return. The starting point only serves as the base of the first
 * period (a curve starting on 2023-12-31 has no December 2023 return). Months and years without
 * points are absent.
 */
export function computePeriodReturns(days: ArrayLike<number>, values: ArrayLike<number>): PeriodReturns {
  const months: PeriodReturn[] = [];
  const years: PeriodReturn[] = [];
  const n = values.length;
  if (n < 2) return { months, years };
  let monthBase = values[0];
  let yearBase = values[0];
  let current = civilFromDays(days[1]);
  let monthPoints = 0;
  let yearPoints = 0;
  for (let i = 1; i < n; i += 1) {
    const date = civilFromDays(days[i]);
    if (date.year !== current.year || date.month !== current.month) {
      const last = values[i - 1];
      months.push({ year: current.year, month: current.month, return: last / monthBase - 1, points: monthPoints });
      monthBase = last;
      monthPoints = 0;
      if (date.year !== current.year) {
        years.push({ year: current.year, month: null, return: last / yearBase - 1, points: yearPoints });
        yearBase = last;
        yearPoints = 0;
      }
      current = date;
    }
    monthPoints += 1;
    yearPoints += 1;
  }
  const last = values[n - 1];
  months.push({ year: current.year, month: current.month, return: last / monthBase - 1, points: monthPoints });
  years.push({ year: current.year, month: null, return: last / yearBase - 1, points: yearPoints });
  return { months, years };
}
