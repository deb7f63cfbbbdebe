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
