import type { MinuteBars } from '../data/types';
import { EngineError, type EngineFieldError } from '../errors';
import type { FuturesBacktestInput, ResolveOptions } from './config';
import { resolveFuturesConfig } from './config';
import { PASS_PROBABILITY_DEFAULTS, PASS_PROBABILITY_LIMITS } from './pass-probability';
import {
  MAX_SWEEP_COMBINATIONS,
  rankSweep,
  checkCombinations,
  resolveSweepGrid,
  scoreCombinations,
  SWEEP_OBJECTIVES,
  SweepConfigs,
  SweepData,
  type SweepGrid,
  type SweepObjective,
  type SweepRankRow,
  type ScoreOptions,
  type SweepScore,
} from './sweep';
import type { FuturesBacktestConfig } from './types';
import { bestOnWindow, finishWalkForward, type ScoredCombination, sessionDates, type WalkForwardPlan, walkForwardPlan, type WalkForwardResult } from './walk-forward';

/** A sweep request before validation: a backtest request plus the grid, the objective and the walk-forward lengths. */
export interface SweepInput {
  readonly base: FuturesBacktestInput;
  /** `[{key, values}]`: strategy or rules parameters and the values to try. */
  readonly sweep: unknown;
  /** `p_pass`, `net_pnl` (default), `profit_factor` or `sharpe`. */
  readonly objective?: unknown;
  /** Trading sessions to choose on, then to trade (both or neither): a walk-forward. */
  readonly train_days?: unknown;
  readonly test_days?: unknown;
  /** Sessions a rolling attempt may take when the objective is p_pass (default 60, as the pass-probability route). */
  readonly horizon_days?: unknown;
}

/** A validated sweep: every combination resolved. */
export interface SweepPlan {
  readonly base: FuturesBacktestInput;
  readonly grid: SweepGrid;
  /** The base request resolved (symbol, dates, account: the same for every combination). */
  readonly config: FuturesBacktestConfig;
  readonly objective: SweepObjective;
  readonly horizon_days: number;
  readonly walk_forward: { readonly train_days: number; readonly test_days: number } | null;
}

/** How a plan scores its combinations. */
export function scoreOptions(plan: SweepPlan): ScoreOptions {
  return { objective: plan.objective, horizonDays: plan.horizon_days };
}

const MAX_WINDOW_DAYS = 5_000;

function walkForwardDays(input: SweepInput, errors: EngineFieldError[]): { train_days: number; test_days: number } | null {
  const train = input.train_days ?? null;
  const test = input.test_days ?? null;
  if (train === null && test === null) return null;
  const days = (field: string, value: unknown): number | null => {
    if (value === null) {
      errors.push({ field, message: `${field} is required with ${field === 'train_days' ? 'test_days' : 'train_days'} (a walk-forward needs both)` });
      return null;
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_WINDOW_DAYS) {
      errors.push({ field, message: `${field} must be an integer from 1 to ${MAX_WINDOW_DAYS} (trading sessions)` });
      return null;
    }
    return value;
  };
  const trainDays = days('train_days', train);
  const testDays = days('test_days', test);
  return trainDays === null || testDays === null ? null : { train_days: trainDays, test_days: testDays };
}

/**
 * Validates a sweep request: the base backtest request, the objective, the walk-forward lengths, the grid
 * (keys, values, at most `max` combinations) and every combination. Throws one INVALID_INPUT error naming
 * every bad field.
 */
