import type { OpeningRange } from './opening-range';
import { roundDownToTick, roundToTick, roundUpToTick, type TickGrid } from './tick-grid';
import type { EntryMode, ExitReason, OrbParams } from './types';

/**
 * The open position (one at a time). Prices inside it are compared in "direction space" (price × dir),
 * so long and short share one code path: adverse means lower, favourable means higher.
 */
export interface FuturesPosition {
  /** +1 long, −1 short, 0 flat. */
  dir: number;
  contracts: number;
  entryPrice: number;
  stopPrice: number;
  targetPrice: number;
  entryBar: number;
  entryMode: EntryMode;
  /** The position was filled by a limit order on the current bar (only its adverse side is known to follow the fill). */
  limitFillBar: boolean;
  /** Fill price of the exit `checkBarExit` found. */
  exitPrice: number;
}

export function createPosition(): FuturesPosition {
  return { dir: 0, contracts: 0, entryPrice: 0, stopPrice: 0, targetPrice: 0, entryBar: 0, entryMode: 'pullback', limitFillBar: false, exitPrice: 0 };
}

/**
 * The initial stop for an entry in direction `dir`, `stop_offset_ticks` beyond its base, rounded away from
 * the entry: the range midpoint (`stop_mode: midpoint`) or the other side of the range (`range_opposite`).
 */
export function initialStop(strategy: OrbParams, grid: TickGrid, range: OpeningRange, dir: number): number {
  const offset = strategy.stop_offset_ticks * grid.tick;
  if (strategy.stop_mode === 'range_opposite') return dir > 0 ? roundDownToTick(grid, range.low - offset) : roundUpToTick(grid, range.high + offset);
  return dir > 0 ? roundDownToTick(grid, range.mid - offset) : roundUpToTick(grid, range.mid + offset);
}

/**
 * The target, rounded to the nearest tick: `target_r` × R beyond the entry (R = |entry − stop| in points,
 * `target_mode: r_multiple`), or `target_range_multiple` range heights beyond the broken side (`range_multiple`).
 */
export function initialTarget(strategy: OrbParams, grid: TickGrid, range: OpeningRange, dir: number, entry: number, riskPoints: number): number {
  if (strategy.target_mode === 'range_multiple') {
    const side = dir > 0 ? range.high : range.low;
    return roundToTick(grid, side + dir * strategy.target_range_multiple * (range.high - range.low));
  }
  return roundToTick(grid, entry + dir * strategy.target_r * riskPoints);
}

/** Contracts: `fixed_contracts`, or floor(risk budget / (R × point value)) for a risk of `riskPoints`; capped either way. */
export function positionSize(strategy: OrbParams, riskPoints: number, pointValue: number, cap: number): number {
  if (strategy.fixed_contracts !== null) return Math.min(strategy.fixed_contracts, cap);
  return Math.min(Math.floor(strategy.risk_per_trade_usd / (riskPoints * pointValue) + 1e-9), cap);
}

export function openPosition(position: FuturesPosition, dir: number, contracts: number, entry: number, stop: number, target: number, bar: number, mode: EntryMode, limitFill: boolean): void {
  position.dir = dir;
  position.contracts = contracts;
  position.entryPrice = entry;
  position.stopPrice = stop;
  position.targetPrice = target;
  position.entryBar = bar;
  position.entryMode = mode;
  position.limitFillBar = limitFill;
}

export function closePosition(position: FuturesPosition): void {
  position.dir = 0;
}

/**
 * The exit a bar forces, in price order: a gap through the target fills at the open; otherwise the
 * adverse levels (stop, maximum-loss-limit and daily-loss-limit liquidations, given in direction space;
 * the highest is reached first, the stop wins a tie), filled at the level or a worse open less the
 * slippage; then the target. A bar touching both stop and target is a stop. On a limit entry's own bar
 * only the adverse side is checked (the order of its low and high is unknown). Sets `exitPrice`;
 * returns the reason, or null when the position survives the bar.
 */
export function checkBarExit(position: FuturesPosition, slippage: number, maxLossLevel: number, dailyLossLevel: number, open: number, high: number, low: number): ExitReason | null {
  const d = position.dir;
  const openD = d * open;
  const targetD = d * position.targetPrice;
  const checkTarget = !position.limitFillBar;
  position.limitFillBar = false;
  if (checkTarget && openD >= targetD) {
    position.exitPrice = open;
    return 'target';
  }
  let level = d * position.stopPrice;
  let reason: ExitReason = 'stop';
  if (maxLossLevel > level) {
    level = maxLossLevel;
    reason = 'max_loss_limit';
  }
  if (dailyLossLevel > level) {
    level = dailyLossLevel;
    reason = 'daily_loss_limit';
  }
  const adverse = d > 0 ? low : -high;
  if (adverse <= level) {
    position.exitPrice = d * (Math.min(openD, level) - slippage);
    return reason;
  }
  const favourable = d > 0 ? high : -low;
  if (checkTarget && favourable >= targetD) {
    position.exitPrice = position.targetPrice;
    return 'target';
  }
  return null;
}
