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
