import { civilFromDays, type DailyPnlColumns, daysFromCivil } from '../../engine';
import type { MetricsResponseDto } from './dto/metrics-response.dto';

/**
 * The JSON text of the metrics answer (POST /metrics and `hf metrics --json`), with `daily_pnl` written
 * straight from the engine's typed columns (docs/metrics.md "Performance"): the summary goes through
 * JSON.stringify, the five columns through the small writer below, byte by byte into buffers. A million-point
 * series is 5 million numbers, and V8's shortest round-trip number-to-text in JSON.stringify is what made the
 * series cost several times the summary.
 *
 * Numbers of the series are written to SERIES_SIGNIFICANT_DIGITS significant digits: the decimal nearest the
 * computed value with at most 12 significant digits, trailing zeros dropped. Parsed back, a value is within
 * 5e-12 of the computed one relatively (half a unit in the 12th digit), which is a cent on a balance up to
 * $10 billion and far finer than any ratio in the product; money given in cents (up to 12 digits) comes
 * back exactly, without the binary noise of `V_t - V_{t-1}` (10.000000000001455 is written 10).
 * The summary fields keep every digit.
 */
export const SERIES_SIGNIFICANT_DIGITS = 12;
/** The same as a module constant (an exported one is a property load on every use in the compiled CommonJS). */
const SIGNIFICANT = 12;

/** The columns of `daily_pnl` in wire order (as the engine's DailyPnlSeries). */
const COLUMNS = ['dates', 'equity', 'pnl', 'drawdown', 'returns'] as const;

/** Most bytes one written number takes: sign, 21 integer digits (below 1e21), comma. */
const MAX_NUMBER_BYTES = 23;
/** `"YYYY-MM-DD",` */
const DATE_BYTES = 13;

const QUOTE = 34;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const PLUS = 43;
const LOWER_E = 101;

/** 10^k for k in [-POWER_OFFSET, POWER_OFFSET], each the double nearest to it. */
const POWER_OFFSET = 320;
const POWERS = Float64Array.from({ length: 2 * POWER_OFFSET + 1 }, (_, i) => Number(`1e${i - POWER_OFFSET}`));
/** Values outside this range take the exact path (toPrecision), where 10^k would leave the double range. */
const FAST_MIN = 1e-280;
const FAST_MAX = 1e280;
/** The smallest and the first too large 12-digit integer mantissa. */
const MANTISSA_MIN = 1e11;
const MANTISSA_END = 1e12;
/** log10(2), to estimate the decimal exponent from the binary one. */
const LOG10_2 = 0.3010299956639812;
/** A double's bits, to read its binary exponent (the high word is the second one on a little-endian machine). */
const BITS = new Float64Array(1);
const BIT_WORDS = new Uint32Array(BITS.buffer);
const HIGH_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
/** ASCII of 00-99, two bytes each. */
const PAIRS = Uint8Array.from({ length: 200 }, (_, i) => ZERO + (i % 2 === 0 ? Math.floor(i / 20) : (i >> 1) % 10));
/** The end of the digits written from `start` to `end`, without their trailing zeros (at least one digit kept). */
function trimZeros(buffer: Buffer, start: number, end: number): number {
  let stop = end;
  while (stop > start + 1 && buffer[stop - 1] === ZERO) stop -= 1;
  return stop;
}

/** A growing list of byte chunks: a large series is never one huge string, nor copied into a larger buffer. */
export class JsonChunks {
  private readonly full: Buffer[] = [];
  private chunk: Buffer;
  private at = 0;

  constructor(private readonly chunkBytes = 1 << 20) {
    this.chunk = Buffer.allocUnsafe(chunkBytes);
  }

  text(text: string): void {
    this.reserve(Buffer.byteLength(text));
    this.at += this.chunk.write(text, this.at);
  }

  /** Writes `values[from]` to `values[to - 1]` as JSON numbers at 12 significant digits, a comma between. */
  numbers(values: Float64Array, from: number, to: number): void {
    for (let start = from; start < to; ) {
      const end = this.room(start, to, MAX_NUMBER_BYTES);
      const buffer = this.chunk;
      let at = this.at;
      for (let i = start; i < end; i += 1) {
        if (i !== from) buffer[at++] = COMMA;
        at = writeSeriesNumber(buffer, at, values[i]);
      }
      this.at = at;
      start = end;
    }
  }

