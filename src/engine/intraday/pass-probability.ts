// The odds of passing an evaluation: the same rules engine (runAttempt) on many fresh accounts, either from
// every session of the history (rolling) or over resampled blocks of whole sessions (bootstrap).
import { percentile } from '../agents/indicators';
import { formatIsoDay } from '../civil-days';
import { EngineError, type EngineFieldError } from '../errors';
import { roundCents } from '../money';
import { Rng } from '../synthetic/rng';
import { resolveFuturesConfig, type FuturesBacktestInput, type ResolveOptions } from './config';
import { computeDailyIndicators, type DailyIndicators } from './indicators';
import { bookTrade, closeAccountDay, type PropAccount, resetAccount, startAccountDay } from './prop-account';
import { passConditionsMet } from './rules';
import { formatChicagoTime } from './session';
import { attemptResult, type AttemptResult, createSimulation, type PreparedFuturesData, runAttempt, type Simulation, simulateSession, tradingSessions } from './simulator';
import type { AttemptOutcome, FuturesBacktestConfig } from './types';

export type PassProbabilityMethod = 'rolling' | 'bootstrap' | 'both';
export const PASS_PROBABILITY_METHODS: readonly PassProbabilityMethod[] = ['rolling', 'bootstrap', 'both'];

/** The estimate's own parameters (the strategy and the rules are the backtest's). */
export interface PassProbabilityOptions {
  readonly method: PassProbabilityMethod;
  /** Sessions (trading days) an attempt may take, from its first session. */
  readonly horizon_days: number;
  /** Bootstrap paths. */
  readonly paths: number;
  /** Seed of the bootstrap's generator (mulberry32): the same seed gives the same answer. */
  readonly seed: number;
  /** Consecutive sessions per resampled block (keeps streaks and volatility clusters). */
  readonly block_days: number;
}

export const PASS_PROBABILITY_DEFAULTS: Omit<PassProbabilityOptions, 'method'> & { method: PassProbabilityMethod } = {
  method: 'both',
  horizon_days: 60,
  paths: 10_000,
  seed: 1,
  block_days: 5,
};

export const PASS_PROBABILITY_LIMITS = {
  horizon_days: { min: 1, max: 1000 },
  paths: { min: 1, max: 1_000_000 },
  seed: { min: 0, max: 4_294_967_295 },
  block_days: { min: 1, max: 250 },
} as const;

/**
 * Calendar days after end_date that hold `horizonDays` more sessions (weekends, and a holiday every ~25
 * sessions, with room to spare): how far past the range a rolling estimate fetches its bars.
 */
export function horizonCalendarDays(horizonDays: number): number {
  return Math.ceil(horizonDays * 1.5) + 14;
}

/** The bootstrap's largest workload: paths × horizon_days sessions (about a minute on one core). */
export const MAX_PATH_SESSIONS = 20_000_000;

/** A backtest request plus the estimate's fields, before validation. */
export interface PassProbabilityInput extends FuturesBacktestInput {
  readonly method?: unknown;
  readonly horizon_days?: unknown;
  readonly paths?: unknown;
  readonly seed?: unknown;
  readonly block_days?: unknown;
}

function integerField(errors: EngineFieldError[], field: keyof typeof PASS_PROBABILITY_LIMITS, value: unknown): number {
  const fallback = PASS_PROBABILITY_DEFAULTS[field];
  if (value === undefined || value === null) return fallback;
  const { min, max } = PASS_PROBABILITY_LIMITS[field];
  if (typeof value !== 'number' || !Number.isFinite(value)) errors.push({ field, message: `${field} must be a number` });
  else if (!Number.isInteger(value) || value < min || value > max) errors.push({ field, message: `${field} must be an integer from ${min} to ${max}` });
  else return value;
  return fallback;
}

/**
 * The backtest configuration (resolveFuturesConfig) and the estimate's options, every bad field of both in one
 * INVALID_INPUT error. The account must have something to pass: a prop-firm account with a profit target.
 */
