import type { MinuteBars } from '../data/types';
import { EngineError } from '../errors';
import { formatUsd, roundCents } from '../money';
import { computeDailyIndicators } from './indicators';
import { accountOutcome, type PropAccount } from './prop-account';
import { bestDayShare, buildRuleChecks, buildVerdict } from './rules';
import { formatIsoDay } from '../civil-days';
import { buildSessionTable, formatChicagoTime, validateMinuteBars } from './session';
import { createSimulation, type PreparedFuturesData, type Simulation, sessionSpan, simulateSession, simulationFinished, startAttempt } from './simulator';
import type { AttemptOutcome, CushionPoint, FuturesAttempt, FuturesBacktestConfig, FuturesBacktestResult, FuturesEngineEvent, FuturesVerdict } from './types';

export function prepareFuturesData(bars: MinuteBars, config: FuturesBacktestConfig): PreparedFuturesData {
  validateMinuteBars(bars);
  const table = buildSessionTable(bars, config.contract, config);
  const s = config.strategy;
  const indicators = computeDailyIndicators(table, {
    atrPeriod: s.atr_period,
    emaFastPeriod: s.trend_ema_fast,
    emaSlowPeriod: s.trend_ema_slow,
    volLookback: s.vol_lookback,
    volMinHistory: s.vol_min_history,
  });
  return { bars, table, indicators };
}

/** Sessions with regular-session bars in the config's date range. */
export function sessionsInRange(data: PreparedFuturesData, config: FuturesBacktestConfig): number {
  return sessionSpan(data, config).count;
}


/** One attempt as the run saw it: the account at its end and its slices of the recorded rows and trades. */
interface AttemptLog {
  readonly account: PropAccount;
  readonly firstRow: number;
  readonly endRow: number;
  readonly firstTrade: number;
  readonly endTrade: number;
}

function cushionPoint(sim: Simulation, account: PropAccount): CushionPoint | null {
  if (account.minCushionSession < 0) return null;
  return {
    amount: roundCents(account.minCushion),
    date: formatIsoDay(sim.data.table.day[account.minCushionSession]),
    time: formatChicagoTime(sim.data.bars.time[account.minCushionBar]),
  };
}

/**
 * The sessions of the date range, one after another, as events (each session's closed trades, then the
 * session). With `attempts: reset` a pass or a failure is followed by a fresh account on the next session;
 * otherwise the run ends there. Returns every attempt's log.
 */
function* simulateRange(sim: Simulation): Generator<FuturesEngineEvent, AttemptLog[], void> {
  const span = sessionSpan(sim.data, sim.config);
  const logs: AttemptLog[] = [];
  let firstRow = 0;
  let firstTrade = 0;
  let index = 0;
  for (let k = span.first; k < span.end; k += 1) {
    if (simulationFinished(sim)) {
      if (sim.config.attempts !== 'reset') break;
      logs.push({ account: { ...sim.account }, firstRow, endRow: sim.rows.length, firstTrade, endTrade: sim.trades.length });
      firstRow = sim.rows.length;
      firstTrade = sim.trades.length;
      startAttempt(sim);
    }
    const tradesBefore = sim.trades.length;
    if (!simulateSession(sim, k)) continue;
    index += 1;
    for (let t = tradesBefore; t < sim.trades.length; t += 1) yield { type: 'trade', trade: sim.trades[t] };
    yield { type: 'session', index, total: span.count, row: sim.rows[sim.rows.length - 1] };
  }
  if (sim.rows.length > firstRow) logs.push({ account: { ...sim.account }, firstRow, endRow: sim.rows.length, firstTrade, endTrade: sim.trades.length });
  return logs;
}

function toAttempt(sim: Simulation, log: AttemptLog, number: number): FuturesAttempt {
  const { account } = log;
  const outcome = accountOutcome(account);
  const event = account.failed ?? account.passed;
  return {
    attempt: number,
    start_date: sim.rows[log.firstRow].date,
    end_date: sim.rows[log.endRow - 1].date,
    outcome,
    outcome_date: event?.date ?? null,
    outcome_time: event?.time ?? null,
    sessions: log.endRow - log.firstRow,
    trading_days: account.tradingDays,
    trades: log.endTrade - log.firstTrade,
    net_pnl: roundCents(account.balance - sim.config.rules.start_balance),
    end_balance: account.balance,
    min_cushion: cushionPoint(sim, account),
    reset_fee: number === 1 ? 0 : sim.config.reset_fee,
  };
}

