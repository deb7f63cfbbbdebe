import type { MinuteBars } from '../data/types';
import { EngineError } from '../errors';
import { parseMinute } from './contracts';
import { createCounters } from './counters';
import { computeDailyIndicators, type DailyIndicators } from './indicators';
import { type AccountLedger, bestDayShare, buildRuleChecks, buildVerdict, contractCap, passConditionsMet } from './rules';
import { buildSessionTable, dayToIso, formatChicagoTime, isoToDay, type SessionTable, validateMinuteBars } from './session';
import type {
  EntryMode,
  ExitReason,
  FuturesBacktestConfig,
  FuturesBacktestResult,
  FuturesCounters,
  FuturesEngineEvent,
  FuturesSessionRow,
  FuturesTrade,
  FuturesVerdict,
} from './types';

/** Bars mapped to sessions and the daily indicators: computed once per dataset, before the loop. */
export interface PreparedFuturesData {
  readonly bars: MinuteBars;
  readonly table: SessionTable;
  readonly indicators: DailyIndicators;
}

export function prepareFuturesData(bars: MinuteBars, config: FuturesBacktestConfig): PreparedFuturesData {
  validateMinuteBars(bars);
  const table = buildSessionTable(bars, config.contract, config);
  const s = config.strategy;
  const indicators = computeDailyIndicators(table, {
    atrPeriod: s.atr_period,
    emaFastPeriod: s.trend_ema_fast,
    emaSlowPeriod: s.trend_ema_slow,
    volLookback: s.vol_lookback,
    volMinHistory: s.vol_min_history,
  });
  return { bars, table, indicators };
}

const PENDING_NONE = 0;
const PENDING_MARKET = 1;
const PENDING_LIMIT = 2;

const LIMIT_FIXED = 0;
const LIMIT_VWAP = 1;
const LIMIT_EMA = 2;

const cents = (x: number): number => Math.round(x * 100) / 100;

/**
 * The minute-bar loop. All state lives in numeric fields; bars are read straight from the typed arrays,
 * so the per-bar path allocates nothing (objects are created only for trades and session rows).
 * Prices inside a position are handled in "direction space" (price × direction), so long and short
 * share one code path: adverse means lower, favourable means higher.
 */
export class IntradaySimulator {
  readonly counters: FuturesCounters = createCounters();
  readonly trades: FuturesTrade[] = [];
  readonly rows: FuturesSessionRow[] = [];
  readonly ledger: AccountLedger;
  barsProcessed = 0;

  private readonly tick: number;
  private readonly invTick: number;
  private readonly eps: number;
  private readonly pointValue: number;
  private readonly slip: number;
  private readonly commission: number;
  private readonly orStart: number;
  private readonly orEnd: number;
  private readonly rthOpen: number;
  private readonly rthClose: number;
  private readonly windowStart: number;
  private readonly windowEnd: number;
  private readonly exitMinute: number;
  private readonly exitIsFlatBy: boolean;
  private readonly limitKind: number;
  private readonly emaAlpha: number;
  readonly firstSession: number;
  readonly endSession: number;
  private currentSession = 0;

  // position
  private dir = 0;
  private contracts = 0;
  private entryPrice = 0;
  private stopPrice = 0;
  private targetPrice = 0;
  private entryBar = 0;
  private entryMode: EntryMode = 'pullback';
  private limitFillBar = false;
  // pending order
  private pending = PENDING_NONE;
  private pendingDir = 0;
  private pendingArmBar = 0;
  // day
  private dayStartBalance = 0;
  private dayRealized = 0;
  private dayTrades = 0;
  private dayLosses = 0;
  private dayLongs = 0;
  private dayShorts = 0;
  private dayLimitHit = false;
  private dayDllBreached = false;
  private dayCap = 0;
  private orHigh = 0;
  private orLow = 0;
  private orMid = 0;
  private vwap = Number.NaN;
  private ema = Number.NaN;