export function resolvePassProbabilityConfig(input: PassProbabilityInput, options: ResolveOptions = {}): { config: FuturesBacktestConfig; odds: PassProbabilityOptions } {
  const errors: EngineFieldError[] = [];
  let config: FuturesBacktestConfig | null = null;
  try {
    config = resolveFuturesConfig(input, options);
  } catch (error) {
    if (!(error instanceof EngineError) || error.code !== 'INVALID_INPUT') throw error;
    errors.push(...error.errors);
  }
  const method = input.method ?? PASS_PROBABILITY_DEFAULTS.method;
  if (typeof method !== 'string' || !(PASS_PROBABILITY_METHODS as readonly string[]).includes(method)) {
    errors.push({ field: 'method', message: `method must be one of ${PASS_PROBABILITY_METHODS.join(', ')}` });
  }
  const odds: PassProbabilityOptions = {
    method: (PASS_PROBABILITY_METHODS as readonly unknown[]).includes(method) ? (method as PassProbabilityMethod) : PASS_PROBABILITY_DEFAULTS.method,
    horizon_days: integerField(errors, 'horizon_days', input.horizon_days),
    paths: integerField(errors, 'paths', input.paths),
    seed: integerField(errors, 'seed', input.seed),
    block_days: integerField(errors, 'block_days', input.block_days),
  };
  if (odds.method !== 'rolling' && odds.paths * odds.horizon_days > MAX_PATH_SESSIONS) {
    errors.push({ field: 'paths', message: `paths × horizon_days must be at most ${MAX_PATH_SESSIONS.toLocaleString('en-US')} (got ${(odds.paths * odds.horizon_days).toLocaleString('en-US')})` });
  }
  if (config !== null && config.rules.account_size === 'none') {
    errors.push({ field: 'account_size', message: 'account_size none has no rules to pass: the pass probability needs a prop-firm account (50K, 100K, 150K)' });
  } else if (config !== null && config.rules.profit_target === null) {
    errors.push({ field: config.rules.stage === 'xfa' ? 'stage' : 'rules.profit_target', message: 'the pass probability needs a profit target (the Combine stage); the Express stage has none to reach' });
  }
  if (errors.length > 0 || config === null) {
    const detail = errors.length === 1 ? `${errors[0].message}.` : `${errors.length} fields are invalid: ${errors.map((e) => e.message).join('; ')}.`;
    throw new EngineError('INVALID_INPUT', detail, errors);
  }
  return { config, odds };
}

/** Sessions to pass, over the attempts that passed (null when none did). */
export interface DaysToPass {
  readonly p50: number;
  readonly p90: number;
  readonly mean: number;
}

/** Shares of the attempts (fractions summing to 1) and the sessions the passing ones took. */
export interface OutcomeOdds {
  readonly p_pass: number;
  readonly p_fail: number;
  readonly p_open: number;
  readonly days_to_pass: DaysToPass | null;
  /**
   * Reset fees expected before the passing attempt when a trader resets after every attempt that does not
   * pass within the horizon: reset_fee × (1 − p_pass) / p_pass. Null when no attempt passed.
   */
  readonly expected_cost_to_pass: number | null;
  /** Attempts expected up to and including the pass (1 / p_pass); null when none passed. */
  readonly expected_attempts_to_pass: number | null;
}

/** One rolling start: a fresh account from `start_date` for at most `horizon_days` sessions. */
export interface RollingStart {
  readonly start_date: string;
  readonly outcome: AttemptOutcome;
  /** The session it passed or failed on; the horizon's last session when open. */
  readonly end_date: string;
  /** The horizon's last session (`horizon_days` sessions from the start, or the last one in the data). */
  readonly horizon_end: string;
  /** Sessions from the start to end_date, both included. */
  readonly trading_days: number;
  /** Sessions with a trade. */
  readonly days_traded: number;
  readonly net_pnl: number;
  /** Smallest equity − floor over the attempt, USD (negative through the floor). */
  readonly min_cushion: number | null;
  /** False when the data ended before the horizon and the attempt was still open: not counted in the odds. */
  readonly horizon_complete: boolean;
}

export interface RollingPassProbability extends OutcomeOdds {
  readonly starts: readonly RollingStart[];
  /** Starts counted in the odds (every start but the open ones whose horizon ran past the data). */
  readonly starts_counted: number;
}

export interface BootstrapPassProbability extends OutcomeOdds {
  readonly paths: number;
  readonly seed: number;
  readonly block_days: number;
  /** Sessions of the range the blocks are drawn from. */
  readonly sessions_pooled: number;
  /** Standard error of p_pass: √(p(1 − p) / paths). */
  readonly p_pass_standard_error: number;
}

export interface PassProbabilityResult {
  readonly method: PassProbabilityMethod;
  readonly horizon_days: number;
  readonly reset_fee: number;
  /** The range's first and last sessions (the rolling starts; the bootstrap's pool). */
  readonly first_session: string | null;
  readonly last_session: string | null;
  readonly rolling: RollingPassProbability | null;
  readonly bootstrap: BootstrapPassProbability | null;
}

