import { computeDailyPnlColumns, computeMetrics, formatIsoDay } from '../../engine';
import { metricsResponseJson, metricsResponseJsonLines, SERIES_SIGNIFICANT_DIGITS, writeSeriesNumber } from './metrics-json';
import { toMetricsResponse } from './metrics.mapper';

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
      if (!atTwelveDigits(value, text)) wrong.push([value, text]);
    }
    expect(wrong).toEqual([]);
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
      if (Number(written(value)) !== value) wrong.push(value);
    }
    expect(wrong).toEqual([]);
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