  constructor(
    readonly config: FuturesBacktestConfig,
    readonly data: PreparedFuturesData,
  ) {
    const { contract, strategy, rules } = config;
    this.tick = contract.tick_size;
    this.invTick = Math.round(1 / contract.tick_size);
    this.eps = contract.tick_size * 1e-6;
    this.pointValue = contract.point_value;
    this.slip = strategy.slippage_ticks * contract.tick_size;
    this.commission = strategy.commission_round_turn;
    this.rthOpen = contract.rth_open_minute;
    this.rthClose = contract.rth_close_minute;
    this.orStart = parseMinute(strategy.opening_range_start) ?? this.rthOpen;
    this.orEnd = this.orStart + strategy.opening_range_minutes;
    this.windowStart = parseMinute(strategy.entry_window_start) ?? this.orEnd;
    this.windowEnd = parseMinute(strategy.entry_window_end) ?? this.rthClose;
    const timeExit = parseMinute(strategy.time_exit) ?? this.rthClose;
    const flatBy = parseMinute(rules.flat_by) ?? this.rthClose;
    this.exitMinute = Math.min(timeExit, flatBy);
    this.exitIsFlatBy = flatBy < timeExit;
    this.limitKind = strategy.entry_mode === 'pullback_vwap' ? LIMIT_VWAP : strategy.entry_mode === 'pullback_ema' ? LIMIT_EMA : LIMIT_FIXED;
    this.emaAlpha = 2 / (strategy.pullback_ema_period + 1);
    this.ledger = {
      balance: rules.start_balance,
      floor: rules.start_balance - rules.max_loss_limit,
      peak: rules.start_balance,
      failed: null,
      passed: null,
      bestDay: Number.NEGATIVE_INFINITY,
      worstDay: Number.POSITIVE_INFINITY,
      tradingDays: 0,
      maxContractsUsed: 0,
      lowestCushion: rules.max_loss_limit,
    };

    const { table } = data;
    const startDay = config.start_date === null ? Number.NEGATIVE_INFINITY : (isoToDay(config.start_date) ?? Number.NEGATIVE_INFINITY);
    const endDay = config.end_date === null ? Number.POSITIVE_INFINITY : (isoToDay(config.end_date) ?? Number.POSITIVE_INFINITY);
    let first = table.count;
    let end = 0;
    for (let k = 0; k < table.count; k += 1) {
      if (table.day[k] < startDay || table.day[k] > endDay || table.rthFirstBar[k] < 0) continue;
      if (first === table.count) first = k;
      end = k + 1;
    }
    this.firstSession = first;
    this.endSession = Math.max(first, end);
  }

  /** Sessions with regular-session bars in the requested date range. */
  get sessionsInRange(): number {
    let n = 0;
    for (let k = this.firstSession; k < this.endSession; k += 1) if (this.data.table.rthFirstBar[k] >= 0) n += 1;
    return n;
  }

  get finished(): boolean {
    return this.ledger.failed !== null || (this.ledger.passed !== null && !this.config.rules.continue_after_pass);
  }

  private roundDown(price: number): number {
    return Math.floor(price * this.invTick + 1e-7) / this.invTick;
  }

  private roundUp(price: number): number {
    return Math.ceil(price * this.invTick - 1e-7) / this.invTick;
  }

  private roundNearest(price: number): number {
    return Math.round(price * this.invTick) / this.invTick;
  }