/** Progress between chunks of attempts: `done` of `total` (rolling starts, then bootstrap paths). */
export interface PassProbabilityProgress {
  readonly phase: 'rolling' | 'bootstrap';
  readonly done: number;
  readonly total: number;
}

export interface PassProbabilityRunOptions {
  /**
   * Calendar days of data a backtest fetches before its start date to warm up the daily indicators. Given,
   * each rolling start sees the indicators a backtest from that date would (computed from the sessions of its
   * warm-up on), so a start equals `POST /futures/backtest/report` from it; null: the indicators of the whole
   * dataset (a backtest over the same file).
   */
  readonly warmupDays?: number | null;
  /** Attempts between two progress events (default 500). */
  readonly chunk?: number;
}

/** Shares of passed, failed and open among `counted` attempts, with the sessions-to-pass figures. */
export function summarizeOutcomes(passed: number, failed: number, counted: number, daysToPass: readonly number[], resetFee: number): OutcomeOdds {
  if (counted === 0) throw new EngineError('INSUFFICIENT_DATA', 'No attempt could be counted: the data end before the first start’s horizon.');
  const pPass = passed / counted;
  const pFail = failed / counted;
  let sum = 0;
  for (const d of daysToPass) sum += d;
  return {
    p_pass: pPass,
    p_fail: pFail,
    p_open: (counted - passed - failed) / counted,
    days_to_pass: daysToPass.length === 0 ? null : { p50: percentile(daysToPass, 50), p90: percentile(daysToPass, 90), mean: sum / daysToPass.length },
    expected_cost_to_pass: passed === 0 ? null : roundCents((resetFee * (1 - pPass)) / pPass),
    expected_attempts_to_pass: passed === 0 ? null : 1 / pPass,
  };
}

/** Indicator arrays the rolling starts rewrite in place (a start reads only its own window). */
function windowIndicators(count: number): DailyIndicators {
  const column = (): Float64Array => new Float64Array(count).fill(Number.NaN);
  return { atr: column(), emaFast: column(), emaSlow: column(), prevClose: column(), atrPercentile: column() };
}

/** The daily indicators of sessions [from, to) as a backtest whose data start at session `from` computes them. */
function fillIndicators(target: DailyIndicators, data: PreparedFuturesData, config: FuturesBacktestConfig, from: number, to: number): void {
  const { table } = data;
  const s = config.strategy;
  const local = computeDailyIndicators(
    { count: to - from, rthHigh: table.rthHigh.subarray(from, to), rthLow: table.rthLow.subarray(from, to), rthClose: table.rthClose.subarray(from, to) },
    { atrPeriod: s.atr_period, emaFastPeriod: s.trend_ema_fast, emaSlowPeriod: s.trend_ema_slow, volLookback: s.vol_lookback, volMinHistory: s.vol_min_history },
  );
  target.atr.set(local.atr, from);
  target.emaFast.set(local.emaFast, from);
  target.emaSlow.set(local.emaSlow, from);
  target.prevClose.set(local.prevClose, from);
  target.atrPercentile.set(local.atrPercentile, from);
}

/**
 * Rolling starts: every session of the config's range starts a fresh account that runs for `horizon_days`
 * sessions of the data (past end_date when the data go on), until it passes or fails. Yields progress.
 */
export function* rollingPassProbability(
  data: PreparedFuturesData,
  config: FuturesBacktestConfig,
  horizonDays: number,
  options: PassProbabilityRunOptions = {},
): Generator<PassProbabilityProgress, RollingPassProbability, void> {
  const range = tradingSessions(data, config);
  const sessions = tradingSessions(data, { ...config, end_date: null });
  const warmup = options.warmupDays ?? null;
  const indicators = warmup === null ? data.indicators : windowIndicators(data.table.count);
  const sim = createSimulation(config, { ...data, indicators }, { record: false });
  const chunk = options.chunk ?? 500;
  const { table } = data;
  const starts: RollingStart[] = [];
  let passed = 0;
  let failed = 0;
  let counted = 0;
  const daysToPass: number[] = [];
  let firstWindow = 0;
  for (let j = 0; j < range.length; j += 1) {
    const end = Math.min(sessions.length, j + horizonDays);
    if (warmup !== null) {
      const fromDay = table.day[range[j]] - warmup;
      while (table.day[firstWindow] < fromDay) firstWindow += 1;
      fillIndicators(indicators, data, config, firstWindow, sessions[end - 1] + 1);
    }
    const result = runAttempt(sim, sessions, j, end);
    const complete = result.outcome !== 'open' || end - j === horizonDays;
    if (complete) {
      counted += 1;
      if (result.outcome === 'passed') {
        passed += 1;
        daysToPass.push(result.last - j + 1);
      } else if (result.outcome === 'failed') failed += 1;
    }
    starts.push({
      start_date: formatIsoDay(table.day[range[j]]),
      outcome: result.outcome,
      end_date: formatIsoDay(table.day[sessions[result.last]]),
      horizon_end: formatIsoDay(table.day[sessions[end - 1]]),
      trading_days: result.last - j + 1,
      days_traded: result.trading_days,
      net_pnl: result.net_pnl,
      min_cushion: result.min_cushion,
      horizon_complete: complete,
    });
    if ((j + 1) % chunk === 0 && j + 1 < range.length) yield { phase: 'rolling', done: j + 1, total: range.length };
  }
  return { ...summarizeOutcomes(passed, failed, counted, daysToPass, config.reset_fee), starts, starts_counted: counted };
}

