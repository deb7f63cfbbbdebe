import { EngineError } from '../errors';
import { formatIsoDay, MAX_EPOCH_DAY, MIN_EPOCH_DAY, parseIsoDay } from '../civil-days';
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

function invalidDayNumber(i: number, day: number): EngineError {
  return invalid(`equity[${i}].date`, `day number ${day} is outside years 0000-9999.`);
}

function invalidValue(i: number, value: unknown): EngineError {
  return invalid(`equity[${i}].value`, `must be a finite number > 0; got ${describe(value)}.`);
}

function outOfOrder(i: number, days: Int32Array, dateStrings: readonly string[] | null): EngineError {
  const kind = days[i] === days[i - 1] ? 'duplicates' : 'is before';
  const here = dateStrings !== null ? dateStrings[i] : formatIsoDay(days[i]);
  const before = dateStrings !== null ? dateStrings[i - 1] : formatIsoDay(days[i - 1]);
  return invalid(`equity[${i}].date`, `${here} ${kind} the previous date ${before}; dates must be strictly increasing.`);
}

/** The typed-column fast path: nothing to convert, so one tight checking loop (same errors as below). */
function typedColumnsCurve(days: Int32Array, values: Float64Array): EquityCurve {
  const length = values.length;
  for (let i = 0; i < length; i += 1) {
    const day = days[i];
    if (day < MIN_EPOCH_DAY || day > MAX_EPOCH_DAY) throw invalidDayNumber(i, day);
    const value = values[i];
    if (!(value > 0) || value === Infinity) throw invalidValue(i, value);
    if (i > 0 && day <= days[i - 1]) throw outOfOrder(i, days, null);
  }
  return { length, days, values, dateStrings: null };
}

/**
 * Validates and converts an equity curve (rows or columns) into typed arrays in one pass. Throws
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
  if (columns && equity.dates instanceof Int32Array && equity.values instanceof Float64Array) return typedColumnsCurve(equity.dates, equity.values);
  const epochDays = columns && equity.dates instanceof Int32Array ? equity.dates : null;
  const dateStrings: readonly string[] | null = epochDays !== null ? null : columns ? (equity.dates as readonly string[]) : new Array<string>(length);
  const days = epochDays ?? new Int32Array(length);
  const values = columns && equity.values instanceof Float64Array ? equity.values : new Float64Array(length);
  for (let i = 0; i < length; i += 1) {
    let rawDate: unknown;
    let value: unknown;
    if (columns) {
      rawDate = epochDays === null ? (dateStrings as readonly string[])[i] : null;
      value = equity.values[i];
    } else {
      const point = equity[i] as EquityPoint | null | undefined;
      if (typeof point !== 'object' || point === null) throw invalid(`equity[${i}]`, 'must be an object {date, value}.');
      rawDate = point.date;
      value = point.value;
      (dateStrings as string[])[i] = point.date;
    }
    if (epochDays === null) {
      const day = parseIsoDay(rawDate);
      if (day === null) throw invalid(`equity[${i}].date`, `must be a calendar date YYYY-MM-DD; got ${describe(rawDate)}.`);
      days[i] = day;
    } else if (epochDays[i] < MIN_EPOCH_DAY || epochDays[i] > MAX_EPOCH_DAY) {
      throw invalidDayNumber(i, epochDays[i]);
    }
    if (typeof value !== 'number' || !(value > 0) || value === Infinity) throw invalidValue(i, value);
    values[i] = value;
    if (i > 0 && days[i] <= days[i - 1]) throw outOfOrder(i, days, dateStrings);
  }
  return { length, days, values, dateStrings };
}