/** With several attempts the verdict is the first pass, or else the last attempt, with the run's tally. */
function attemptsVerdict(sim: Simulation, attempts: readonly FuturesAttempt[], chosen: number, account: PropAccount, resetFees: number): FuturesVerdict {
  const base = buildVerdict(sim.config, account);
  if (attempts.length <= 1) return base;
  const count = (outcome: AttemptOutcome) => attempts.filter((a) => a.outcome === outcome).length;
  const tally = `${attempts.length} attempts: ${count('passed')} passed, ${count('failed')} failed, ${count('open')} open; reset fees ${formatUsd(resetFees)}.`;
  return { ...base, detail: `Attempt ${chosen + 1} of ${attempts.length}: ${base.detail} ${tally}` };
}

function buildResult(sim: Simulation, logs: readonly AttemptLog[], sessions: number): FuturesBacktestResult {
  const { config, counters } = sim;
  const rules = config.rules;
  const attempts = logs.map((log, i) => toAttempt(sim, log, i + 1));
  const firstPass = attempts.findIndex((a) => a.outcome === 'passed');
  const chosen = firstPass >= 0 ? firstPass : logs.length - 1;
  const log = chosen >= 0 ? logs[chosen] : null;
  const account = log?.account ?? sim.account;
  const share = bestDayShare(account, rules.start_balance);
  counters.best_day_share = share === null ? null : Math.round(share * 1e6) / 1e6;
  const resetFees = roundCents(attempts.reduce((sum, a) => sum + a.reset_fee, 0));
  const netPnl = roundCents(logs.length === 0 ? sim.account.balance - rules.start_balance : attempts.reduce((sum, a) => sum + a.net_pnl, 0));
  const cushions = attempts.map((a) => a.min_cushion).filter((c): c is CushionPoint => c !== null);
  const rows = log === null ? sim.rows : sim.rows.slice(log.firstRow, log.endRow);
  const trades = log === null ? sim.trades : sim.trades.slice(log.firstTrade, log.endTrade);
  return {
    config,
    verdict: attemptsVerdict(sim, attempts, chosen, account, resetFees),
    rules_table: buildRuleChecks(config, account, rows, trades, chosen >= 0 ? attempts[chosen].min_cushion : null),
    counters: { ...counters },
    sessions: sim.rows,
    trades: sim.trades,
    attempts,
    reset_fees: resetFees,
    min_cushion: cushions.reduce<CushionPoint | null>((min, c) => (min === null || c.amount < min.amount ? c : min), null),
    start_balance: rules.start_balance,
    final_balance: sim.account.balance,
    net_pnl: netPnl,
    net_pnl_after_fees: roundCents(netPnl - resetFees),
    bars_processed: sim.barsProcessed,
    sessions_in_range: sessions,
  };
}

export interface FuturesRunOptions {
  /** Checked between sessions; an aborted run throws EngineError CANCELLED. */
  readonly signal?: AbortSignal;
}

/** The whole run without yielding (CLI, benchmarks, tests); `onEvent` sees the same events as the generator. */
export function runFuturesBacktestSync(data: PreparedFuturesData, config: FuturesBacktestConfig, onEvent?: (event: FuturesEngineEvent) => void): FuturesBacktestResult {
  const sim = createSimulation(config, data);
  const steps = simulateRange(sim);
  let step = steps.next();
  while (step.done !== true) {
    onEvent?.(step.value);
    step = steps.next();
  }
  return buildResult(sim, step.value, sessionSpan(data, config).count);
}

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new EngineError('CANCELLED', 'The futures backtest was cancelled.');
}

/**
 * The run as an async generator: per session the trades that closed in it, then a `session` progress
 * event; returns the result. The AbortSignal is checked between sessions.
 */
export async function* runFuturesBacktest(
  data: PreparedFuturesData,
  config: FuturesBacktestConfig,
  options: FuturesRunOptions = {},
): AsyncGenerator<FuturesEngineEvent, FuturesBacktestResult, void> {
  const sim = createSimulation(config, data);
  throwIfCancelled(options.signal);
  const steps = simulateRange(sim);
  let step = steps.next();
  while (step.done !== true) {
    yield step.value;
    if (step.value.type === 'session') throwIfCancelled(options.signal);
    step = steps.next();
  }
  throwIfCancelled(options.signal);
  return buildResult(sim, step.value, sessionSpan(data, config).count);
}
