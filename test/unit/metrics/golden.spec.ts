import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { computeMetrics, type ClosedTrade, type EquityPoint, type PositionExposure } from '../../../src/engine';

// Golden files written by reference_metrics.py, an independent stdlib Python implementation (two-pass
// statistics, brute-force drawdowns, groupby streaks); see its docstring. Regenerate with
// `python3 test/unit/metrics/reference_metrics.py`.
interface GoldenFixture {
  name: string;
  description: string;
  input: {
    equity: EquityPoint[];
    trades?: ClosedTrade[];
    positions?: PositionExposure[];
    risk_free_rate: number;
    periods_per_year: number;
  };
  expected: Record<string, unknown>;
}

const GOLDEN_DIR = join(__dirname, 'golden');
const fixtures: GoldenFixture[] = readdirSync(GOLDEN_DIR)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => JSON.parse(readFileSync(join(GOLDEN_DIR, file), 'utf8')) as GoldenFixture);

/** Differences between `actual` and `expected` beyond a relative tolerance of 1e-9, as readable paths. */
function differences(actual: unknown, expected: unknown, path: string): string[] {
  if (typeof expected === 'number') {
    if (typeof actual !== 'number') return [`${path}: expected ${expected}, got ${String(actual)}`];
    const tolerance = 1e-9 * Math.max(1, Math.abs(expected));
    return Math.abs(actual - expected) <= tolerance ? [] : [`${path}: expected ${expected}, got ${actual}`];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return [`${path}: expected ${expected.length} items, got ${Array.isArray(actual) ? actual.length : String(actual)}`];
    return expected.flatMap((item, i) => differences(actual[i], item, `${path}[${i}]`));
  }
  if (typeof expected === 'object' && expected !== null) {
    if (typeof actual !== 'object' || actual === null) return [`${path}: expected an object, got ${String(actual)}`];
    return Object.entries(expected).flatMap(([key, value]) => differences((actual as Record<string, unknown>)[key], value, `${path}.${key}`));
  }
  return actual === expected ? [] : [`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}

describe('computeMetrics against the independent reference', () => {
  it('has golden files', () => {
    expect(fixtures.map((f) => f.name)).toEqual(['business-days-random-walk', 'losing-account-with-flat-days', 'monthly-five-years', 'never-below-a-peak']);
  });

  it.each(fixtures.map((f) => [f.name, f] as const))('%s', (_name, fixture) => {
    const { input } = fixture;
    const report = computeMetrics({
      equity: input.equity,
      trades: input.trades,
      positions: input.positions,
      riskFreeRate: input.risk_free_rate,
      periodsPerYear: input.periods_per_year,
    });
    expect(differences(report, fixture.expected, 'report')).toEqual([]);
    // Every null in the reference has a reason in metric_notes.
    const nullKeys = Object.entries(fixture.expected).filter(([, value]) => value === null).map(([key]) => key);
    expect(nullKeys.filter((key) => typeof report.metric_notes[key] !== 'string')).toEqual([]);
  });
});
