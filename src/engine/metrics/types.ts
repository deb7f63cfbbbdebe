/** One end-of-day value of an account or portfolio; the first point is the starting value. */
export interface EquityPoint {
  /** Calendar date, `YYYY-MM-DD`. */
  readonly date: string;
  readonly value: number;
}

/**
 * The columnar form of an equity curve (the fast path for large series): `dates` either as
 * `YYYY-MM-DD` strings or as days since 1970-01-01 (UTC calendar), `values` aligned with them.
 */
export interface EquityColumns {
  readonly dates: readonly string[] | Int32Array;
  readonly values: Float64Array | readonly number[];
}

/** A closed trade; `pnl` is net of fees. `risk` (money at risk when opened, > 0) enables R multiples. */
export interface ClosedTrade {
  readonly pnl: number;
  readonly risk?: number | null;
  readonly entry_date?: string;
  readonly exit_date: string;
  readonly ticker?: string;
}

/** An open position at the end of the curve, as the anchor's exposure figures need it. */
export interface PositionExposure {
  readonly ticker: string;
  /** Long quantity (shares or contracts), >= 0. */
  readonly long: number;
  /** Short quantity, >= 0. */
  readonly short: number;
  /** Current price (times the contract multiplier for futures), > 0. */
  readonly price: number;
}

export interface MetricsInput {
  readonly equity: readonly EquityPoint[] | EquityColumns;
  readonly trades?: readonly ClosedTrade[];
  readonly positions?: readonly PositionExposure[];
  /** Annual risk-free rate as a fraction (0.04 = 4 %); de-annualised as (1+rf)^(1/P)-1. Default 0. */
  readonly riskFreeRate?: number;
  /** Periods per year P used to annualise (daily data: 252). */
  readonly periodsPerYear?: number;
  /** Build the `daily_pnl` series (default true); the summary metrics do not need it. */
  readonly includeDailyPnl?: boolean;
}

/** A drawdown episode: from the last high-water mark before the trough to the first recovery. */
export interface DrawdownEpisode {
  readonly peak_date: string;
  readonly peak_value: number;
  readonly trough_date: string;
  readonly trough_value: number;
  /** First date after the trough whose value is back at or above the peak value; null when not recovered. */
  readonly recovery_date: string | null;
  readonly recovered: boolean;
  /** Fraction, <= 0 (-0.12 = 12 % below the peak). */
  readonly drawdown: number;
  readonly drawdown_pct: number;
  /** Money, <= 0 (trough value minus peak value). */
  readonly amount: number;
  readonly peak_to_trough_trading_days: number;
  readonly peak_to_trough_calendar_days: number;
  /** Trough to recovery; null when not recovered. */
  readonly time_to_recovery_trading_days: number | null;
  readonly time_to_recovery_calendar_days: number | null;
  /** Peak to recovery, or peak to the last date while not recovered (see `recovered`). */
  readonly duration_trading_days: number;
  readonly duration_calendar_days: number;
}

/**
 * The daily P&L series of a report, one JSON array per field, index i = period i + 1 (the starting point is
 * the baseline, not an entry). Columns, not one object per day: on large curves the objects cost several
 * times the whole summary.
 */
export interface DailyPnlSeries {
  /** `YYYY-MM-DD`. */
  readonly dates: string[];
  /** Money: V_t. */
  readonly equity: number[];
  /** Money: V_t - V_{t-1}. */
  readonly pnl: number[];
  /** V_t / running peak - 1 (fraction, <= 0). */
  readonly drawdown: number[];
  /** Simple return V_t / V_{t-1} - 1 (fraction). */
  readonly returns: number[];
}

/** The daily P&L series as columns; `days` are days since 1970-01-01 (see `formatIsoDay`). */
export interface DailyPnlColumns {
  readonly days: Int32Array;
  readonly pnl: Float64Array;
  readonly return: Float64Array;
  readonly equity: Float64Array;
  readonly drawdown: Float64Array;
}

export interface ExposureMetrics {
  readonly long_exposure: number | null;
  readonly short_exposure: number | null;
  readonly gross_exposure: number | null;
  readonly net_exposure: number | null;
  readonly long_short_ratio: number | null;
}

/** The wire format of the metrics (snake_case); undefined values are null with a reason in `metric_notes`. */
/** Statistics of the closed trades (net of fees), part of the report. */
export interface TradeStats {
  readonly total_trades: number;
  readonly winning_trades: number;
  readonly losing_trades: number;
  readonly break_even_trades: number;
  readonly win_rate: number | null;
  readonly win_rate_pct: number | null;
  readonly gross_profit: number;
  readonly gross_loss: number;
  readonly net_profit: number;
  readonly average_win: number | null;
  readonly average_loss: number | null;
  readonly payoff_ratio: number | null;
  readonly profit_factor: number | null;
  readonly expectancy: number | null;
  readonly expectancy_r: number | null;
  readonly trades_with_risk: number;
  readonly largest_winning_trade: number | null;
  readonly largest_losing_trade: number | null;
  readonly longest_winning_streak_trades: number;
  readonly longest_losing_streak_trades: number;
}

