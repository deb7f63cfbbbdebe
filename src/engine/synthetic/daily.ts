import { daysFromCivil, formatIsoDay } from '../civil-days';
import { isTradingDay } from './calendar';
import { roundToTick } from './synthetic-futures';
import { Rng, rngFor } from './rng';
import type { PriceBar } from '../data/types';

/** The first day of every synthetic series: the walk starts here, so any range is a slice of one path. */
export const SYNTHETIC_ORIGIN_DAY = daysFromCivil(1985, 1, 1);
const REFERENCE_DAY = daysFromCivil(2020, 1, 2);
const TRADING_DAYS_PER_YEAR = 252;

/** What makes one instrument's path its own; drawn from (ticker, seed) except for the futures roots. */
export interface InstrumentProfile {
  /** Expected price on 2020-01-02 (the trend line passes through it). */
  readonly referencePrice: number;
  readonly annualDrift: number;
  /** Daily volatility of the calm regime; the turbulent regime has 2.2 times it. */
  readonly calmVolatility: number;
  readonly averageVolume: number;
  readonly priceTick: number;
}

const FUTURES_ROOT_PROFILES: Readonly<Record<string, InstrumentProfile>> = {
  ES: { referencePrice: 3230, annualDrift: 0.08, calmVolatility: 0.008, averageVolume: 1_600_000, priceTick: 0.25 },
  NQ: { referencePrice: 8800, annualDrift: 0.11, calmVolatility: 0.01, averageVolume: 550_000, priceTick: 0.25 },
  YM: { referencePrice: 28800, annualDrift: 0.06, calmVolatility: 0.008, averageVolume: 140_000, priceTick: 1 },
  RTY: { referencePrice: 1670, annualDrift: 0.05, calmVolatility: 0.011, averageVolume: 150_000, priceTick: 0.1 },
  CL: { referencePrice: 61, annualDrift: 0.02, calmVolatility: 0.018, averageVolume: 450_000, priceTick: 0.01 },
  GC: { referencePrice: 1520, annualDrift: 0.06, calmVolatility: 0.008, averageVolume: 200_000, priceTick: 0.1 },
};

export function instrumentProfile(ticker: string, seed: number): InstrumentProfile {
  const root = FUTURES_ROOT_PROFILES[ticker];
  if (root !== undefined) return root;
  const rng = rngFor('profile', ticker, seed);
  return {
    referencePrice: Math.exp(rng.between(Math.log(20), Math.log(450))),
    annualDrift: rng.between(0.03, 0.12),
    calmVolatility: rng.between(0.009, 0.02),
    averageVolume: Math.round(Math.exp(rng.between(Math.log(400_000), Math.log(40_000_000)))),
    priceTick: 0.01,
  };
}

/** A daily OHLCV path in columns; `days` are day numbers of trading days, ascending. */
export interface DailySeries {
  readonly ticker: string;
  readonly profile: InstrumentProfile;
  readonly days: Int32Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  /** 0 calm, 1 turbulent. */
  readonly regime: Uint8Array;
  /** The day's log return close-to-close, kept for the news and insider generators. */
  readonly logReturn: Float64Array;
  /** The daily volatility in force that day. */
  readonly volatility: Float64Array;
}

const CALM_TO_TURBULENT = 0.01;
const TURBULENT_TO_CALM = 0.05;
const TURBULENT_VOL_FACTOR = 2.2;
const TURBULENT_ANNUAL_DRIFT = -0.35;
const MEAN_REVERSION = 0.004;
const JUMP_PROBABILITY = 0.004;

/**
 * Generates the path of `ticker` from the origin through `lastDay`: a two-regime (calm / turbulent)
 * Markov-switching random walk in log price, pulled gently toward a drifting trend line, with rare jumps.
 * Opens gap from the previous close, highs and lows extend past the body, volume rises with |return|.
 */