  /** Simulates session `k` and returns its row, or null when it has no regular-session bars. */
  runSession(k: number): FuturesSessionRow | null {
    const { table, indicators, bars } = this.data;
    const from = table.rthFirstBar[k];
    if (from < 0) return null;
    const to = table.rthEndBar[k];
    const { strategy, rules } = this.config;
    const { time, open, high, low, close, volume } = bars;
    const minute = table.minute;
    const counters = this.counters;
    const ledger = this.ledger;
    const tick = this.tick;
    const eps = this.eps;
    const orMinutes = strategy.opening_range_minutes;
    const breakOffset = strategy.break_ticks * tick;
    const atr = indicators.atr[k];
    // An early close (exchange calendar) moves flat-by to the close when it comes before the usual exit.
    const earlyClose = table.closeMinute[k];
    const shortened = earlyClose >= 0 && earlyClose < this.exitMinute;
    const exitMinute = shortened ? earlyClose : this.exitMinute;
    const exitIsFlatBy = shortened || this.exitIsFlatBy;

    this.currentSession = k;
    this.dayStartBalance = ledger.balance;
    this.dayRealized = 0;
    this.dayTrades = 0;
    this.dayLosses = 0;
    this.dayLongs = 0;
    this.dayShorts = 0;
    this.dayLimitHit = false;
    this.dayDllBreached = false;
    this.dayCap = contractCap(rules, this.config.contract.micro, ledger.balance - rules.start_balance);
    this.pending = PENDING_NONE;
    this.vwap = Number.NaN;
    this.ema = Number.NaN;

    let orHigh = Number.NEGATIVE_INFINITY;
    let orLow = Number.POSITIVE_INFINITY;
    let orCount = 0;
    let orDone = false;
    let orValid = false;
    let brokeUp = false;
    let brokeDown = false;
    let cumPv = 0;
    let cumVol = 0;
    let cumClose = 0;
    let nVwap = 0;

    for (let i = from; i < to; i += 1) {
      const mod = minute[i];
      if (!orDone && mod >= this.orEnd) {
        orDone = true;
        orValid = this.closeOpeningRange(orCount === orMinutes, orHigh, orLow, atr);
      }
      if (!orDone && mod >= this.orStart) {
        if (high[i] > orHigh) orHigh = high[i];
        if (low[i] < orLow) orLow = low[i];
        orCount += 1;
      }

      if (this.pending === PENDING_MARKET) {
        this.pending = PENDING_NONE;
        if (mod < this.windowEnd && mod < exitMinute) {
          const d = this.pendingDir;
          this.openPosition(d, d * (d * open[i] + this.slip), i, false);
        }
      }

      if (this.dir !== 0) {
        if (mod >= exitMinute) {
          const d = this.dir;
          this.closePosition(d * (d * open[i] - this.slip), i, exitIsFlatBy ? 'flat_by' : 'time_exit');
          counters.flat_by_forced_exits += 1;
        } else {
          this.managePosition(i, open[i], high[i], low[i]);
        }
        if (this.finished) break;
      }

      if (this.pending === PENDING_LIMIT) this.workLimitOrder(i, mod);
      if (this.finished) break;

      if (mod >= this.rthOpen) {
        const v = volume[i];
        cumPv += ((high[i] + low[i] + close[i]) / 3) * v;
        cumVol += v;
        cumClose += close[i];
        nVwap += 1;
        this.vwap = cumVol > 0 ? cumPv / cumVol : cumClose / nVwap;
        this.ema = Number.isNaN(this.ema) ? close[i] : this.ema + this.emaAlpha * (close[i] - this.ema);
      }

      if (orValid && mod >= this.windowStart && mod < this.windowEnd) {
        const c = close[i];
        if (!brokeUp && c > orHigh + breakOffset + eps) {
          brokeUp = true;
          counters.opening_range_breaks_up += 1;
          this.onBreak(k, 1, i, c);
        } else if (!brokeDown && c < orLow - breakOffset - eps) {
          brokeDown = true;
          counters.opening_range_breaks_down += 1;
          this.onBreak(k, -1, i, c);
        }
      }

      if (this.dir !== 0 && rules.mll_trail_mode === 'intraday') {
        const d = this.dir;
        const fav = d > 0 ? high[i] : -low[i];
        this.trailFloor(ledger.balance + (fav - d * this.entryPrice) * this.pointValue * this.contracts - this.commission * this.contracts);
      }
      if (this.dir === 0 && this.pending === PENDING_NONE && orDone && mod >= this.windowEnd) break;
    }
    this.barsProcessed += to - from;

    if (!orDone && !this.finished) this.closeOpeningRange(orCount === orMinutes, orHigh, orLow, atr);
    if (this.pending === PENDING_LIMIT) counters.pullback_expired += 1;
    this.pending = PENDING_NONE;
    if (this.dir !== 0) {
      // No bar at the exit minute: out at the last close, which on an early close is the flat-by.
      this.closePosition(close[to - 1], to - 1, shortened ? 'flat_by' : 'session_end');
      counters.flat_by_forced_exits += 1;
    }
    return this.finishSession(k, time[to - 1]);
  }

