import type { EquityCurve } from './equity-curve';

/** Index-based drawdown facts from one pass over the curve; the report turns indices into dates. */
export interface DrawdownScan {
  /** Fraction <= 0 (V_t / running peak - 1), 0 when the curve never falls below a peak. */
  readonly maxDrawdown: number;
  readonly maxDrawdownPeak: number;
  readonly maxDrawdownTrough: number;
  /** Money <= 0: the largest (V_t - running peak). */
  readonly maxDrawdownMoney: number;
  readonly maxMoneyPeak: number;
  readonly maxMoneyTrough: number;
  /** Longest span from a high-water mark to the recovery (or to the last point) in rows and in calendar days. */
  readonly longestTradingDays: number;
  readonly longestCalendarDays: number;
  readonly longestRecovered: boolean | null;
  readonly currentDrawdown: number;
}

/**
 * Drawdown series DD_t = V_t / max_{s<=t} V_s - 1 with the starting value as the first peak. The
 * peak of an episode is the last point at the high-water mark before the trough (a value equal to
 * the mark moves the peak forward); ties on the minimum keep the first trough.
 */
export function scanDrawdowns(curve: EquityCurve): DrawdownScan {
  const { values, days, length } = curve;
  let peakIndex = 0;
  let peakValue = values[0];
  let maxDrawdown = 0;
  let maxDrawdownPeak = -1;
  let maxDrawdownTrough = -1;
  let maxDrawdownMoney = 0;
  let maxMoneyPeak = -1;
  let maxMoneyTrough = -1;
  let longestTradingDays = 0;
  let longestCalendarDays = 0;
  let longestRecovered: boolean | null = null;
  for (let i = 1; i < length; i += 1) {
    const value = values[i];
    if (value >= peakValue) {
      if (i - peakIndex > 1) {
        const span = i - peakIndex;
        if (span > longestTradingDays) {
          longestTradingDays = span;
          longestRecovered = true;
        }
        const calendar = days[i] - days[peakIndex];
        if (calendar > longestCalendarDays) longestCalendarDays = calendar;
      }
      peakIndex = i;
      peakValue = value;
    } else {
      const drawdown = value / peakValue - 1;
      if (drawdown < maxDrawdown) {
        maxDrawdown = drawdown;
        maxDrawdownPeak = peakIndex;
        maxDrawdownTrough = i;
      }
      const money = value - peakValue;
      if (money < maxDrawdownMoney) {
        maxDrawdownMoney = money;
        maxMoneyPeak = peakIndex;
        maxMoneyTrough = i;
      }
    }
  }
  const last = length - 1;
  if (last > peakIndex) {
    const span = last - peakIndex;
    if (span > longestTradingDays) {
      longestTradingDays = span;
      longestRecovered = false;
    }
    const calendar = days[last] - days[peakIndex];
    if (calendar > longestCalendarDays) longestCalendarDays = calendar;
  }
  return {
    maxDrawdown,
    maxDrawdownPeak,
    maxDrawdownTrough,
    maxDrawdownMoney,
    maxMoneyPeak,
    maxMoneyTrough,
    longestTradingDays,
    longestCalendarDays,
    longestRecovered,
    currentDrawdown: values[last] / peakValue - 1,
  };
}

/** First index after `trough` whose value is back at or above the value at `peak`, or -1. */
export function findRecovery(values: Float64Array, peak: number, trough: number): number {
  const target = values[peak];
  for (let i = trough + 1; i < values.length; i += 1) if (values[i] >= target) return i;
  return -1;
}
