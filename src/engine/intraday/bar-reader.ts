// The one reader of 1-minute bar files, for the CLI and the HTTP csv provider. Vendor conventions from
// the team's futures-data reference §1 (which end of the bar each vendor stamps, which zone it writes).
//
// Speed: the header goes through csv-parse (quotes, BOM, delimiters); the data lines are scanned as
// bytes straight into typed arrays (no per-bar objects, no string per field), because csv-parse builds
// an array of strings per record and runs about 6× slower on minute files. A data line holding a quote
// character takes the csv-parse path.
import { parse as parseCsv } from 'csv-parse/sync';
import { daysFromCivil } from '../civil-days';
import type { MinuteBars } from '../data/types';
import { EngineError } from '../errors';
import { EXCHANGE_ZONE, resolveZone, WALL_GAP, ZoneClock } from '../time-zone';

export const BAR_FILE_FORMATS = ['ninjatrader', 'tradingview', 'databento', 'generic'] as const;
export type BarFileFormat = (typeof BAR_FILE_FORMATS)[number];
/** Which end of the minute a file's time stamps mark. */
export type BarStamp = 'open' | 'close';

export interface BarReadOptions {
  /** `auto` (default) detects the format from the first line. */
  readonly format?: BarFileFormat | 'auto' | null;
  /**
   * Zone of time stamps written without an offset: NinjaTrader's `yyyyMMdd HHmmss` (default UTC, as NT8
   * exports) and naive ISO times (`2024-03-15 08:30:00`, default America/Chicago). Stamps that carry
   * their zone (epoch numbers, `Z`, `±HH:MM`) ignore it.
   */
  readonly tz?: string | null;
  /** Overrides the format's convention: NinjaTrader stamps the close, the others the open. */
  readonly stamp?: BarStamp | null;
  /** `MinuteBars.symbol` of the result (default: the kept contract, else `UNKNOWN`). */
  readonly symbol?: string | null;
  /** Keep only the rows of this contract (Databento `symbol` column); required when a file holds several. */
  readonly contract?: string | null;
  /** Names the input in errors (a file name); default `CSV`. */
  readonly source?: string;
  /** Field named in the error list (`csv_file` over HTTP); default `csv`. */
  readonly field?: string;
}

export interface BarFileInfo {
  readonly format: BarFileFormat;
  readonly stamp: BarStamp;
  /** Zone applied to stamps without an offset, null when every stamp carried its own. */
  readonly time_zone: string | null;
  /** 1, or 1e-9 for Databento's fixed-point integer prices. */
  readonly price_scale: number;
  /** False for a TradingView export without a Volume column (volume reads 0). */
  readonly has_volume: boolean;
  /** Contracts in the file's `symbol` column, in order of first appearance ([] without one). */
  readonly symbols: readonly string[];
  /** Lines read as bars (all contracts). */
  readonly rows: number;
  /** Calendar-spread rows skipped (a symbol with a dash, e.g. ESH4-ESM4, as Databento's ES.FUT includes). */
  readonly spread_rows: number;
}

export interface BarFile {
  readonly bars: MinuteBars;
  readonly info: BarFileInfo;
  /** The contract kept (from the `symbol` column), null when the file names none. */
  readonly contract: string | null;
}

const NEWLINE = 10;
const CR = 13;
const QUOTE = 34;
const COMMA = 44;
const SEMICOLON = 59;
const TAB = 9;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const DATABENTO_NULL_PRICE = '9223372036854775807';
const DATABENTO_RTYPE_1M = 33;
const TIME_COLUMNS = ['timestamp', 'datetime', 'date_time', 'time', 'ts_event'];

/** Where each field sits in a line of one file. -1 = absent. */
interface Layout {
  readonly format: BarFileFormat;
  readonly delimiter: number;
  /** Lines before the data (0 or 1). */
  readonly headerLines: number;
  /** Fields a data line must have (exactly, when `exact`). */
  readonly fields: number;
  readonly exact: boolean;
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  readonly symbol: number;
  readonly rtype: number;
  readonly stamp: BarStamp;
  /** Zone for stamps without an offset. */
  readonly zone: string;
  readonly describe: string;
}

class LineError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

function decode(bytes: Uint8Array, from: number, to: number): string {
  return new TextDecoder().decode(bytes.subarray(from, to));
}

