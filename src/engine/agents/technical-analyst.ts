// Technical analyst (anchor §4): a weighted ensemble of five price/volume strategies.
import type { PriceBar } from '../data/types';
import { analyzeTickers, finiteOrNull, neutralSignal, toConfidence } from './analyst-runner';
import { adx, emaLast, hurstExponent, mean, rollingCount, rollingSampleStdInto, rsi, sampleSkew, sampleStd, ScratchColumns, simpleReturns, simpleReturnsInto } from './indicators';
import type { AgentSignal, AnalystFunction, SignalDirection } from './types';

export interface StrategySignal {
  readonly signal: SignalDirection;
  /** 0-1. */
  readonly confidence: number;
  readonly metrics: Record<string, number | null>;
}

export const TECHNICAL_WEIGHTS = { trend: 0.25, mean_reversion: 0.2, momentum: 0.25, volatility: 0.15, stat_arb: 0.15 } as const;
export type TechnicalStrategy = keyof typeof TECHNICAL_WEIGHTS;

const NEUTRAL = 0.5;

/** The columns of each day's window, reused from day to day (every strategy below runs synchronously). */
const scratch = new ScratchColumns();
const Slot = { High: 0, Low: 1, Close: 2, Volume: 3, Returns: 4, Volatility: 5 } as const;

function columns(bars: readonly PriceBar[]): { high: Float64Array; low: Float64Array; close: Float64Array; volume: Float64Array } {
  const n = bars.length;
  const high = scratch.view(Slot.High, n);
  const low = scratch.view(Slot.Low, n);
  const close = scratch.view(Slot.Close, n);
  const volume = scratch.view(Slot.Volume, n);
  for (let i = 0; i < n; i += 1) {
    const bar = bars[i];
    high[i] = bar.high;
    low[i] = bar.low;
    close[i] = bar.close;
    volume[i] = bar.volume;
  }
  return { high, low, close, volume };
}

/** EMA 8/21/55 alignment; confidence ADX(14)/100. */
export function trendSignal(bars: { high: ArrayLike<number>; low: ArrayLike<number>; close: ArrayLike<number> }): StrategySignal {
  const n = bars.close.length;
  const ema8 = emaLast(bars.close, 8);
  const ema21 = emaLast(bars.close, 21);
  const ema55 = emaLast(bars.close, 55);
  const adxValue = adx(bars, 14);
  const strength = (adxValue ?? 0) / 100;
  const metrics = { adx: finiteOrNull(adxValue), trend_strength: strength };
  if (n < 55) return { signal: 'neutral', confidence: NEUTRAL, metrics };
  if (ema8 > ema21 && ema21 > ema55) return { signal: 'bullish', confidence: strength, metrics };
  if (ema8 <= ema21 && ema21 <= ema55) return { signal: 'bearish', confidence: strength, metrics };
  return { signal: 'neutral', confidence: NEUTRAL, metrics };
}

/** z-score vs the 50-bar mean/std and the Bollinger(20, 2) position; RSI 14/28 reported. */
export function meanReversionSignal(close: ArrayLike<number>): StrategySignal {
  const n = close.length;
  const last = close[n - 1];
  const z = n >= 50 ? (last - mean(close, n - 50)) / sampleStd(close, n - 50) : Number.NaN;
  let bbPosition = Number.NaN;
  if (n >= 20) {
    const sma = mean(close, n - 20);
    const sd = sampleStd(close, n - 20);
    bbPosition = (last - (sma - 2 * sd)) / (4 * sd);
  }
  const metrics = { z_score: finiteOrNull(z), price_vs_bb: finiteOrNull(bbPosition), rsi_14: rsi(close, 14), rsi_28: rsi(close, 28) };
  if (z < -2 && bbPosition < 0.2) return { signal: 'bullish', confidence: Math.min(Math.abs(z) / 4, 1), metrics };
  if (z > 2 && bbPosition > 0.8) return { signal: 'bearish', confidence: Math.min(Math.abs(z) / 4, 1), metrics };
  return { signal: 'neutral', confidence: NEUTRAL, metrics };
}

function sumLast(values: ArrayLike<number>, count: number): number {
  if (values.length < count) return Number.NaN;
  let sum = 0;
  for (let i = values.length - count; i < values.length; i += 1) sum += values[i];
  return sum;
}

/** 0.4·Σr(21) + 0.3·Σr(63) + 0.3·Σr(126) beyond ±5 %, confirmed by volume above its 21-bar mean. */
export function momentumSignal(close: ArrayLike<number>, volume: ArrayLike<number>, returns: ArrayLike<number> = simpleReturns(close)): StrategySignal {
  const m1 = sumLast(returns, 21);
  const m3 = sumLast(returns, 63);
  const m6 = sumLast(returns, 126);
  const score = 0.4 * m1 + 0.3 * m3 + 0.3 * m6;
  const n = volume.length;
  const volumeMomentum = n >= 21 ? volume[n - 1] / mean(volume, n - 21) : Number.NaN;
  const metrics = {
    momentum_1m: finiteOrNull(m1),
    momentum_3m: finiteOrNull(m3),
    momentum_6m: finiteOrNull(m6),
    volume_momentum: finiteOrNull(volumeMomentum),
  };
  const confirmed = volumeMomentum > 1;
  if (score > 0.05 && confirmed) return { signal: 'bullish', confidence: Math.min(Math.abs(score) * 5, 1), metrics };
  if (score < -0.05 && confirmed) return { signal: 'bearish', confidence: Math.min(Math.abs(score) * 5, 1), metrics };
  return { signal: 'neutral', confidence: NEUTRAL, metrics };
}

