import type { SessionTable } from './session';

/** Daily regime inputs of each session, all known before its RTH open (NaN while not enough history). */
export interface DailyIndicators {
  /** Wilder ATR of the completed RTH daily bars before the session. */
  readonly atr: Float64Array;
  readonly emaFast: Float64Array;
  readonly emaSlow: Float64Array;
  /** RTH close of the previous session that had RTH bars. */
  readonly prevClose: Float64Array;
  /** Percentile rank (0-100] of `atr` among the last `volLookback` ATR values, itself included. */
  readonly atrPercentile: Float64Array;
}

export interface IndicatorSettings {
  readonly atrPeriod: number;
  readonly emaFastPeriod: number;
  readonly emaSlowPeriod: number;
  readonly volLookback: number;
  readonly volMinHistory: number;
}

/**
 * ATR: the first value is the mean of the first `atrPeriod` true ranges (the first day's TR is H-L),
 * then Wilder's smoothing. EMA: seeded with the first close, alpha 2/(p+1), defined once `p` closes
 * were seen.
 */
export function computeDailyIndicators(table: Pick<SessionTable, 'count' | 'rthHigh' | 'rthLow' | 'rthClose'>, settings: IndicatorSettings): DailyIndicators {
  const n = table.count;
  const atr = new Float64Array(n).fill(Number.NaN);
  const emaFast = new Float64Array(n).fill(Number.NaN);
  const emaSlow = new Float64Array(n).fill(Number.NaN);
  const prevClose = new Float64Array(n).fill(Number.NaN);
  const atrPercentile = new Float64Array(n).fill(Number.NaN);

  const { atrPeriod, emaFastPeriod, emaSlowPeriod } = settings;
  const alphaFast = 2 / (emaFastPeriod + 1);
  const alphaSlow = 2 / (emaSlowPeriod + 1);
  let days = 0;
  let lastClose = Number.NaN;
  let trSum = 0;
  let atrNow = Number.NaN;
  let fast = Number.NaN;
  let slow = Number.NaN;
  for (let k = 0; k < n; k += 1) {
    atr[k] = atrNow;
    prevClose[k] = lastClose;
    if (days >= emaFastPeriod) emaFast[k] = fast;
    if (days >= emaSlowPeriod) emaSlow[k] = slow;
    if (Number.isNaN(table.rthClose[k])) continue;
    const high = table.rthHigh[k];
    const low = table.rthLow[k];
    const close = table.rthClose[k];
    const tr = days === 0 ? high - low : Math.max(high - low, Math.abs(high - lastClose), Math.abs(low - lastClose));
    days += 1;
    if (days < atrPeriod) trSum += tr;
    else if (days === atrPeriod) atrNow = (trSum + tr) / atrPeriod;
    else atrNow = (atrNow * (atrPeriod - 1) + tr) / atrPeriod;
    fast = days === 1 ? close : fast + alphaFast * (close - fast);
    slow = days === 1 ? close : slow + alphaSlow * (close - slow);
    lastClose = close;
  }

  const history = new Float64Array(n);
  let count = 0;
  for (let k = 0; k < n; k += 1) {
    const value = atr[k];
    if (Number.isNaN(value) || (k > 0 && value === atr[k - 1] && Number.isNaN(table.rthClose[k - 1]))) {
      if (!Number.isNaN(value) && count >= settings.volMinHistory) atrPercentile[k] = atrPercentile[k - 1];
      continue;
    }
    history[count] = value;
    count += 1;
    if (count < settings.volMinHistory) continue;
    const from = Math.max(0, count - settings.volLookback);
    let atOrBelow = 0;
    for (let j = from; j < count; j += 1) if (history[j] <= value) atOrBelow += 1;
    atrPercentile[k] = (100 * atOrBelow) / (count - from);
  }
  return { atr, emaFast, emaSlow, prevClose, atrPercentile };
}