/** The first non-blank line: its text, 1-based number, and the byte offset after it. */
function firstLine(bytes: Uint8Array, start: number): { text: string; line: number; next: number } | null {
  let pos = start;
  let line = 0;
  while (pos < bytes.length) {
    let end = bytes.indexOf(NEWLINE, pos);
    if (end === -1) end = bytes.length;
    line += 1;
    const text = decode(bytes, pos, end).replace(/\r$/, '');
    if (text.trim() !== '') return { text, line, next: end + 1 };
    pos = end + 1;
  }
  return null;
}

function splitHeader(text: string, delimiter: string): string[] {
  const rows = parseCsv(text, { delimiter, bom: true, relax_column_count: true, trim: true }) as string[][];
  return (rows[0] ?? []).map((name) => name.toLowerCase());
}

function detectDelimiter(text: string): number {
  const counts = [COMMA, SEMICOLON, TAB].map((code) => text.split(String.fromCharCode(code)).length - 1);
  const best = counts.indexOf(Math.max(...counts));
  return [COMMA, SEMICOLON, TAB][best];
}

const NT_MINUTE = /^\d{8} \d{6};/;
const NT_DAILY = /^\d{8};/;
const LOOKS_LIKE_TIME = /^\s*"?(\d{9,19}|\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}|\d{8} \d{6})/;

/** Works out the layout from the first line (and the forced format, if any). Errors name line 1. */
function layoutOf(first: { text: string; line: number }, format: BarFileFormat | 'auto', options: BarReadOptions): Layout {
  const fail = (message: string): never => {
    throw new LineError(first.line, message);
  };
  const text = first.text;
  const isNinja = NT_MINUTE.test(text);
  if (format === 'ninjatrader' || (format === 'auto' && isNinja)) {
    if (!isNinja) {
      fail(NT_DAILY.test(text) ? 'this is a NinjaTrader daily file (yyyyMMdd;…); only 1-minute bars (yyyyMMdd HHmmss;open;high;low;close;volume) can be read' : 'expected a NinjaTrader minute line yyyyMMdd HHmmss;open;high;low;close;volume (no header)');
    }
    return {
      format: 'ninjatrader', delimiter: SEMICOLON, headerLines: 0, fields: 6, exact: true,
      time: 0, open: 1, high: 2, low: 3, close: 4, volume: 5, symbol: -1, rtype: -1,
      stamp: options.stamp ?? 'close', zone: options.tz ?? 'UTC', describe: 'NinjaTrader (yyyyMMdd HHmmss;open;high;low;close;volume)',
    };
  }
  if (format === 'auto' && NT_DAILY.test(text)) fail('this is a NinjaTrader daily file (yyyyMMdd;…); only 1-minute bars can be read');
  const delimiter = detectDelimiter(text);
  const naiveZone = options.tz ?? EXCHANGE_ZONE;
  if (LOOKS_LIKE_TIME.test(text)) {
    if (format !== 'auto' && format !== 'generic') fail(`expected a ${format === 'databento' ? 'Databento' : 'TradingView'} header line, found a data line`);
    return {
      format: 'generic', delimiter, headerLines: 0, fields: 6, exact: true,
      time: 0, open: 1, high: 2, low: 3, close: 4, volume: 5, symbol: -1, rtype: -1,
      stamp: options.stamp ?? 'open', zone: naiveZone, describe: 'generic, no header (timestamp,open,high,low,close,volume)',
    };
  }
  const names = splitHeader(text, String.fromCharCode(delimiter));
  const at = (name: string): number => names.indexOf(name);
  const need = (...columns: string[]): void => {
    const missing = columns.filter((c) => at(c) < 0);
    if (missing.length > 0) fail(`the header lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (found: ${names.join(', ')})`);
  };
  const base = (timeIndex: number, describe: string, detected: BarFileFormat) => ({
    format: detected, delimiter, headerLines: 1, exact: false,
    time: timeIndex, open: at('open'), high: at('high'), low: at('low'), close: at('close'), volume: at('volume'),
    symbol: -1, rtype: -1, stamp: options.stamp ?? ('open' as BarStamp), zone: naiveZone, describe,
  });
  const fieldsFor = (l: Omit<Layout, 'fields'>): Layout => ({ ...l, fields: Math.max(l.time, l.open, l.high, l.low, l.close, l.volume, l.symbol, l.rtype) + 1 });
  const detected: BarFileFormat | null =
    format !== 'auto' ? format
    : at('ts_event') >= 0 ? 'databento'
    : names[0] === 'time' && names[1] === 'open' && names[2] === 'high' && names[3] === 'low' && names[4] === 'close' ? 'tradingview'
    : TIME_COLUMNS.some((c) => at(c) >= 0) ? 'generic'
    : null;
  if (detected === null) {
    fail(`unrecognised header "${text.slice(0, 120)}": expected NinjaTrader, TradingView (time,open,high,low,close,Volume), Databento (ts_event,…) or generic (timestamp,open,high,low,close,volume) minute bars`);
  }
  if (detected === 'databento') {
    need('ts_event', 'open', 'high', 'low', 'close', 'volume');
    return fieldsFor({ ...base(at('ts_event'), 'Databento OHLCV-1m (ts_event,…,open,high,low,close,volume[,symbol])', 'databento'), symbol: at('symbol'), rtype: at('rtype') });
  }
  if (detected === 'tradingview') {
    need('time', 'open', 'high', 'low', 'close');
    return fieldsFor(base(at('time'), 'TradingView (time,open,high,low,close[,Volume])', 'tradingview'));
  }
  const timeIndex = TIME_COLUMNS.map(at).find((i) => i >= 0) ?? -1;
  if (timeIndex < 0) fail(`the header lacks a timestamp column (timestamp, datetime or time; found: ${names.join(', ')})`);
  need('open', 'high', 'low', 'close', 'volume');
  return fieldsFor(base(timeIndex, 'generic (timestamp,open,high,low,close,volume)', 'generic'));
}

