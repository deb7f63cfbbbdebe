import type { MetricsReport } from '../metrics';
import { computeMetrics } from '../metrics';
import type { ContractSpec } from './contracts';
import { dayToIso, isoToDay } from './session';
import type { FuturesBacktestResult, FuturesCounters, FuturesSessionRow, FuturesTrade, FuturesVerdict, OrbParams, PropFirmRules, RuleCheck } from './types';
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
  /** Metrics engine over the daily equity (account size + P&L, so the Express stage's $0 start works too) and the trades. */
  readonly metrics: MetricsReport;
  readonly start_balance: number;
  readonly final_balance: number;
  readonly net_pnl: number;
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
  const baseDay = (isoToDay(firstDate) ?? 1) - 1;
  const equity = [{ date: dayToIso(baseDay), value: capital }, ...sessions.map((row) => ({ date: row.date, value: row.balance + offset }))];
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
    start_balance: result.start_balance,
    final_balance: result.final_balance,
    net_pnl: result.net_pnl,
    bars_processed: result.bars_processed,
    sessions,
    trades: result.trades,
  };
}
