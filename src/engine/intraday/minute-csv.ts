import type { MinuteBars } from '../data/types';
import { EngineError } from '../errors';

/**
 * Minute-bar CSV, one bar per line: `timestamp,open,high,low,close,volume`.
 * - An optional header line (first field not a number or a date) is skipped; blank lines are ignored.
 * - `timestamp` is the bar OPEN time: ISO 8601 with a `Z` or `±HH:MM` offset (`2024-03-11T08:30:00-05:00`),
 *   or epoch milliseconds (or epoch seconds: any integer below 1e11).
 * - Bars must be in strictly increasing time order.
 * Errors name the line (1-based).
 */
export function parseMinuteBarsCsv(text: string, symbol: string): MinuteBars {
  let capacity = 1;
  for (let p = text.indexOf('\n'); p !== -1; p = text.indexOf('\n', p + 1)) capacity += 1;
  const time = new Float64Array(capacity);
  const open = new Float64Array(capacity);
  const high = new Float64Array(capacity);
  const low = new Float64Array(capacity);
  const close = new Float64Array(capacity);
  const volume = new Float64Array(capacity);
  const columns = [open, high, low, close, volume];
  const names = ['open', 'high', 'low', 'close', 'volume'];
  let n = 0;
  let lineNo = 0;
  let pos = 0;
  const length = text.length;
  while (pos < length) {
    let end = text.indexOf('\n', pos);
    if (end === -1) end = length;
    lineNo += 1;
    let lineEnd = end;
    if (lineEnd > pos && text.charCodeAt(lineEnd - 1) === 13) lineEnd -= 1;
    if (lineEnd > pos) {
      let comma = text.indexOf(',', pos);
      if (comma === -1 || comma > lineEnd) fail(lineNo, 'expected 6 comma-separated fields: timestamp,open,high,low,close,volume');
      const t = parseTimestamp(text, pos, comma);
      if (Number.isNaN(t)) {
        if (n === 0 && lineNo === 1) {
          pos = end + 1;
          continue;
        }
        fail(lineNo, `timestamp "${text.slice(pos, comma)}" is neither ISO 8601 with an offset nor epoch milliseconds`);
      }
      if (n > 0 && t <= time[n - 1]) fail(lineNo, 'timestamp is not after the previous bar (bars must be in increasing time order)');
      time[n] = t;
      let start = comma + 1;
      for (let c = 0; c < 5; c += 1) {
        comma = c === 4 ? lineEnd : text.indexOf(',', start);
        if (comma === -1 || comma > lineEnd) fail(lineNo, 'expected 6 comma-separated fields: timestamp,open,high,low,close,volume');
        if (c === 4) {
          const extra = text.indexOf(',', start);
          if (extra !== -1 && extra < lineEnd) fail(lineNo, 'expected 6 comma-separated fields, found more');
        }
        const value = start === comma ? Number.NaN : Number(text.slice(start, comma));
        if (!Number.isFinite(value) || value < 0 || (c < 4 && value === 0)) fail(lineNo, `${names[c]} "${text.slice(start, comma)}" is not a ${c < 4 ? 'positive' : 'non-negative'} number`);
        columns[c][n] = value;
        start = comma + 1;
      }
      if (high[n] < low[n] || high[n] < Math.max(open[n], close[n]) || low[n] > Math.min(open[n], close[n])) fail(lineNo, 'prices must satisfy low <= open, close <= high');
      n += 1;
    }
    pos = end + 1;
  }
  return {
    symbol,
    time: time.slice(0, n),
    open: open.slice(0, n),
    high: high.slice(0, n),
    low: low.slice(0, n),
    close: close.slice(0, n),
    volume: volume.slice(0, n),
  };
}

function fail(line: number, message: string): never {
  throw new EngineError('INVALID_INPUT', `CSV line ${line}: ${message}.`, [{ field: 'csv', message: `line ${line}: ${message}` }]);
}

function digits(text: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i += 1) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return Number.NaN;
    value = value * 10 + d;
  }
  return value;
}

/** Epoch ms of `text[from, to)`, NaN when it is not a timestamp. */
function parseTimestamp(text: string, from: number, to: number): number {
  if (to - from >= 20 && text.charCodeAt(from + 4) === 45) {
    // YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)
    const year = digits(text, from, 4);
    const month = digits(text, from + 5, 2);
    const day = digits(text, from + 8, 2);
    const sep = text.charCodeAt(from + 10);
    const hour = digits(text, from + 11, 2);
    const minute = digits(text, from + 14, 2);
    const second = digits(text, from + 17, 2);
    if (sep !== 84 && sep !== 32) return Number.NaN;
    let p = from + 19;
    let millis = 0;
    if (text.charCodeAt(p) === 46) {
      p += 1;
      let scale = 100;
      while (p < to && text.charCodeAt(p) >= 48 && text.charCodeAt(p) <= 57) {
        millis += (text.charCodeAt(p) - 48) * scale;
        scale /= 10;
        p += 1;
      }
    }
    let offsetMinutes: number;
    const z = text.charCodeAt(p);
    if (z === 90 && p + 1 === to) offsetMinutes = 0;
    else if ((z === 43 || z === 45) && p + 6 === to && text.charCodeAt(p + 3) === 58) {
      offsetMinutes = (z === 45 ? -1 : 1) * (digits(text, p + 1, 2) * 60 + digits(text, p + 4, 2));
    } else return Number.NaN;
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return Number.NaN;
    const utc = Date.UTC(year, month - 1, day, hour, minute, second, Math.round(millis));
    return utc - offsetMinutes * 60_000;
  }
  if (to - from < 1) return Number.NaN;
  const value = digits(text, from, to - from);
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
