import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { computeHistogram, computePeriodReturns, computeRollingSharpe, parseIsoDay } from '../../../src/engine';

// Golden files written by reference_series.py (numpy: every rolling window recomputed from scratch,
// periods grouped with itertools.groupby and compounded from daily returns, numpy.histogram).
// Regenerate with `python3 test/unit/metrics/reference_series.py`.
interface SeriesFixture {
  name: string;
  input: { dates: string[]; values: number[]; window: number; periods_per_year: number; risk_free_rate: number; bins: number };
  expected: {
    rolling_sharpe: (number | null)[];
    months: { year: number; month: number; return: number; points: number }[];
    years: { year: number; month: null; return: number; points: number }[];
    histogram: { edges: number[]; counts: number[] };
  };
}

const DIR = join(__dirname, 'series-golden');
const fixtures: SeriesFixture[] = readdirSync(DIR)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => JSON.parse(readFileSync(join(DIR, file), 'utf8')) as SeriesFixture);

function close(actual: number, expected: number, tolerance = 1e-9): boolean {
  return Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected));
}

describe('tearsheet series against numpy', () => {
  it('has the golden files', () => {
    expect(fixtures.map((f) => f.name)).toEqual(['calendar-days-leap-february', 'three-years-with-a-flat-stretch']);
  });

  describe.each(fixtures.map((f) => [f.name, f] as const))('%s', (_name, { input, expected }) => {
    const days = Int32Array.from(input.dates, (d) => parseIsoDay(d) as number);
    const values = Float64Array.from(input.values);

    it('rolling Sharpe equals numpy window by window (undefined where numpy says so)', () => {
      const actual = computeRollingSharpe(values, input.window, input.periods_per_year, input.risk_free_rate);
      expect(actual).toHaveLength(expected.rolling_sharpe.length);
      const mismatches = expected.rolling_sharpe.flatMap((want, i) => {
        const got = actual[i];
        if (want === null) return Number.isNaN(got) ? [] : [`[${i}] expected undefined, got ${got}`];
        return close(got, want) ? [] : [`[${i}] expected ${want}, got ${got}`];
      });
      expect(mismatches).toEqual([]);
      expect(expected.rolling_sharpe.filter((v) => v !== null).length).toBeGreaterThan(10);
    });

    it('monthly and yearly returns equal the compounded daily returns of each calendar period', () => {
      const actual = computePeriodReturns(days, values);
      expect(actual.months.map(({ year, month, points }) => [year, month, points])).toEqual(expected.months.map(({ year, month, points }) => [year, month, points]));
      expect(actual.years.map(({ year, points }) => [year, points])).toEqual(expected.years.map(({ year, points }) => [year, points]));
      actual.months.forEach((m, i) => expect(close(m.return, expected.months[i].return, 1e-12)).toBe(true));
      actual.years.forEach((y, i) => expect(close(y.return, expected.years[i].return, 1e-12)).toBe(true));
    });

    it('the return histogram equals numpy.histogram', () => {
      const returns = values.subarray(1).map((v, i) => v / values[i] - 1);
      const actual = computeHistogram(returns, input.bins);
      expect(Array.from(actual.counts)).toEqual(expected.histogram.counts);
      Array.from(actual.edges).forEach((edge, i) => expect(close(edge, expected.histogram.edges[i], 1e-12)).toBe(true));
    });
  });
});
