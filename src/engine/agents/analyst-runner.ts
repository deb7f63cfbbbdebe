import type { LineItem } from '../data/types';
import { EngineError } from '../errors';
import type { AgentContext, AgentSignal, SignalDirection, TickerSignals } from './types';

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new EngineError('CANCELLED', 'The run was cancelled');
}

/**
 * Runs `analyze` for each ticker in turn, reporting `Done` with the signal as a JSON string per ticker (unless
 * `ctx.reportAnalysis` is false) and a
 * final agent-wide `Done` (the SPA marks a node complete on `Done`). Cancellation is checked between tickers.
 */
export async function analyzeTickers(
  ctx: AgentContext,
  agentId: string,
  analyze: (ticker: string, status: (text: string) => void) => Promise<AgentSignal>,
): Promise<TickerSignals> {
  const signals: TickerSignals = {};
  for (const ticker of ctx.tickers) {
    throwIfAborted(ctx.signal);
    const signal = await analyze(ticker, (text) => ctx.onProgress?.(agentId, ticker, text));
    signals[ticker] = signal;
    ctx.onProgress?.(agentId, ticker, 'Done', ctx.reportAnalysis === false ? undefined : JSON.stringify(signal));
  }
  ctx.onProgress?.(agentId, null, 'Done');
  return signals;
}

function sameValues(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/**
 * A pure analysis remembered per input. The backtest's windowed data hands back the same read-only array (and
 * the same report objects) while a window's contents stay the same, so a rule analyst analyses a quarterly
 * report once, not on every day of the quarter. `key` is held weakly (nothing outlives the data); the other
 * arguments must be the same values (Object.is) for a hit. Only the last result per key is kept, and callers
 * treat results as read-only (they are shared between the days that ask).
 */
export function rememberPerInput<K, Rest extends readonly unknown[], R>(analyze: (key: K, ...rest: Rest) => R): (key: K, ...rest: Rest) => R {
  const memory = new WeakMap<object, { readonly rest: Rest; readonly result: R }>();
  return (key, ...rest) => {
    if (typeof key !== 'object' || key === null) return analyze(key, ...rest);
    const known = memory.get(key);
    if (known !== undefined && sameValues(known.rest, rest)) return known.result;
    const result = analyze(key, ...rest);
    memory.set(key, { rest, result });
    return result;
  };
}

export function neutralSignal(reason: string): AgentSignal {
  return { signal: 'neutral', confidence: 0, reasoning: reason };
}

/** Confidence in 0-100 rounded to one decimal (the wire carries numbers, never NaN). */
export function toConfidence(fraction: number): number {
  if (!Number.isFinite(fraction)) return 0;
  return Math.round(Math.min(1, Math.max(0, fraction)) * 1000) / 10;
}

export function directionOf(bullish: number, bearish: number): SignalDirection {
  if (bullish > bearish) return 'bullish';
  if (bearish > bullish) return 'bearish';
  return 'neutral';
}

/** null for NaN/±Infinity, so reasoning objects serialise to valid JSON values. */
export function finiteOrNull(value: number | null | undefined): number | null {
  return value !== null && value !== undefined && Number.isFinite(value) ? value : null;
}

/** A line item's value as a finite number, or null when absent, null or not a finite number. */
export function lineItemNumber(item: LineItem | undefined, key: string): number | null {
  const value = item?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
