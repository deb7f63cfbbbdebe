import { EngineError } from '../errors';
import { computeTradeStats } from '../metrics/trades';
import { roundCents } from '../money';
import { formatIsoDay } from '../civil-days';
import { tradingSessions } from './simulator';
import {
  combinationParams,
  type DateWindow,
  type EquityDay,
  equityDays,
  equitySharpe,
  objectiveValue,
  runCombination,
  rollingPassRate,
  scoreCombination,
  type ScoreOptions,
  scoreRun,
  sweepConfig,
  sweepCapital,
  type SweepConfigs,
  SweepData,
  type SweepObjective,
  type SweepParams,
  type SweepScore,
} from './sweep';
import type { FuturesBacktestConfig } from './types';

/** A window of trading sessions with its session count. */
export interface SessionWindow extends DateWindow {
  readonly sessions: number;
}

/** One walk-forward step: `train_days` sessions to choose on, then the next `test_days` sessions to trade. */
export interface WalkForwardWindow {
  readonly index: number;
  readonly train: SessionWindow;
  readonly test: SessionWindow;
}

/** A combination and its score (a candidate for the best of a window). */
export interface ScoredCombination {
  readonly index: number;
  readonly score: SweepScore;
}

/** Trading-session dates (YYYY-MM-DD) of the config's range on the prepared data, in order. */
export function sessionDates(data: SweepData, config: FuturesBacktestConfig): string[] {
  const prepared = data.for(config);
  return Array.from(tradingSessions(prepared, config), (k) => formatIsoDay(prepared.table.day[k]));
}

/** The windows of a walk-forward and the lengths asked for. */
export interface WalkForwardPlan {
  readonly train_days: number;
  readonly test_days: number;
  readonly windows: readonly WalkForwardWindow[];
}

/**
 * Rolling walk-forward windows over the trading sessions `dates`: window w trains on sessions
 * `[w·test, w·test + train)` and tests on the `test` sessions after them (the last test window may be
 * shorter when the range ends). Test windows follow each other without overlap. Throws INVALID_INPUT when
 * the range holds no complete training window and at least one test session.
 */
export function walkForwardPlan(dates: readonly string[], trainDays: number, testDays: number): WalkForwardPlan {
  if (!Number.isInteger(trainDays) || trainDays < 1) throw new EngineError('INVALID_INPUT', 'train_days must be an integer of at least 1.', [{ field: 'train_days', message: 'train_days must be an integer of at least 1' }]);
  if (!Number.isInteger(testDays) || testDays < 1) throw new EngineError('INVALID_INPUT', 'test_days must be an integer of at least 1.', [{ field: 'test_days', message: 'test_days must be an integer of at least 1' }]);
  const windows: WalkForwardWindow[] = [];
  for (let start = 0; start + trainDays < dates.length; start += testDays) {
    const testEnd = Math.min(dates.length, start + trainDays + testDays);
    windows.push({
      index: windows.length,
      train: { start_date: dates[start], end_date: dates[start + trainDays - 1], sessions: trainDays },
      test: { start_date: dates[start + trainDays], end_date: dates[testEnd - 1], sessions: testEnd - start - trainDays },
    });
  }
  if (windows.length === 0) {
    const message = `train_days + 1 (${trainDays + 1}) exceeds the ${dates.length} trading sessions of the range: no walk-forward window fits`;
    throw new EngineError('INVALID_INPUT', `${message}.`, [{ field: 'train_days', message }]);
  }
  return { train_days: trainDays, test_days: testDays, windows };
}

/** Whether `a` ranks before `b` by the objective: higher first, a number before null, then the lower grid index. */
export function ranksBefore(a: ScoredCombination, b: ScoredCombination, objective: SweepObjective): boolean {
  const x = objectiveValue(a.score, objective);
  const y = objectiveValue(b.score, objective);
  if (x !== null && y !== null && x !== y) return x > y;
  if ((x === null) !== (y === null)) return x !== null;
  return a.index < b.index;
}

/** The best candidate by the objective (see `ranksBefore`); null for none. */
export function bestCombination(candidates: readonly ScoredCombination[], objective: SweepObjective): ScoredCombination | null {
  let best: ScoredCombination | null = null;
  for (const c of candidates) if (best === null || ranksBefore(c, best, objective)) best = c;
  return best;
}

/** The best combination of `[from, to)` on a window (each combination run on the window alone). */
export function bestOnWindow(data: SweepData, configs: SweepConfigs, options: ScoreOptions, from: number, to: number, window: DateWindow): ScoredCombination | null {
  let best: ScoredCombination | null = null;
  for (let i = from; i < to; i += 1) {
    const candidate = { index: i, score: scoreCombination(data, configs.at(i), options, window) };
    if (best === null || ranksBefore(candidate, best, options.objective)) best = candidate;
  }
  return best;
}

export interface WalkForwardStep {
  readonly index: number;
  readonly train: SessionWindow;
  readonly test: SessionWindow;
  /** The combination chosen on the training window. */
  readonly chosen: { readonly index: number; readonly params: SweepParams };
  /** The chosen combination's scores on its training window. */
  readonly in_sample: SweepScore;
  /** Its scores on the test window (a fresh run from the first test session). */
  readonly out_of_sample: SweepScore;
}

/** The out-of-sample runs of every window, one after another. */
export interface StitchedResult {
  readonly start_date: string;
  readonly end_date: string;
  readonly sessions: number;
  readonly trades: number;
  readonly net_pnl: number;
  readonly net_pnl_after_fees: number;
  readonly profit_factor: number | null;
  readonly sharpe: number | null;
  /** With the p_pass objective: the test windows' rolling pass probabilities weighted by their counted starts; null otherwise. */
  readonly p_pass: number | null;
  readonly start_equity: number;
  readonly end_equity: number;
  /** Each test session's P&L (after reset fees) and the stitched equity after it. */
  readonly daily: readonly EquityDay[];
}

