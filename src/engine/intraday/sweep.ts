import { parseIsoDay } from '../civil-days';
import type { MinuteBars } from '../data/types';
import { EngineError, type EngineFieldError } from '../errors';
import { computeReturnStats } from '../metrics/returns';
import { computeTradeStats } from '../metrics/trades';
import { roundCents } from '../money';
import { prepareFuturesData, runFuturesBacktestSync } from './backtest';
import { ACCOUNT_PRESETS, type FuturesBacktestInput, resolveFuturesConfig, RULE_PARAMETERS, STRATEGY_PARAMETERS } from './config';
import { computeDailyIndicators } from './indicators';
import { PASS_PROBABILITY_DEFAULTS, runPassProbabilitySync } from './pass-probability';
import type { PreparedFuturesData } from './simulator';
import type { FuturesBacktestConfig, FuturesBacktestResult } from './types';

/** What a sweep ranks by (descending; null scores rank last). */
export type SweepObjective = 'p_pass' | 'net_pnl' | 'profit_factor' | 'sharpe';
export const SWEEP_OBJECTIVES: readonly SweepObjective[] = ['p_pass', 'net_pnl', 'profit_factor', 'sharpe'];

/** The largest grid one sweep may run. */
export const MAX_SWEEP_COMBINATIONS = 10_000;

/** One swept parameter as the caller gives it: a strategy or rules key (bare, or prefixed `strategy.` / `rules.`) and its values. */
export interface SweepAxisInput {
  readonly key: unknown;
  readonly values: unknown;
}

/** A swept parameter after validation. */
export interface SweepAxis {
  /** The parameter name without its group (e.g. `target_r`). */
  readonly key: string;
  readonly group: 'strategy' | 'rules';
  readonly values: readonly unknown[];
}

/** The validated grid: axes in the caller's order; combination `i` counts in mixed radix, the last axis fastest. */
export interface SweepGrid {
  readonly axes: readonly SweepAxis[];
  readonly size: number;
}

/** One combination's parameters, `{key: value}` over the grid's axes. */
export type SweepParams = Readonly<Record<string, unknown>>;

/** Scores of one combination over one date range (all of them, whatever the objective). */
export interface SweepScore {
  /**
   * Computed when the objective is `p_pass` (null otherwise): the rolling pass probability of
   * `POST /futures/pass-probability` (every session of the range starts a fresh account for `horizon_days`
   * sessions), each attempt confined to the range; null when no attempt could be counted.
   */
  readonly p_pass: number | null;
  /** Rolling starts counted in p_pass (0 when it was not computed). */
  readonly p_pass_starts: number;
  /** Net P&L of every trade (after commissions), USD. */
  readonly net_pnl: number;
  /** net_pnl less the reset fees, USD. */
  readonly net_pnl_after_fees: number;
  /** Gross profit / gross loss of the trades; null without a losing trade. */
  readonly profit_factor: number | null;
  /** Daily Sharpe ratio (√252, rf 0) of the equity curve; null with fewer than 2 returns or zero volatility. */
  readonly sharpe: number | null;
  readonly trades: number;
  /** Sessions simulated. */
  readonly sessions: number;
  /** The run's own account attempts (a fresh account after each pass or failure) and their outcomes. */
  readonly attempts: number;
  readonly passed: number;
  readonly failed: number;
}


function fieldError(field: string, message: string): EngineFieldError {
  return { field, message: `${field} ${message}` };
}

function invalid(errors: readonly EngineFieldError[]): EngineError {
  const detail = errors.length === 1 ? `${errors[0].message}.` : `${errors.length} fields are invalid: ${errors.map((e) => e.message).join('; ')}.`;
  return new EngineError('INVALID_INPUT', detail, errors);
}

function withParam(base: FuturesBacktestInput, group: 'strategy' | 'rules', key: string, value: unknown): FuturesBacktestInput {
  const current = (base[group] ?? {}) as Record<string, unknown>;
  return { ...base, [group]: { ...current, [key]: value } };
}

