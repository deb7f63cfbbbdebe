import { daysFromCivil } from '../civil-days';
import type { MinuteBars } from '../data/types';
import { EngineError } from '../errors';

/**
 * Minute-bar CSV, one bar per line: `timestamp,open,high,low,close,volume`.
 * - An optional header line (first field not a timestamp) is skipped; blank lines are ignored; CRLF is fine.
 * - `timestamp` is the bar OPEN time: ISO 8601 with `Z` or a `±HH:MM` offset (`2024-03-11T08:30:00-05:00`,
 *   fractional seconds allowed), or epoch milliseconds (any integer below 1e11 is read as epoch seconds).
 * - Prices positive with low <= open, close <= high; volume >= 0; bars in strictly increasing time order.
 * Errors name the line (1-based). Give the file's bytes (UTF-8/ASCII) or its text; bytes skip decoding.
 */
export function parseMinuteBarsCsv(input: string | Uint8Array, symbol: string): MinuteBars {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  const length = bytes.length;
  let capacity = 1;
  for (let p = bytes.indexOf(10); p !== -1; p = bytes.indexOf(10, p + 1)) capacity += 1;
  const time = new Float64Array(capacity);
  const columns = [new Float64Array(capacity), new Float64Array(capacity), new Float64Array(capacity), new Float64Array(capacity), new Float64Array(capacity)];
  const [open, high, low, close, volume] = columns;
  const fieldEnds = new Int32Array(6);
  let n = 0;
  let lineNo = 0;
  let pos = 0;
  while (pos < length) {
    let end = bytes.indexOf(10, pos);
    if (end === -1) end = length;
    lineNo += 1;
    let lineEnd = end;
    if (lineEnd > pos && bytes[lineEnd - 1] === 13) lineEnd -= 1;
    if (lineEnd > pos) {
      let fields = 0;
      for (let i = pos; i < lineEnd; i += 1) {
        if (bytes[i] === 44) {
          if (fields === 5) fail(lineNo, 'expected 6 comma-separated fields, found more');
          fieldEnds[fields] = i;
          fields += 1;
        }
      }
      fieldEnds[fields] = lineEnd;
      if (fields !== 5) fail(lineNo, 'expected 6 comma-separated fields: timestamp,open,high,low,close,volume');
      const t = parseTimestamp(bytes, pos, fieldEnds[0]);
      if (Number.isNaN(t)) {
        if (n === 0 && lineNo === 1) {
          pos = end + 1;
          continue;
        }
        fail(lineNo, `timestamp "${text(bytes, pos, fieldEnds[0])}" is neither ISO 8601 with an offset nor epoch milliseconds`);
      }
      if (n > 0 && t <= time[n - 1]) fail(lineNo, 'timestamp is not after the previous bar (bars must be in increasing time order)');
      time[n] = t;
      let start = fieldEnds[0] + 1;
      for (let c = 0; c < 5; c += 1) {
        const stop = fieldEnds[c + 1];
        const value = parseDecimal(bytes, start, stop);
        if (!(value >= 0) || value === Infinity || (c < 4 && value === 0)) fail(lineNo, `${COLUMN_NAMES[c]} "${text(bytes, start, stop)}" is not a ${c < 4 ? 'positive' : 'non-negative'} number`);
        columns[c][n] = value;
        start = stop + 1;
      }
      if (high[n] < low[n] || high[n] < Math.max(open[n], close[n]) || low[n] > Math.min(open[n], close[n])) fail(lineNo, 'prices must satisfy low <= open, close <= high');
      n += 1;
    }
    pos = end + 1;
  }
  return { symbol, time: time.slice(0, n), open: open.slice(0, n), high: high.slice(0, n), low: low.slice(0, n), close: close.slice(0, n), volume: volume.slice(0, n) };
}

const COLUMN_NAMES = ['open', 'high', 'low', 'close', 'volume'];
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
const DAY_MS = 86_400_000;

function text(bytes: Uint8Array, from: number, to: number): string {
  return new TextDecoder().decode(bytes.subarray(from, to));
}

