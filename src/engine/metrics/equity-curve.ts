import { EngineError } from '../errors';
import { formatIsoDay, MAX_EPOCH_DAY, MIN_EPOCH_DAY, parseIsoDay } from './dates';
import type { EquityColumns, EquityPoint } from './types';

/** A validated equity curve in columns: strictly increasing days, finite positive values. */
export interface EquityCurve {
  readonly length: number;
  readonly days: Int32Array;
  readonly values: Float64Array;
  /** The caller's date strings when given as strings (kept to avoid re-formatting). */
  readonly dateStrings: readonly string[] | null;
}

export function dateOf(curve: EquityCurve, index: number): string {
  return curve.dateStrings !== null ? curve.dateStrings[index] : formatIsoDay(curve.days[index]);
}

function invalid(field: string, message: string): EngineError {
  return new EngineError('INVALID_INPUT', `${field} ${message}`, [{ field, message }]);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number') return String(value);
  return value === null ? 'null' : typeof value;
}

function isColumns(equity: readonly EquityPoint[] | EquityColumns): equity is EquityColumns {
  return !Array.isArray(equity);
}

/**
 * Validates and converts an equity curve (rows or columns) into typed arrays. Throws
 * `EngineError('INVALID_INPUT')` naming the first offending row: fewer than 2 points, a malformed,
 * duplicate or out-of-order date, or a value that is not a finite number > 0.
 */
export function toEquityCurve(equity: readonly EquityPoint[] | EquityColumns): EquityCurve {
  const columns = isColumns(equity);
  const length = columns ? equity.values.length : equity.length;
  if (columns && equity.dates.length !== length) {
    throw invalid('equity.dates', `has ${equity.dates.length} entries but equity.values has ${length}; they must be aligned.`);
  }
  if (length < 2) throw invalid('equity', `needs at least 2 points (the starting value and one more); got ${length}.`);
  const days = columns && equity.dates instanceof Int32Array ? equity.dates : new Int32Array(length);
  const values = columns && equity.values instanceof Float64Array ? equity.values : new Float64Array(length);
  let dateStrings: readonly string[] | null = null;
  if (!columns) {
    const strings = new Array<string>(length);
    for (let i = 0; i < length; i += 1) {
      const point = equity[i] as EquityPoint | null | undefined;
      if (typeof point !== 'object' || point === null) throw invalid(`equity[${i}]`, 'must be an object {date, value}.');
      const day = parseIsoDay(point.date);
      if (day === null) throw invalid(`equity[${i}].date`, `must be a calendar date YYYY-MM-DD; got ${describe(point.date)}.`);
      days[i] = day;
      strings[i] = point.date;
      values[i] = point.value;
    }
    dateStrings = strings;
  } else {
    const { dates } = equity;
    if (!(dates instanceof Int32Array)) {
      for (let i = 0; i < length; i += 1) {
        const day = parseIsoDay(dates[i]);
        if (day === null) throw invalid(`equity[${i}].date`, `must be a calendar date YYYY-MM-DD; got ${describe(dates[i])}.`);
        days[i] = day;
      }
      dateStrings = dates;
    } else {
      for (let i = 0; i < length; i += 1) {
        if (dates[i] < MIN_EPOCH_DAY || dates[i] > MAX_EPOCH_DAY) throw invalid(`equity[${i}].date`, `day number ${dates[i]} is outside years 0000-9999.`);
      }
    }
    if (!(equity.values instanceof Float64Array)) {
      for (let i = 0; i < length; i += 1) values[i] = equity.values[i];
    }
  }
  for (let i = 0; i < length; i += 1) {
    const value = values[i];
    // typeof guards rows whose value is a numeric string or missing: Float64Array would coerce it.
    if (!columns && typeof (equity as readonly EquityPoint[])[i].value !== 'number') {
      throw invalid(`equity[${i}].value`, `must be a finite number > 0; got ${describe((equity as readonly EquityPoint[])[i].value)}.`);
    }
    if (!(value > 0) || value === Infinity) throw invalid(`equity[${i}].value`, `must be a finite number > 0; got ${String(value)}.`);
    if (i > 0 && days[i] <= days[i - 1]) {
      const kind = days[i] === days[i - 1] ? 'duplicates' : 'is before';
      const here = dateStrings !== null ? dateStrings[i] : formatIsoDay(days[i]);
      const before = dateStrings !== null ? dateStrings[i - 1] : formatIsoDay(days[i - 1]);
      throw invalid(`equity[${i}].date`, `${here} ${kind} the previous date ${before}; dates must be strictly increasing.`);
    }
  }
  return { length, days, values, dateStrings };
}