  /** Writes `days[from]` to `days[to - 1]` as JSON strings `"YYYY-MM-DD"`, a comma between. */
  dates(days: Int32Array, from: number, to: number): void {
    const calendar = new MonthCache();
    for (let start = from; start < to; ) {
      const end = this.room(start, to, DATE_BYTES);
      const buffer = this.chunk;
      let at = this.at;
      for (let i = start; i < end; i += 1) {
        if (i !== from) buffer[at++] = COMMA;
        at = calendar.write(buffer, at, days[i]);
      }
      this.at = at;
      start = end;
    }
  }

  /** The bytes written so far, in order; the writer goes on empty. */
  take(): Buffer[] {
    this.flush();
    return this.full.splice(0);
  }

  /** Makes room for entries from `start` on, up to `to`, of at most `maxBytes` each; returns where they stop. */
  private room(start: number, to: number, maxBytes: number): number {
    this.reserve(Math.min(to - start, 4096) * maxBytes);
    return Math.min(to, start + Math.floor((this.chunk.length - this.at) / maxBytes));
  }

  private reserve(bytes: number): void {
    if (this.at + bytes <= this.chunk.length) return;
    this.flush();
    this.chunk = Buffer.allocUnsafe(Math.max(this.chunkBytes, bytes));
  }

  private flush(): void {
    if (this.at === 0) return;
    this.full.push(this.chunk.subarray(0, this.at));
    this.chunk = this.chunk.subarray(this.at);
    this.at = 0;
  }
}

function writeAscii(buffer: Buffer, at: number, text: string): number {
  for (let k = 0; k < text.length; k += 1) buffer[at + k] = text.charCodeAt(k);
  return at + text.length;
}

/**
 * Writes `value` as a JSON number at `at` and returns the end: the decimal nearest to it with 12 significant
 * digits (`Number(value.toPrecision(12))`), trailing zeros dropped; `null` for a non-finite value (as
 * JSON.stringify). Plain notation from 1e-7 to 1e21 and exponent notation outside (JavaScript itself goes plain
 * only from 1e-6: it prints 1e-7 where this writes 0.0000001; both parse to the same number).
 * At most MAX_NUMBER_BYTES - 1 bytes.
 */