// ---- byte-level field parsers (no allocation) ----

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * Plain decimals (`5001.25`) read from the bytes: an integer mantissa divided by a power of ten is
 * correctly rounded, so this equals `Number(text)`; anything else (exponent, sign, long mantissa)
 * falls back to `Number`. NaN for an empty field.
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
    } else return Number(decode(bytes, from, to).trim() || 'x');
  }
  if (mantissa > Number.MAX_SAFE_INTEGER || scale > 22 || (to - from === 1 && scale === 0)) return Number(decode(bytes, from, to));
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

function allDigits(bytes: Uint8Array, from: number, to: number): boolean {
  if (from >= to) return false;
  for (let i = from; i < to; i += 1) if (bytes[i] < 48 || bytes[i] > 57) return false;
  return true;
}

const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

// Results of parseStamp: an absolute epoch, or a naive wall time (day number + ms of day).
const STAMP_BAD = 0;
const STAMP_ABSOLUTE = 1;
const STAMP_NAIVE = 2;
let stampEpoch = 0;
let stampDay = 0;
let stampMs = 0;

function setNaive(year: number, month: number, day: number, hour: number, minute: number, second: number, millis: number): number {
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= MONTH_DAYS[month - 1] && hour <= 23 && minute <= 59 && second <= 59)) return STAMP_BAD;
  if (month === 2 && day === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))) return STAMP_BAD;
  stampDay = daysFromCivil(year, month, day);
  stampMs = ((hour * 60 + minute) * 60 + second) * 1000 + millis;
  return STAMP_NAIVE;
}

/**
 * Reads a time stamp: NinjaTrader `yyyyMMdd HHmmss`, ISO 8601 `YYYY-MM-DD[T ]HH:MM[:SS[.fff…]]` with `Z`,
 * `±HH:MM`, `±HHMM` or no offset (naive), or an epoch number (seconds below 1e11, milliseconds below 1e14,
 * microseconds below 1e17, else nanoseconds).
 */
