import type { FuturesCounters } from './types';

/** Every dashboard counter of reference §3.3, at zero. */
export function createCounters(): FuturesCounters {
  return {
    sessions_evaluated: 0,
    or_valid_days: 0,
    opening_range_breaks: 0,
    opening_range_breaks_up: 0,
    opening_range_breaks_down: 0,
    regime_filter_passes: 0,
    trend_pass: 0,
    vol_pass: 0,
    gap_pass: 0,
    vwap_pass: 0,
    regime_blocks: 0,
    pullback_setups: 0,
    pullback_entries: 0,
    pullback_expired: 0,
    pullback_invalidated: 0,
    pullback_cancelled: 0,
    breakout_entries: 0,
    entries_skipped_size: 0,
    signals_skipped_busy: 0,
    daily_trade_limit_hits: 0,
    signals_blocked_by_daily_limit: 0,
    signals_blocked_by_dll: 0,
    mll_breaches: 0,
    dll_soft_breaches: 0,
    flat_by_forced_exits: 0,
    best_day_share: null,
  };
}
