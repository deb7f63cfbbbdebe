import { roundCents } from '../money';
import { parseMinute } from './contracts';
import { createCounters } from './counters';
import { createDailyLimits, type DailyLimits, dailyLimitBinding, markCapHit, recordEntry, recordExit, resetDailyLimits } from './daily-limits';
import type { DailyIndicators } from './indicators';
import { addRangeBar, closeOpeningRange, createOpeningRange, detectBreak, type OpeningRange, rearmBreaks, resetOpeningRange } from './opening-range';
import {
  addAveragesBar,
  armOrder,
  clearOrder,
  createEntryOrder,
  createSessionAverages,
  type EntryOrder,
  limitFillPrice,
  limitKindOf,
  ORDER_LIMIT,
  ORDER_MARKET,
  ORDER_NONE,
  pullbackLimitPrice,
  resetSessionAverages,
  type SessionAverages,
} from './orders';
import { checkBarExit, closePosition, createPosition, initialStop, initialTarget, openPosition, type FuturesPosition, positionSize } from './position';
import {
  accountOutcome,
  bookTrade,
  breachesDailyLoss,
  breachesMaxLoss,
  closeAccountDay,
  contractCap,
  dailyLossLevel,
  maxLossLevel,
  noteCushion,
  openAccount,
  type PropAccount,
  resetAccount,
  startAccountDay,
  trailFloor,
} from './prop-account';
import { regimeAllows } from './regime';
import { passConditionsMet } from './rules';
import { formatIsoDay, parseIsoDay } from '../civil-days';
import { formatChicagoTime, type SessionTable } from './session';
import { createTickGrid, type TickGrid } from './tick-grid';
import type { AttemptOutcome, ExitReason, FuturesBacktestConfig, FuturesCounters, FuturesSessionRow, FuturesTrade } from './types';
import type { MinuteBars } from '../data/types';

/** Bars mapped to sessions and the daily indicators: computed once per dataset, before the loop. */
export interface PreparedFuturesData {
  readonly bars: MinuteBars;
  readonly table: SessionTable;
  readonly indicators: DailyIndicators;
}

/** The configuration turned into the numbers the loop reads (minutes of the day in America/Chicago, prices). */
export interface SimulationParams {
  readonly grid: TickGrid;
  readonly pointValue: number;
  /** Slippage in price units (ticks × tick size). */
  readonly slippage: number;
  readonly commission: number;
  readonly rthOpen: number;
  readonly orStart: number;
  readonly orEnd: number;
  readonly windowStart: number;
  readonly windowEnd: number;
  /** The earlier of the time exit and the flat-by time. */
  readonly exitMinute: number;
  readonly exitIsFlatBy: boolean;
  readonly limitKind: number;
  readonly emaAlpha: number;
  /** `break_ticks` in price units. */
  readonly breakOffset: number;
}

export function simulationParams(config: FuturesBacktestConfig): SimulationParams {
  const { contract, strategy, rules } = config;
  const rthOpen = contract.rth_open_minute;
  const rthClose = contract.rth_close_minute;
  const orStart = parseMinute(strategy.opening_range_start) ?? rthOpen;
  const orEnd = orStart + strategy.opening_range_minutes;
  const timeExit = parseMinute(strategy.time_exit) ?? rthClose;
  const flatBy = rules.flat_by === null ? Number.POSITIVE_INFINITY : (parseMinute(rules.flat_by) ?? rthClose);
  return {
    grid: createTickGrid(contract.tick_size),
    pointValue: contract.point_value,
    slippage: strategy.slippage_ticks * contract.tick_size,
    commission: strategy.commission_round_turn,
    rthOpen,
    orStart,
    orEnd,
    windowStart: parseMinute(strategy.entry_window_start) ?? orEnd,
    windowEnd: parseMinute(strategy.entry_window_end) ?? rthClose,
    exitMinute: Math.min(timeExit, flatBy),
    exitIsFlatBy: flatBy < timeExit,
    limitKind: limitKindOf(strategy.entry_mode),
    emaAlpha: 2 / (strategy.pullback_ema_period + 1),
    breakOffset: strategy.break_ticks * contract.tick_size,
  };
}

/** Sessions `[first, end)` of the table inside the config's date range with regular-session bars; `count` of them. */
export interface SessionSpan {
  readonly first: number;
  readonly end: number;
  readonly count: number;
}