  /** Counts the session and decides whether its opening range is tradable. */
  private closeOpeningRange(complete: boolean, orHigh: number, orLow: number, atr: number): boolean {
    if (!complete) return false;
    const counters = this.counters;
    const s = this.config.strategy;
    counters.sessions_evaluated += 1;
    this.orHigh = orHigh;
    this.orLow = orLow;
    this.orMid = (orHigh + orLow) / 2;
    const width = orHigh - orLow;
    let valid = true;
    if (s.width_filter) {
      const ratio = width / atr;
      valid = !Number.isNaN(ratio) && ratio >= s.or_atr_min && ratio <= s.or_atr_max && width >= s.or_min_ticks * this.tick - this.eps;
    }
    if (valid) counters.or_valid_days += 1;
    return valid;
  }

  private onBreak(k: number, d: number, i: number, closePrice: number): void {
    const counters = this.counters;
    const s = this.config.strategy;
    const ind = this.data.indicators;
    counters.opening_range_breaks += 1;
    const prevClose = ind.prevClose[k];
    const fast = ind.emaFast[k];
    const slow = ind.emaSlow[k];
    const trendOk = !s.trend_filter || (d > 0 ? prevClose > slow && fast > slow : prevClose < slow && fast < slow);
    const pct = ind.atrPercentile[k];
    const volOk = !s.volatility_filter || (pct >= s.vol_pct_min && pct <= s.vol_pct_max);
    const gap = this.data.table.rthOpen[k] - prevClose;
    const gapOk = !s.gap_filter || Math.abs(gap) <= s.gap_atr_max * ind.atr[k];
    const vwapOk = !s.vwap_filter || (d > 0 ? closePrice > this.vwap : closePrice < this.vwap);
    if (trendOk) counters.trend_pass += 1;
    if (volOk) counters.vol_pass += 1;
    if (gapOk) counters.gap_pass += 1;
    if (vwapOk) counters.vwap_pass += 1;
    if (!(trendOk && volOk && gapOk && vwapOk)) {
      counters.regime_blocks += 1;
      return;
    }
    counters.regime_filter_passes += 1;
    if (this.dayDllBreached) {
      counters.signals_blocked_by_dll += 1;
      return;
    }
    if (this.dailyLimitBinding(d)) {
      counters.signals_blocked_by_daily_limit += 1;
      return;
    }
    if (this.dir !== 0 || this.pending !== PENDING_NONE) {
      counters.signals_skipped_busy += 1;
      return;
    }
    this.pendingDir = d;
    this.pendingArmBar = i;
    if (s.entry_mode === 'breakout') {
      this.pending = PENDING_MARKET;
    } else {
      this.pending = PENDING_LIMIT;
      counters.pullback_setups += 1;
    }
  }

  private dailyLimitBinding(d: number): boolean {
    const s = this.config.strategy;
    if (this.dayTrades >= s.max_trades_per_day || this.dayLosses >= s.max_losses_per_day) return true;
    if (this.dayRealized <= -s.max_daily_loss_usd) return true;
    if (s.one_trade_per_direction && (d > 0 ? this.dayLongs : this.dayShorts) > 0) return true;
    return false;
  }

  private limitPrice(d: number): number {
    if (this.limitKind === LIMIT_FIXED) return d > 0 ? this.orHigh + this.config.strategy.break_ticks * this.tick : this.orLow - this.config.strategy.break_ticks * this.tick;
    const raw = this.limitKind === LIMIT_VWAP ? this.vwap : this.ema;
    return d > 0 ? this.roundDown(raw) : this.roundUp(raw);
  }

