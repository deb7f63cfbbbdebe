// Performance and funded-account metrics over an equity curve, closed trades and open positions.
export { HEADLINE_METRICS, type HeadlineMetric, type HeadlineMetrics, headlineMetrics, toAnchorPerformanceMetrics } from './anchor';
export { attributeByTicker } from './attribution';
export { computeBenchmarkMetrics } from './benchmark';
export { computeDailyPnlColumns } from './daily-pnl';
export { type EquityCurve, toEquityCurve } from './equity-curve';
export { computeHistogram, defaultBinCount, type Histogram } from './histogram';
export { computePeriodReturns, type PeriodReturn, type PeriodReturns } from './periods';
export { computeMetrics, computeMetricsWithDailyColumns, DEFAULT_PERIODS_PER_YEAR } from './report';
export { computeRollingSharpe, ROLLING_SHARPE_WINDOW } from './rolling';
export { RunningAnchorMetrics } from './running';
export type * from './types';