export function sessionSpan(data: PreparedFuturesData, config: FuturesBacktestConfig): SessionSpan {
  const { table } = data;
  const startDay = config.start_date === null ? Number.NEGATIVE_INFINITY : (parseIsoDay(config.start_date) ?? Number.NEGATIVE_INFINITY);
  const endDay = config.end_date === null ? Number.POSITIVE_INFINITY : (parseIsoDay(config.end_date) ?? Number.POSITIVE_INFINITY);
  let first = table.count;
  let end = 0;
  let count = 0;
  for (let k = 0; k < table.count; k += 1) {
    if (table.day[k] < startDay || table.day[k] > endDay || table.rthFirstBar[k] < 0) continue;
    if (first === table.count) first = k;
    end = k + 1;
    count += 1;
  }
  return { first, end: Math.max(first, end), count };
}

/**
 * The whole state of a run: the config's numbers, one record per piece (opening range, entry order,
 * session averages, position, daily limits, prop account) and what the run has produced. The records are
 * created once and reset per session, so the minute-bar loop allocates nothing (objects are created only
 * for trades and session rows).
 */
export interface Simulation {
  readonly config: FuturesBacktestConfig;
  readonly data: PreparedFuturesData;
  readonly params: SimulationParams;
  readonly range: OpeningRange;
  readonly order: EntryOrder;
  readonly averages: SessionAverages;
  readonly position: FuturesPosition;
  readonly day: DailyLimits;
  readonly account: PropAccount;
  readonly counters: FuturesCounters;
  readonly trades: FuturesTrade[];
  readonly rows: FuturesSessionRow[];
  /** Trades and session rows are recorded (false: numbers only, for many cheap attempts). */
  readonly record: boolean;
  /** The current account attempt, from 1. */
  attempt: number;
  /** Table index of the session being simulated. */
  session: number;
  /** Contracts allowed this session (+∞ without a cap). */
  dayCap: number;
  /** `reentry`: the strategy had a position or a working order at the last break check. */
  wasBusy: boolean;
  barsProcessed: number;
}

export interface SimulationOptions {
  /** Record trades and session rows (default true). Off, an attempt costs numbers only: see `runAttempt`. */
  readonly record?: boolean;
}

export function createSimulation(config: FuturesBacktestConfig, data: PreparedFuturesData, options: SimulationOptions = {}): Simulation {
  return {
    config,
    data,
    params: simulationParams(config),
    range: createOpeningRange(),
    order: createEntryOrder(),
    averages: createSessionAverages(),
    position: createPosition(),
    day: createDailyLimits(),
    account: openAccount(config.rules),
    counters: createCounters(),
    trades: [],
    rows: [],
    record: options.record ?? true,
    attempt: 1,
    session: 0,
    dayCap: 0,
    wasBusy: false,
    barsProcessed: 0,
  };
}

/** The account failed, or passed and the rules stop there. */
export function simulationFinished(sim: Simulation): boolean {
  return sim.account.failed !== null || (sim.account.passed !== null && !sim.config.rules.continue_after_pass);
}

/** A fresh account (the next attempt); the counters and what was recorded carry on. */
export function startAttempt(sim: Simulation): void {
  resetAccount(sim.account, sim.config.rules);
  sim.attempt += 1;
}


/** Closes the position at `price` on bar `i`: books the trade, then the account and daily-limit consequences. */
function exitPosition(sim: Simulation, price: number, i: number, reason: ExitReason): void {
  const { position, account, counters, day, config } = sim;
  const { pointValue, commission: commissionPerContract } = sim.params;
  const d = position.dir;
  const gross = roundCents(d * (price - position.entryPrice) * pointValue * position.contracts);
  const commission = roundCents(commissionPerContract * position.contracts);
  const pnl = roundCents(gross - commission);
  const risk = roundCents(d * (position.entryPrice - position.stopPrice) * pointValue * position.contracts);
  bookTrade(account, pnl);
  noteCushion(account, account.balance, sim.session, i);
  recordExit(day, pnl);
  if (sim.record) recordTrade(sim, price, i, reason, { gross, commission, pnl, risk });
  closePosition(position);
  if (breachesMaxLoss(account, reason === 'max_loss_limit')) {
    counters.mll_breaches += 1;
    account.failed = { date: formatIsoDay(sim.data.table.day[sim.session]), time: formatChicagoTime(sim.data.bars.time[i]), balance: account.balance, floor: account.floor };
    clearOrder(sim.order);
    return;
  }
  if (breachesDailyLoss(account, config.rules, reason === 'daily_loss_limit')) {
    account.dllBreached = true;
    counters.dll_soft_breaches += 1;
  }
  if (markCapHit(day, config.strategy)) counters.daily_trade_limit_hits += 1;
}