/** 21-bar annualised volatility against its 63-bar mean (regime) and z-score. */
export function volatilitySignal(close: ArrayLike<number>, returns: ArrayLike<number> = simpleReturns(close)): StrategySignal {
  const vols = rollingSampleStdInto(returns, 21, scratch.view(Slot.Volatility, rollingCount(returns.length, 21)));
  for (let i = 0; i < vols.length; i += 1) vols[i] *= Math.sqrt(252);
  const current = vols.length > 0 ? vols[vols.length - 1] : Number.NaN;
  let regime = Number.NaN;
  let z = Number.NaN;
  if (vols.length >= 63) {
    const volMean = mean(vols, vols.length - 63);
    regime = current / volMean;
    z = (current - volMean) / sampleStd(vols, vols.length - 63);
  }
  const metrics = { historical_volatility: finiteOrNull(current), volatility_regime: finiteOrNull(regime), volatility_z_score: finiteOrNull(z) };
  if (regime < 0.8 && z < -1) return { signal: 'bullish', confidence: Math.min(Math.abs(z) / 3, 1), metrics };
  if (regime > 1.2 && z > 1) return { signal: 'bearish', confidence: Math.min(Math.abs(z) / 3, 1), metrics };
  return { signal: 'neutral', confidence: NEUTRAL, metrics };
}

/** Mean-reverting price (Hurst < 0.4) with a skewed 63-bar return distribution. */
export function statArbSignal(close: ArrayLike<number>, returns: ArrayLike<number> = simpleReturns(close)): StrategySignal {
  const skew = returns.length >= 63 ? sampleSkew(returns, returns.length - 63) : Number.NaN;
  const hurst = hurstExponent(close);
  const metrics = { hurst_exponent: hurst, skewness: finiteOrNull(skew) };
  if (hurst !== null && hurst < 0.4 && skew > 1) return { signal: 'bullish', confidence: (0.5 - hurst) * 2, metrics };
  if (hurst !== null && hurst < 0.4 && skew < -1) return { signal: 'bearish', confidence: (0.5 - hurst) * 2, metrics };
  return { signal: 'neutral', confidence: NEUTRAL, metrics };
}

const DIRECTION_VALUE: Record<SignalDirection, number> = { bullish: 1, neutral: 0, bearish: -1 };

/** Σ(direction·w·conf)/Σ(w·conf): > 0.2 bullish, < −0.2 bearish; confidence |score|. */
export function combineStrategies(signals: Record<TechnicalStrategy, StrategySignal>): { signal: SignalDirection; confidence: number } {
  let weighted = 0;
  let total = 0;
  for (const key of Object.keys(TECHNICAL_WEIGHTS) as TechnicalStrategy[]) {
    const { signal, confidence } = signals[key];
    weighted += DIRECTION_VALUE[signal] * TECHNICAL_WEIGHTS[key] * confidence;
    total += TECHNICAL_WEIGHTS[key] * confidence;
  }
  const score = total > 0 ? weighted / total : 0;
  const signal: SignalDirection = score > 0.2 ? 'bullish' : score < -0.2 ? 'bearish' : 'neutral';
  return { signal, confidence: Math.abs(score) };
}

/** The technical view of one ticker from its bars (oldest first). */
export function analyzeTechnicals(bars: readonly PriceBar[]): AgentSignal {
  if (bars.length < 2) return neutralSignal('Not enough price data');
  const data = columns(bars);
  const returns = simpleReturnsInto(data.close, scratch.view(Slot.Returns, data.close.length - 1));
  const strategies: Record<TechnicalStrategy, StrategySignal> = {
    trend: trendSignal(data),
    mean_reversion: meanReversionSignal(data.close),
    momentum: momentumSignal(data.close, data.volume, returns),
    volatility: volatilitySignal(data.close, returns),
    stat_arb: statArbSignal(data.close, returns),
  };
  const combined = combineStrategies(strategies);
  const reasoning: Record<string, unknown> = {};
  for (const key of Object.keys(strategies) as TechnicalStrategy[]) {
    reasoning[key] = { signal: strategies[key].signal, confidence: toConfidence(strategies[key].confidence), metrics: strategies[key].metrics };
  }
  return { signal: combined.signal, confidence: toConfidence(combined.confidence), reasoning };
}

export const technicalAnalyst: AnalystFunction = (ctx, agentId) =>
  analyzeTickers(ctx, agentId, async (ticker, status) => {
    status('Analyzing price data');
    const bars = await ctx.data.getPrices(ticker, ctx.startDate, ctx.endDate, { signal: ctx.signal });
    return analyzeTechnicals(bars);
  });