function fail(line: number, message: string): never {
  throw new EngineError('INVALID_INPUT', `CSV line ${line}: ${message}.`, [{ field: 'csv', message: `line ${line}: ${message}` }]);
}

/**
 * Plain decimals (`5001.25`) read from the bytes: an integer mantissa divided by a power of ten is
 * correctly rounded, so this equals `Number(text)`; anything else (exponent, sign, long mantissa)
 * falls back to `Number`.
 */
function parseDecimal(bytes: Uint8Array, from: number, to: number): number {
  if (from >= to) return Number.NaN;
  let mantissa = 0;
  let scale = -1;
  for (let i = from; i < to; i += 1) {
    const code = bytes[i];
    if (code === 46 && scale < 0) scale = 0;
    else if (code >= 48 && code <= 57) {
      mantissa = mantissa * 10 + (code - 48);
      if (scale >= 0) scale += 1;
    } else return Number(text(bytes, from, to));
  }
  if (mantissa > Number.MAX_SAFE_INTEGER || scale > 22 || to - from === 1) return Number(text(bytes, from, to));
  return scale <= 0 ? mantissa : mantissa / POW10[scale];
}

function digits(bytes: Uint8Array, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i += 1) {
    const d = bytes[i] - 48;
    if (d < 0 || d > 9) return Number.NaN;
    value = value * 10 + d;
  }
  return value;
}


const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Epoch ms of bytes [from, to), NaN when it is not a timestamp. */
function parseTimestamp(bytes: Uint8Array, from: number, to: number): number {
  if (to - from >= 20 && bytes[from + 4] === 45) {
    // YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)
    const year = digits(bytes, from, 4);
    const month = digits(bytes, from + 5, 2);
    const day = digits(bytes, from + 8, 2);
    const sep = bytes[from + 10];
    const hour = digits(bytes, from + 11, 2);
    const minute = digits(bytes, from + 14, 2);
    const second = digits(bytes, from + 17, 2);
    if ((sep !== 84 && sep !== 32) || bytes[from + 7] !== 45 || bytes[from + 13] !== 58 || bytes[from + 16] !== 58) return Number.NaN;
    let p = from + 19;
    let millis = 0;
    if (bytes[p] === 46) {
      p += 1;
      let scale = 100;
      while (p < to && bytes[p] >= 48 && bytes[p] <= 57) {
        millis += (bytes[p] - 48) * scale;
        scale /= 10;
        p += 1;
      }
    }
    let offsetMinutes: number;
    const z = bytes[p];
    if (z === 90 && p + 1 === to) offsetMinutes = 0;
    else if ((z === 43 || z === 45) && p + 6 === to && bytes[p + 3] === 58) offsetMinutes = (z === 45 ? -1 : 1) * (digits(bytes, p + 1, 2) * 60 + digits(bytes, p + 4, 2));
    else return Number.NaN;
    if (!(month >= 1 && month <= 12 && day >= 1 && day <= MONTH_DAYS[month - 1] && hour <= 23 && minute <= 59 && second <= 59) || Number.isNaN(offsetMinutes)) return Number.NaN;
    const dayNumber = daysFromCivil(year, month, day);
    return dayNumber * DAY_MS + ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 + Math.round(millis);
  }
  if (to - from < 1) return Number.NaN;
  const value = digits(bytes, from, to - from);
  if (Number.isNaN(value)) return Number.NaN;
  return value < 1e11 ? value * 1000 : value;
}

/** The same format, written: ISO time in UTC (`Z`). */
export function formatMinuteBarsCsv(bars: MinuteBars): string {
  const lines: string[] = ['timestamp,open,high,low,close,volume'];
  for (let i = 0; i < bars.time.length; i += 1) {
    lines.push(`${new Date(bars.time[i]).toISOString()},${bars.open[i]},${bars.high[i]},${bars.low[i]},${bars.close[i]},${bars.volume[i]}`);
  }
  return `${lines.join('\n')}\n`;
}