function axisGroup(name: string): { key: string; group: 'strategy' | 'rules' } | null {
  const dot = name.indexOf('.');
  if (dot > 0) {
    const prefix = name.slice(0, dot);
    const key = name.slice(dot + 1);
    if (prefix === 'strategy' && (STRATEGY_PARAMETERS as string[]).includes(key)) return { key, group: 'strategy' };
    if (prefix === 'rules' && (RULE_PARAMETERS as string[]).includes(key) && key !== 'scaling_tiers') return { key, group: 'rules' };
    return null;
  }
  if ((STRATEGY_PARAMETERS as string[]).includes(name)) return { key: name, group: 'strategy' };
  if ((RULE_PARAMETERS as string[]).includes(name) && name !== 'scaling_tiers') return { key: name, group: 'rules' };
  return null;
}

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The messages of an INVALID_INPUT error, or rethrows anything else. */
function problemsOf(fn: () => unknown): readonly EngineFieldError[] {
  try {
    fn();
    return [];
  } catch (error) {
    if (error instanceof EngineError && error.code === 'INVALID_INPUT') return error.errors;
    throw error;
  }
}

/** ` (did you mean target_r?)` for a near miss, as the config's own unknown-key message suggests it. */
function closestName(base: FuturesBacktestInput, key: string): string {
  const bare = key.slice(key.indexOf('.') + 1);
  for (const group of ['strategy', 'rules'] as const) {
    for (const problem of problemsOf(() => resolveFuturesConfig(withParam(base, group, bare, 0)))) {
      const hint = /\(did you mean [^)]+\)/.exec(problem.message);
      if (problem.field === `${group}.${bare}` && hint !== null) return ` ${hint[0]}`;
    }
  }
  return '';
}

/**
 * Validates a sweep: the base request (as `resolveFuturesConfig` would), every axis key (a known strategy
 * or rules parameter; `scaling_tiers` cannot be swept), every value (each one resolved over the base, so
 * "must be a number" and range errors name it), and the grid size (at most `max`). Throws one
 * INVALID_INPUT error naming every bad field (`sweep[i].key`, `sweep[i].values[j]`, `sweep`).
 */
export function resolveSweepGrid(base: FuturesBacktestInput, axes: unknown, max = MAX_SWEEP_COMBINATIONS): SweepGrid {
  const baseErrors = problemsOf(() => resolveFuturesConfig(base));
  if (baseErrors.length > 0) throw invalid(baseErrors);
  const errors: EngineFieldError[] = [];
  if (!Array.isArray(axes) || axes.length === 0) throw invalid([fieldError('sweep', 'must list at least one parameter with its values ({key, values})')]);
  const resolved: SweepAxis[] = [];
  const seen = new Set<string>();
  axes.forEach((axis: unknown, i) => {
    const field = `sweep[${i}]`;
    if (typeof axis !== 'object' || axis === null || Array.isArray(axis)) {
      errors.push(fieldError(field, 'must be an object {key, values}'));
      return;
    }
    const { key, values } = axis as SweepAxisInput;
    const where = typeof key !== 'string' ? null : axisGroup(key);
    if (where === null) {
      const named = typeof key === 'string' && key.length > 0;
      errors.push(fieldError(`${field}.key`, named ? `"${key}" is not a strategy parameter or a rule that can be swept${closestName(base, key)}` : 'must be the name of a strategy parameter or a rule'));
      return;
    }
    const name = `${where.group}.${where.key}`;
    if (seen.has(name)) {
      errors.push(fieldError(`${field}.key`, `"${String(key)}" is swept twice`));
      return;
    }
    seen.add(name);
    if (!Array.isArray(values) || values.length === 0) {
      errors.push(fieldError(`${field}.values`, `must list at least one value of ${where.key}`));
      return;
    }
    let valid = true;
    values.forEach((value: unknown, j) => {
      for (const problem of problemsOf(() => resolveFuturesConfig(withParam(base, where.group, where.key, value)))) {
        valid = false;
        errors.push(fieldError(`${field}.values[${j}]`, `(${where.key}=${show(value)}): ${problem.message}`));
      }
    });
    if (valid) resolved.push({ key: where.key, group: where.group, values: [...values] });
  });
  if (errors.length > 0) throw invalid(errors);
  const size = resolved.reduce((n, axis) => n * axis.values.length, 1);
  if (size > max) {
    const shape = resolved.map((a) => `${a.key} ${a.values.length}`).join(' × ');
    throw invalid([fieldError('sweep', `has ${size.toLocaleString('en-US')} combinations (${shape}); a sweep may run at most ${max.toLocaleString('en-US')}`)]);
  }
  return { axes: resolved, size };
}

