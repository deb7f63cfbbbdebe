import type { AnchorPerformanceMetrics, MetricsReport } from './types';

/**
 * The anchor's `performance_metrics` (virattt/ai-hedge-fund): `max_drawdown` in negative percent
 * points and `max_drawdown_date` = the trough date (null without a drawdown). The anchor SPA calls
 * `toFixed` on a present Sharpe ratio and shows money exposures, so an undefined Sharpe and missing
 * exposures become 0 (the anchor's own initial values); Sortino and long/short stay null (the SPA hides
 * those rows when null).
 */
export function toAnchorPerformanceMetrics(report: MetricsReport): AnchorPerformanceMetrics {
  return {
    sharpe_ratio: report.sharpe_ratio ?? 0,
    sortino_ratio: report.sortino_ratio,
    max_drawdown: report.max_drawdown_pct,
    max_drawdown_date: report.max_drawdown < 0 ? report.max_drawdown_trough_date : null,
    long_short_ratio: report.long_short_ratio,
    gross_exposure: report.gross_exposure ?? 0,
    net_exposure: report.net_exposure ?? 0,
  };
}

/**
 * The headline figures a backtest dashboard shows beside the anchor's fields (the status report's missing
 * metrics), each under the report's own name and unit (fractions unsuffixed, `_pct` in percent points).
 */
export const HEADLINE_METRICS = [
  'total_return',
  'total_return_pct',
  'cagr_pct',
  'annual_volatility_pct',
  'calmar_ratio',
  'max_drawdown_money',
  'total_trades',
  'winning_trades',
  'losing_trades',
  'break_even_trades',
  'win_rate',
  'win_rate_pct',
  'average_win',
  'average_loss',
  'payoff_ratio',
  'profit_factor',
  'expectancy',
  'largest_winning_trade',
  'largest_losing_trade',
  'longest_winning_streak_trades',
  'longest_losing_streak_trades',
  'profitable_days',
  'losing_days',
  'profitable_days_pct',
  'largest_winning_day',
  'largest_losing_day',
  'longest_winning_streak_days',
  'longest_losing_streak_days',
  'longest_drawdown_trading_days',
] as const satisfies readonly (keyof MetricsReport)[];

export type HeadlineMetric = (typeof HEADLINE_METRICS)[number] | 'time_to_recovery_trading_days' | 'time_to_recovery_calendar_days';

/** Headline figures by name; a figure that is undefined (null in the report) is absent, never null. */
export type HeadlineMetrics = Partial<Record<HeadlineMetric, number>>;

/**
 * The defined headline figures of a report, plus the max drawdown's time to recovery (trough → recovery, in
 * trading and calendar days) when it recovered. Only finite numbers: the anchor SPA formats every number it
 * finds in `performance_metrics` and crashes on anything else.
 */
export function headlineMetrics(report: MetricsReport): HeadlineMetrics {
  const out: HeadlineMetrics = {};
  for (const key of HEADLINE_METRICS) {
    const value = report[key];
    if (typeof value === 'number' && Number.isFinite(value)) out[key] = value;
  }
  const details = report.max_drawdown_details;
  if (details !== null && details.time_to_recovery_trading_days !== null && details.time_to_recovery_calendar_days !== null) {
    out.time_to_recovery_trading_days = details.time_to_recovery_trading_days;
    out.time_to_recovery_calendar_days = details.time_to_recovery_calendar_days;
  }
  return out;
}