export function resolveSweep(input: SweepInput, options: ResolveOptions & { readonly max?: number } = {}): SweepPlan {
  const errors: EngineFieldError[] = [];
  const collect = <T>(fn: () => T): T | null => {
    try {
      return fn();
    } catch (error) {
      if (!(error instanceof EngineError) || error.code !== 'INVALID_INPUT') throw error;
      errors.push(...error.errors);
      return null;
    }
  };
  const objectiveValue = input.objective ?? 'net_pnl';
  const objective = SWEEP_OBJECTIVES.includes(objectiveValue as SweepObjective) ? (objectiveValue as SweepObjective) : null;
  if (objective === null) errors.push({ field: 'objective', message: `objective must be one of ${SWEEP_OBJECTIVES.join(', ')}` });
  const walkForward = walkForwardDays(input, errors);
  const horizon = input.horizon_days ?? PASS_PROBABILITY_DEFAULTS.horizon_days;
  const { min, max: maxHorizon } = PASS_PROBABILITY_LIMITS.horizon_days;
  if (typeof horizon !== 'number' || !Number.isInteger(horizon) || horizon < min || horizon > maxHorizon) errors.push({ field: 'horizon_days', message: `horizon_days must be an integer from ${min} to ${maxHorizon} (sessions)` });
  const base = collect(() => resolveFuturesConfig(input.base, options));
  if (base !== null && objective === 'p_pass' && base.rules.account_size === 'none') {
    errors.push({ field: 'objective', message: 'objective p_pass needs a prop-firm account (account_size none has nothing to pass)' });
  } else if (base !== null && objective === 'p_pass' && base.rules.profit_target === null) {
    errors.push({ field: 'objective', message: 'objective p_pass needs a profit target to pass (stage combine)' });
  }
  const grid = base === null ? null : collect(() => resolveSweepGrid(input.base, input.sweep, options.max ?? MAX_SWEEP_COMBINATIONS));
  if (grid !== null) collect(() => checkCombinations(input.base, grid));
  if (errors.length > 0 || base === null || grid === null || objective === null) {
    const detail = errors.length === 1 ? `${errors[0].message}.` : `${errors.length} fields are invalid: ${errors.map((e) => e.message).join('; ')}.`;
    throw new EngineError('INVALID_INPUT', detail, errors);
  }
  return { base: input.base, grid, config: base, objective, horizon_days: horizon as number, walk_forward: walkForward };
}

/** The answer of a sweep (wire format). */
export interface SweepReport {
  readonly symbol: string;
  readonly objective: SweepObjective;
  readonly combinations: number;
  /** The swept parameters in grid order. */
  readonly parameters: readonly { readonly key: string; readonly group: 'strategy' | 'rules'; readonly values: readonly unknown[] }[];
  readonly period: { readonly start_date: string | null; readonly end_date: string | null; readonly sessions: number };
  /** Every combination over the whole range, best first by the objective. */
  readonly ranking: readonly SweepRankRow[];
  readonly best: SweepRankRow;
  /** With train_days / test_days: the walk-forward; null otherwise. */
  readonly walk_forward: WalkForwardResult | null;
}

export function buildSweepReport(plan: SweepPlan, scores: readonly SweepScore[], sessions: number, walkForward: WalkForwardResult | null): SweepReport {
  const ranking = rankSweep(plan.grid, scores, plan.objective);
  const first = plan.config;
  return {
    symbol: first.symbol,
    objective: plan.objective,
    combinations: plan.grid.size,
    parameters: plan.grid.axes.map((a) => ({ key: a.key, group: a.group, values: a.values })),
    period: { start_date: first.start_date, end_date: first.end_date, sessions },
    ranking,
    best: ranking[0],
    walk_forward: walkForward,
  };
}

/** The walk-forward windows of a plan over its data (INVALID_INPUT when none fits the range). */
export function sweepWalkForwardPlan(data: SweepData, plan: SweepPlan): WalkForwardPlan | null {
  if (plan.walk_forward === null) return null;
  return walkForwardPlan(sessionDates(data, plan.config), plan.walk_forward.train_days, plan.walk_forward.test_days);
}

/** Progress of `runSweepSync`: combinations evaluated (on the whole range and on every training window). */
export type SweepProgress = (done: number, total: number) => void;

/**
 * The whole sweep in one thread (CLI, tests): every combination on the whole range, ranked, and the
 * walk-forward when asked. The job runner splits the same steps across workers.
 */
export function runSweepSync(bars: MinuteBars, plan: SweepPlan, onProgress?: SweepProgress): SweepReport {
  const data = new SweepData(bars);
  const sessions = sessionDates(data, plan.config).length;
  if (sessions === 0) throw new EngineError('INSUFFICIENT_DATA', `No ${plan.config.symbol} regular-session bars in the range.`);
  const wf = sweepWalkForwardPlan(data, plan);
  const configs = new SweepConfigs(plan.base, plan.grid);
  const n = plan.grid.size;
  const total = n * (1 + (wf?.windows.length ?? 0));
  let done = 0;
  const tick = (): void => {
    done += 1;
    onProgress?.(done, total);
  };
  const scores = scoreCombinations(data, configs, scoreOptions(plan), 0, n, undefined, tick);
  let walkForward: WalkForwardResult | null = null;
  if (wf !== null) {
    const chosen = wf.windows.map((window) => {
      const best = bestOnWindow(data, configs, scoreOptions(plan), 0, n, window.train) as ScoredCombination;
      done += n;
      onProgress?.(done, total);
      return best;
    });
    walkForward = finishWalkForward(data, configs, scoreOptions(plan), wf, chosen);
  }
  return buildSweepReport(plan, scores, sessions, walkForward);
}
