import type { OpeningRange } from './opening-range';
import { roundDownToTick, roundUpToTick, type TickGrid } from './tick-grid';
import type { EntryMode } from './types';

export const ORDER_NONE = 0;
/** Fills at the next bar's open (breakout entries). */
export const ORDER_MARKET = 1;
/** Works at a limit price for a number of bars (pullback entries). */
export const ORDER_LIMIT = 2;

/** Where a pullback limit sits. */
export const LIMIT_AT_RANGE = 0;
export const LIMIT_AT_VWAP = 1;
export const LIMIT_AT_EMA = 2;

export function limitKindOf(mode: EntryMode): number {
  return mode === 'pullback_vwap' ? LIMIT_AT_VWAP : mode === 'pullback_ema' ? LIMIT_AT_EMA : LIMIT_AT_RANGE;
}

/** The one entry order a session can have working (a mutable record reused across sessions). */
export interface EntryOrder {
  kind: number;
  dir: number;
  /** Bar index of the break that armed it (a limit order lives `pullback_bars` bars after it). */
  armBar: number;
}

export function createEntryOrder(): EntryOrder {
  return { kind: ORDER_NONE, dir: 0, armBar: 0 };
}

export function armOrder(order: EntryOrder, kind: number, dir: number, bar: number): void {
  order.kind = kind;
  order.dir = dir;
  order.armBar = bar;
}

export function clearOrder(order: EntryOrder): void {
  order.kind = ORDER_NONE;
}

/**
 * Session VWAP (typical price × volume from the regular-session open; the mean close while no volume was
 * traded) and the EMA of 1-minute closes, both as of the last bar added.
 */
export interface SessionAverages {
  priceVolume: number;
  volume: number;
  closes: number;
  bars: number;
  vwap: number;
  ema: number;
}

export function createSessionAverages(): SessionAverages {
  return { priceVolume: 0, volume: 0, closes: 0, bars: 0, vwap: Number.NaN, ema: Number.NaN };
}

export function resetSessionAverages(averages: SessionAverages): void {
  averages.priceVolume = 0;
  averages.volume = 0;
  averages.closes = 0;
  averages.bars = 0;
  averages.vwap = Number.NaN;
  averages.ema = Number.NaN;
}

export function addAveragesBar(averages: SessionAverages, high: number, low: number, close: number, volume: number, emaAlpha: number): void {
  averages.priceVolume += ((high + low + close) / 3) * volume;
  averages.volume += volume;
  averages.closes += close;
  averages.bars += 1;
  averages.vwap = averages.volume > 0 ? averages.priceVolume / averages.volume : averages.closes / averages.bars;
  averages.ema = Number.isNaN(averages.ema) ? close : averages.ema + emaAlpha * (close - averages.ema);
}

/**
 * The limit price of a pullback order in direction `dir`: `offset` beyond the broken side of the range, or
 * the VWAP / EMA rounded to the tick away from the market (down for a buy, up for a sell).
 */
export function pullbackLimitPrice(kind: number, grid: TickGrid, range: OpeningRange, averages: SessionAverages, dir: number, offset: number): number {
  if (kind === LIMIT_AT_RANGE) return dir > 0 ? range.high + offset : range.low - offset;
  const raw = kind === LIMIT_AT_VWAP ? averages.vwap : averages.ema;
  return dir > 0 ? roundDownToTick(grid, raw) : roundUpToTick(grid, raw);
}

/**
 * Whether a limit order fills on a bar, in direction space (price × dir, so a buy and a sell share the
 * test): only on a trade-through (the adverse extreme at least one tick beyond the limit), and never
 * while the limit sits within a tick of the stop. Returns the fill (the limit, or a better open) or NaN.
 */
export function limitFillPrice(grid: TickGrid, dir: number, limitD: number, stopD: number, open: number, high: number, low: number): number {
  const adverse = dir > 0 ? low : -high;
  if (limitD > stopD + grid.tick - grid.eps && adverse <= limitD - grid.tick + grid.eps) return Math.min(dir * open, limitD);
  return Number.NaN;
}