/** What one session does to any account whose loss limit it cannot reach (see SessionMemo). */
interface SessionSummary {
  /** Net P&L of each trade, in order. */
  readonly trades: Float64Array;
  readonly traded: boolean;
  /** Smallest equity − balance at the session's start (bar extremes in a position, balances after trades); +∞ without any. */
  readonly minDelta: number;
  /** Time of the session's last regular-session bar (a pass is stamped with it). */
  readonly lastTime: number;
}

/** A cushion this deep cannot be reached in one session (USD). */
const DEEP_CUSHION = 1e7;
/** A session whose smallest equity stays this far above the floor is replayed from its summary (USD). */
const SAFETY_MARGIN = 1;

/**
 * The sessions' effect on an account, simulated once each by the rules engine and replayed for every path that
 * draws them again. A session's trades depend on the account only through its loss-limit floor (the daily loss
 * limit and the contract cap are relative to the session start, or fixed, in the Combine without scaling
 * tiers and with an end-of-day trailing floor): when the session's lowest equity stays above the floor, the
 * trades are the ones simulated on a deep cushion, so they are booked from the summary; otherwise the session
 * is simulated again on the account itself. Only valid for the configurations `memoizable` accepts.
 */
export class SessionMemo {
  private readonly probe: Simulation;
  private readonly summaries = new Map<number, SessionSummary>();

  constructor(
    private readonly config: FuturesBacktestConfig,
    private readonly data: PreparedFuturesData,
  ) {
    this.probe = createSimulation(config, data, { record: true });
  }

  /** End-of-day trailing floor and no scaling tiers: the account reaches into a session through its floor only. */
  static memoizable(config: FuturesBacktestConfig): boolean {
    return config.rules.mll_trail_mode === 'eod' && config.rules.scaling_tiers.length === 0;
  }

  summary(k: number): SessionSummary {
    const known = this.summaries.get(k);
    if (known !== undefined) return known;
    const { probe } = this;
    resetAccount(probe.account, this.config.rules);
    probe.account.floor = probe.account.balance - DEEP_CUSHION;
    probe.trades.length = 0;
    simulateSession(probe, k);
    const summary: SessionSummary = {
      trades: Float64Array.from(probe.trades, (t) => t.pnl),
      traded: probe.trades.length > 0,
      minDelta: probe.account.minCushion - DEEP_CUSHION,
      lastTime: this.data.bars.time[this.data.table.rthEndBar[k] - 1],
    };
    this.summaries.set(k, summary);
    return summary;
  }

  /** Session `k` on `account` from its summary, when the floor is out of its reach; false (nothing done) otherwise. */
  replay(account: PropAccount, k: number): boolean {
    const summary = this.summary(k);
    if (!(account.balance + summary.minDelta - account.floor > SAFETY_MARGIN)) return false;
    const rules = this.config.rules;
    startAccountDay(account);
    const cushion = account.balance + summary.minDelta - account.floor;
    if (cushion < account.minCushion) account.minCushion = cushion;
    for (let t = 0; t < summary.trades.length; t += 1) bookTrade(account, summary.trades[t]);
    closeAccountDay(account, rules, summary.traded);
    if (account.passed === null && passConditionsMet(this.config, account)) {
      account.passed = { date: formatIsoDay(this.data.table.day[k]), time: formatChicagoTime(summary.lastTime) };
    }
    return true;
  }
}

/**
 * `runAttempt` with the sessions the floor cannot reach replayed from `memo`: the same result, far fewer bars.
 * `sim` simulates the others (it must share the memo's configuration and data).
 */
