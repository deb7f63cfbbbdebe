import { computeExposure } from './exposure';
import { DEFAULT_PERIODS_PER_YEAR } from './report';
import { ZERO_VOLATILITY } from './returns';
import type { AnchorPerformanceMetrics, PositionExposure } from './types';

/**
 * The anchor's performance metrics of a growing equity curve (the running figures of each backtest
 * day), updated in O(1) per point. It performs the same Welford and drawdown arithmetic, in the same
 * order, as `computeMetrics`, so every snapshot equals `toAnchorPerformanceMetrics(computeMetrics(…))`
 * over the curve so far, without recomputing the whole curve each day (which made a backtest
 * quadratic in its length).
 */
export class RunningAnchorMetrics {
  private points = 0;
  private previous = 0;
  private mean = 0;
  private m2 = 0;
  private downsideSquares = 0;
  private peak = 0;
  private maxDrawdown = 0;
  private troughDate: string | null = null;
  private readonly rfPeriod: number;
  private readonly sqrtP: number;

  constructor(riskFreeRate = 0, periodsPerYear = DEFAULT_PERIODS_PER_YEAR) {
    this.rfPeriod = riskFreeRate === 0 ? 0 : Math.pow(1 + riskFreeRate, 1 / periodsPerYear) - 1;
    this.sqrtP = Math.sqrt(periodsPerYear);
  }

  /** Appends the next end-of-day value (> 0, dates in order, the starting value first). */
  add(date: string, value: number): void {
    if (this.points === 0) {
      this.previous = value;
      this.peak = value;
      this.points = 1;
      return;
    }
    const i = this.points;
    const excess = value / this.previous - 1 - this.rfPeriod;
    this.previous = value;
    const delta = excess - this.mean;
    this.mean += delta / i;
    this.m2 += delta * (excess - this.mean);
    if (excess < 0) this.downsideSquares += excess * excess;
    if (value >= this.peak) {
      this.peak = value;
    } else {
      const drawdown = value / this.peak - 1;
      if (drawdown < this.maxDrawdown) {
        this.maxDrawdown = drawdown;
        this.troughDate = date;
      }
    }
    this.points += 1;
  }

  /** The figures over the points added so far, with the exposure of `positions`. */
  snapshot(positions: readonly PositionExposure[]): AnchorPerformanceMetrics {
    const n = this.points - 1;
    let sharpe: number | null = null;
    let sortino: number | null = null;
    if (n >= 2) {
      const std = Math.sqrt(this.m2 / (n - 1));
      if (std > ZERO_VOLATILITY) sharpe = (this.mean / std) * this.sqrtP;
      const downside = Math.sqrt(this.downsideSquares / n);
      if (downside > ZERO_VOLATILITY) sortino = (this.mean / downside) * this.sqrtP;
    }
    const exposure = computeExposure(positions, {});
    return {
      sharpe_ratio: sharpe ?? 0,
      sortino_ratio: sortino,
      max_drawdown: this.maxDrawdown * 100,
      max_drawdown_date: this.maxDrawdown < 0 ? this.troughDate : null,
      long_short_ratio: exposure.long_short_ratio,
      gross_exposure: exposure.gross_exposure ?? 0,
      net_exposure: exposure.net_exposure ?? 0,
    };
  }
}