function parseStamp(bytes: Uint8Array, from: number, to: number): number {
  const length = to - from;
  if (length === 15 && bytes[from + 8] === 32) {
    return setNaive(digits(bytes, from, 4), digits(bytes, from + 4, 2), digits(bytes, from + 6, 2), digits(bytes, from + 9, 2), digits(bytes, from + 11, 2), digits(bytes, from + 13, 2), 0);
  }
  if (length >= 16 && bytes[from + 4] === 45) {
    const sep = bytes[from + 10];
    if ((sep !== 84 && sep !== 32) || bytes[from + 7] !== 45 || bytes[from + 13] !== 58) return STAMP_BAD;
    const year = digits(bytes, from, 4);
    const month = digits(bytes, from + 5, 2);
    const day = digits(bytes, from + 8, 2);
    const hour = digits(bytes, from + 11, 2);
    const minute = digits(bytes, from + 14, 2);
    let p = from + 16;
    let second = 0;
    let millis = 0;
    if (p < to && bytes[p] === 58) {
      second = digits(bytes, p + 1, 2);
      p += 3;
      if (p < to && bytes[p] === 46) {
        p += 1;
        let scale = 100;
        while (p < to && bytes[p] >= 48 && bytes[p] <= 57) {
          millis += (bytes[p] - 48) * scale;
          scale /= 10;
          p += 1;
        }
        millis = Math.round(millis);
      }
    }
    const kind = setNaive(year, month, day, hour, minute, second, millis);
    if (kind === STAMP_BAD || Number.isNaN(year + hour + minute + second)) return STAMP_BAD;
    if (p === to) return STAMP_NAIVE;
    const z = bytes[p];
    let offsetMinutes: number;
    if (z === 90 && p + 1 === to) offsetMinutes = 0;
    else if (z === 43 || z === 45) {
      const sign = z === 45 ? -1 : 1;
      const rest = to - p - 1;
      if (rest === 5 && bytes[p + 3] === 58) offsetMinutes = sign * (digits(bytes, p + 1, 2) * 60 + digits(bytes, p + 4, 2));
      else if (rest === 4) offsetMinutes = sign * (digits(bytes, p + 1, 2) * 60 + digits(bytes, p + 3, 2));
      else if (rest === 2) offsetMinutes = sign * digits(bytes, p + 1, 2) * 60;
      else return STAMP_BAD;
    } else return STAMP_BAD;
    if (Number.isNaN(offsetMinutes)) return STAMP_BAD;
    stampEpoch = stampDay * DAY_MS + stampMs - offsetMinutes * MINUTE_MS;
    return STAMP_ABSOLUTE;
  }
  if (!allDigits(bytes, from, to) || length > 19) return STAMP_BAD;
  if (length <= 11) stampEpoch = digits(bytes, from, length) * 1000;
  else if (length <= 14) stampEpoch = digits(bytes, from, length);
  else {
    // Micro- or nanoseconds: read the milliseconds apart (19 digits exceed 2^53); a sub-millisecond rest
    // leaves a fraction, which the whole-minute check rejects.
    const subDigits = length <= 17 ? 3 : 6;
    const ms = digits(bytes, from, length - subDigits);
    stampEpoch = ms + (digits(bytes, from + length - subDigits, subDigits) === 0 ? 0 : 0.5);
  }
  return STAMP_ABSOLUTE;
}

function isoOf(epoch: number): string {
  return Number.isFinite(epoch) ? new Date(epoch).toISOString().replace('.000Z', 'Z') : String(epoch);
}

/**
 * Field boundaries of bytes [from, to) into starts/ends, at most `max` fields (a header'd format may carry
 * more columns: they are not scanned). Returns the field count, max + 1 when there are more, or -1 when
 * the line holds a quote character (the caller parses it with csv-parse).
 */
function splitFields(source: Uint8Array, from: number, to: number, delimiter: number, max: number, starts: Int32Array, ends: Int32Array): number {
  let count = 0;
  starts[0] = from;
  for (let i = from; i < to; i += 1) {
    const code = source[i];
    if (code === delimiter) {
      ends[count] = i;
      count += 1;
      if (count === max) return max + 1;
      starts[count] = i + 1;
    } else if (code === QUOTE) return -1;
  }
  ends[count] = to;
  return count + 1;
}

interface Scan {
  readonly layout: Layout;
  readonly n: number;
  readonly time: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  /** Index into `symbols` per bar (all 0 without a symbol column). */
  readonly symbolOf: Int32Array;
  readonly symbols: string[];
  readonly usedZone: boolean;
  readonly priceScale: number;
  readonly spreadRows: number;
}

/**
 * Symbols by their bytes: a row's symbol is found by a hash of its bytes and a byte comparison, so a file
 * whose rows alternate between contracts decodes each symbol once, not once per row.
 */
class SymbolInterner {
  readonly names: string[] = [];
  private readonly entries: { readonly bytes: Uint8Array; readonly id: number }[] = [];
  private readonly byHash = new Map<number, number[]>();

  private static hash(source: Uint8Array, from: number, to: number): number {
    let h = 0x811c9dc5;
    for (let i = from; i < to; i += 1) h = Math.imul(h ^ source[i], 0x01000193);
    return h;
  }

  /** The id of the symbol written as bytes [from, to), or -1 when these bytes were not seen yet. */
  idOf(source: Uint8Array, from: number, to: number): number {
    for (const e of this.byHash.get(SymbolInterner.hash(source, from, to)) ?? []) {
      const known = this.entries[e].bytes;
      if (known.length !== to - from) continue;
      let same = true;
      for (let k = 0; same && k < known.length; k += 1) same = known[k] === source[from + k];
      if (same) return this.entries[e].id;
    }
    return -1;
  }

