import type { ServerResponse } from 'node:http';
import { Logger, type MessageEvent } from '@nestjs/common';
import { from, Observable, type ObservableInput } from 'rxjs';
import { EngineError } from '../../engine';
import { DomainError } from './domain-error';
import { currentResponse } from './request-id';

/**
 * One server-sent event: `event: <event>\ndata: <one-line JSON>\n\n`, or a data-only frame when `event` is
 * absent (the SPA's Ollama download stream and `/ping` parse data-only frames).
 */
export interface SseMessage {
  readonly event?: string;
  readonly data: object;
}

/**
 * `maxPendingDataLength` of every run route's `@Sse()`: characters of events that may wait for a client
 * that reads slower than the run produces them. Nest drops such a client at 4M by default, which a fast
 * multi-year backtest reached on a loaded machine (its client was cut mid-run, the run cancelled). A run's
 * stream is bounded by the range caps (a 10-year, 50-ticker backtest stays well under this), and a client
 * that left is still noticed by Nest's paused-socket probe, so a slow but present client gets every event.
 */
export const RUN_STREAM_MAX_PENDING_CHARS = 512 * 1024 * 1024;

/** The comment written between frames so proxies and clients keep an idle connection (`: ping`). */
export const HEARTBEAT_COMMENT = 'ping';

/** The reason the frames' signal carries when the client went away. */
export class ClientDisconnectedError extends EngineError {
  constructor() {
    super('CANCELLED', 'The client disconnected; the run was cancelled.');
  }
}

export interface SseStreamOptions {
  /** Interval of the heartbeat comment, milliseconds (`SSE_HEARTBEAT_MS`). */
  readonly heartbeatMs: number;
  /**
   * The frames. Called once, when the client subscribes; the signal aborts with `ClientDisconnectedError`
   * when the client disconnects before the frames ended, and the work behind them must stop.
   */
  readonly frames: (signal: AbortSignal) => ObservableInput<SseMessage>;
  /** The last frame for a failure of the frames (default: an `error` event, see `errorEvent`); null for none. */
  readonly failure?: (error: unknown) => SseMessage | null;
}

const logger = new Logger('SseStream');

let openStreams = 0;

/** SSE streams of this process open now (a client subscribed, the stream has not ended): `hf_sse_streams_open`. */
export function openSseStreams(): number {
  return openStreams;
}

export const INTERNAL_FAILURE_MESSAGE = 'The run failed because of an internal error; see the server log.';

/** A message safe to show a client: ours are written for it, anything else is logged and summarised. */
export function clientMessage(error: unknown, log: Logger = logger): string {
  if (error instanceof EngineError || error instanceof DomainError) return error.message;
  log.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  return INTERNAL_FAILURE_MESSAGE;
}

/** The frame of an event object that carries its own name in `type` (run streams: start, progress, complete, error). */
export function typedEvent<Event extends { readonly type: string }>(event: Event): SseMessage {
  return { event: event.type, data: event };
}

/** `event: error` with `{type, message, timestamp}`, the last frame of a failed stream (DESIGN.md §5). */
export function errorEvent(message: string, timestamp: Date = new Date()): SseMessage {
  return typedEvent({ type: 'error', message, timestamp: timestamp.toISOString() });
}

function toMessageEvent(message: SseMessage): MessageEvent {
  return message.event === undefined ? { data: message.data } : { type: message.event, data: message.data };
}

/**
 * The one SSE stream of the server (run and backtest streams, futures, Ollama pulls, `/ping`): frames as
 * Nest writes them, a heartbeat comment every `heartbeatMs`, a failure of the frames turned into a last
 * `error` frame, then the end of the stream. Unsubscribing (the client disconnects) aborts the frames' signal.
 *
 * Many frames at once (a job's backlog while its client reads slower than the run produces) neither hold the
 * event loop nor cost a socket write each: an async-iterable source is relayed in slices of `RELAY_SLICE_MS`
 * (`paced`), and the frames of one turn of the event loop leave in one write (`writesPerTurn`). Called in a
 * request's handler, so the request's response is known.
 */
