import type { AgentDefinition, AnchorPerformanceMetrics, BacktestDayResult, BacktestResult, Portfolio } from '../../engine';
import type { GraphOutcome } from './agent-graph';
import type { AgentsResponseDto } from './dto/agents-response.dto';
import type { GraphSpec } from './graph-spec';
import type { RunCycleRecord } from '../flow-runs/run-recorder';
import { finiteJson } from './sse-events';

export function toAgentsResponse(agents: readonly AgentDefinition[]): AgentsResponseDto {
  return {
    agents: [...agents]
      .sort((a, b) => a.order - b.order)
      .map((agent) => ({
        key: agent.key,
        display_name: agent.display_name,
        description: agent.description,
        investing_style: agent.investing_style,
        order: agent.order,
      })),
  };
}

const asRecord = (value: unknown): Record<string, unknown> => finiteJson(value) as Record<string, unknown>;

/**
 * `complete.data` of a run: the first portfolio manager's decisions (`{}`, never null), every node's
 * signals by node id, the prices; with several managers each one's decisions are added by node id.
 */
export function toRunComplete(spec: GraphSpec, outcome: GraphOutcome): Record<string, unknown> {
  const primary = spec.managers[0].id;
  const data: Record<string, unknown> = {
    decisions: outcome.decisions[primary] ?? {},
    analyst_signals: outcome.analyst_signals,
    current_prices: outcome.current_prices,
  };
  if (spec.managers.length > 1) data.portfolio_manager_decisions = outcome.decisions;
  return asRecord(data);
}

export function toRunCycle(outcome: GraphOutcome, complete: Record<string, unknown>, portfolio: Portfolio): RunCycleRecord {
  return {
    analyst_signals: asRecord(outcome.analyst_signals),
    trading_decisions: asRecord(complete.decisions),
    executed_trades: {},
    portfolio_snapshot: asRecord({ ...portfolio, current_prices: outcome.current_prices }),
    performance_metrics: null,
    trigger_reason: 'run',
  };
}

export function toBacktestCycle(day: BacktestDayResult): RunCycleRecord {
  return {
    analyst_signals: asRecord(day.analyst_signals),
    trading_decisions: asRecord(day.decisions),
    executed_trades: asRecord({ executed_trades: day.executed_trades, fills: day.fills, closed_trades: day.closed_trades }),
    portfolio_snapshot: asRecord({
      date: day.date,
      portfolio_value: day.portfolio_value,
      cash: day.cash,
      current_prices: day.current_prices,
      long_exposure: day.long_exposure,
      short_exposure: day.short_exposure,
      gross_exposure: day.gross_exposure,
      net_exposure: day.net_exposure,
      long_short_ratio: day.long_short_ratio,
      portfolio_return: day.portfolio_return,
      ticker_details: day.ticker_details,
    }),
    performance_metrics: asRecord(day.performance_metrics),
    trigger_reason: `backtest_day ${day.date}`,
  };
}

/** Metrics the SPA formats without a null check are left out when not finite (it crashes on null there). */
const SHOWN_WITHOUT_NULL_CHECK: readonly (keyof AnchorPerformanceMetrics)[] = ['sharpe_ratio', 'max_drawdown', 'gross_exposure', 'net_exposure'];

export function spaSafeMetrics(metrics: AnchorPerformanceMetrics): Record<string, unknown> {
  const out = asRecord(metrics);
  for (const key of SHOWN_WITHOUT_NULL_CHECK) if (out[key] === null) delete out[key];
  return out;
}

/**
 * `complete.data` of a backtest: the anchor's three fields (`performance_metrics` with the defined headline
 * figures), the full metric report, the equity curve, the closed round trips and the open ones, the per-ticker
 * P&L and the benchmark (null without one). Field by field in docs/hedge-fund-api.md.
 */
export function toBacktestComplete(result: BacktestResult): Record<string, unknown> {
  return {
    performance_metrics: spaSafeMetrics(result.performance_metrics),
    final_portfolio: asRecord(result.final_portfolio),
    total_days: result.total_days,
    metrics: result.metrics === null ? null : asRecord(result.metrics),
    equity_curve: asRecord(result.equity_curve),
    trades: finiteJson(result.trades),
    open_trades: finiteJson(result.open_trades),
    ticker_pnl: finiteJson(result.ticker_pnl),
    benchmark: result.benchmark === null ? null : asRecord(result.benchmark),
  };
}