  /** Records bytes [from, to) as the symbol `name` (trimmed); returns its id. */
  add(source: Uint8Array, from: number, to: number, name: string): number {
    let id = this.names.indexOf(name);
    if (id < 0) {
      id = this.names.length;
      this.names.push(name);
    }
    const hash = SymbolInterner.hash(source, from, to);
    const list = this.byHash.get(hash) ?? [];
    list.push(this.entries.length);
    this.entries.push({ bytes: source.slice(from, to), id });
    this.byHash.set(hash, list);
    return id;
  }
}

/** Reads every data line of the file; errors name the line. */
function scan(bytes: Uint8Array, options: BarReadOptions): Scan {
  let start = 0;
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  const first = firstLine(bytes, start);
  if (first === null) throw new LineError(1, 'the file holds no bars');
  const format = options.format ?? 'auto';
  if (format !== 'auto' && !(BAR_FILE_FORMATS as readonly string[]).includes(format)) throw new LineError(0, `format must be auto or one of ${BAR_FILE_FORMATS.join(', ')}`);
  const layout = layoutOf(first, format, options);
  if (resolveZone(layout.zone) === null) throw new LineError(0, `tz "${layout.zone}" is not a time zone (use an IANA name such as America/New_York, or UTC)`);
  const clock = new ZoneClock(layout.zone);
  const shift = layout.stamp === 'close' ? MINUTE_MS : 0;

  let capacity = 1;
  for (let p = bytes.indexOf(NEWLINE, start); p !== -1; p = bytes.indexOf(NEWLINE, p + 1)) capacity += 1;
  const time = new Float64Array(capacity);
  const open = new Float64Array(capacity);
  const high = new Float64Array(capacity);
  const low = new Float64Array(capacity);
  const close = new Float64Array(capacity);
  const volume = new Float64Array(capacity);
  const symbolOf = new Int32Array(capacity);
  const lastTime: number[] = [];
  const wanted = options.contract?.trim() || null;
  let wantedId = -1;
  const interner = new SymbolInterner();
  const symbols = interner.names;
  let spreadRows = 0;
  if (wanted !== null && layout.symbol < 0) throw new LineError(first.line, `contract ${wanted} was asked for, but the file has no symbol column`);

  const maxField = layout.fields;
  const starts = new Int32Array(maxField + 1);
  const ends = new Int32Array(maxField + 1);
  const delimiter = layout.delimiter;
  const priceColumns = [layout.open, layout.high, layout.low, layout.close];
  const columns = [open, high, low, close];
  const names = ['open', 'high', 'low', 'close'];
  let priceScale = 0;
  let usedZone = false;
  let n = 0;
  // Without a header the first line is data: start from the top.
  let lineNo = layout.headerLines === 0 ? 0 : first.line;
  let pos = layout.headerLines === 0 ? start : first.next;
  let source = bytes;

  while (pos < bytes.length) {
    let end = bytes.indexOf(NEWLINE, pos);
    if (end === -1) end = bytes.length;
    lineNo += 1;
    let lineEnd = end;
    if (lineEnd > pos && bytes[lineEnd - 1] === CR) lineEnd -= 1;
    const lineStart = pos;
    pos = end + 1;
    if (lineEnd === lineStart) continue;
    source = bytes;
    let count = splitFields(bytes, lineStart, lineEnd, delimiter, maxField, starts, ends);
    if (count < 0) {
      // Quoted fields: csv-parse reads the line, the unquoted fields go on through the byte path.
      const fields = parseCsv(decode(bytes, lineStart, lineEnd), { delimiter: String.fromCharCode(delimiter), relax_column_count: true }) as string[][];
      source = new TextEncoder().encode((fields[0] ?? []).join(String.fromCharCode(delimiter)));
      count = splitFields(source, 0, source.length, delimiter, maxField, starts, ends);
    }
    if (count > maxField && layout.exact) throw new LineError(lineNo, `expected ${layout.fields} fields (${layout.describe}), found more`);
    if (count < maxField) throw new LineError(lineNo, `expected ${layout.exact ? '' : 'at least '}${layout.fields} fields (${layout.describe}), found ${count}`);

    // Symbol (Databento): intern by bytes (a string only for a new symbol), skip spreads, keep `contract`.
    let symbolId = 0;
    if (layout.symbol >= 0) {
      const s0 = starts[layout.symbol];
      const s1 = ends[layout.symbol];
      let spread = false;
      for (let k = s0; k < s1 && !spread; k += 1) spread = source[k] === 45;
      if (spread) {
        spreadRows += 1;
        continue;
      }
      symbolId = interner.idOf(source, s0, s1);
      if (symbolId < 0) {
        const name = decode(source, s0, s1).trim();
        if (name === '') throw new LineError(lineNo, 'symbol is empty');
        symbolId = interner.add(source, s0, s1, name);
      }
      if (wanted !== null) {
        if (wantedId < 0 && interner.names[symbolId] === wanted) wantedId = symbolId;
        if (symbolId !== wantedId) continue;
      }
    }
    if (layout.rtype >= 0) {
      const r = parseDecimal(source, starts[layout.rtype], ends[layout.rtype]);
      if (r !== DATABENTO_RTYPE_1M) throw new LineError(lineNo, `rtype ${decode(source, starts[layout.rtype], ends[layout.rtype])} is not a 1-minute bar (ohlcv-1m records have rtype 33; 32 = 1s, 34 = 1h, 35 = 1d)`);
    }

    // Time.
    const t0 = starts[layout.time];
    const t1 = ends[layout.time];
    const kind = parseStamp(source, t0, t1);
    if (kind === STAMP_BAD) {
      throw new LineError(lineNo, `timestamp "${decode(source, t0, t1)}" is not a time: expected ${layout.format === 'ninjatrader' ? 'yyyyMMdd HHmmss' : 'ISO 8601 (with Z, ±HH:MM or no offset) or an epoch number (s, ms, µs or ns)'}`);
    }
    const previous = n > 0 && lastTime.length > symbolId ? lastTime[symbolId] : Number.NEGATIVE_INFINITY;
    let t: number;
    if (kind === STAMP_NAIVE) {
      usedZone = true;
      t = clock.wallToEpoch(stampDay, stampMs, previous + shift) - shift;
      if (clock.status === WALL_GAP) throw new LineError(lineNo, `timestamp "${decode(source, t0, t1)}" does not exist in ${clock.name} (the hour skipped when daylight saving time starts); is tz right?`);
    } else t = stampEpoch - shift;
    if (t % MINUTE_MS !== 0) throw new LineError(lineNo, `timestamp "${decode(source, t0, t1)}" is not on a whole minute: only 1-minute bars can be read`);
    if (t <= previous) {
      throw new LineError(lineNo, `bar at ${isoOf(t)} (open time) is not after the previous bar at ${isoOf(previous)}${symbols.length > 1 ? ` of ${symbols[symbolId]}` : ''}: bars must be in increasing time order without duplicates`);
    }

    // Prices: Databento raw files carry integers × 1e-9, decided on the first bar.
    if (priceScale === 0) {
      const o0 = starts[layout.open];
      const o1 = ends[layout.open];
      priceScale = layout.format === 'databento' && allDigits(source, o0, o1) && parseDecimal(source, o0, o1) >= 1e9 ? 1e-9 : 1;
    }
    for (let c = 0; c < 4; c += 1) {
      const f0 = starts[priceColumns[c]];
      const f1 = ends[priceColumns[c]];
      let value = parseDecimal(source, f0, f1);
      if (priceScale !== 1) {
        if (!allDigits(source, f0, f1)) throw new LineError(lineNo, `${names[c]} "${decode(source, f0, f1)}" is not a fixed-point integer price like the file's first bar (Databento raw prices are integers × 1e-9)`);
        if (f1 - f0 === DATABENTO_NULL_PRICE.length && decode(source, f0, f1) === DATABENTO_NULL_PRICE) throw new LineError(lineNo, `${names[c]} is undefined (Databento's null price ${DATABENTO_NULL_PRICE})`);
        value /= 1e9;
      }
      if (!(value > 0) || value === Infinity) throw new LineError(lineNo, `${names[c]} "${decode(source, f0, f1)}" is not a positive number`);
      columns[c][n] = value;
    }
    if (layout.volume >= 0) {
      const v0 = starts[layout.volume];
      const v1 = ends[layout.volume];
      const v = parseDecimal(source, v0, v1);
      if (!(v >= 0) || v === Infinity) throw new LineError(lineNo, `volume "${decode(source, v0, v1)}" is not a non-negative number`);
      volume[n] = v;
    }
    if (high[n] < low[n] || high[n] < Math.max(open[n], close[n]) || low[n] > Math.min(open[n], close[n])) {
      throw new LineError(lineNo, `prices must satisfy low <= open, close <= high (open ${open[n]}, high ${high[n]}, low ${low[n]}, close ${close[n]})`);
    }
    time[n] = t;
    symbolOf[n] = symbolId;
    while (lastTime.length <= symbolId) lastTime.push(Number.NEGATIVE_INFINITY);
    lastTime[symbolId] = t;
    n += 1;
  }
  if (wanted !== null && n === 0) {
    throw new LineError(0, `the file has no rows for contract ${wanted}${symbols.length > 0 ? `; it holds ${symbols.join(', ')}` : ''}`);
  }
  if (n === 0) throw new LineError(lineNo, 'the file holds no bars');
  return { layout, n, time, open, high, low, close, volume, symbolOf, symbols, usedZone, priceScale: priceScale === 0 ? 1 : priceScale, spreadRows };
}

