import { DateTime } from 'luxon';
import { civilFromDays } from '../civil-days';
import { type DailySeries, lowerBound } from './daily';
import { type SyntheticFuturesSpec, roundToTick } from './synthetic-futures';
import { rngFor } from './rng';
import type { MinuteBars } from '../data/types';
import { EXCHANGE_ZONE } from '../time-zone';

const MINUTE_MS = 60_000;

/**
 * Relative variance of each minute of a session: a U shape, high at the open and the close, about
 * five times lower at midday, with an extra burst in the first minutes after the open.
 */
export function intradayVarianceProfile(minutes: number): Float64Array {
  const weights = new Float64Array(minutes);
  for (let i = 0; i < minutes; i += 1) {
    const u = minutes === 1 ? 0.5 : i / (minutes - 1);
    weights[i] = 0.55 + 2.2 * (2 * u - 1) ** 2 + (i < 5 ? 2.5 * (1 - i / 5) : 0);
  }
  return weights;
}

/** Epoch ms (UTC) of the session open of a day, in the symbol's exchange time zone (DST-correct). */
export function sessionOpenMs(dayNum: number, spec: SyntheticFuturesSpec): number {
  const { year, month, day } = civilFromDays(dayNum);
  const hour = Math.floor(spec.session.startMinute / 60);
  const minute = spec.session.startMinute % 60;
  return DateTime.fromObject({ year, month, day, hour, minute }, { zone: EXCHANGE_ZONE }).toMillis();
}

/**
 * Regular-session 1-minute bars for every trading day of `series` in [startDay, endDay]. Each day is a
 * Brownian bridge (with the U-shaped variance profile) from the day's open to its close in the daily
 * series, so minute and daily data agree at the open and the close; prices sit on the tick grid.
 * A day's bars depend only on (symbol, seed, day), whatever range is asked for.
 */
export function generateMinuteBars(spec: SyntheticFuturesSpec, series: DailySeries, seed: number, startDay: number, endDay: number): MinuteBars {
  const first = lowerBound(series.days, startDay);
  let last = first;
  while (last < series.days.length && series.days[last] <= endDay) last += 1;
  const dayCount = last - first;
  const perDay = spec.session.endMinute - spec.session.startMinute;
  const total = dayCount * perDay;
  const time = new Float64Array(total);
  const open = new Float64Array(total);
  const high = new Float64Array(total);
  const low = new Float64Array(total);
  const close = new Float64Array(total);
  const volume = new Float64Array(total);
  const weights = intradayVarianceProfile(perDay);
  let weightSum = 0;
  for (let i = 0; i < perDay; i += 1) weightSum += weights[i];
  const cumulative = new Float64Array(perDay);
  const path = new Float64Array(perDay);
  const tick = spec.tickSize;
  let k = 0;
  for (let d = first; d < last; d += 1) {
    const day = series.days[d];
    const rng = rngFor('minutes', spec.symbol, seed, day);
    const dayOpen = series.open[d];
    const dayVariance = series.volatility[d] ** 2 * 0.8;
    const target = Math.log(series.close[d] / dayOpen);
    let walk = 0;
    let variance = 0;
    for (let i = 0; i < perDay; i += 1) {
      const minuteVariance = (dayVariance * weights[i]) / weightSum;
      walk += Math.sqrt(minuteVariance) * rng.normal();
      variance += minuteVariance;
      path[i] = walk;
      cumulative[i] = variance;
    }
    const miss = walk - target;
    const openMs = sessionOpenMs(day, spec);
    let previous = dayOpen;
    for (let i = 0; i < perDay; i += 1) {
      const sigma = Math.sqrt((dayVariance * weights[i]) / weightSum);
      const barClose = i === perDay - 1 ? series.close[d] : roundToTick(dayOpen * Math.exp(path[i] - (cumulative[i] / variance) * miss), tick);
      const barOpen = previous;
      const top = Math.max(barOpen, barClose);
      const bottom = Math.min(barOpen, barClose);
      time[k] = openMs + i * MINUTE_MS;
      open[k] = barOpen;
      close[k] = barClose;
      high[k] = Math.max(top, roundToTick(top * Math.exp(0.5 * sigma * Math.abs(rng.normal())), tick));
      low[k] = Math.min(bottom, roundToTick(bottom * Math.exp(-0.5 * sigma * Math.abs(rng.normal())), tick));
      volume[k] = Math.max(1, Math.round(spec.minuteVolume * (weights[i] / 1.1) * Math.exp(0.4 * rng.normal() - 0.08)));
      previous = barClose;
      k += 1;
    }
  }
  return { symbol: spec.symbol, time, open, high, low, close, volume };
}