  private workLimitOrder(i: number, mod: number): void {
    const counters = this.counters;
    const { open, low, high, close } = this.data.bars;
    if (this.dayDllBreached) {
      this.pending = PENDING_NONE;
      counters.pullback_cancelled += 1;
      return;
    }
    if (mod >= this.windowEnd || i - this.pendingArmBar > this.config.strategy.pullback_bars) {
      this.pending = PENDING_NONE;
      counters.pullback_expired += 1;
      return;
    }
    const d = this.pendingDir;
    const limitD = d * this.limitPrice(d);
    const stopD = d * this.stopFor(d);
    const adverse = d > 0 ? low[i] : -high[i];
    if (limitD > stopD + this.tick - this.eps && adverse <= limitD - this.tick + this.eps) {
      this.pending = PENDING_NONE;
      const openD = d * open[i];
      if (this.openPosition(d, d * Math.min(openD, limitD), i, true)) {
        counters.pullback_entries += 1;
        this.managePosition(i, open[i], high[i], low[i]);
      } else {
        counters.pullback_cancelled += 1;
      }
      return;
    }
    if (d * close[i] < d * this.orMid - this.eps) {
      this.pending = PENDING_NONE;
      counters.pullback_invalidated += 1;
    }
  }

  private stopFor(d: number): number {
    const offset = this.config.strategy.stop_offset_ticks * this.tick;
    return d > 0 ? this.roundDown(this.orMid - offset) : this.roundUp(this.orMid + offset);
  }

  /** Sizes and opens a position; false when the risk budget buys less than one contract. */
  private openPosition(d: number, price: number, i: number, limitFill: boolean): boolean {
    const s = this.config.strategy;
    const stop = this.stopFor(d);
    const riskPoints = d * (price - stop);
    if (!(riskPoints >= this.tick - this.eps)) {
      this.counters.entries_skipped_size += 1;
      return false;
    }
    const wanted = Math.floor(s.risk_per_trade_usd / (riskPoints * this.pointValue) + 1e-9);
    const contracts = Math.min(wanted, this.dayCap);
    if (contracts < 1) {
      this.counters.entries_skipped_size += 1;
      return false;
    }
    this.dir = d;
    this.contracts = contracts;
    this.entryPrice = price;
    this.stopPrice = stop;
    this.targetPrice = this.roundNearest(price + d * s.target_r * riskPoints);
    this.entryBar = i;
    this.entryMode = s.entry_mode;
    this.limitFillBar = limitFill;
    this.dayTrades += 1;
    if (d > 0) this.dayLongs += 1;
    else this.dayShorts += 1;
    if (!limitFill) this.counters.breakout_entries += 1;
    if (contracts > this.ledger.maxContractsUsed) this.ledger.maxContractsUsed = contracts;
    return true;
  }

  /**
   * Stop, loss-limit liquidations and target for one bar. Adverse levels come first (stop-first when a
   * bar touches both): the highest adverse level in direction space is the first one price reaches.
   * A limit entry's own bar checks only the adverse side (the order of its low and high is unknown).
   */
  private managePosition(i: number, o: number, h: number, l: number): void {
    const d = this.dir;
    const rules = this.config.rules;
    const ledger = this.ledger;
    const perPoint = this.pointValue * this.contracts;
    const fees = this.commission * this.contracts;
    const entryD = d * this.entryPrice;
    const openD = d * o;
    const adverse = d > 0 ? l : -h;
    const favourable = d > 0 ? h : -l;
    const targetD = d * this.targetPrice;
    const checkTarget = !this.limitFillBar;
    this.limitFillBar = false;

    if (checkTarget && openD >= targetD) {
      this.closePosition(o, i, 'target');
      return;
    }
    const stopD = d * this.stopPrice;
    const mllD = entryD + (ledger.floor - ledger.balance + fees) / perPoint;
    const dll = rules.daily_loss_limit;
    const dllD = dll === null || this.dayDllBreached ? Number.NEGATIVE_INFINITY : entryD + (-dll - (ledger.balance - this.dayStartBalance) + fees) / perPoint;
    let level = stopD;
    let reason: ExitReason = 'stop';
    if (mllD > level) {
      level = mllD;
      reason = 'max_loss_limit';
    }
    if (dllD > level) {
      level = dllD;
      reason = 'daily_loss_limit';
    }
    if (adverse <= level) {
      this.closePosition(d * (Math.min(openD, level) - this.slip), i, reason);
      return;
    }
    if (checkTarget && favourable >= targetD) this.closePosition(this.targetPrice, i, 'target');
  }

