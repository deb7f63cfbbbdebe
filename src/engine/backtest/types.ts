// Daily multi-ticker backtest: configuration, the per-day decision port, streamed events and results.
// Day results and the final payload keep the anchor's field names (they go on the wire as they are).
import type { AgentProgress, AgentSignal, PortfolioDecisions, RiskAssessment } from '../agents/types';
import type { MarketDataReader } from '../data/reader';
import type { AnchorPerformanceMetrics, BenchmarkMetrics, EquityPoint, HeadlineMetrics, MetricsReport, TickerPnl } from '../metrics';
import type { OpenRoundTrip, Portfolio, RoundTrip, SeedPosition, TradeAction, TradeCosts, TradeFill } from '../portfolio/types';

/** `next_open`: decisions made on day D's close fill at D+1's open. `same_close`: at D's close (the anchor). */
export type FillTiming = 'next_open' | 'same_close';

export interface BacktestConfig {
  readonly tickers: readonly string[];
  /** First trading day of the backtest (`YYYY-MM-DD`). */
  readonly start_date: string;
  /** Last trading day (inclusive). */
  readonly end_date: string;
  readonly initial_capital: number;
  /** Short collateral fraction; 0 (default) = cash-secured shorts. */
  readonly margin_requirement?: number;
  readonly initial_positions?: readonly SeedPosition[];
  /** Default `next_open`. */
  readonly fill?: FillTiming;
  readonly costs?: TradeCosts;
  /** Price bars the agents see each day, the decision day included (default 150, enough for 126-bar indicators). */
  readonly lookback_bars?: number;
  /**
   * Margin call: when the portfolio value falls below this fraction of the short market value at a close,
   * every position is closed at the next fill (default 0.25; 0 disables).
   */
  readonly maintenance_margin?: number;
  /** Attach each agent's per-ticker JSON to its `Done` progress (default false: the day result has the signals). */
  readonly agent_analysis?: boolean;
  /** Annual risk-free rate for the metrics (default 0). */
  readonly risk_free_rate?: number;
  /** A ticker bought with the starting value and held, to compare against (default none). */
  readonly benchmark?: string;
}

/** What one day's decision step sees. `data` only answers with data up to `date`. */
export interface DayContext {
  readonly date: string;
  /** 0-based index of the day and the number of trading days. */
  readonly index: number;
  readonly total: number;
  readonly tickers: readonly string[];
  /** First date of the lookback window (`lookback_bars` bars back). */
  readonly lookback_start: string;
  readonly portfolio: Portfolio;
  /** Closes of `date`. */
  readonly prices: Readonly<Record<string, number>>;
  readonly data: MarketDataReader;
  readonly signal?: AbortSignal;
  readonly onProgress: AgentProgress;
  /** Whether agents attach per-ticker analysis JSON to their progress (`agent_analysis`). */
  readonly report_analysis: boolean;
}

/** Signals by node id then ticker; risk-manager entries (RiskAssessment) are included like the anchor's. */
export type AnalystSignalsByAgent = Record<string, Record<string, AgentSignal | RiskAssessment>>;

export interface DayDecision {
  readonly decisions: PortfolioDecisions;
  readonly analyst_signals: AnalystSignalsByAgent;
}

/** One day of the agent graph: the Nest side plugs the LangGraph graph in; `createRulePipeline` is the plain one. */
export type DecideFunction = (day: DayContext) => Promise<DayDecision>;

export interface BacktestPorts {
  readonly data: MarketDataReader;
  readonly decide: DecideFunction;
  readonly signal?: AbortSignal;
}

export interface TickerDetail {
  readonly ticker: string;
  /** The action filled on this day (`hold` when nothing filled). */
  readonly action: TradeAction;
  /** Shares filled on this day. */
  readonly quantity: number;
  /** Close of the day. */
  readonly price: number;
  readonly shares_owned: number;
  readonly long_shares: number;
  readonly short_shares: number;
  readonly position_value: number;
  readonly bullish_count: number;
  readonly bearish_count: number;
  readonly neutral_count: number;
}

/** One day's result, the anchor's per-day shape plus `fills` (every fill with its costs and clamps) and the trades closed that day. */
export interface BacktestDayResult {
  readonly date: string;
  readonly portfolio_value: number;
  readonly cash: number;
  /** Decisions made on this day (filled the next open under `next_open`). */
  readonly decisions: PortfolioDecisions;
  /** Shares filled on this day per ticker. */
  readonly executed_trades: Record<string, number>;
  readonly fills: readonly TradeFill[];
  /** Round trips closed by this day's fills. */
  readonly closed_trades: readonly RoundTrip[];
  readonly analyst_signals: AnalystSignalsByAgent;
  readonly current_prices: Record<string, number>;
  readonly long_exposure: number;
  readonly short_exposure: number;
  readonly gross_exposure: number;
  readonly net_exposure: number;
  readonly long_short_ratio: number | null;
  /** (value / initial − 1) × 100. */
  readonly portfolio_return: number;
  readonly performance_metrics: AnchorPerformanceMetrics;
  readonly ticker_details: readonly TickerDetail[];
  /** True when this close triggered a margin call (every position closes at the next fill). */
  readonly margin_call: boolean;
}

/** Benchmark figures repeated in `performance_metrics` when defined. */
export type BenchmarkHeadline = Partial<Record<'beta' | 'alpha' | 'correlation' | 'information_ratio' | 'benchmark_total_return_pct' | 'active_return_pct', number>>;

/** The anchor's fields plus the defined headline figures (never null: absent when undefined). */
export type BacktestPerformanceMetrics = AnchorPerformanceMetrics & HeadlineMetrics & BenchmarkHeadline;

/** The benchmark beside the equity curve. */
export interface BacktestBenchmark {
  readonly ticker: string;
  /** Buy-and-hold value of the starting value on each date of the equity curve. */
  readonly equity_curve: readonly EquityPoint[];
  /** Relative figures over the curve the metrics measure; null when there is none (wiped out on day one). */
  readonly metrics: BenchmarkMetrics | null;
}

export interface BacktestResult {
  readonly performance_metrics: BacktestPerformanceMetrics;
  /** The full report of the metrics engine (snake_case; `daily_pnl` included); null if wiped out on day one. */
  readonly metrics: MetricsReport | null;
  readonly final_portfolio: Portfolio;
  /** Days executed. */
  readonly total_days: number;
  /** Why the run ended before `end_date` (the account was wiped out), else null. */
  readonly stopped_reason: string | null;
  readonly equity_curve: readonly EquityPoint[];
  readonly fills: readonly (TradeFill & { readonly date: string })[];
  /** Closed round trips in the order they closed (the metrics' trades). */
  readonly trades: readonly RoundTrip[];
  /** Positions still open at the end, marked at the last close. */
  readonly open_trades: readonly OpenRoundTrip[];
  /** Per-ticker P&L (realized + unrealized) and contribution to the total return, in the config's ticker order. */
  readonly ticker_pnl: readonly TickerPnl[];
  /** Null without a `benchmark` in the config. */
  readonly benchmark: BacktestBenchmark | null;
}

export type BacktestEvent =
  | { readonly type: 'day_start'; readonly date: string; readonly index: number; readonly total: number; readonly status: string }
  | {
      readonly type: 'agent_progress';
      readonly agent: string;
      readonly ticker: string | null;
      readonly status: string;
      readonly analysis: string | null;
    }
  | { readonly type: 'day_complete'; readonly date: string; readonly status: string; readonly result: BacktestDayResult }
  | { readonly type: 'complete'; readonly result: BacktestResult };
