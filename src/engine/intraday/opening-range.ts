import type { TickGrid } from './tick-grid';
import type { FuturesCounters, OrbParams } from './types';

/**
 * One session's opening range and its breaks. A small mutable record: the functions below are its only
 * writers, are deterministic and touch nothing else (the counters they are handed excepted), so the
 * minute-bar loop can reuse one record for every session without allocating.
 */
export interface OpeningRange {
  high: number;
  low: number;
  /** (high + low) / 2 once closed. */
  mid: number;
  /** Bars seen inside the range window. */
  bars: number;
  /** The range window is over (its high and low are final). */
  closed: boolean;
  /** Closed, complete and through the width filter: breaks are looked for. */
  valid: boolean;
  brokeUp: boolean;
  brokeDown: boolean;
}

export function createOpeningRange(): OpeningRange {
  return { high: Number.NEGATIVE_INFINITY, low: Number.POSITIVE_INFINITY, mid: Number.NaN, bars: 0, closed: false, valid: false, brokeUp: false, brokeDown: false };
}

export function resetOpeningRange(range: OpeningRange): void {
  range.high = Number.NEGATIVE_INFINITY;
  range.low = Number.POSITIVE_INFINITY;
  range.mid = Number.NaN;
  range.bars = 0;
  range.closed = false;
  range.valid = false;
  range.brokeUp = false;
  range.brokeDown = false;
}

/** Widens the range by one bar of the range window. */
export function addRangeBar(range: OpeningRange, high: number, low: number): void {
  if (high > range.high) range.high = high;
  if (low < range.low) range.low = low;
  range.bars += 1;
}

/**
 * Ends the range window. A complete range (every bar present) counts as evaluated; it becomes valid when
 * the width filter (ORW/ATR in [or_atr_min, or_atr_max] and ORW ≥ or_min_ticks) is off or passes.
 * A session without ATR history fails an enabled width filter.
 */
export function closeOpeningRange(range: OpeningRange, strategy: OrbParams, grid: TickGrid, atr: number, counters: FuturesCounters): boolean {
  range.closed = true;
  range.valid = false;
  if (range.bars !== strategy.opening_range_minutes) return false;
  counters.sessions_evaluated += 1;
  range.mid = (range.high + range.low) / 2;
  const width = range.high - range.low;
  let valid = true;
  if (strategy.width_filter) {
    const ratio = width / atr;
    valid = !Number.isNaN(ratio) && ratio >= strategy.or_atr_min && ratio <= strategy.or_atr_max && width >= strategy.or_min_ticks * grid.tick - grid.eps;
  }
  if (valid) counters.or_valid_days += 1;
  range.valid = valid;
  return valid;
}

/**
 * The break a bar's close makes: +1 for a close above the high by more than `offset`, −1 below the low,
 * 0 for none. Each side breaks once until `rearmBreaks`; the up side is tested first.
 */
export function detectBreak(range: OpeningRange, close: number, offset: number, eps: number): number {
  if (!range.brokeUp && close > range.high + offset + eps) {
    range.brokeUp = true;
    return 1;
  }
  if (!range.brokeDown && close < range.low - offset - eps) {
    range.brokeDown = true;
    return -1;
  }
  return 0;
}

/** `reentry`: after a flat, a later close beyond either side is a new break. */
export function rearmBreaks(range: OpeningRange): void {
  range.brokeUp = false;
  range.brokeDown = false;
}