/** The closed trade as a record (the position still holds its entry). */
function recordTrade(sim: Simulation, price: number, i: number, reason: ExitReason, money: { gross: number; commission: number; pnl: number; risk: number }): void {
  const { position } = sim;
  const { gross, commission, pnl, risk } = money;
  const time = sim.data.bars.time;
  sim.trades.push({
    id: sim.trades.length + 1,
    attempt: sim.attempt,
    session_date: formatIsoDay(sim.data.table.day[sim.session]),
    direction: position.dir > 0 ? 'long' : 'short',
    entry_mode: position.entryMode,
    contracts: position.contracts,
    entry_time: formatChicagoTime(time[position.entryBar]),
    entry_price: roundPrice(position.entryPrice),
    stop_price: position.stopPrice,
    target_price: position.targetPrice,
    exit_time: formatChicagoTime(time[i]),
    exit_price: roundPrice(price),
    exit_reason: reason,
    risk_usd: risk,
    gross_pnl: gross,
    commission,
    pnl,
    r_multiple: risk > 0 ? Math.round((pnl / risk) * 1e4) / 1e4 : 0,
  });
}

/** Prices from fills with slippage can sit off the tick grid by float noise only; keep 1e-8 precision. */
function roundPrice(price: number): number {
  return Math.round(price * 1e8) / 1e8;
}

/** Sizes and opens a position at `price`; false (counted) when the risk budget buys less than one contract. */
function enterPosition(sim: Simulation, d: number, price: number, i: number, limitFill: boolean): boolean {
  const { params, config, counters, account } = sim;
  const { strategy } = config;
  const grid = params.grid;
  const stop = initialStop(strategy, grid, sim.range, d);
  const riskPoints = d * (price - stop);
  if (!(riskPoints >= grid.tick - grid.eps)) {
    counters.entries_skipped_size += 1;
    return false;
  }
  const contracts = positionSize(strategy, riskPoints, params.pointValue, sim.dayCap);
  if (contracts < 1) {
    counters.entries_skipped_size += 1;
    return false;
  }
  openPosition(sim.position, d, contracts, price, stop, initialTarget(strategy, grid, sim.range, d, price, riskPoints), i, strategy.entry_mode, limitFill);
  recordEntry(sim.day, d);
  if (!limitFill) counters.breakout_entries += 1;
  if (contracts > account.maxContractsUsed) account.maxContractsUsed = contracts;
  return true;
}

/**
 * Stop, loss-limit liquidations and target on bar `i`. The cushion to the floor is taken at the bar's
 * worst price when the position survives it or leaves at the target (an adverse exit books its own).
 */
function managePosition(sim: Simulation, i: number): void {
  const { position, account, params } = sim;
  const { open, high, low } = sim.data.bars;
  const perPoint = params.pointValue * position.contracts;
  const fees = params.commission * position.contracts;
  const d = position.dir;
  const entryD = d * position.entryPrice;
  const worstEquity = account.balance + ((d > 0 ? low[i] : -high[i]) - entryD) * perPoint - fees;
  const reason = checkBarExit(
    position,
    params.grid,
    params.slippage,
    maxLossLevel(account, entryD, perPoint, fees),
    dailyLossLevel(account, sim.config.rules, entryD, perPoint, fees),
    open[i],
    high[i],
    low[i],
  );
  if (reason === null || reason === 'target') noteCushion(account, worstEquity, sim.session, i);
  if (reason !== null) exitPosition(sim, position.exitPrice, i, reason);
}

/** A working pullback order on bar `i`: cancelled, expired, filled (then managed on its own bar) or invalidated. */
function workLimitOrder(sim: Simulation, i: number, mod: number): void {
  const { order, counters, params, config, range } = sim;
  const { open, high, low, close } = sim.data.bars;
  if (sim.account.dllBreached) {
    clearOrder(order);
    counters.pullback_cancelled += 1;
    return;
  }
  if (mod >= params.windowEnd || i - order.armBar > config.strategy.pullback_bars) {
    clearOrder(order);
    counters.pullback_expired += 1;
    return;
  }
  const d = order.dir;
  const grid = params.grid;
  const limitD = d * pullbackLimitPrice(params.limitKind, grid, range, sim.averages, d, params.breakOffset);
  const stopD = d * initialStop(config.strategy, grid, range, d);
  const fillD = limitFillPrice(grid, d, limitD, stopD, open[i], high[i], low[i]);
  if (!Number.isNaN(fillD)) {
    clearOrder(order);
    if (enterPosition(sim, d, d * fillD, i, true)) {
      counters.pullback_entries += 1;
      managePosition(sim, i);
    } else {
      counters.pullback_cancelled += 1;
    }
    return;
  }
  if (d * close[i] < d * range.mid - grid.eps) {
    clearOrder(order);
    counters.pullback_invalidated += 1;
  }
}

