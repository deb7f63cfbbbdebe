import { computeDailyPnlColumns, computeMetrics, formatIsoDay, MAX_EPOCH_DAY, MIN_EPOCH_DAY } from '../../engine';
import { JsonChunks, metricsResponseJson, metricsResponseJsonLines, SERIES_SIGNIFICANT_DIGITS, writeSeriesNumber } from './metrics-json';
import { toMetricsResponse } from './metrics.mapper';
import { loadConfig } from '../../config/load-config';
import EXAMPLE from './examples/metrics.json';
import { MetricsRunner } from './metrics-runner';

/** A deterministic LCG in [0, 1). */
function uniforms(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

function written(value: number): string {
  const buffer = Buffer.alloc(64);
  return buffer.toString('latin1', 0, writeSeriesNumber(buffer, 0, value));
}

const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

/** Significant digits of a JSON number text (leading and trailing zeros and the exponent left out). */
function significantDigits(text: string): number {
  return text.replace(/[eE].*$/, '').replace(/[-.]/g, '').replace(/^0+/, '').replace(/0+$/, '').length;
}

/**
 * Whether `text` is a JSON number of at most 12 significant digits equal to `value` rounded to 12 significant
 * digits, as V8's toPrecision (correctly rounded) gives it: an independent reference for the writer's path.
 */
function atTwelveDigits(value: number, text: string): boolean {
  return JSON_NUMBER.test(text) && significantDigits(text) <= SERIES_SIGNIFICANT_DIGITS && Number(text) === Number(value.toPrecision(SERIES_SIGNIFICANT_DIGITS));
}

/**
 * The text the writer must give, from toPrecision and V8's number-to-text: the value rounded to 12 significant
 * digits in its shortest form (that of the 12-digit decimal without its trailing zeros, as no two decimals of at
 * most 15 digits share a double), plain from 1e-7 where JavaScript goes plain from 1e-6.
 */
function expectedText(value: number): string {
  if (!Number.isFinite(value)) return 'null';
  const rounded = Number(value.toPrecision(SERIES_SIGNIFICANT_DIGITS));
  if (rounded === 0) return '0';
  const size = Math.abs(rounded);
  if (size >= 1e-7 && size < 1e-6) return `${rounded < 0 ? '-' : ''}0.000000${size.toExponential().split('e')[0].replace('.', '')}`;
  return String(rounded);
}

describe('writeSeriesNumber', () => {
  it('writes hand-picked values as the shortest decimal at 12 significant digits', () => {
    const cases: [number, string][] = [
      [0, '0'],
      [-0, '0'],
      [1, '1'],
      [-1, '-1'],
      [100_000, '100000'],
      [102_804.95, '102804.95'],
      [10.000000000001455, '10'],
      [-0.1, '-0.1'],
      [1000 / 1006 - 1, '-0.00596421471173'],
      [0.1 + 0.2, '0.3'],
      [123_456_789_012_345, '123456789012000'],
      [999_999_999_999.5, '1000000000000'],
      [9.999999999995, '9.99999999999'],
      [9.9999999999996, '10'],
      [1.5e-7, '0.00000015'],
      [1.5e-8, '1.5e-8'],
      [1e21, '1e+21'],
      [1.3380067190054525e114, '1.33800671901e+114'],
      [-3.7489275513934546e113, '-3.74892755139e+113'],
      [5e-324, '5e-324'],
      [1.7976931348623157e308, '1.79769313486e+308'],
      [Infinity, 'null'],
      [-Infinity, 'null'],
      [NaN, 'null'],
    ];
    for (const [value, text] of cases) expect([value, written(value)]).toEqual([value, text]);
  });

  it('equals the value rounded to 12 significant digits, for values of every magnitude and sign', () => {
    const next = uniforms(7);
    const wrong: [number, string][] = [];
    for (let k = 0; k < 200_000; k += 1) {
      const value = (next() < 0.5 ? -1 : 1) * (1 + 9 * next()) * 10 ** Math.floor(next() * 640 - 323);
      if (value === 0 || !Number.isFinite(value)) continue;
      const text = written(value);
      if (!atTwelveDigits(value, text) || text !== expectedText(value)) wrong.push([value, text]);
    }
    expect(wrong).toEqual([]);
  });

  it('writes the shortest text for every decimal exponent and every count of significant digits', () => {
    // 1 to 12 significant digits (1, 1.2, …, 1.23456789012; 9, 9.8, …), zeros inside, and more than 12 digits
    // rounding up, down or to the next power of ten; each at every exponent, both signs, and a double either side.
    const mantissas = ['1.00000000001', '1.0000001', '1.05', '4.99999999999949', '1.0000000000049', '9.999999999995', '9.99999999999'];
    for (let count = 1; count <= SERIES_SIGNIFICANT_DIGITS; count += 1) {
      mantissas.push(`1.${'23456789012'.slice(0, count - 1)}`, `9.${'87654321098'.slice(0, count - 1)}`, count === 1 ? '5' : `5.${'0'.repeat(count - 2)}5`);
    }
    const wrong: [number, string, string][] = [];
    for (let exponent = -330; exponent <= 310; exponent += 1) {
      for (const mantissa of mantissas) {
        const value = Number(`${mantissa}e${exponent}`);
        for (const near of [value, value * (1 + Number.EPSILON), value * (1 - Number.EPSILON)]) {
          for (const signed of [near, -near]) {
            const text = written(signed);
            if (text !== expectedText(signed)) wrong.push([signed, text, expectedText(signed)]);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
    // The reference itself, on the forms the writer gives around the notation changes.
    expect([1e-7, 1.5e-7, 9.99999999999e-8, 1e-6, 1e20, 9.999999999999e20, 1e21].map(expectedText)).toEqual([
      '0.0000001',
      '0.00000015',
      '9.99999999999e-8',
      '0.000001',
      '100000000000000000000',
      '1e+21',
      '1e+21',
    ]);
  });

  it('rounds values halfway between two 12-digit decimals as toPrecision does', () => {
    // 0.5 of a unit in the 12th digit, in binary a hair above or below it.
    const values = [1.000000000005, 2.000000000005, 0.1000000000005, 123456.7890125, 9.999999999995, 5.0000000000005e-3, 0.6180339887495];
    const wrong = values.flatMap((value) => [value, -value]).filter((value) => !atTwelveDigits(value, written(value)));
    expect(wrong).toEqual([]);
  });

  it('gives back exactly every value that has at most 12 significant digits (money in cents)', () => {
    const next = uniforms(11);
    const wrong: number[] = [];
    for (let k = 0; k < 100_000; k += 1) {
      const value = (Math.floor(next() * 1e12) - 5e11) / 100;
      const text = written(value);
      if (Number(text) !== value || text !== expectedText(value)) wrong.push(value);
    }
    expect(wrong).toEqual([]);
  });
});

describe('JsonChunks', () => {
  it('writes numbers and dates across chunks of any size (the writer stores words past a number)', () => {
    // The widest stores: negative, 11 integer digits and a 12-digit fraction; then every other notation.
    const values = Float64Array.from({ length: 600 }, (_, i) => (i % 2 === 0 ? -1 : 1) * (12_345_678_901.2 + i * 0.1) * 10 ** -(i % 40));
    const days = Int32Array.from({ length: 600 }, (_, i) => (i < 300 ? MIN_EPOCH_DAY + i * 7 : MAX_EPOCH_DAY - (600 - i) * 13));
    for (const chunkBytes of [1, 13, 25, 26, 27, 64, 1000, 1 << 20]) {
      const out = new JsonChunks(chunkBytes);
      out.text('[');
      out.numbers(values, 0, values.length);
      out.text('],[');
      out.dates(days, 0, days.length);
      out.text(']');
      expect([chunkBytes, Buffer.concat(out.take()).toString('latin1')]).toEqual([
        chunkBytes,
        `[${Array.from(values, expectedText).join(',')}],[${Array.from(days, (day) => `"${formatIsoDay(day)}"`).join(',')}]`,
      ]);
    }
  });

  it('writes a number at the very end of a chunk', () => {
    // A chunk with 20 to 30 bytes left, then the widest stores (25 bytes for 14 written): a RangeError without room.
    const widest = Float64Array.of(-12_345_678_901.2);
    for (let left = 20; left <= 30; left += 1) {
      const out = new JsonChunks(64);
      out.text('x'.repeat(64 - left));
      out.numbers(widest, 0, 1);
      expect([left, Buffer.concat(out.take()).toString('latin1')]).toEqual([left, `${'x'.repeat(64 - left)}-12345678901.2`]);
    }
  });
});

describe('metricsResponseJson', () => {
  /** A random walk long enough to fill several 1 MB chunks. */
  function curve(points: number): { dates: string[]; values: number[] } {
    const next = uniforms(3);
    const dates: string[] = [];
    const values: number[] = [];
    let value = 50_000;
    for (let i = 0; i < points; i += 1) {
      dates.push(formatIsoDay(10_000 + i));
      values.push(value);
      value = Math.max(0.01, Math.round(value * (1 + (next() - 0.5) * 0.04) * 100) / 100);
    }
    return { dates, values };
  }

  const { dates, values } = curve(120_000);
  const input = { equity: { dates, values }, trades: [{ pnl: 12.5, exit_date: dates[3] }] };
  const full = toMetricsResponse(computeMetrics(input));
  const summary = toMetricsResponse(computeMetrics({ ...input, includeDailyPnl: false }));
  const daily = computeDailyPnlColumns(input.equity);

  function expectSameAnswer(parsed: typeof full): void {
    // Every summary field as JSON.stringify writes it, in the same key order.
    expect(Object.keys(parsed)).toEqual(Object.keys(full));
    expect({ ...parsed, daily_pnl: null }).toEqual({ ...full, daily_pnl: null });
    // The series: the dates as given, every number the engine's value at 12 significant digits.
    expect(parsed.daily_pnl.dates).toEqual(full.daily_pnl.dates);
    for (const column of ['equity', 'pnl', 'drawdown', 'returns'] as const) {
      expect(parsed.daily_pnl[column]).toHaveLength(full.daily_pnl[column].length);
      const wrong = full.daily_pnl[column].filter((value, i) => parsed.daily_pnl[column][i] !== Number(value.toPrecision(SERIES_SIGNIFICANT_DIGITS)));
      expect([column, wrong]).toEqual([column, []]);
    }
    // Balances in cents come back exactly.
    expect(parsed.daily_pnl.equity).toEqual(values.slice(1));
  }

  it('writes the whole answer, the daily series from the typed columns, as valid JSON', () => {
    const chunks = metricsResponseJson(summary, daily);
    expect(chunks.length).toBeGreaterThan(1);
    expectSameAnswer(JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof full);
  });

  it('writes five empty columns without a series', () => {
    const parsed = JSON.parse(Buffer.concat(metricsResponseJson(summary, null)).toString('utf8')) as typeof full;
    expect(parsed).toEqual(summary);
    expect(parsed.daily_pnl).toEqual({ dates: [], equity: [], pnl: [], drawdown: [], returns: [] });
  });

  it('writes the indented form line by line, each column 1,000 values a line', () => {
    const text = Buffer.concat([...metricsResponseJsonLines(summary, daily)]).toString('utf8');
    expect(text.endsWith('}\n')).toBe(true);
    const lines = text.split('\n');
    expectSameAnswer(JSON.parse(text) as typeof full);
    expect(lines.filter((line) => line.startsWith('    "returns": ['))).toHaveLength(1);
    expect(lines.length).toBeLessThan(Object.keys(full).length * 3 + 5 * 120 + 10);
    expect(lines.find((line) => line.startsWith('    "pnl": ['))?.split(',')).toHaveLength(1_001);
    expect(JSON.parse(Buffer.concat([...metricsResponseJsonLines(summary, null)]).toString('utf8'))).toEqual(summary);
  });
});

describe('the POST /metrics example of the API manual', () => {
  it('is the server answer to its request example, daily_pnl columns included', () => {
    const runner = new MetricsRunner(loadConfig({ LOG_LEVEL: 'silent' }));
    const answer: unknown = JSON.parse(Buffer.concat(runner.computeJson({ kind: 'json', text: JSON.stringify(EXAMPLE.request) }, {})).toString('utf8'));
    expect(answer).toEqual(EXAMPLE.response);
    expect(Object.keys(EXAMPLE.response.daily_pnl)).toEqual(['dates', 'equity', 'pnl', 'drawdown', 'returns']);
  });
});