export interface MetricsReport extends ExposureMetrics, TradeStats {
  readonly start_date: string;
  readonly end_date: string;
  readonly start_value: number;
  readonly end_value: number;
  /** Number of equity points (returns + 1). */
  readonly points: number;
  /** Number of periods (daily returns). */
  readonly periods: number;
  readonly calendar_days: number;
  readonly periods_per_year: number;
  readonly risk_free_rate: number;

  readonly total_return: number;
  readonly total_return_pct: number;
  readonly cagr: number | null;
  readonly cagr_pct: number | null;
  readonly annual_volatility: number | null;
  readonly annual_volatility_pct: number | null;
  readonly sharpe_ratio: number | null;
  readonly sortino_ratio: number | null;
  readonly calmar_ratio: number | null;

  readonly max_drawdown: number;
  readonly max_drawdown_pct: number;
  /** Money amount of the largest fall from a peak (<= 0); may belong to another episode than `max_drawdown`. */
  readonly max_drawdown_money: number;
  readonly max_drawdown_peak_date: string | null;
  readonly max_drawdown_trough_date: string | null;
  readonly max_drawdown_recovery_date: string | null;
  readonly max_drawdown_details: DrawdownEpisode | null;
  readonly max_drawdown_money_details: DrawdownEpisode | null;
  readonly longest_drawdown_trading_days: number;
  readonly longest_drawdown_calendar_days: number;
  readonly longest_drawdown_recovered: boolean | null;
  readonly current_drawdown: number;
  readonly current_drawdown_pct: number;

  readonly profitable_days: number;
  readonly losing_days: number;
  readonly flat_days: number;
  readonly profitable_days_pct: number | null;
  readonly largest_winning_day: number | null;
  readonly largest_winning_day_date: string | null;
  readonly largest_losing_day: number | null;
  readonly largest_losing_day_date: string | null;
  /** Funded-account consistency: largest winning day / (end value - start value), percent points. */
  readonly best_day_share_pct: number | null;
  readonly longest_winning_streak_days: number;
  readonly longest_losing_streak_days: number;


  /** Reason for every null (or noteworthy) metric, keyed by the metric's field name. */
  readonly metric_notes: Record<string, string>;
  /** Empty columns when `includeDailyPnl` is false. */
  readonly daily_pnl: DailyPnlSeries;
}

/** The anchor's `performance_metrics` object (virattt/ai-hedge-fund), as its SPA reads it. */
export interface AnchorPerformanceMetrics {
  readonly sharpe_ratio: number;
  readonly sortino_ratio: number | null;
  /** Negative percent points (-12.34), as the anchor. */
  readonly max_drawdown: number;
  readonly max_drawdown_date: string | null;
  readonly long_short_ratio: number | null;
  readonly gross_exposure: number;
  readonly net_exposure: number;
}

/** An equity curve and a benchmark's curve on the same dates (rows or columns, as `MetricsInput.equity`). */
export interface BenchmarkInput {
  readonly equity: readonly EquityPoint[] | EquityColumns;
  /** The benchmark's value on each date of `equity` (a price or a buy-and-hold account: only ratios matter). */
  readonly benchmark: readonly EquityPoint[] | EquityColumns;
  /** Default 252. */
  readonly periodsPerYear?: number;
}

/** Relative performance against a benchmark (quantstats conventions; see `computeBenchmarkMetrics`). */
export interface BenchmarkMetrics {
  readonly benchmark_total_return: number;
  readonly benchmark_total_return_pct: number;
  /** Total return minus the benchmark's (fraction; `_pct` in percent points). */
  readonly active_return: number;
  readonly active_return_pct: number;
  readonly beta: number | null;
  /** Annualised: (mean r − beta·mean b) × periods per year. */
  readonly alpha: number | null;
  readonly correlation: number | null;
  /** mean(r − b) / std(r − b), per period (not annualised, as quantstats). */
  readonly information_ratio: number | null;
  /** std(r − b) × √periods per year. */
  readonly tracking_error: number | null;
  readonly metric_notes: Record<string, string>;
}

/** What each ticker's trades made: a closed trade's `pnl` or an open one's `unrealized_pnl`, in money. */
export interface AttributionInput {
  /** The account's starting value (> 0): contributions are shares of it. */
  readonly start_value: number;
  readonly trades: readonly { readonly ticker: string; readonly pnl: number; readonly commission?: number }[];
  readonly open_trades?: readonly { readonly ticker: string; readonly unrealized_pnl: number; readonly commission?: number }[];
  /** Tickers listed first and in this order (with zeros when they never traded); others follow alphabetically. */
  readonly tickers?: readonly string[];
}

/** One ticker's P&L and its contribution to the total return. */
export interface TickerPnl {
  readonly ticker: string;
  /** Σ P&L of the ticker's closed trades (both sides). */
  readonly realized_pnl: number;
  /** Σ unrealized P&L of its open trades. */
  readonly unrealized_pnl: number;
  readonly total_pnl: number;
  /** total_pnl / start value × 100: the ticker's share of the total return, in percent points. */
  readonly contribution_pct: number;
  readonly closed_trades: number;
  readonly open_trades: number;
  readonly winning_trades: number;
  readonly losing_trades: number;
  /** Σ commissions of its trades (already in the P&L). */
  readonly commission: number;
}