/** A break on bar `i`: regime filters, then the account and daily blocks, then an order is armed. */
function onBreak(sim: Simulation, k: number, d: number, i: number, breakClose: number): void {
  const { counters, config, order } = sim;
  counters.opening_range_breaks += 1;
  if (!regimeAllows(config.strategy, sim.data.indicators, sim.data.table.rthOpen[k], k, d, breakClose, sim.averages.vwap, counters)) return;
  if (sim.account.dllBreached) {
    counters.signals_blocked_by_dll += 1;
    return;
  }
  if (dailyLimitBinding(sim.day, config.strategy, d)) {
    counters.signals_blocked_by_daily_limit += 1;
    return;
  }
  if (sim.position.dir !== 0 || order.kind !== ORDER_NONE) {
    counters.signals_skipped_busy += 1;
    return;
  }
  if (config.strategy.entry_mode === 'breakout') {
    armOrder(order, ORDER_MARKET, d, i);
  } else {
    armOrder(order, ORDER_LIMIT, d, i);
    counters.pullback_setups += 1;
  }
}

/** Session end: the account's day closes, the row is recorded, and the Combine pass is tested. */
function finishSession(sim: Simulation, k: number, lastTime: number): void {
  const { account, config } = sim;
  const pnl = closeAccountDay(account, config.rules, sim.day.trades > 0);
  if (sim.record) {
    sim.rows.push({
      date: formatIsoDay(sim.data.table.day[k]),
      attempt: sim.attempt,
      pnl,
      balance: account.balance,
      mll_floor: Number.isFinite(account.floor) ? roundCents(account.floor) : null,
      trades: sim.day.trades,
      max_contracts: Number.isFinite(sim.dayCap) ? sim.dayCap : null,
      dll_soft_breach: account.dllBreached,
      daily_limit_hit: sim.day.hit,
    });
  }
  if (account.failed === null && account.passed === null && passConditionsMet(config, account)) {
    account.passed = { date: formatIsoDay(sim.data.table.day[k]), time: formatChicagoTime(lastTime) };
  }
}

/**
 * Simulates session `k` (a table index) on the current account and appends its row; false when the
 * session has no regular-session bars. Every per-session record is reset first, so sessions can be run
 * in any order (resampled paths included): only the account carries over.
 */
export function simulateSession(sim: Simulation, k: number): boolean {
  const { table, indicators, bars } = sim.data;
  const from = table.rthFirstBar[k];
  if (from < 0) return false;
  const to = table.rthEndBar[k];
  const { strategy, rules, contract } = sim.config;
  const { params, range, order, averages, position, account, counters } = sim;
  const { time, open, high, low, close, volume } = bars;
  const minute = table.minute;
  const grid = params.grid;
  const atr = indicators.atr[k];
  // An early close (exchange calendar) moves flat-by to the close when it comes before the usual exit.
  const earlyClose = table.closeMinute[k];
  const shortened = earlyClose >= 0 && earlyClose < params.exitMinute;
  const exitMinute = shortened ? earlyClose : params.exitMinute;
  const exitIsFlatBy = shortened || params.exitIsFlatBy;

  sim.session = k;
  startAccountDay(account);
  resetDailyLimits(sim.day);
  sim.dayCap = contractCap(rules, contract.micro, account.balance - rules.start_balance);
  clearOrder(order);
  resetSessionAverages(averages);
  resetOpeningRange(range);
  sim.wasBusy = false;
  const reentry = strategy.reentry;

  for (let i = from; i < to; i += 1) {
    const mod = minute[i];
    if (!range.closed && mod >= params.orEnd) closeOpeningRange(range, strategy, grid, atr, counters);
    if (!range.closed && mod >= params.orStart) addRangeBar(range, high[i], low[i]);

    if (order.kind === ORDER_MARKET) {
      clearOrder(order);
      if (mod < params.windowEnd && mod < exitMinute) {
        const d = order.dir;
        enterPosition(sim, d, d * (d * open[i] + params.slippage), i, false);
      }
    }

    if (position.dir !== 0) {
      if (mod >= exitMinute) {
        const d = position.dir;
        exitPosition(sim, d * (d * open[i] - params.slippage), i, exitIsFlatBy ? 'flat_by' : 'time_exit');
        counters.flat_by_forced_exits += 1;
      } else {
        managePosition(sim, i);
      }
      if (account.failed !== null) break;
    }

    if (order.kind === ORDER_LIMIT) workLimitOrder(sim, i, mod);
    if (account.failed !== null) break;

    if (mod >= params.rthOpen) addAveragesBar(averages, high[i], low[i], close[i], volume[i], params.emaAlpha);

    // With re-entry, breaks are looked for only while flat with no working order, and re-arm once the
    // strategy is idle again after a position or an order.
    let lookForBreak = range.valid && mod >= params.windowStart && mod < params.windowEnd;
    if (reentry) {
      const idle = position.dir === 0 && order.kind === ORDER_NONE;
      if (idle && sim.wasBusy) rearmBreaks(range);
      sim.wasBusy = !idle;
      lookForBreak = lookForBreak && idle;
    }
    if (lookForBreak) {
      const d = detectBreak(range, close[i], params.breakOffset, grid.eps);
      if (d !== 0) {
        if (d > 0) counters.opening_range_breaks_up += 1;
        else counters.opening_range_breaks_down += 1;
        onBreak(sim, k, d, i, close[i]);
      }
    }

    if (position.dir !== 0 && rules.mll_trail_mode === 'intraday') {
      const d = position.dir;
      const favourable = d > 0 ? high[i] : -low[i];
      trailFloor(account, rules, account.balance + (favourable - d * position.entryPrice) * params.pointValue * position.contracts - params.commission * position.contracts);
    }
    if (position.dir === 0 && order.kind === ORDER_NONE && range.closed && mod >= params.windowEnd) break;
  }
  sim.barsProcessed += to - from;

  if (!range.closed && account.failed === null) closeOpeningRange(range, strategy, grid, atr, counters);
  if (order.kind === ORDER_LIMIT) counters.pullback_expired += 1;
  clearOrder(order);
  if (position.dir !== 0) {
    // No bar at the exit minute: out at the last close, which on an early close is the flat-by.
    exitPosition(sim, close[to - 1], to - 1, shortened ? 'flat_by' : 'session_end');
    counters.flat_by_forced_exits += 1;
  }
  finishSession(sim, k, time[to - 1]);
  return true;
}