/** The parameters of combination `index` (mixed radix over the axes, the last axis fastest). */
export function combinationParams(grid: SweepGrid, index: number): SweepParams {
  const out: Record<string, unknown> = {};
  let rest = index;
  for (let a = grid.axes.length - 1; a >= 0; a -= 1) {
    const axis = grid.axes[a];
    out[axis.key] = axis.values[rest % axis.values.length];
    rest = Math.floor(rest / axis.values.length);
  }
  return Object.fromEntries(grid.axes.map((axis) => [axis.key, out[axis.key]]));
}

/** The base request with combination `index` applied. */
export function combinationInput(base: FuturesBacktestInput, grid: SweepGrid, index: number): FuturesBacktestInput {
  const params = combinationParams(grid, index);
  let input = base;
  for (const axis of grid.axes) input = withParam(input, axis.group, axis.key, params[axis.key]);
  return input;
}

/**
 * Parameters that take part in a rule between fields (or, like `preset`, change other defaults): only
 * these can make a combination invalid when each of its values is valid on its own.
 */
const RELATED_PARAMETERS = new Set([
  'preset',
  'or_atr_min',
  'or_atr_max',
  'trend_ema_fast',
  'trend_ema_slow',
  'vol_min_history',
  'vol_lookback',
  'vol_pct_min',
  'vol_pct_max',
  'opening_range_start',
  'opening_range_minutes',
  'entry_window_start',
  'entry_window_end',
  'time_exit',
  'flat_by',
  'continue_after_pass',
]);

/**
 * Resolves every combination of the related axes (see RELATED_PARAMETERS; the other axes at their first
 * value), so a pair such as `trend_ema_fast` 40 × `trend_ema_slow` 30 is refused before anything runs,
 * without resolving the whole grid. The first few bad combinations are reported, named by their parameters.
 */
export function checkCombinations(base: FuturesBacktestInput, grid: SweepGrid): void {
  const related = grid.axes.map((axis) => (RELATED_PARAMETERS.has(axis.key) ? axis : { ...axis, values: axis.values.slice(0, 1) }));
  const sub: SweepGrid = { axes: related, size: related.reduce((n, axis) => n * axis.values.length, 1) };
  if (sub.size === 1) return;
  const errors: EngineFieldError[] = [];
  let bad = 0;
  for (let i = 0; i < sub.size; i += 1) {
    const problems = problemsOf(() => resolveFuturesConfig(combinationInput(base, sub, i)));
    if (problems.length === 0) continue;
    bad += 1;
    if (errors.length < 5) errors.push(fieldError('sweep', `combination ${formatParams(combinationParams(sub, i))}: ${problems.map((p) => p.message).join('; ')}`));
  }
  if (bad > errors.length) errors.push(fieldError('sweep', `and ${bad - errors.length} more combination(s) are invalid`));
  if (errors.length > 0) throw invalid(errors);
}

/** The grid's combinations as backtest configurations, each resolved when first asked for. */
export class SweepConfigs {
  private readonly resolved = new Map<number, FuturesBacktestConfig>();

  constructor(
    readonly base: FuturesBacktestInput,
    readonly grid: SweepGrid,
  ) {}

  get size(): number {
    return this.grid.size;
  }

  at(index: number): FuturesBacktestConfig {
    let config = this.resolved.get(index);
    if (config === undefined) {
      config = resolveFuturesConfig(combinationInput(this.base, this.grid, index));
      this.resolved.set(index, config);
    }
    return config;
  }
}

/** `target_r=2, entry_mode=breakout`. */
export function formatParams(params: SweepParams): string {
  return Object.entries(params)
    .map(([key, value]) => `${key}=${show(value)}`)
    .join(', ');
}

function indicatorKey(config: FuturesBacktestConfig): string {
  const s = config.strategy;
  return `${s.atr_period}|${s.trend_ema_fast}|${s.trend_ema_slow}|${s.vol_lookback}|${s.vol_min_history}`;
}

/**
 * The minute bars of a sweep, loaded once; the session table is built once and the daily indicators once
 * per distinct set of indicator parameters (ATR, trend EMAs, volatility lookback), so every combination
 * shares them.
 */
export class SweepData {
  private readonly prepared = new Map<string, PreparedFuturesData>();

  constructor(readonly bars: MinuteBars) {}