  private closePosition(price: number, i: number, reason: ExitReason): void {
    const d = this.dir;
    const s = this.config.strategy;
    const rules = this.config.rules;
    const ledger = this.ledger;
    const counters = this.counters;
    const time = this.data.bars.time;
    const gross = cents(d * (price - this.entryPrice) * this.pointValue * this.contracts);
    const commission = cents(this.commission * this.contracts);
    const pnl = cents(gross - commission);
    const risk = cents(d * (this.entryPrice - this.stopPrice) * this.pointValue * this.contracts);
    ledger.balance = cents(ledger.balance + pnl);
    this.dayRealized = cents(this.dayRealized + pnl);
    if (pnl < 0) this.dayLosses += 1;
    this.dir = 0;
    const k = this.trades.length;
    this.trades.push({
      id: k + 1,
      session_date: dayToIso(this.data.table.day[this.currentSession]),
      direction: d > 0 ? 'long' : 'short',
      entry_mode: this.entryMode,
      contracts: this.contracts,
      entry_time: formatChicagoTime(time[this.entryBar]),
      entry_price: this.roundNearestPrice(this.entryPrice),
      stop_price: this.stopPrice,
      target_price: this.targetPrice,
      exit_time: formatChicagoTime(time[i]),
      exit_price: this.roundNearestPrice(price),
      exit_reason: reason,
      risk_usd: risk,
      gross_pnl: gross,
      commission,
      pnl,
      r_multiple: risk > 0 ? Math.round((pnl / risk) * 1e4) / 1e4 : 0,
    });

    const cushion = ledger.balance - ledger.floor;
    if (cushion < ledger.lowestCushion) ledger.lowestCushion = cushion;
    if (ledger.failed === null && (reason === 'max_loss_limit' || ledger.balance <= ledger.floor + 0.005)) {
      counters.mll_breaches = 1;
      ledger.failed = { date: dayToIso(this.data.table.day[this.currentSession]), time: formatChicagoTime(time[i]), balance: ledger.balance, floor: ledger.floor };
      this.pending = PENDING_NONE;
      return;
    }
    if (!this.dayDllBreached && rules.daily_loss_limit !== null && (reason === 'daily_loss_limit' || ledger.balance - this.dayStartBalance <= -rules.daily_loss_limit + 0.005)) {
      this.dayDllBreached = true;
      counters.dll_soft_breaches += 1;
    }
    if (!this.dayLimitHit && (this.dayTrades >= s.max_trades_per_day || this.dayLosses >= s.max_losses_per_day || this.dayRealized <= -s.max_daily_loss_usd)) {
      this.dayLimitHit = true;
      counters.daily_trade_limit_hits += 1;
    }
  }

  /** Prices from fills with slippage can sit off the tick grid by float noise only; keep 1e-8 precision. */
  private roundNearestPrice(price: number): number {
    return Math.round(price * 1e8) / 1e8;
  }

  private trailFloor(equity: number): void {
    const ledger = this.ledger;
    if (equity > ledger.peak) ledger.peak = equity;
    const rules = this.config.rules;
    const trailed = Math.min(ledger.peak - rules.max_loss_limit, rules.start_balance);
    if (trailed > ledger.floor) ledger.floor = trailed;
  }