/** Table indices of the sessions with regular-session bars in the config's date range, in order. */
export function tradingSessions(data: PreparedFuturesData, config: FuturesBacktestConfig): Int32Array {
  const span = sessionSpan(data, config);
  const out = new Int32Array(span.count);
  let n = 0;
  for (let k = span.first; k < span.end; k += 1) if (data.table.rthFirstBar[k] >= 0) out[n++] = k;
  return out;
}

/** How one attempt on a fresh account ended (`runAttempt`). */
export interface AttemptResult {
  readonly outcome: AttemptOutcome;
  /** Position in the session list of the session that passed or failed it, or of the last one simulated (from − 1 when none). */
  readonly last: number;
  /** Sessions simulated (with regular-session bars). */
  readonly sessions: number;
  readonly trading_days: number;
  /** Balance − start balance at the end, USD. */
  readonly net_pnl: number;
  /** Smallest equity − floor seen, USD; null without a floor. */
  readonly min_cushion: number | null;
}

/**
 * One attempt of the rules engine on a fresh account over `sessions[from..to)` (table indices, in any
 * order: consecutive sessions from any start for rolling windows, resampled sessions for a bootstrap),
 * until the account passes, fails, or the sessions run out. A pass ends the attempt whatever
 * `continue_after_pass` says. Create the simulation once with `record: false` and call this as often as
 * needed: nothing is allocated per bar or per session, only the result per attempt (and a date string on a
 * pass or a failure).
 */
export function runAttempt(sim: Simulation, sessions: ArrayLike<number>, from = 0, to = sessions.length): AttemptResult {
  const { account } = sim;
  resetAccount(account, sim.config.rules);
  let simulated = 0;
  let last = from - 1;
  for (let j = from; j < to; j += 1) {
    if (!simulateSession(sim, sessions[j])) continue;
    simulated += 1;
    last = j;
    if (account.failed !== null || account.passed !== null) break;
  }
  return attemptResult(sim, last, simulated);
}

/**
 * The result of the attempt `sim.account` has just run: `last` is the index in the session list of its last
 * session, `simulated` how many sessions it traded. Shared by `runAttempt` and the memoized attempts of the
 * pass-probability bootstrap, so both report the same fields rounded the same way.
 */
export function attemptResult(sim: Simulation, last: number, simulated: number): AttemptResult {
  const { account } = sim;
  return {
    outcome: accountOutcome(account),
    last,
    sessions: simulated,
    trading_days: account.tradingDays,
    net_pnl: roundCents(account.balance - sim.config.rules.start_balance),
    min_cushion: Number.isFinite(account.minCushion) ? roundCents(account.minCushion) : null,
  };
}
