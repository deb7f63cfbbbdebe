/** SSE event names of `POST /futures/backtest`, defined once. */
export const FUTURES_SSE_EVENTS = {
  start: 'start',
  progress: 'progress',
  trade: 'trade',
  complete: 'complete',
  error: 'error',
} as const;

export type FuturesSseEventName = (typeof FUTURES_SSE_EVENTS)[keyof typeof FUTURES_SSE_EVENTS];

/** The `agent` of futures progress events (anchor-style progress frames). */
export const FUTURES_PROGRESS_AGENT = 'futures_backtest';