export function sseStream(options: SseStreamOptions): Observable<MessageEvent> {
  const response = currentResponse();
  return new Observable<MessageEvent>((subscriber) => {
    if (response !== undefined) writesPerTurn(response);
    const controller = new AbortController();
    let finished = false;
    openStreams += 1;
    let counted = true;
    subscriber.add(() => {
      if (counted) openStreams -= 1;
      counted = false;
    });
    const heartbeat = setInterval(() => subscriber.next({ comment: HEARTBEAT_COMMENT } as MessageEvent), options.heartbeatMs);
    const finish = (): void => {
      finished = true;
      clearInterval(heartbeat);
    };
    const fail = (error: unknown): void => {
      finish();
      if (!controller.signal.aborted) {
        const last = options.failure === undefined ? errorEvent(clientMessage(error)) : options.failure(error);
        if (last !== null) subscriber.next(toMessageEvent(last));
      }
      subscriber.complete();
    };
    let source: ObservableInput<SseMessage>;
    try {
      source = options.frames(controller.signal);
    } catch (error) {
      fail(error);
      return undefined;
    }
    const inner = from(isAsyncIterable(source) ? paced(source) : source).subscribe({
      next: (message) => subscriber.next(toMessageEvent(message)),
      error: fail,
      complete: () => {
        finish();
        subscriber.complete();
      },
    });
    return () => {
      clearInterval(heartbeat);
      if (!finished) controller.abort(new ClientDisconnectedError());
      inner.unsubscribe();
    };
  });
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return value !== null && typeof value === 'object' && Symbol.asyncIterator in value;
}

/**
 * Milliseconds one stream's relay may hold the event loop. Messages already queued resolve `next()` in
 * microtasks, so without a limit a backlog of tens of thousands of frames was relayed in one go: four
 * multi-year backtests whose clients fell behind kept `/health/ping` unanswered for 15 s.
 */
export const RELAY_SLICE_MS = 5;

/**
 * `source`, giving the event loop a turn (timers, I/O, other requests) whenever a slice of relaying is used up.
 * An iterator of its own rather than an async generator, which would add two microtask hops per item.
 */
export function paced<T>(source: AsyncIterable<T>, sliceMs: number = RELAY_SLICE_MS): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator]: (): AsyncIterator<T> => {
      const iterator = source[Symbol.asyncIterator]();
      let sliceStart = performance.now();
      let asked = sliceStart;
      const pull = (): Promise<IteratorResult<T>> =>
        iterator.next().then((result) => {
          const arrived = performance.now();
          // Waiting a slice or more for this item let the event loop turn: a new slice starts.
          if (arrived - asked >= sliceMs) sliceStart = arrived;
          return result;
        });
      return {
        next: () => {
          asked = performance.now();
          if (asked - sliceStart <= sliceMs) return pull();
          return new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
            sliceStart = asked = performance.now();
            return pull();
          });
        },
        return: (value?: unknown) => iterator.return?.(value) ?? Promise.resolve({ done: true, value: undefined }),
      };
    },
  };
}

/**
 * Holds the connection's writes (`cork`) from the first write of a turn of the event loop to its end, so the
 * frames written in one turn leave in one `writev` instead of one write and one TCP segment each (Nest writes
 * every event on its own and sets no-delay on SSE sockets). It wraps this response's `write`, the one place
 * every frame passes, the ones Nest writes later from its queue included.
 */
function writesPerTurn(response: ServerResponse): void {
  let held = false;
  const write = response.write;
  response.write = function (this: ServerResponse, ...args: Parameters<ServerResponse['write']>): boolean {
    const socket = this.socket;
    if (!held && socket !== null && socket !== undefined && !socket.destroyed) {
      held = true;
      socket.cork();
      setImmediate(() => {
        held = false;
        socket.uncork();
      });
    }
    return Reflect.apply(write, this, args);
  } as ServerResponse['write'];
}
