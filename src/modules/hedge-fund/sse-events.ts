/** The SSE event names of run and backtest streams, defined once (DESIGN.md §5). */
export const SSE_EVENT = {
  start: 'start',
  progress: 'progress',
  error: 'error',
  complete: 'complete',
} as const;

export type SseEventName = (typeof SSE_EVENT)[keyof typeof SSE_EVENT];

/** The status that marks an agent finished in the SPA; every emitted agent id must end with it. */
export const DONE_STATUS = 'Done';
/** The `agent` of per-day backtest progress events. */
export const BACKTEST_AGENT = 'backtest';

export interface StartEvent {
  readonly type: 'start';
  readonly timestamp: string | null;
  /** The persisted flow run's id, when the request named a flow_id. */
  readonly run_id?: number;
}

export interface ProgressEvent {
  readonly type: 'progress';
  /** The graph node id (or `backtest` for the per-day lines). */
  readonly agent: string;
  readonly ticker: string | null;
  readonly status: string;
  readonly timestamp: string | null;
  /** A JSON string (rule-based agents, backtest day results) or text. */
  readonly analysis: string | null;
}

export interface ErrorEvent {
  readonly type: 'error';
  readonly message: string;
  readonly timestamp: string | null;
}

export interface CompleteEvent {
  readonly type: 'complete';
  readonly data: Record<string, unknown>;
}

export type HedgeFundEvent = StartEvent | ProgressEvent | ErrorEvent | CompleteEvent;

/**
 * Replaces non-finite numbers by null so nothing the SPA parses carries NaN or Infinity (JSON.stringify
 * would write null for them too, but an explicit pass keeps `analysis` strings and event data equal).
 */
export function finiteJson(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return value.map(finiteJson);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = finiteJson(item);
    return out;
  }
  return value;
}
