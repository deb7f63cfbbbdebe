import { roundCents } from '../money';
import type { OrbParams } from './types';

/** The strategy's own per-session caps (trades, losses, realized loss, one trade per direction). */
export interface DailyLimits {
  trades: number;
  losses: number;
  longs: number;
  shorts: number;
  /** Realized net P&L of the session, USD. */
  realized: number;
  /** A cap became binding this session (counted once). */
  hit: boolean;
}

export function createDailyLimits(): DailyLimits {
  return { trades: 0, losses: 0, longs: 0, shorts: 0, realized: 0, hit: false };
}

export function resetDailyLimits(day: DailyLimits): void {
  day.trades = 0;
  day.losses = 0;
  day.longs = 0;
  day.shorts = 0;
  day.realized = 0;
  day.hit = false;
}

function capReached(day: DailyLimits, strategy: OrbParams): boolean {
  if (day.trades >= strategy.max_trades_per_day || day.losses >= strategy.max_losses_per_day) return true;
  return strategy.max_daily_loss_usd !== null && day.realized <= -strategy.max_daily_loss_usd;
}

/** Whether a new entry in direction `dir` is refused by a daily cap. */
export function dailyLimitBinding(day: DailyLimits, strategy: OrbParams, dir: number): boolean {
  if (capReached(day, strategy)) return true;
  return strategy.one_trade_per_direction && (dir > 0 ? day.longs : day.shorts) > 0;
}

export function recordEntry(day: DailyLimits, dir: number): void {
  day.trades += 1;
  if (dir > 0) day.longs += 1;
  else day.shorts += 1;
}

/** Books a closed trade's net P&L (USD, cents). */
export function recordExit(day: DailyLimits, pnl: number): void {
  day.realized = roundCents(day.realized + pnl);
  if (pnl < 0) day.losses += 1;
}

/** True the first time a cap is reached this session (the session counts as a daily-limit hit once). */
export function markCapHit(day: DailyLimits, strategy: OrbParams): boolean {
  if (day.hit || !capReached(day, strategy)) return false;
  day.hit = true;
  return true;
}