function toEngineError(error: unknown, options: BarReadOptions): never {
  if (!(error instanceof LineError)) throw error;
  const source = options.source ?? 'CSV';
  const field = options.field ?? 'csv';
  const where = error.line > 0 ? `line ${error.line}: ` : '';
  throw new EngineError('INVALID_INPUT', `${source} ${where}${error.message}.`, [{ field, message: `${where}${error.message}` }]);
}

function infoOf(s: Scan): BarFileInfo {
  return {
    format: s.layout.format,
    stamp: s.layout.stamp,
    time_zone: s.usedZone ? resolveZone(s.layout.zone)?.name ?? s.layout.zone : null,
    price_scale: s.priceScale,
    has_volume: s.layout.volume >= 0,
    symbols: s.symbols,
    rows: s.n,
    spread_rows: s.spreadRows,
  };
}

function pickRows(s: Scan, symbolId: number | null, symbol: string): MinuteBars {
  if (symbolId === null) {
    // Views when the columns are (nearly) full, copies when most of them was left unused (filtered rows).
    const cut = s.n * 10 >= s.time.length * 9 ? (c: Float64Array) => c.subarray(0, s.n) : (c: Float64Array) => c.slice(0, s.n);
    return { symbol, time: cut(s.time), open: cut(s.open), high: cut(s.high), low: cut(s.low), close: cut(s.close), volume: cut(s.volume) };
  }
  let count = 0;
  for (let i = 0; i < s.n; i += 1) if (s.symbolOf[i] === symbolId) count += 1;
  const out = { symbol, time: new Float64Array(count), open: new Float64Array(count), high: new Float64Array(count), low: new Float64Array(count), close: new Float64Array(count), volume: new Float64Array(count) };
  let k = 0;
  for (let i = 0; i < s.n; i += 1) {
    if (s.symbolOf[i] !== symbolId) continue;
    out.time[k] = s.time[i];
    out.open[k] = s.open[i];
    out.high[k] = s.high[i];
    out.low[k] = s.low[i];
    out.close[k] = s.close[i];
    out.volume[k] = s.volume[i];
    k += 1;
  }
  return out;
}