  /** The data of a run already prepared for `config` (its bars, table and indicators are reused). */
  static of(data: PreparedFuturesData, config: FuturesBacktestConfig): SweepData {
    const sweep = new SweepData(data.bars);
    sweep.prepared.set(indicatorKey(config), data);
    return sweep;
  }

  for(config: FuturesBacktestConfig): PreparedFuturesData {
    const s = config.strategy;
    const key = indicatorKey(config);
    let data = this.prepared.get(key);
    if (data === undefined) {
      const first = this.prepared.values().next();
      if (first.done === true) data = prepareFuturesData(this.bars, config);
      else {
        const table = first.value.table;
        const indicators = computeDailyIndicators(table, { atrPeriod: s.atr_period, emaFastPeriod: s.trend_ema_fast, emaSlowPeriod: s.trend_ema_slow, volLookback: s.vol_lookback, volMinHistory: s.vol_min_history });
        data = { bars: this.bars, table, indicators };
      }
      this.prepared.set(key, data);
    }
    return data;
  }
}

/** A date range of trading sessions (inclusive). */
export interface DateWindow {
  readonly start_date: string;
  readonly end_date: string;
}

/** The account size in USD the equity curve starts from (the account's balance; `none`: the notional balance). */
export function sweepCapital(config: FuturesBacktestConfig): number {
  const size = config.rules.account_size;
  return size === 'none' ? config.rules.start_balance : ACCOUNT_PRESETS[size].balance;
}

/** One session of an equity curve built from daily P&L: the day's P&L (after any reset fee that day) and the equity after it. */
export interface EquityDay {
  readonly date: string;
  readonly pnl: number;
  readonly equity: number;
}

/**
 * The daily equity of a run: the capital plus each session's P&L, less a reset fee on the first session of
 * every attempt after the first (the same curve as the report's metrics).
 */
export function equityDays(result: FuturesBacktestResult, capital: number): EquityDay[] {
  const days: EquityDay[] = [];
  let equity = capital;
  let attempt = 1;
  for (const row of result.sessions) {
    let pnl = row.pnl;
    for (; attempt < row.attempt; attempt += 1) pnl -= result.attempts[attempt].reset_fee;
    equity = roundCents(equity + pnl);
    days.push({ date: row.date, pnl: roundCents(pnl), equity });
  }
  return days;
}

/** Daily Sharpe (√252, rf 0) of the equity curve `capital, …days` by the metrics module; null when undefined. */
export function equitySharpe(capital: number, days: readonly EquityDay[]): number | null {
  const values = new Float64Array(days.length + 1);
  values[0] = capital;
  for (let i = 0; i < days.length; i += 1) values[i + 1] = days[i].equity;
  if (values.some((v) => !(v > 0))) return null;
  const sharpe = computeReturnStats(values, 252, 0, {}).sharpe;
  return sharpe === null ? null : Math.round(sharpe * 1e6) / 1e6;
}

/** Profit factor of the trades by the metrics module (null without a losing trade). */
export function tradesProfitFactor(result: FuturesBacktestResult): number | null {
  const stats = computeTradeStats(
    result.trades.map((t) => ({ pnl: t.pnl, exit_date: t.session_date })),
    {},
  );
  return stats.profit_factor === null ? null : Math.round(stats.profit_factor * 1e6) / 1e6;
}

/** The scores of a finished run (see SweepScore), p_pass aside. */
export function scoreRun(result: FuturesBacktestResult): SweepScore {
  const capital = sweepCapital(result.config);
  const days = equityDays(result, capital);
  return {
    p_pass: null,
    p_pass_starts: 0,
    net_pnl: result.net_pnl,
    net_pnl_after_fees: result.net_pnl_after_fees,
    profit_factor: tradesProfitFactor(result),
    sharpe: equitySharpe(capital, days),
    trades: result.trades.length,
    sessions: result.sessions.length,
    attempts: result.attempts.length,
    passed: result.attempts.filter((a) => a.outcome === 'passed').length,
    failed: result.attempts.filter((a) => a.outcome === 'failed').length,
  };
}

/** The sessions of `data` up to the config's end date only: an attempt cannot look past its range (a walk-forward's training window). */
function confineToRange(data: PreparedFuturesData, config: FuturesBacktestConfig): PreparedFuturesData {
  const endDay = config.end_date === null ? null : parseIsoDay(config.end_date);
  if (endDay === null) return data;
  let count = data.table.count;
  while (count > 0 && data.table.day[count - 1] > endDay) count -= 1;
  return count === data.table.count ? data : { ...data, table: { ...data.table, count } };
}

