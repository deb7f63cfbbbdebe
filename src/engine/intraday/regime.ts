import type { DailyIndicators } from './indicators';
import type { FuturesCounters, OrbParams } from './types';

/**
 * Whether every enabled regime filter allows a break in direction `dir` on session `k` (reference §3.2):
 * trend (prior close and fast EMA against the slow EMA), volatility (ATR percentile band), gap (|RTH open −
 * prior close| against ATR) and the VWAP side of the break close. A filter without enough history blocks.
 * Counts each filter's pass and the block, so the effect of every filter is visible.
 */
export function regimeAllows(
  strategy: OrbParams,
  indicators: DailyIndicators,
  rthOpen: number,
  k: number,
  dir: number,
  breakClose: number,
  vwap: number,
  counters: FuturesCounters,
): boolean {
  const prevClose = indicators.prevClose[k];
  const fast = indicators.emaFast[k];
  const slow = indicators.emaSlow[k];
  const trendOk = !strategy.trend_filter || (dir > 0 ? prevClose > slow && fast > slow : prevClose < slow && fast < slow);
  const pct = indicators.atrPercentile[k];
  const volOk = !strategy.volatility_filter || (pct >= strategy.vol_pct_min && pct <= strategy.vol_pct_max);
  const gapOk = !strategy.gap_filter || Math.abs(rthOpen - prevClose) <= strategy.gap_atr_max * indicators.atr[k];
  const vwapOk = !strategy.vwap_filter || (dir > 0 ? breakClose > vwap : breakClose < vwap);
  if (trendOk) counters.trend_pass += 1;
  if (volOk) counters.vol_pass += 1;
  if (gapOk) counters.gap_pass += 1;
  if (vwapOk) counters.vwap_pass += 1;
  if (trendOk && volOk && gapOk && vwapOk) {
    counters.regime_filter_passes += 1;
    return true;
  }
  counters.regime_blocks += 1;
  return false;
}
