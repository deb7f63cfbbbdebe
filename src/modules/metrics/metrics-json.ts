import { civilFromDays, type DailyPnlColumns, daysFromCivil } from '../../engine';
import type { MetricsResponseDto } from './dto/metrics-response.dto';

/**
 * The JSON text of the metrics answer (POST /metrics and `hf metrics --json`), with `daily_pnl` written
 * straight from the engine's typed columns (docs/metrics.md "Performance"): the summary goes through
 * JSON.stringify, the five columns through the small writer below, into buffers four digits a store. A million-point
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

/**
 * Most bytes the writer touches for one number: a number takes at most 22 (sign, 21 integer digits below 1e21),
 * but the writer stores whole 4-digit words past its end; with 11 integer digits it touches a comma, the sign,
 * 11 digits, the point and 12 fraction digits.
 */
const MAX_NUMBER_WRITE = 26;
/** `"YYYY-MM-DD",` */
const DATE_BYTES = 13;

const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const PLUS = 43;
const LOWER_E = 101;

/** 10^k for k in [-POWER_OFFSET, POWER_OFFSET], each the double nearest to it. */
const POWER_OFFSET = 320;
const POWERS = Float64Array.from({ length: 2 * POWER_OFFSET + 1 }, (_, i) => Number(`1e${i - POWER_OFFSET}`));
/**
 * Biased binary exponents of the fast path, about 1e-280 to 1e280: outside (zero, subnormals, non-finite values
 * included), 10^k would leave the double range and the value takes the exact path (toPrecision).
 */
const FAST_BINARY_MIN = 1023 - 930;
const FAST_BINARY_MAX = 1023 + 930;
/** The smallest and the first too large 12-digit integer mantissa. */
const MANTISSA_MIN = 1e11;
const MANTISSA_END = 1e12;
/** A double's bits, to read its sign and binary exponent (the high word is the second one on a little-endian machine). */
const BITS = new Float64Array(1);
const BIT_WORDS = new Uint32Array(BITS.buffer);
const HIGH_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
/** Per biased binary exponent b: ⌊(b - 1023) · log10 2⌋, the decimal exponent of 2^(b-1023). */
const DECIMAL_EXPONENT = Int32Array.from({ length: 2048 }, (_, b) => Math.floor((b - 1023) * Math.log10(2)));
/**
 * Per biased binary exponent: 10^-(DECIMAL_EXPONENT + 1). A value of that binary exponent times it is in (0.1, 2),
 * so its integer part (0 or 1) is what the decimal exponent adds, without a branch; near a power of ten it may
 * be one off, which the mantissa range check corrects.
 */
const NEXT_POWER_INVERSE = Float64Array.from({ length: 2048 }, (_, b) => POWERS[POWER_OFFSET - Math.max(-POWER_OFFSET, Math.min(POWER_OFFSET, DECIMAL_EXPONENT[b] + 1))]);

/** Four ASCII bytes as the little-endian word DataView.setUint32(…, true) stores. */
function asciiWord(text: string): number {
  return (text.charCodeAt(0) | (text.charCodeAt(1) << 8) | (text.charCodeAt(2) << 16) | (text.charCodeAt(3) << 24)) >>> 0;
}
/** 0000-9999 as four ASCII digits each, one store per four digits. */
const DIGIT_WORDS = Uint32Array.from({ length: 10_000 }, (_, i) => asciiWord(String(i).padStart(4, '0')));
/** Trailing zeros of 0001-9999 as four digits (4 for 0). */
const TRAILING_ZEROS = Uint8Array.from({ length: 10_000 }, (_, i) => (i === 0 ? 4 : i % 1000 === 0 ? 3 : i % 100 === 0 ? 2 : i % 10 === 0 ? 1 : 0));
const ZERO_POINT_ZEROS = asciiWord('0.00');
const FOUR_ZEROS = asciiWord('0000');
/** `-DD"` for the days 1 to 31 of a month. */
const DAY_WORDS = Uint32Array.from({ length: 32 }, (_, day) => asciiWord(`-${String(day).padStart(2, '0')}"`));

/** A growing list of byte chunks: a large series is never one huge string, nor copied into a larger buffer. */
export class JsonChunks {
  private readonly full: Buffer[] = [];
  private chunk: Buffer;
  /** The chunk's bytes, for the writers' word stores. */
  private view: DataView;
  private at = 0;

  constructor(private readonly chunkBytes = 1 << 20) {
    this.chunk = Buffer.allocUnsafe(chunkBytes);
    this.view = viewOf(this.chunk);
  }

  text(text: string): void {
    this.reserve(Buffer.byteLength(text));
    this.at += this.chunk.write(text, this.at);
  }

  /** Writes `values[from]` to `values[to - 1]` as JSON numbers at 12 significant digits, a comma between. */
  numbers(values: Float64Array, from: number, to: number): void {
    for (let start = from; start < to; ) {
      const end = this.room(start, to, MAX_NUMBER_WRITE);
      this.at = writeNumbers(this.view, this.at, values, start, end, start !== from);
      start = end;
    }
  }