/**
 * The rolling pass probability of the pass-probability engine (`method: rolling`, the indicators of the whole
 * dataset) for a config over its range, every attempt confined to the range.
 */
export function rollingPassRate(data: SweepData, config: FuturesBacktestConfig, horizonDays: number): { p_pass: number | null; p_pass_starts: number } {
  const confined = confineToRange(data.for(config), config);
  try {
    const { rolling } = runPassProbabilitySync(confined, config, { ...PASS_PROBABILITY_DEFAULTS, method: 'rolling', horizon_days: horizonDays }, { warmupDays: null });
    return rolling === null ? { p_pass: null, p_pass_starts: 0 } : { p_pass: Math.round(rolling.p_pass * 1e6) / 1e6, p_pass_starts: rolling.starts_counted };
  } catch (error) {
    if (error instanceof EngineError && error.code === 'INSUFFICIENT_DATA') return { p_pass: null, p_pass_starts: 0 };
    throw error;
  }
}

/** How combinations are scored: the objective (p_pass is computed only for it) and the attempts' horizon. */
export interface ScoreOptions {
  readonly objective: SweepObjective;
  /** Sessions a rolling attempt may take (p_pass). */
  readonly horizonDays: number;
}

/** One combination's scores over the whole range or a window. */
export function scoreCombination(data: SweepData, config: FuturesBacktestConfig, options: ScoreOptions, window?: DateWindow): SweepScore {
  const score = scoreRun(runCombination(data, config, window));
  return options.objective === 'p_pass' ? { ...score, ...rollingPassRate(data, sweepConfig(config, window), options.horizonDays) } : score;
}

/**
 * A combination's run over the whole range or a window: the config's dates replaced by the window's, and
 * `attempts: reset` when there is a prop-firm account (so a pass or a failure does not end the range early).
 */
export function sweepConfig(config: FuturesBacktestConfig, window?: DateWindow): FuturesBacktestConfig {
  const attempts = config.rules.account_size === 'none' || config.rules.continue_after_pass ? config.attempts : 'reset';
  return window === undefined ? { ...config, attempts } : { ...config, attempts, start_date: window.start_date, end_date: window.end_date };
}

/** Runs one combination (see `sweepConfig`) on the shared data. */
export function runCombination(data: SweepData, config: FuturesBacktestConfig, window?: DateWindow): FuturesBacktestResult {
  const run = sweepConfig(config, window);
  return runFuturesBacktestSync(data.for(run), run);
}

/** The objective's value of a score (null: undefined, ranks last). */
export function objectiveValue(score: SweepScore, objective: SweepObjective): number | null {
  return score[objective];
}

/** Ranks scores by the objective, best first; ties and nulls keep the grid order (nulls after every number). */
export function rankScores(scores: readonly SweepScore[], objective: SweepObjective): number[] {
  const order = scores.map((_, i) => i);
  return order.sort((a, b) => {
    const x = objectiveValue(scores[a], objective);
    const y = objectiveValue(scores[b], objective);
    if (x === null || y === null) return x === y ? a - b : x === null ? 1 : -1;
    return y - x || a - b;
  });
}

/** One row of a ranked sweep. */
export interface SweepRankRow {
  readonly rank: number;
  /** Combination index in the grid. */
  readonly index: number;
  readonly params: SweepParams;
  readonly score: SweepScore;
}

export function rankSweep(grid: SweepGrid, scores: readonly SweepScore[], objective: SweepObjective): SweepRankRow[] {
  return rankScores(scores, objective).map((index, r) => ({ rank: r + 1, index, params: combinationParams(grid, index), score: scores[index] }));
}

/** Scores of the combinations `[from, to)` of the grid over the whole range or a window. */
export function scoreCombinations(data: SweepData, configs: SweepConfigs, options: ScoreOptions, from: number, to: number, window?: DateWindow, onEach?: (index: number) => void): SweepScore[] {
  const scores: SweepScore[] = [];
  for (let i = from; i < to; i += 1) {
    scores.push(scoreCombination(data, configs.at(i), options, window));
    onEach?.(i);
  }
  return scores;
}
