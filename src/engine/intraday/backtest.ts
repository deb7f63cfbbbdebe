import type { MinuteBars } from '../data/types';
import { EngineError } from '../errors';
import { computeDailyIndicators } from './indicators';
import { bestDayShare, buildRuleChecks, buildVerdict } from './rules';
import { buildSessionTable, validateMinuteBars } from './session';
import { createSimulation, type PreparedFuturesData, type Simulation, sessionSpan, simulateSession, simulationFinished } from './simulator';
import type { FuturesBacktestConfig, FuturesBacktestResult, FuturesEngineEvent } from './types';

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

function buildResult(sim: Simulation, sessions: number): FuturesBacktestResult {
  const { account, config, counters } = sim;
  const rules = config.rules;
  const share = bestDayShare(account, rules.start_balance);
  counters.best_day_share = share === null ? null : Math.round(share * 1e6) / 1e6;
  return {
    config,
    verdict: buildVerdict(config, account),
    rules_table: buildRuleChecks(config, account, counters, sim.rows),
    counters: { ...counters },
    sessions: sim.rows,
    trades: sim.trades,
    start_balance: rules.start_balance,
    final_balance: account.balance,
    net_pnl: Math.round((account.balance - rules.start_balance) * 100) / 100,
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
  const span = sessionSpan(data, config);
  let index = 0;
  for (let k = span.first; k < span.end && !simulationFinished(sim); k += 1) {
    const tradesBefore = sim.trades.length;
    if (!simulateSession(sim, k)) continue;
    index += 1;
    if (onEvent !== undefined) {
      for (let t = tradesBefore; t < sim.trades.length; t += 1) onEvent({ type: 'trade', trade: sim.trades[t] });
      onEvent({ type: 'session', index, total: span.count, row: sim.rows[sim.rows.length - 1] });
    }
  }
  return buildResult(sim, span.count);
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
  const span = sessionSpan(data, config);
  let index = 0;
  for (let k = span.first; k < span.end && !simulationFinished(sim); k += 1) {
    if (options.signal?.aborted === true) throw new EngineError('CANCELLED', 'The futures backtest was cancelled.');
    const tradesBefore = sim.trades.length;
    if (!simulateSession(sim, k)) continue;
    index += 1;
    for (let t = tradesBefore; t < sim.trades.length; t += 1) yield { type: 'trade', trade: sim.trades[t] };
    yield { type: 'session', index, total: span.count, row: sim.rows[sim.rows.length - 1] };
  }
  if (options.signal?.aborted === true) throw new EngineError('CANCELLED', 'The futures backtest was cancelled.');
  return buildResult(sim, span.count);
}
