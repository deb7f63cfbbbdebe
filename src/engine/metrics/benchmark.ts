import { EngineError } from '../errors';
import { dateOf, toEquityCurve } from './equity-curve';
import type { MetricNotes } from './notes';
import { DEFAULT_PERIODS_PER_YEAR } from './report';
import { ZERO_VOLATILITY } from './returns';
import type { BenchmarkInput, BenchmarkMetrics } from './types';

function invalid(field: string, message: string): EngineError {
  return new EngineError('INVALID_INPUT', `${field} ${message}`, [{ field, message }]);
}

/** Simple period returns V_t / V_{t−1} − 1 of a validated curve. */
function periodReturns(values: Float64Array): Float64Array {
  const out = new Float64Array(values.length - 1);
  for (let i = 1; i < values.length; i += 1) out[i - 1] = values[i] / values[i - 1] - 1;
  return out;
}

function mean(values: Float64Array): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/**
 * Relative performance of an equity curve against a benchmark curve on the same dates (quantstats
 * conventions, daily simple returns r_t of the portfolio and b_t of the benchmark, N of each, P periods a year):
 *
 * - beta = cov(r, b) / var(b) (sample covariance and variance, ddof 1: `quantstats.stats.greeks`);
 * - alpha = (mean(r) − beta · mean(b)) · P (annualised arithmetic alpha, no risk-free rate: `greeks`);
 * - correlation = Pearson correlation of r and b;
 * - information_ratio = mean(r − b) / std(r − b, ddof 1), **not annualised** (`quantstats.stats.information_ratio`);
 * - tracking_error = std(r − b, ddof 1) · √P (annualised);
 * - active_return = total return − the benchmark's total return.
 *
 * Undefined figures are null with a reason in `metric_notes`: fewer than 2 returns, a benchmark without
 * variance (beta, alpha, correlation), a portfolio without variance (correlation), identical returns
 * (information ratio). Throws INVALID_INPUT when a curve is invalid or the dates differ (`benchmark[i].date`).
 */
export function computeBenchmarkMetrics(input: BenchmarkInput): BenchmarkMetrics {
  const periodsPerYear = input.periodsPerYear ?? DEFAULT_PERIODS_PER_YEAR;
  if (typeof periodsPerYear !== 'number' || !Number.isFinite(periodsPerYear) || periodsPerYear <= 0) {
    throw invalid('periods_per_year', `must be a finite number > 0; got ${String(periodsPerYear)}.`);
  }
  const equity = toEquityCurve(input.equity);
  let benchmark;
  try {
    benchmark = toEquityCurve(input.benchmark);
  } catch (error) {
    if (error instanceof EngineError) {
      const rename = (text: string): string => text.replace(/^equity/, 'benchmark');
      throw new EngineError(error.code, rename(error.message), error.errors.map((e) => ({ field: rename(e.field), message: e.message })));
    }
    throw error;
  }
  if (benchmark.length !== equity.length) throw invalid('benchmark', `has ${benchmark.length} points but the equity curve has ${equity.length}; they must share their dates.`);
  for (let i = 0; i < equity.length; i += 1) {
    if (benchmark.days[i] !== equity.days[i]) throw invalid(`benchmark[${i}].date`, `${dateOf(benchmark, i)} is not the equity curve's date ${dateOf(equity, i)}.`);
  }

  const notes: MetricNotes = {};
  const n = equity.length - 1;
  const totalReturn = equity.values[n] / equity.values[0] - 1;
  const benchmarkReturn = benchmark.values[n] / benchmark.values[0] - 1;
  const base = {
    benchmark_total_return: benchmarkReturn,
    benchmark_total_return_pct: benchmarkReturn * 100,
    active_return: totalReturn - benchmarkReturn,
    active_return_pct: (totalReturn - benchmarkReturn) * 100,
  };
  if (n < 2) {
    for (const key of ['beta', 'alpha', 'correlation', 'information_ratio', 'tracking_error']) notes[key] = 'needs at least 2 returns (3 equity points)';
    return { ...base, beta: null, alpha: null, correlation: null, information_ratio: null, tracking_error: null, metric_notes: notes };
  }

  const r = periodReturns(equity.values);
  const b = periodReturns(benchmark.values);
  const meanR = mean(r);
  const meanB = mean(b);
  let covariance = 0;
  let varianceR = 0;
  let varianceB = 0;
  let meanActive = 0;
  for (let i = 0; i < n; i += 1) {
    const dr = r[i] - meanR;
    const db = b[i] - meanB;
    covariance += dr * db;
    varianceR += dr * dr;
    varianceB += db * db;
    meanActive += r[i] - b[i];
  }
  covariance /= n - 1;
  varianceR /= n - 1;
  varianceB /= n - 1;
  meanActive /= n;
  let activeSquares = 0;
  for (let i = 0; i < n; i += 1) {
    const d = r[i] - b[i] - meanActive;
    activeSquares += d * d;
  }
  const activeStd = Math.sqrt(activeSquares / (n - 1));
  const stdR = Math.sqrt(varianceR);
  const stdB = Math.sqrt(varianceB);

  let beta: number | null = null;
  let alpha: number | null = null;
  let correlation: number | null = null;
  if (stdB <= ZERO_VOLATILITY) {
    notes.beta = "undefined: the benchmark's returns have zero variance";
    notes.alpha = notes.beta;
    notes.correlation = notes.beta;
  } else {
    beta = covariance / varianceB;
    alpha = (meanR - beta * meanB) * periodsPerYear;
    if (stdR <= ZERO_VOLATILITY) notes.correlation = "undefined: the portfolio's returns have zero variance";
    else correlation = covariance / (stdR * stdB);
  }
  let informationRatio: number | null = null;
  if (activeStd <= ZERO_VOLATILITY) notes.information_ratio = 'undefined: the returns equal the benchmark returns (zero tracking error)';
  else informationRatio = meanActive / activeStd;
  return {
    ...base,
    beta,
    alpha,
    correlation,
    information_ratio: informationRatio,
    tracking_error: activeStd * Math.sqrt(periodsPerYear),
    metric_notes: notes,
  };
}
