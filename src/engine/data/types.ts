// Market data shapes shared by the engine and the market-data providers. Field names follow the
// anchor's data API (financialdatasets) so payloads pass through unchanged.

export type ReportPeriod = 'ttm' | 'annual' | 'quarterly';

/** One daily OHLCV bar; `time` is the trading date `YYYY-MM-DD`. */
export interface PriceBar {
  readonly time: string;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

export interface FinancialMetrics {
  readonly ticker: string;
  readonly report_period: string;
  readonly period: ReportPeriod;
  readonly currency: string;
  readonly market_cap: number | null;
  readonly enterprise_value: number | null;
  readonly price_to_earnings_ratio: number | null;
  readonly price_to_book_ratio: number | null;
  readonly price_to_sales_ratio: number | null;
  readonly enterprise_value_to_ebitda_ratio: number | null;
  readonly enterprise_value_to_revenue_ratio: number | null;
  readonly free_cash_flow_yield: number | null;
  readonly peg_ratio: number | null;
  readonly gross_margin: number | null;
  readonly operating_margin: number | null;
  readonly net_margin: number | null;
  readonly return_on_equity: number | null;
  readonly return_on_assets: number | null;
  readonly return_on_invested_capital: number | null;
  readonly asset_turnover: number | null;
  readonly inventory_turnover: number | null;
  readonly receivables_turnover: number | null;
  readonly days_sales_outstanding: number | null;
  readonly operating_cycle: number | null;
  readonly working_capital_turnover: number | null;
  readonly current_ratio: number | null;
  readonly quick_ratio: number | null;
  readonly cash_ratio: number | null;
  readonly operating_cash_flow_ratio: number | null;
  readonly debt_to_equity: number | null;
  readonly debt_to_assets: number | null;
  readonly interest_coverage: number | null;
  readonly revenue_growth: number | null;
  readonly earnings_growth: number | null;
  readonly book_value_growth: number | null;
  readonly earnings_per_share_growth: number | null;
  readonly free_cash_flow_growth: number | null;
  readonly operating_income_growth: number | null;
  readonly ebitda_growth: number | null;
  readonly payout_ratio: number | null;
  readonly earnings_per_share: number | null;
  readonly book_value_per_share: number | null;
  readonly free_cash_flow_per_share: number | null;
}

/** A reported period with the requested line items as extra numeric fields (e.g. `free_cash_flow`). */
export interface LineItem {
  readonly ticker: string;
  readonly report_period: string;
  readonly period: ReportPeriod;
  readonly currency: string;
  readonly [lineItem: string]: string | number | null;
}

export interface InsiderTrade {
  readonly ticker: string;
  readonly issuer: string | null;
  readonly name: string | null;
  readonly title: string | null;
  readonly is_board_director: boolean | null;
  readonly transaction_date: string | null;
  readonly transaction_shares: number | null;
  readonly transaction_price_per_share: number | null;
  readonly transaction_value: number | null;
  readonly shares_owned_before_transaction: number | null;
  readonly shares_owned_after_transaction: number | null;
  readonly security_title: string | null;
  readonly filing_date: string;
}

export type NewsSentiment = 'positive' | 'negative' | 'neutral';

export interface CompanyNews {
  readonly ticker: string;
  readonly title: string;
  readonly author: string | null;
  readonly source: string;
  readonly date: string;
  readonly url: string;
  readonly sentiment: NewsSentiment | null;
}

/**
 * 1-minute bars of one futures symbol in columnar typed arrays (no per-bar objects), ordered by time.
 * `time` holds the bar OPEN time in epoch milliseconds (UTC); sessions are resolved in America/Chicago.
 */
export interface MinuteBars {
  readonly symbol: string;
  readonly time: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}