export function generateDailySeries(ticker: string, seed: number, lastDay: number): DailySeries {
  const profile = instrumentProfile(ticker, seed);
  const capacity = Math.max(1, Math.ceil(((lastDay - SYNTHETIC_ORIGIN_DAY + 1) * 5) / 7) + 10);
  const days = new Int32Array(capacity);
  const open = new Float64Array(capacity);
  const high = new Float64Array(capacity);
  const low = new Float64Array(capacity);
  const close = new Float64Array(capacity);
  const volume = new Float64Array(capacity);
  const regime = new Uint8Array(capacity);
  const logReturn = new Float64Array(capacity);
  const volatility = new Float64Array(capacity);
  const rng: Rng = rngFor('daily', ticker, seed);
  const tick = profile.priceTick;
  const dailyDrift = profile.annualDrift / TRADING_DAYS_PER_YEAR;
  const trendAtOrigin = Math.log(profile.referencePrice) - (dailyDrift * (REFERENCE_DAY - SYNTHETIC_ORIGIN_DAY) * 5) / 7;
  let logPrice = trendAtOrigin;
  let state = 0;
  let n = 0;
  for (let day = SYNTHETIC_ORIGIN_DAY; day <= lastDay; day += 1) {
    if (!isTradingDay(day)) continue;
    if (state === 0 ? rng.next() < CALM_TO_TURBULENT : rng.next() < TURBULENT_TO_CALM) state = 1 - state;
    const sigma = state === 0 ? profile.calmVolatility : profile.calmVolatility * TURBULENT_VOL_FACTOR;
    const mu = state === 0 ? dailyDrift : TURBULENT_ANNUAL_DRIFT / TRADING_DAYS_PER_YEAR;
    const trend = trendAtOrigin + (dailyDrift * (day - SYNTHETIC_ORIGIN_DAY) * 5) / 7;
    const jump = rng.next() < JUMP_PROBABILITY ? rng.normal() * 4 * profile.calmVolatility : 0;
    const ret = mu - 0.5 * sigma * sigma - MEAN_REVERSION * (logPrice - trend) + sigma * rng.normal() + jump;
    const prevClose = Math.exp(logPrice);
    const gap = 0.25 * sigma * rng.normal();
    logPrice += ret;
    const o = roundToTick(prevClose * Math.exp(gap), tick);
    const c = roundToTick(Math.exp(logPrice), tick);
    const h = Math.max(o, c, roundToTick(Math.max(o, c) * Math.exp(0.6 * sigma * Math.abs(rng.normal())), tick));
    const l = Math.min(o, c, roundToTick(Math.min(o, c) * Math.exp(-0.6 * sigma * Math.abs(rng.normal())), tick));
    days[n] = day;
    open[n] = o;
    close[n] = c;
    high[n] = h;
    low[n] = Math.max(l, tick);
    volume[n] = Math.round(profile.averageVolume * Math.exp(0.35 * rng.normal() - 0.06) * (0.7 + 0.6 * Math.min(4, Math.abs(ret) / sigma)));
    regime[n] = state;
    logReturn[n] = ret;
    volatility[n] = sigma;
    n += 1;
  }
  return {
    ticker,
    profile,
    days: days.subarray(0, n),
    open: open.subarray(0, n),
    high: high.subarray(0, n),
    low: low.subarray(0, n),
    close: close.subarray(0, n),
    volume: volume.subarray(0, n),
    regime: regime.subarray(0, n),
    logReturn: logReturn.subarray(0, n),
    volatility: volatility.subarray(0, n),
  };
}

/** Index of the first entry of `days` at or after `day` (binary search). */
export function lowerBound(days: Int32Array, day: number): number {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (days[mid] < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the last entry at or before `day`, or -1. */
export function indexAtOrBefore(days: Int32Array, day: number): number {
  const i = lowerBound(days, day);
  return i < days.length && days[i] === day ? i : i - 1;
}

export function priceBarsBetween(series: DailySeries, startDay: number, endDay: number): PriceBar[] {
  const bars: PriceBar[] = [];
  for (let i = lowerBound(series.days, startDay); i < series.days.length && series.days[i] <= endDay; i += 1) {
    bars.push({
      time: formatIsoDay(series.days[i]),
      open: series.open[i],
      high: series.high[i],
      low: series.low[i],
      close: series.close[i],
      volume: series.volume[i],
    });
  }
  return bars;
}
