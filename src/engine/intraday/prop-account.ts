import { roundCents } from '../money';
import type { AttemptOutcome, PropFirmRules } from './types';

/** The account as the prop firm sees it (reference §1.9). Money in USD. */
export interface PropAccount {
  balance: number;
  /** Maximum-loss-limit floor: the balance (with open P&L) must stay above it; −∞ without a maximum loss limit. */
  floor: number;
  /** High-water mark the floor trails (end-of-day balances, or intraday equity in `intraday` mode). */
  peak: number;
  /** Balance at the start of the current session (the daily loss limit's reference). */
  dayStartBalance: number;
  /** The daily loss limit was hit this session: flat and blocked until the next one. */
  dllBreached: boolean;
  failed: { date: string; time: string; balance: number; floor: number } | null;
  passed: { date: string; time: string } | null;
  bestDay: number;
  worstDay: number;
  tradingDays: number;
  maxContractsUsed: number;
  /** Smallest equity − floor seen (bar extremes while in a position, balances after trades); +∞ without a floor. */
  minCushion: number;
  /** Table index of the session and bar index where `minCushion` was seen (−1 before any). */
  minCushionSession: number;
  minCushionBar: number;
}

/** A fresh account at the start balance with the initial floor (start − MLL). */
export function openAccount(rules: PropFirmRules): PropAccount {
  return {
    balance: rules.start_balance,
    floor: rules.max_loss_limit === null ? Number.NEGATIVE_INFINITY : rules.start_balance - rules.max_loss_limit,
    peak: rules.start_balance,
    dayStartBalance: rules.start_balance,
    dllBreached: false,
    failed: null,
    passed: null,
    bestDay: Number.NEGATIVE_INFINITY,
    worstDay: Number.POSITIVE_INFINITY,
    tradingDays: 0,
    maxContractsUsed: 0,
    minCushion: Number.POSITIVE_INFINITY,
    minCushionSession: -1,
    minCushionBar: -1,
  };
}

/** Makes `account` a fresh one in place (a new attempt keeps the record the loop holds). */
export function resetAccount(account: PropAccount, rules: PropFirmRules): void {
  Object.assign(account, openAccount(rules));
}

/** Records `equity − floor` seen on a bar when it is the smallest so far. */
export function noteCushion(account: PropAccount, equity: number, session: number, bar: number): void {
  const cushion = equity - account.floor;
  if (cushion < account.minCushion) {
    account.minCushion = cushion;
    account.minCushionSession = session;
    account.minCushionBar = bar;
  }
}

/**
 * Contracts of this symbol allowed for a session: the account's maximum (or, in the Express stage, the
 * scaling tier earned by the previous end-of-day profit), micros multiplied by `micro_ratio`; +∞ without a cap.
 */
export function contractCap(rules: PropFirmRules, micro: boolean, eodProfit: number): number {
  if (rules.max_contracts === null) return Number.POSITIVE_INFINITY;
  let lots = rules.max_contracts;
  if (rules.scaling_tiers.length > 0) {
    lots = rules.scaling_tiers[0].max_contracts;
    for (let t = 1; t < rules.scaling_tiers.length; t += 1) if (eodProfit > rules.scaling_tiers[t].min_profit) lots = rules.scaling_tiers[t].max_contracts;
    lots = Math.min(lots, rules.max_contracts);
  }
  return micro ? lots * rules.micro_ratio : lots;
}

export function startAccountDay(account: PropAccount): void {
  account.dayStartBalance = account.balance;
  account.dllBreached = false;
}

/**
 * The price, in direction space, at which a position's equity (balance + open P&L − its round-turn fees)
 * meets the floor. `perPoint` = point value × contracts.
 */
export function maxLossLevel(account: PropAccount, entryD: number, perPoint: number, fees: number): number {
  return entryD + (account.floor - account.balance + fees) / perPoint;
}

/** The price, in direction space, at which the session's P&L (realized + open, after fees) reaches −DLL; −∞ when off or already hit. */
export function dailyLossLevel(account: PropAccount, rules: PropFirmRules, entryD: number, perPoint: number, fees: number): number {
  const dll = rules.daily_loss_limit;
  if (dll === null || account.dllBreached) return Number.NEGATIVE_INFINITY;
  return entryD + (-dll - (account.balance - account.dayStartBalance) + fees) / perPoint;
}

/** Raises the floor under a new high-water mark of `equity`, never above the start balance. */
export function trailFloor(account: PropAccount, rules: PropFirmRules, equity: number): void {
  if (equity > account.peak) account.peak = equity;
  if (rules.max_loss_limit === null) return;
  const trailed = Math.min(account.peak - rules.max_loss_limit, rules.start_balance);
  if (trailed > account.floor) account.floor = trailed;
}

/** Books a closed trade's net P&L (cents). */
export function bookTrade(account: PropAccount, pnl: number): void {
  account.balance = roundCents(account.balance + pnl);
}

/** After a trade: a liquidation by the maximum loss limit, or a balance at (half a cent above) the floor, fails the account. */
export function breachesMaxLoss(account: PropAccount, liquidated: boolean): boolean {
  return account.failed === null && (liquidated || account.balance <= account.floor + 0.005);
}

/** After a trade: the first daily-loss-limit flatten, or a session P&L at −DLL, of this session. */
export function breachesDailyLoss(account: PropAccount, rules: PropFirmRules, flattened: boolean): boolean {
  if (account.dllBreached || rules.daily_loss_limit === null) return false;
  return flattened || account.balance - account.dayStartBalance <= -rules.daily_loss_limit + 0.005;
}

/**
 * Session end: counts a trading day, records the best and worst day (sessions with a trade or a P&L),
 * and trails the floor on the end-of-day balance unless the account failed. Returns the session P&L.
 */
export function closeAccountDay(account: PropAccount, rules: PropFirmRules, traded: boolean): number {
  const pnl = roundCents(account.balance - account.dayStartBalance);
  if (traded) account.tradingDays += 1;
  if (traded || pnl !== 0) {
    if (pnl > account.bestDay) account.bestDay = pnl;
    if (pnl < account.worstDay) account.worstDay = pnl;
  }
  if (account.failed === null) trailFloor(account, rules, account.balance);
  return pnl;
}

export function accountOutcome(account: PropAccount): AttemptOutcome {
  return account.failed !== null ? 'failed' : account.passed !== null ? 'passed' : 'open';
}
