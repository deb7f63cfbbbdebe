import type { MetricsReport } from '../metrics';
import { computeMetrics } from '../metrics';
import { roundCents } from '../money';
import type { ContractSpec } from './contracts';
import { formatIsoDay, parseIsoDay } from '../civil-days';
import type { AttemptsMode, CushionPoint, FuturesAttempt, FuturesBacktestResult, FuturesCounters, FuturesSessionRow, FuturesTrade, FuturesVerdict, OrbParams, PropFirmRules, RuleCheck } from './types';
import { ACCOUNT_PRESETS } from './config';

/** The full answer of a futures backtest (wire format). */
export interface FuturesReport {
  readonly symbol: string;
  readonly contract: ContractSpec;
  readonly account: PropFirmRules;
  readonly strategy: OrbParams;
  readonly period: {
    readonly start_date: string | null;
    readonly end_date: string | null;
    readonly first_session: string | null;
    readonly last_session: string | null;
    readonly sessions_in_range: number;
    readonly sessions_simulated: number;
  };
  readonly verdict: FuturesVerdict;
  readonly rules: readonly RuleCheck[];
  readonly counters: FuturesCounters;
  /**
   * Metrics engine over the daily equity and the trades. The equity is the account size plus the P&L of
   * every attempt so far less the reset fees paid (so the Express stage's $0 start and resets chain).
   */
  readonly metrics: MetricsReport;
  /** `single` or `reset` (the request's `attempts`). */
  readonly attempts_mode: AttemptsMode;
  /** USD charged for each attempt after the first. */
  readonly reset_fee: number;
  /** Every account attempt: one, unless `attempts: reset` started fresh accounts after passes and failures. */
  readonly attempts: readonly FuturesAttempt[];
  readonly reset_fees: number;
  /** Smallest cushion to the maximum-loss-limit floor over the run (null without a floor). */
  readonly min_cushion: CushionPoint | null;
  readonly start_balance: number;
  readonly final_balance: number;
  readonly net_pnl: number;
  readonly net_pnl_after_fees: number;
  readonly bars_processed: number;
  readonly sessions: readonly FuturesSessionRow[];
  readonly trades: readonly FuturesTrade[];
}

export interface FuturesReportOptions {
  /** Annual risk-free rate for Sharpe/Sortino (fraction). Default 0. */
  readonly riskFreeRate?: number;
}

export function buildFuturesReport(result: FuturesBacktestResult, options: FuturesReportOptions = {}): FuturesReport {
  const { config, sessions } = result;
  const size = config.rules.account_size;
  const capital = size === 'none' ? config.rules.start_balance : ACCOUNT_PRESETS[size].balance;
  const offset = capital - config.rules.start_balance;
  const firstDate = sessions.length > 0 ? sessions[0].date : (config.start_date ?? '1970-01-02');
  const baseDay = (parseIsoDay(firstDate) ?? 1) - 1;
  // A new attempt restarts the account's balance: carry the earlier attempts' P&L less the reset fees.
  let carried = 0;
  let attempt = 1;
  const equity = [{ date: formatIsoDay(baseDay), value: capital }];
  for (const row of sessions) {
    for (; attempt < row.attempt; attempt += 1) carried = roundCents(carried + result.attempts[attempt - 1].net_pnl - result.attempts[attempt].reset_fee);
    equity.push({ date: row.date, value: row.balance + offset + carried });
  }
  const metrics = computeMetrics({
    equity,
    trades: result.trades.map((t) => ({ pnl: t.pnl, risk: t.risk_usd, entry_date: t.session_date, exit_date: t.session_date, ticker: config.symbol })),
    riskFreeRate: options.riskFreeRate ?? 0,
  });
  return {
    symbol: config.symbol,
    contract: config.contract,
    account: config.rules,
    strategy: config.strategy,
    period: {
      start_date: config.start_date,
      end_date: config.end_date,
      first_session: sessions.length > 0 ? sessions[0].date : null,
      last_session: sessions.length > 0 ? sessions[sessions.length - 1].date : null,
      sessions_in_range: result.sessions_in_range,
      sessions_simulated: sessions.length,
    },
    verdict: result.verdict,
    rules: result.rules_table,
    counters: result.counters,
    metrics,
    attempts_mode: config.attempts,
    reset_fee: config.reset_fee,
    attempts: result.attempts,
    reset_fees: result.reset_fees,
    min_cushion: result.min_cushion,
    start_balance: result.start_balance,
    final_balance: result.final_balance,
    net_pnl: result.net_pnl,
    net_pnl_after_fees: result.net_pnl_after_fees,
    bars_processed: result.bars_processed,
    sessions,
    trades: result.trades,
  };
}