function bytesOf(input: string | Uint8Array): Uint8Array {
  return typeof input === 'string' ? new TextEncoder().encode(input) : input;
}

/**
 * Reads 1-minute bars in any of the four formats (NinjaTrader, TradingView, Databento OHLCV-1m,
 * generic), detected from the first line unless `format` forces one. Every bar is normalised to its
 * OPEN time in epoch ms UTC (NinjaTrader's close stamps move back one minute; naive stamps are placed
 * in `tz`, DST-aware). A file with several contracts needs `contract` (or `readContractBars`).
 * Throws EngineError INVALID_INPUT naming the line (1-based) and the field given in `options.field`.
 */
export function readMinuteBars(input: string | Uint8Array, options: BarReadOptions = {}): BarFile {
  let s: Scan;
  try {
    s = scan(bytesOf(input), options);
  } catch (error) {
    toEngineError(error, options);
  }
  const info = infoOf(s);
  if (s.symbols.length > 1 && (options.contract ?? null) === null) {
    toEngineError(new LineError(0, `the file holds ${s.symbols.length} contracts (${s.symbols.join(', ')}): choose one (contract) or roll them into a continuous series (roll)`), options);
  }
  const contract = s.symbols.length > 0 ? (options.contract?.trim() || s.symbols[0]) : null;
  return { bars: pickRows(s, null, options.symbol ?? contract ?? 'UNKNOWN'), info, contract };
}

