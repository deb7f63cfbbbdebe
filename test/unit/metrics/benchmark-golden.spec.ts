import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { computeBenchmarkMetrics, type EquityPoint } from '../../../src/engine';

// Golden files written by reference_benchmark.py with numpy (np.cov, np.corrcoef, std(ddof=1)), following
// quantstats' greeks and information_ratio. Regenerate with `python3 test/unit/metrics/reference_benchmark.py`.
interface Fixture {
  name: string;
  input: { equity: EquityPoint[]; benchmark: EquityPoint[]; periods_per_year: number };
  expected: Record<string, number | null>;
}

const DIR = join(__dirname, 'benchmark-golden');
const fixtures: Fixture[] = readdirSync(DIR)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Fixture);

describe('computeBenchmarkMetrics against numpy (quantstats conventions)', () => {
  it('has golden files', () => {
    expect(fixtures.map((f) => f.name)).toEqual(['correlated-random-walk', 'flat-account', 'flat-benchmark', 'short-hedge-monthly']);
  });

  it.each(fixtures.map((f) => [f.name, f] as const))('%s', (_name, { input, expected }) => {
    const metrics = computeBenchmarkMetrics({ equity: input.equity, benchmark: input.benchmark, periodsPerYear: input.periods_per_year });
    for (const [key, value] of Object.entries(expected)) {
      const actual = metrics[key as keyof typeof metrics];
      if (value === null) {
        expect([key, actual]).toEqual([key, null]);
        expect(metrics.metric_notes[key]).toEqual(expect.any(String));
      } else {
        expect([key, Math.abs((actual as number) - value) <= 1e-9 * Math.max(1, Math.abs(value))]).toEqual([key, true]);
      }
    }
  });
});