export function writeSeriesNumber(buffer: Buffer, at: number, value: number): number {
  if (value === 0) {
    buffer[at] = ZERO;
    return at + 1;
  }
  if (!Number.isFinite(value)) return writeAscii(buffer, at, 'null');
  let x = value;
  if (x < 0) {
    buffer[at++] = MINUS;
    x = -x;
  }
  if (x < FAST_MIN || x > FAST_MAX) return writeAscii(buffer, at, String(Number(x.toPrecision(SIGNIFICANT))));
  // e: the decimal exponent of the leading digit (from the binary exponent, then one comparison);
  // m: the 12-digit mantissa, x ≈ m · 10^(e - 11).
  BITS[0] = x;
  // (Small integers as int32 (`| 0`): typed-array indices and arithmetic stay on the fast path.)
  let e = Math.floor(((BIT_WORDS[HIGH_WORD] >>> 20) - 1023) * LOG10_2) | 0;
  if (x >= POWERS[POWER_OFFSET + e + 1]) e += 1;
  let scaled = x * POWERS[POWER_OFFSET + SIGNIFICANT - 1 - e];
  if (scaled >= MANTISSA_END) {
    e += 1;
    scaled = x * POWERS[POWER_OFFSET + SIGNIFICANT - 1 - e];
  } else if (scaled < MANTISSA_MIN) {
    e -= 1;
    scaled = x * POWERS[POWER_OFFSET + SIGNIFICANT - 1 - e];
  }
  // The product is off by at most ~2.3e-4 of a unit (two roundings of a double near 1e12): only a value that
  // close to halfway between two 12-digit decimals could round the wrong way, and those take the exact path.
  let m = Math.floor(scaled + 0.5);
  if (Math.abs(scaled - m) > 0.499) return writeAscii(buffer, at, String(Number(x.toPrecision(SIGNIFICANT))));
  if (m === MANTISSA_END) {
    // 9.999…95 rounds up to the next power of ten.
    m = MANTISSA_MIN;
    e += 1;
  }
  // The 12 digits are written in one piece (where `digitsAt` says), then the decimal point put in and the
  // trailing zeros dropped.
  const plain = e >= 0 && e < 21;
  const small = e < 0 && e >= -7;
  let digitsAt = at + 1;
  if (plain && e + 1 >= SIGNIFICANT) {
    digitsAt = at;
  } else if (small) {
    buffer[at++] = ZERO;
    buffer[at++] = DOT;
    for (let k = -1; k > e; k -= 1) buffer[at++] = ZERO;
    digitsAt = at;
  }
  // Written here rather than through a helper: this is the loop of a million-point series, and V8 does not
  // inline a helper of this size.
  const first = Math.floor(m * 1e-8) | 0;
  const rest = m - first * 1e8;
  const second = Math.floor(rest * 1e-4) | 0;
  const third = (rest - second * 1e4) | 0;
  let high = Math.imul(first, 5243) >>> 19; // ⌊group / 100⌋ of a four-digit group, exact below 43,699
  let low = (first - high * 100) | 0;
  buffer[digitsAt] = PAIRS[2 * high];
  buffer[digitsAt + 1] = PAIRS[2 * high + 1];
  buffer[digitsAt + 2] = PAIRS[2 * low];
  buffer[digitsAt + 3] = PAIRS[2 * low + 1];
  high = Math.imul(second, 5243) >>> 19;
  low = (second - high * 100) | 0;
  buffer[digitsAt + 4] = PAIRS[2 * high];
  buffer[digitsAt + 5] = PAIRS[2 * high + 1];
  buffer[digitsAt + 6] = PAIRS[2 * low];
  buffer[digitsAt + 7] = PAIRS[2 * low + 1];
  high = Math.imul(third, 5243) >>> 19;
  low = (third - high * 100) | 0;
  buffer[digitsAt + 8] = PAIRS[2 * high];
  buffer[digitsAt + 9] = PAIRS[2 * high + 1];
  buffer[digitsAt + 10] = PAIRS[2 * low];
  buffer[digitsAt + 11] = PAIRS[2 * low + 1];
  if (plain) {
    const integer = e + 1;
    if (integer >= SIGNIFICANT) {
      for (let k = at + SIGNIFICANT; k < at + integer; k += 1) buffer[k] = ZERO;
      return at + integer;
    }
    // 1.5: "15…0" was written one place to the right; its integer digits move back one, the point goes after them.
    for (let k = at; k < at + integer; k += 1) buffer[k] = buffer[k + 1];
    buffer[at + integer] = DOT;
    const end = trimZeros(buffer, at + integer, at + SIGNIFICANT + 1);
    return end === at + integer + 1 ? at + integer : end;
  }
  if (small) return trimZeros(buffer, digitsAt, digitsAt + SIGNIFICANT);
  buffer[at] = buffer[at + 1];
  buffer[at + 1] = DOT;
  let end = trimZeros(buffer, at + 1, at + SIGNIFICANT + 1);
  if (end === at + 2) end = at + 1;
  buffer[end++] = LOWER_E;
  buffer[end++] = e < 0 ? MINUS : PLUS;
  return writeAscii(buffer, end, String(Math.abs(e)));
}

/** Writes days as JSON strings `"YYYY-MM-DD"` (years 0000-9999), one calendar lookup per month. */
class MonthCache {
  private monthStart = 1;
  private monthEnd = 0;
  /** `"YYYY-MM-` of the current month. */
  private readonly prefix = new Uint8Array(9);