/** Every contract of a multi-contract file (Databento `symbol` column), each as its own bars. */
export function readContractBars(input: string | Uint8Array, options: BarReadOptions = {}): { readonly contracts: ReadonlyMap<string, MinuteBars>; readonly info: BarFileInfo } {
  let s: Scan;
  try {
    s = scan(bytesOf(input), { ...options, contract: null });
  } catch (error) {
    toEngineError(error, options);
  }
  const contracts = new Map<string, MinuteBars>();
  s.symbols.forEach((name, id) => contracts.set(name, pickRows(s, id, name)));
  if (s.symbols.length === 0) contracts.set(options.symbol ?? 'UNKNOWN', pickRows(s, null, options.symbol ?? 'UNKNOWN'));
  return { contracts, info: infoOf(s) };
}

// ---- writers (examples, benchmarks, round trips) ----

export interface BarWriteOptions {
  /** Zone of NinjaTrader stamps (default UTC, as NT8 exports); generic: write naive wall times in this zone. */
  readonly tz?: string;
  /** Databento: the `symbol` column's value (default the bars' symbol). */
  readonly contract?: string;
  /** Databento: decimal prices and ISO stamps (`pretty_px`, `pretty_ts`) instead of raw integers and ns. */
  readonly pretty?: boolean;
  /** Decimals written for prices (default: as short as exact). */
  readonly decimals?: number;
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * The same bars written in one of the four formats, as the vendor writes them: NinjaTrader close-stamped
 * `yyyyMMdd HHmmss` in `tz` (UTC by default), TradingView unix seconds, Databento ns (raw 1e-9 integer
 * prices unless `pretty`), generic ISO UTC (or naive wall times in `tz`).
 */
export function formatMinuteBars(bars: MinuteBars, format: BarFileFormat, options: BarWriteOptions = {}): string {
  const px = (value: number): string => (options.decimals === undefined ? String(value) : value.toFixed(options.decimals));
  const n = bars.time.length;
  const lines: string[] = [];
  if (format === 'ninjatrader') {
    const clock = new ZoneClock(options.tz ?? 'UTC');
    for (let i = 0; i < n; i += 1) {
      const d = new Date(clock.toWall(bars.time[i] + MINUTE_MS));
      const stamp = `${d.getUTCFullYear()}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())} ${two(d.getUTCHours())}${two(d.getUTCMinutes())}${two(d.getUTCSeconds())}`;
      lines.push(`${stamp};${px(bars.open[i])};${px(bars.high[i])};${px(bars.low[i])};${px(bars.close[i])};${bars.volume[i]}`);
    }
  } else if (format === 'tradingview') {
    lines.push('time,open,high,low,close,Volume');
    for (let i = 0; i < n; i += 1) lines.push(`${bars.time[i] / 1000},${px(bars.open[i])},${px(bars.high[i])},${px(bars.low[i])},${px(bars.close[i])},${bars.volume[i]}`);
  } else if (format === 'databento') {
    const symbol = options.contract ?? bars.symbol;
    lines.push('ts_event,rtype,publisher_id,instrument_id,open,high,low,close,volume,symbol');
    const raw = (value: number): string => String(Math.round(value * 1e9));
    for (let i = 0; i < n; i += 1) {
      const ts = options.pretty === true ? new Date(bars.time[i]).toISOString().replace('Z', '000000Z') : `${bars.time[i]}000000`;
      const prices = [bars.open[i], bars.high[i], bars.low[i], bars.close[i]].map((p) => (options.pretty === true ? px(p) : raw(p))).join(',');
      lines.push(`${ts},33,1,0,${prices},${bars.volume[i]},${symbol}`);
    }
  } else {
    const clock = options.tz === undefined ? null : new ZoneClock(options.tz);
    const stamp = (t: number): string => (clock === null ? new Date(t).toISOString() : new Date(clock.toWall(t)).toISOString().slice(0, 19).replace('T', ' '));
    lines.push(clock === null ? 'timestamp,open,high,low,close,volume' : 'datetime,open,high,low,close,volume');
    for (let i = 0; i < n; i += 1) lines.push(`${stamp(bars.time[i])},${px(bars.open[i])},${px(bars.high[i])},${px(bars.low[i])},${px(bars.close[i])},${bars.volume[i]}`);
  }
  return `${lines.join('\n')}\n`;
}