  private finishSession(k: number, lastTime: number): FuturesSessionRow {
    const ledger = this.ledger;
    const date = dayToIso(this.data.table.day[k]);
    const pnl = cents(ledger.balance - this.dayStartBalance);
    if (this.dayTrades > 0) ledger.tradingDays += 1;
    if (this.dayTrades > 0 || pnl !== 0) {
      if (pnl > ledger.bestDay) ledger.bestDay = pnl;
      if (pnl < ledger.worstDay) ledger.worstDay = pnl;
    }
    if (ledger.failed === null) this.trailFloor(ledger.balance);
    const row: FuturesSessionRow = {
      date,
      pnl,
      balance: ledger.balance,
      mll_floor: cents(ledger.floor),
      trades: this.dayTrades,
      max_contracts: this.dayCap,
      dll_soft_breach: this.dayDllBreached,
      daily_limit_hit: this.dayLimitHit,
    };
    this.rows.push(row);
    if (ledger.failed === null && ledger.passed === null && passConditionsMet(this.config, ledger)) {
      ledger.passed = { date, time: formatChicagoTime(lastTime) };
    }
    return row;
  }

  result(sessionsInRange: number): FuturesBacktestResult {
    const ledger = this.ledger;
    const rules = this.config.rules;
    const profit = ledger.balance - rules.start_balance;
    const share = bestDayShare(ledger, rules.start_balance);
    this.counters.best_day_share = share === null ? null : Math.round(share * 1e6) / 1e6;
    const verdict: FuturesVerdict = buildVerdict(this.config, ledger, this.counters);
    return {
      config: this.config,
      verdict,
      rules_table: buildRuleChecks(this.config, ledger, this.counters, this.rows),
      counters: { ...this.counters },
      sessions: this.rows,
      trades: this.trades,
      start_balance: rules.start_balance,
      final_balance: ledger.balance,
      net_pnl: cents(profit),
      bars_processed: this.barsProcessed,
      sessions_in_range: sessionsInRange,
    };
  }
}

export interface FuturesRunOptions {
  /** Checked between sessions; an aborted run throws EngineError CANCELLED. */
  readonly signal?: AbortSignal;
}

/** The whole run without yielding (CLI, benchmarks, tests); `onEvent` sees the same events as the generator. */
export function runFuturesBacktestSync(data: PreparedFuturesData, config: FuturesBacktestConfig, onEvent?: (event: FuturesEngineEvent) => void): FuturesBacktestResult {
  const sim = new IntradaySimulator(config, data);
  const total = sim.sessionsInRange;
  let index = 0;
  for (let k = sim.firstSession; k < sim.endSession && !sim.finished; k += 1) {
    const tradesBefore = sim.trades.length;
    const row = sim.runSession(k);
    if (row === null) continue;
    index += 1;
    if (onEvent !== undefined) {
      for (let t = tradesBefore; t < sim.trades.length; t += 1) onEvent({ type: 'trade', trade: sim.trades[t] });
      onEvent({ type: 'session', index, total, row });
    }
  }
  return sim.result(total);
}

/**
 * The run as an async generator: per session the trades that closed in it, then a `session` progress
 * event; returns the result. The AbortSignal is checked between sessions.
 */
export async function* runFuturesBacktest(
  data: PreparedFuturesData,
  config: FuturesBacktestConfig,
  options: FuturesRunOptions = {},
): AsyncGenerator<FuturesEngineEvent, FuturesBacktestResult, void> {
  const sim = new IntradaySimulator(config, data);
  const total = sim.sessionsInRange;
  let index = 0;
  for (let k = sim.firstSession; k < sim.endSession && !sim.finished; k += 1) {
    if (options.signal?.aborted === true) throw new EngineError('CANCELLED', 'The futures backtest was cancelled.');
    const tradesBefore = sim.trades.length;
    const row = sim.runSession(k);
    if (row === null) continue;
    index += 1;
    for (let t = tradesBefore; t < sim.trades.length; t += 1) yield { type: 'trade', trade: sim.trades[t] };
    yield { type: 'session', index, total, row };
  }
  if (options.signal?.aborted === true) throw new EngineError('CANCELLED', 'The futures backtest was cancelled.');
  return sim.result(total);
}