/**
 * In-sample against out-of-sample. For the objective: the mean over windows of the chosen combination's
 * value on its training window (`in_sample`) and on its test window (`out_of_sample`); with `net_pnl` both
 * are per session (P&L / sessions), since the windows differ in length. `degradation` = in − out;
 * `degradation_pct` = degradation / |in| × 100; `efficiency` = out / in (walk-forward efficiency), null
 * unless in > 0. Windows where a value is undefined (null) are left out of its mean.
 */
export interface Degradation {
  readonly objective: SweepObjective;
  readonly in_sample: number | null;
  readonly out_of_sample: number | null;
  readonly degradation: number | null;
  readonly degradation_pct: number | null;
  readonly efficiency: number | null;
  /** The same comparison for net P&L per session, whatever the objective. */
  readonly net_pnl_per_session: { readonly in_sample: number | null; readonly out_of_sample: number | null; readonly degradation: number | null; readonly efficiency: number | null };
}

export interface WalkForwardResult {
  readonly train_days: number;
  readonly test_days: number;
  readonly objective: SweepObjective;
  readonly windows: readonly WalkForwardStep[];
  readonly stitched: StitchedResult;
  readonly degradation: Degradation;
}

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

function mean(values: readonly (number | null)[]): number | null {
  const defined = values.filter((v): v is number => v !== null);
  return defined.length === 0 ? null : round6(defined.reduce((s, v) => s + v, 0) / defined.length);
}

function comparison(inSample: number | null, outOfSample: number | null): { degradation: number | null; degradation_pct: number | null; efficiency: number | null } {
  if (inSample === null || outOfSample === null) return { degradation: null, degradation_pct: null, efficiency: null };
  const degradation = round6(inSample - outOfSample);
  return {
    degradation,
    degradation_pct: inSample === 0 ? null : Math.round((degradation / Math.abs(inSample)) * 1e4) / 100,
    efficiency: inSample > 0 ? round6(outOfSample / inSample) : null,
  };
}

function perSession(score: SweepScore): number | null {
  return score.sessions === 0 ? null : score.net_pnl / score.sessions;
}

function comparable(score: SweepScore, objective: SweepObjective): number | null {
  return objective === 'net_pnl' ? perSession(score) : objectiveValue(score, objective);
}

/**
 * Runs each window's chosen combination on its test window and stitches the out-of-sample runs: the daily
 * P&L of each test window in order, on one equity curve starting from the account size.
 */
export function finishWalkForward(
  data: SweepData,
  configs: SweepConfigs,
  options: ScoreOptions,
  plan: WalkForwardPlan,
  chosen: readonly ScoredCombination[],
): WalkForwardResult {
  const { windows } = plan;
  const { objective } = options;
  const capital = sweepCapital(configs.at(0));
  const steps: WalkForwardStep[] = [];
  const daily: EquityDay[] = [];
  const tradePnls: { pnl: number; exit_date: string }[] = [];
  let equity = capital;
  let netPnl = 0;
  let afterFees = 0;
  let passWeight = 0;
  let starts = 0;
  windows.forEach((window, w) => {
    const pick = chosen[w];
    const config = configs.at(pick.index);
    const result = runCombination(data, config, window.test);
    const score = objective === 'p_pass' ? { ...scoreRun(result), ...rollingPassRate(data, sweepConfig(config, window.test), options.horizonDays) } : scoreRun(result);
    steps.push({ index: window.index, train: window.train, test: window.test, chosen: { index: pick.index, params: combinationParams(configs.grid, pick.index) }, in_sample: pick.score, out_of_sample: score });
    for (const day of equityDays(result, 0)) {
      equity = roundCents(equity + day.pnl);
      daily.push({ date: day.date, pnl: day.pnl, equity });
    }
    for (const t of result.trades) tradePnls.push({ pnl: t.pnl, exit_date: t.session_date });
    netPnl += result.net_pnl;
    afterFees += result.net_pnl_after_fees;
    if (score.p_pass !== null) {
      passWeight += score.p_pass * score.p_pass_starts;
      starts += score.p_pass_starts;
    }
  });
  const stats = computeTradeStats(tradePnls, {});
  const stitched: StitchedResult = {
    start_date: windows[0].test.start_date,
    end_date: windows[windows.length - 1].test.end_date,
    sessions: daily.length,
    trades: tradePnls.length,
    net_pnl: roundCents(netPnl),
    net_pnl_after_fees: roundCents(afterFees),
    profit_factor: stats.profit_factor === null ? null : round6(stats.profit_factor),
    sharpe: equitySharpe(capital, daily),
    p_pass: starts > 0 ? round6(passWeight / starts) : null,
    start_equity: capital,
    end_equity: equity,
    daily,
  };
  const inSample = mean(steps.map((s) => comparable(s.in_sample, objective)));
  const outOfSample = mean(steps.map((s) => comparable(s.out_of_sample, objective)));
  const pnlIn = mean(steps.map((s) => perSession(s.in_sample)));
  const pnlOut = mean(steps.map((s) => perSession(s.out_of_sample)));
  const pnl = comparison(pnlIn, pnlOut);
  return {
    train_days: plan.train_days,
    test_days: plan.test_days,
    objective,
    windows: steps,
    stitched,
    degradation: {
      objective,
      in_sample: inSample,
      out_of_sample: outOfSample,
      ...comparison(inSample, outOfSample),
      net_pnl_per_session: { in_sample: pnlIn, out_of_sample: pnlOut, degradation: pnl.degradation, efficiency: pnl.efficiency },
    },
  };
}