  /** Writes `days[from]` to `days[to - 1]` as JSON strings `"YYYY-MM-DD"`, a comma between. */
  dates(days: Int32Array, from: number, to: number): void {
    const calendar = new MonthCache();
    for (let start = from; start < to; ) {
      const end = this.room(start, to, DATE_BYTES);
      const view = this.view;
      let at = this.at;
      for (let i = start; i < end; i += 1) {
        if (i !== from) view.setUint8(at++, COMMA);
        at = calendar.write(view, at, days[i]);
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
    this.view = viewOf(this.chunk);
  }

  private flush(): void {
    if (this.at === 0) return;
    this.full.push(this.chunk.subarray(0, this.at));
    this.chunk = this.chunk.subarray(this.at);
    this.view = viewOf(this.chunk);
    this.at = 0;
  }
}

function viewOf(buffer: Buffer): DataView {
  return new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/**
 * Writes `value` as a JSON number at `at` and returns the end: the decimal nearest to it with 12 significant
 * digits (`Number(value.toPrecision(12))`), trailing zeros dropped; `null` for a non-finite value (as
 * JSON.stringify). Plain notation from 1e-7 to 1e21 and exponent notation outside (JavaScript itself goes plain
 * only from 1e-6: it prints 1e-7 where this writes 0.0000001; both parse to the same number).
 * At most 22 bytes, but it stores bytes past the end too: it needs MAX_NUMBER_WRITE - 1 bytes of room from `at`
 * (a RangeError without them).
 */
export function writeSeriesNumber(buffer: Buffer, at: number, value: number): number {
  ONE_VALUE[0] = value;
  return writeNumbers(viewOf(buffer), at, ONE_VALUE, 0, 1, false);
}

const ONE_VALUE = new Float64Array(1);

/** writeSeriesNumber's exact path: zero, non-finite values, values outside the fast range or too close to a tie. */
function writeExact(view: DataView, at: number, value: number): number {
  const rounded = Number(value.toPrecision(SIGNIFICANT));
  let text = value === 0 ? '0' : Number.isFinite(value) ? String(rounded) : 'null';
  // String() goes plain only from 1e-6: 5.5e-7 is written 0.00000055, as the fast path writes it.
  if (Math.abs(rounded) >= 1e-7 && Math.abs(rounded) < 1e-6) text = `${rounded < 0 ? '-' : ''}0.000000${text.replace(/^-|\.|e-7$/g, '')}`;
  for (let k = 0; k < text.length; k += 1) view.setUint8(at + k, text.charCodeAt(k));
  return at + text.length;
}

/**
 * Writes `values[from]` to `values[to - 1]` as writeSeriesNumber does, a comma before each but the first (before
 * the first too when `comma`), and returns the end; needs `to - from` times MAX_NUMBER_WRITE bytes of room.
 * The loop is in the writer so that no double is boxed for a call; its body has few data-dependent branches,
 * which a series of random magnitudes and signs would mispredict.
 */
function writeNumbers(view: DataView, at: number, values: Float64Array, from: number, to: number, comma: boolean): number {
  for (let i = from; i < to; i += 1) {
    if (comma) view.setUint8(at++, COMMA);
    comma = true;
    const value = values[i];
    BITS[0] = value;
    const high = BIT_WORDS[HIGH_WORD];
    const binary = (high >>> 20) & 0x7ff;
    if (binary < FAST_BINARY_MIN || binary > FAST_BINARY_MAX) {
      at = writeExact(view, at, value);
      continue;
    }
    // The minus sign always stored, kept only for a negative value (the sign bit).
    view.setUint8(at, MINUS);
    at = (at + (high >>> 31)) | 0;
    const x = Math.abs(value);
    // e: the decimal exponent of the leading digit; m: the 12-digit mantissa, x ≈ m · 10^(e - 11).
    let e = (DECIMAL_EXPONENT[binary] + ((x * NEXT_POWER_INVERSE[binary]) | 0)) | 0;
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
    if (Math.abs(scaled - m) > 0.499) {
      at = writeExact(view, at, x);
      continue;
    }
    if (m === MANTISSA_END) {
      // 9.999…95 rounds up to the next power of ten.
      m = MANTISSA_MIN;
      e += 1;
    }
    // m as three 4-digit groups. The product by 1e-8 floors exactly: the double 1e-8 is above 1e-8, so a
    // multiple of 1e8 never comes out a hair below its quotient.
    const g0 = (m * 1e-8) | 0;
    const rest = (m - g0 * 1e8) | 0;
    const g1 = (rest / 10_000) | 0;
    const g2 = (rest - g1 * 10_000) | 0;
    let zeros = TRAILING_ZEROS[g2];
    if (zeros === 4) {
      zeros = 4 + TRAILING_ZEROS[g1];
      if (zeros === 8) zeros = 8 + TRAILING_ZEROS[g0];
    }
    const digits = SIGNIFICANT - zeros;
    if (e >= 0 && e < SIGNIFICANT - 1) {
      // 1 to 11 integer digits: the 12 digits (the integer ones in place), the point over the next one, and the
      // fraction digits again one place on, as the 12-digit number (m mod 10^(11-e)) · 10^(e+1) (exact below 2^53).
      // No loop moves digits, and the trailing zeros are cut by `digits`.
      const integer = e + 1;
      view.setUint32(at, DIGIT_WORDS[g0], true);
      view.setUint32(at + 4, DIGIT_WORDS[g1], true);
      view.setUint32(at + 8, DIGIT_WORDS[g2], true);
      if (digits <= integer) {
        at += integer;
        continue;
      }
      view.setUint8(at + integer, DOT);
      const unit = POWERS[POWER_OFFSET + SIGNIFICANT - integer];
      const fraction = (m - Math.floor(m / unit) * unit) * POWERS[POWER_OFFSET + integer];
      const f0 = (fraction * 1e-8) | 0;
      const fractionRest = (fraction - f0 * 1e8) | 0;
      const f1 = (fractionRest / 10_000) | 0;
      const start = at + integer + 1;
      view.setUint32(start, DIGIT_WORDS[f0], true);
      view.setUint32(start + 4, DIGIT_WORDS[f1], true);
      view.setUint32(start + 8, DIGIT_WORDS[(fractionRest - f1 * 10_000) | 0], true);
      at += digits + 1;
      continue;
    }
    if (e < 0 && e >= -7) {
      // "0.000000" (as many zeros as needed), then the digits over the rest.
      view.setUint32(at, ZERO_POINT_ZEROS, true);
      view.setUint32(at + 4, FOUR_ZEROS, true);
      const start = at + 1 - e;
      view.setUint32(start, DIGIT_WORDS[g0], true);
      view.setUint32(start + 4, DIGIT_WORDS[g1], true);
      view.setUint32(start + 8, DIGIT_WORDS[g2], true);
      at = start + digits;
      continue;
    }
    if (e >= SIGNIFICANT - 1 && e < 21) {
      // An integer of 12 to 21 digits: the 12, then zeros.
      view.setUint32(at, DIGIT_WORDS[g0], true);
      view.setUint32(at + 4, DIGIT_WORDS[g1], true);
      view.setUint32(at + 8, DIGIT_WORDS[g2], true);
      view.setUint32(at + 12, FOUR_ZEROS, true);
      view.setUint32(at + 16, FOUR_ZEROS, true);
      view.setUint8(at + 20, ZERO);
      at += e + 1;
      continue;
    }
    // d.ddde±n: the digits one place on, the leading one copied before the point.
    view.setUint32(at + 1, DIGIT_WORDS[g0], true);
    view.setUint32(at + 5, DIGIT_WORDS[g1], true);
    view.setUint32(at + 9, DIGIT_WORDS[g2], true);
    view.setUint8(at, DIGIT_WORDS[g0] & 0xff);
    view.setUint8(at + 1, DOT);
    let end = digits === 1 ? at + 1 : at + 1 + digits;
    view.setUint8(end++, LOWER_E);
    view.setUint8(end++, e < 0 ? MINUS : PLUS);
    const power = Math.abs(e);
    if (power >= 100) view.setUint8(end++, ZERO + ((power / 100) | 0));
    if (power >= 10) view.setUint8(end++, ZERO + (((power / 10) | 0) % 10));
    view.setUint8(end++, ZERO + (power % 10));
    at = end;
  }
  return at;
}

/** Writes days as JSON strings `"YYYY-MM-DD"` (years 0000-9999), one calendar lookup per month. */
class MonthCache {
  private monthStart = 1;
  private monthEnd = 0;
  /** `"YYYY-MM-` of the current month as two words (`"YYY`, `Y-MM`); DAY_WORDS gives the `-DD"` after them. */
  private yearWord = 0;
  private monthWord = 0;

  write(view: DataView, at: number, day: number): number {
    if (day < this.monthStart || day > this.monthEnd) this.enter(day);
    view.setUint32(at, this.yearWord, true);
    view.setUint32(at + 4, this.monthWord, true);
    view.setUint32(at + 8, DAY_WORDS[(day - this.monthStart + 1) | 0], true);
    return at + 12;
  }

  private enter(day: number): void {
    const civil = civilFromDays(day);
    this.monthStart = day - civil.day + 1;
    this.monthEnd = daysFromCivil(civil.month === 12 ? civil.year + 1 : civil.year, civil.month === 12 ? 1 : civil.month + 1, 1) - 1;
    const text = `"${String(civil.year).padStart(4, '0')}-${String(civil.month).padStart(2, '0')}`;
    this.yearWord = asciiWord(text);
    this.monthWord = asciiWord(text.slice(4));
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
  const out = new JsonChunks(valuesPerLine * MAX_NUMBER_WRITE + 64);
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