  write(buffer: Buffer, at: number, day: number): number {
    if (day < this.monthStart || day > this.monthEnd) this.enter(day);
    const prefix = this.prefix;
    for (let k = 0; k < 9; k += 1) buffer[at + k] = prefix[k];
    const dayOfMonth = (day - this.monthStart + 1) | 0;
    buffer[at + 9] = PAIRS[2 * dayOfMonth];
    buffer[at + 10] = PAIRS[2 * dayOfMonth + 1];
    buffer[at + 11] = QUOTE;
    return at + 12;
  }

  private enter(day: number): void {
    const civil = civilFromDays(day);
    this.monthStart = day - civil.day + 1;
    this.monthEnd = daysFromCivil(civil.month === 12 ? civil.year + 1 : civil.year, civil.month === 12 ? 1 : civil.month + 1, 1) - 1;
    const text = `"${String(civil.year).padStart(4, '0')}-${String(civil.month).padStart(2, '0')}-`;
    for (let k = 0; k < 9; k += 1) this.prefix[k] = text.charCodeAt(k);
  }
}

type NumberColumn = Exclude<(typeof COLUMNS)[number], 'dates'>;

/** Writes entries `from` to `to` - 1 of a `daily_pnl` column. */
function writeColumn(out: JsonChunks, daily: DailyPnlColumns, name: (typeof COLUMNS)[number], from: number, to: number): void {
  if (name === 'dates') out.dates(daily.days, from, to);
  else out.numbers(numberColumn(daily, name), from, to);
}

function numberColumn(daily: DailyPnlColumns, name: NumberColumn): Float64Array {
  return name === 'returns' ? daily.return : daily[name];
}

const SLOT = '__daily_pnl_columns__';

/** The summary's JSON text around `daily_pnl` (its value left out), in the response's key order. */
function around(response: MetricsResponseDto, indent?: number): [before: string, after: string] {
  const text = JSON.stringify({ ...response, daily_pnl: SLOT }, null, indent);
  const at = text.indexOf(`"${SLOT}"`);
  return [text.slice(0, at), text.slice(at + SLOT.length + 2)];
}

/**
 * The metrics answer as compact JSON bytes: `response` (its `daily_pnl` ignored) with `daily_pnl` written from
 * `daily`, or as five empty arrays when `daily` is null. Parses to the response with the series at 12
 * significant digits.
 */
export function metricsResponseJson(response: MetricsResponseDto, daily: DailyPnlColumns | null): Buffer[] {
  const [before, after] = around(response);
  const out = new JsonChunks();
  out.text(before);
  out.text('{');
  for (const [c, name] of COLUMNS.entries()) {
    out.text(`${c === 0 ? '' : ','}"${name}":[`);
    if (daily !== null) writeColumn(out, daily, name, 0, daily.days.length);
    out.text(']');
  }
  out.text('}');
  out.text(after);
  return out.take();
}

/**
 * The metrics answer as indented JSON (`hf metrics --json`), as bytes, a few lines at a time (each piece ends with
 * a newline): the summary as JSON.stringify indents it, each `daily_pnl` column `valuesPerLine` values a line (a
 * million-point series is 5,000 lines, not five million). Bytes, not strings: written to a pipe faster than it is
 * read, the output waits in memory, once.
 */
export function* metricsResponseJsonLines(response: MetricsResponseDto, daily: DailyPnlColumns | null, valuesPerLine = 1_000): Generator<Buffer> {
  const [before, after] = around(response, 2);
  const out = new JsonChunks(valuesPerLine * MAX_NUMBER_BYTES + 64);
  out.text(`${before}{\n`);
  const length = daily === null ? 0 : daily.days.length;
  for (const [c, name] of COLUMNS.entries()) {
    const close = c < COLUMNS.length - 1 ? '],\n' : ']\n';
    if (daily === null || length === 0) {
      out.text(`    "${name}": [${close}`);
      continue;
    }
    for (let from = 0; from < length; from += valuesPerLine) {
      const to = Math.min(length, from + valuesPerLine);
      out.text(from === 0 ? `    "${name}": [` : '      ');
      writeColumn(out, daily, name, from, to);
      out.text(to === length ? close : ',\n');
      yield* out.take();
    }
  }
  out.text(`  }${after}\n`);
  yield* out.take();
}