export function runMemoizedAttempt(sim: Simulation, memo: SessionMemo, sessions: ArrayLike<number>, from = 0, to = sessions.length): AttemptResult {
  const { account } = sim;
  resetAccount(account, sim.config.rules);
  const regular = sim.data.table.rthFirstBar;
  let simulated = 0;
  let last = from - 1;
  for (let j = from; j < to; j += 1) {
    const k = sessions[j];
    if (regular[k] < 0) continue;
    if (!memo.replay(account, k)) simulateSession(sim, k);
    simulated += 1;
    last = j;
    if (account.failed !== null || account.passed !== null) break;
  }
  return attemptResult(sim, last, simulated);
}

/**
 * Circular block bootstrap: each path strings together blocks of `block_days` consecutive sessions of the
 * range (a block starts at a uniformly drawn session and wraps past the last one) up to `horizon_days`
 * sessions, and a fresh account runs over them with the same rules engine. Whole sessions are resampled with
 * their minute bars (the intraday loss limits need the intraday lows) and their own daily indicators.
 * Deterministic for a seed. Yields progress.
 */
export function* bootstrapPassProbability(
  data: PreparedFuturesData,
  config: FuturesBacktestConfig,
  odds: Pick<PassProbabilityOptions, 'horizon_days' | 'paths' | 'seed' | 'block_days'>,
  options: PassProbabilityRunOptions = {},
): Generator<PassProbabilityProgress, BootstrapPassProbability, void> {
  const pool = tradingSessions(data, config);
  const n = pool.length;
  if (n === 0) throw new EngineError('INSUFFICIENT_DATA', 'No session with regular-session bars in the range to resample.');
  const sim: Simulation = createSimulation(config, data, { record: false });
  const memo = SessionMemo.memoizable(config) ? new SessionMemo(config, data) : null;
  const rng = new Rng(odds.seed);
  const horizon = odds.horizon_days;
  const block = Math.min(odds.block_days, n);
  const path = new Int32Array(horizon);
  const chunk = options.chunk ?? 500;
  let passed = 0;
  let failed = 0;
  const daysToPass: number[] = [];
  for (let p = 0; p < odds.paths; p += 1) {
    for (let filled = 0; filled < horizon; ) {
      let s = Math.floor(rng.next() * n);
      for (let b = 0; b < block && filled < horizon; b += 1) {
        path[filled++] = pool[s];
        s = s + 1 === n ? 0 : s + 1;
      }
    }
    const result = memo === null ? runAttempt(sim, path) : runMemoizedAttempt(sim, memo, path);
    if (result.outcome === 'passed') {
      passed += 1;
      daysToPass.push(result.last + 1);
    } else if (result.outcome === 'failed') failed += 1;
    if ((p + 1) % chunk === 0 && p + 1 < odds.paths) yield { phase: 'bootstrap', done: p + 1, total: odds.paths };
  }
  const summary = summarizeOutcomes(passed, failed, odds.paths, daysToPass, config.reset_fee);
  return {
    ...summary,
    paths: odds.paths,
    seed: odds.seed,
    block_days: block,
    sessions_pooled: n,
    p_pass_standard_error: Math.sqrt((summary.p_pass * (1 - summary.p_pass)) / odds.paths),
  };
}

/** Both estimates as the options ask, as one generator of progress events returning the result. */
export function* passProbability(
  data: PreparedFuturesData,
  config: FuturesBacktestConfig,
  odds: PassProbabilityOptions,
  options: PassProbabilityRunOptions = {},
): Generator<PassProbabilityProgress, PassProbabilityResult, void> {
  const range = tradingSessions(data, config);
  if (range.length === 0) throw new EngineError('INSUFFICIENT_DATA', 'No session with regular-session bars in the range.');
  const rolling = odds.method === 'bootstrap' ? null : yield* rollingPassProbability(data, config, odds.horizon_days, options);
  const bootstrap = odds.method === 'rolling' ? null : yield* bootstrapPassProbability(data, config, odds, options);
  return {
    method: odds.method,
    horizon_days: odds.horizon_days,
    reset_fee: config.reset_fee,
    first_session: formatIsoDay(data.table.day[range[0]]),
    last_session: formatIsoDay(data.table.day[range[range.length - 1]]),
    rolling,
    bootstrap,
  };
}

/** The whole estimate without yielding (CLI, benchmarks, tests). */
export function runPassProbabilitySync(data: PreparedFuturesData, config: FuturesBacktestConfig, odds: PassProbabilityOptions, options: PassProbabilityRunOptions = {}): PassProbabilityResult {
  const steps = passProbability(data, config, odds, options);
  let step = steps.next();
  while (step.done !== true) step = steps.next();
  return step.value;
}
