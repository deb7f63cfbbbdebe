// Agent contracts shared by the rule-based analysts, the risk manager, the portfolio manager, the backtest
// and the Nest graph service (which plugs LLM agents into the same interface).
import type { MarketDataReader } from '../data/reader';
import type { Portfolio, TradeAction } from '../portfolio/types';

export type SignalDirection = 'bullish' | 'bearish' | 'neutral';

/** One analyst's view of one ticker (the anchor's `analyst_signals[agent][ticker]`). */
export interface AgentSignal {
  readonly signal: SignalDirection;
  /** 0-100. */
  readonly confidence: number;
  readonly reasoning: string | Record<string, unknown>;
}

export type TickerSignals = Record<string, AgentSignal>;

/**
 * Progress of one agent: `agentId` is the graph node id, `ticker` null for agent-wide updates, `analysis` the
 * JSON string (rule agents) or text sent with the final `Done`.
 */
export type AgentProgress = (agentId: string, ticker: string | null, status: string, analysis?: string) => void;

export interface AgentContext {
  readonly tickers: readonly string[];
  /** First date of the history the agent may read (`YYYY-MM-DD`). */
  readonly startDate: string;
  /** Decision date: the agent sees data up to this date's close (`YYYY-MM-DD`). */
  readonly endDate: string;
  readonly data: MarketDataReader;
  readonly portfolio: Portfolio;
  readonly signal?: AbortSignal;
  readonly onProgress?: AgentProgress;
  /**
   * Whether agents attach their per-ticker result as the `analysis` of `Done` (default true). Backtests turn it
   * off: the day result already carries every signal, and a JSON string per agent, ticker and day is waste.
   */
  readonly reportAnalysis?: boolean;
}

/** A rule-based or LLM analyst: one signal per ticker. It reports progress and ends each ticker with `Done`. */
export type AnalystFunction = (ctx: AgentContext, agentId: string) => Promise<TickerSignals>;

export interface VolatilityMetrics {
  readonly daily_volatility: number;
  readonly annualized_volatility: number;
  /** 0-100: share of the 30-day rolling volatilities at or below the current one. */
  readonly volatility_percentile: number;
  readonly data_points: number;
}

export interface CorrelationMetrics {
  readonly avg_correlation_with_active: number | null;
  readonly max_correlation_with_active: number | null;
  readonly top_correlated_tickers: readonly { readonly ticker: string; readonly correlation: number }[];
}

export interface RiskReasoning {
  readonly portfolio_value: number;
  readonly current_position_value: number;
  readonly base_position_limit_pct: number;
  readonly correlation_multiplier: number;
  readonly combined_position_limit_pct: number;
  readonly position_limit: number;
  readonly remaining_limit: number;
  readonly available_cash: number;
  readonly risk_adjustment: string;
}

/** The risk manager's entry for one ticker (the anchor's fields). Limits are in dollars and never negative. */
export interface RiskAssessment {
  /** Dollars that may still be added on the long side (capped by free cash). */
  readonly remaining_position_limit: number;
  /** Dollars that may still be added on the short side (capped by the collateral free cash can post). */
  readonly remaining_short_limit: number;
  readonly current_price: number;
  readonly volatility_metrics: VolatilityMetrics;
  readonly correlation_metrics: CorrelationMetrics;
  readonly reasoning: RiskReasoning | { readonly error: string };
}

export type RiskAssessments = Record<string, RiskAssessment>;

export interface PortfolioDecision {
  readonly action: TradeAction;
  /** Whole shares, ≥ 0, never above the allowed maximum for the action. */
  readonly quantity: number;
  /** 0-100. */
  readonly confidence: number;
  readonly reasoning: string | Record<string, unknown>;
}

export type PortfolioDecisions = Record<string, PortfolioDecision>;

/** Largest quantity per action for one ticker (`hold` always 0); an action absent here is not allowed. */
export type AllowedActions = Partial<Record<TradeAction, number>>;

export interface PortfolioManagerInput {
  readonly tickers: readonly string[];
  readonly portfolio: Portfolio;
  /** Signals of the analysts wired into this portfolio manager, by node id (risk entries excluded). */
  readonly analystSignals: Readonly<Record<string, TickerSignals>>;
  /** The paired risk manager's assessments. */
  readonly risk: RiskAssessments;
}

export type AgentKind = 'rule' | 'llm';

export interface AgentDefinition {
  readonly key: string;
  readonly display_name: string;
  readonly description: string;
  readonly investing_style: string;
  readonly order: number;
  readonly kind: AgentKind;
}

/** The risk manager: one assessment per ticker of `ctx.tickers` (reads prices over `ctx.startDate..endDate`). */
export type RiskManagerFunction = (ctx: AgentContext, agentId: string) => Promise<RiskAssessments>;

/** The rule-based portfolio manager: pure and synchronous. */
export type PortfolioManagerFunction = (input: PortfolioManagerInput) => PortfolioDecisions;
