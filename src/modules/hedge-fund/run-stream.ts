import type { Logger, MessageEvent } from '@nestjs/common';
import { Observable } from 'rxjs';
import { DomainError } from '../../core/http';
import { EngineError } from '../../engine';
import { RunEventBus } from './run-event-bus';
import { heartbeatMessage, toMessageEvent } from './sse-events';

/** Where a run's lifecycle is recorded (a persisted flow run, or nowhere). */
export interface RunRecorder {
  /** The persisted run's id, or null when the run is not persisted. */
  readonly runId: number | null;
  begin(): Promise<void>;
  complete(results: Record<string, unknown>): Promise<void>;
  fail(message: string): Promise<void>;
  cancel(): Promise<void>;
}

export const NO_RECORDER: RunRecorder = {
  runId: null,
  begin: async () => undefined,
  complete: async () => undefined,
  fail: async () => undefined,
  cancel: async () => undefined,
};

export interface RunStreamOptions {
  readonly heartbeatMs: number;
  readonly recorder: RunRecorder;
  readonly logger: Logger;
  readonly clock?: () => Date;
  /** The run itself: publishes progress on the bus, honours the signal, returns `complete.data`. */
  readonly work: (bus: RunEventBus, signal: AbortSignal) => Promise<Record<string, unknown>>;
}

/** Thrown into the work when the client goes away. */
export class ClientDisconnectedError extends EngineError {
  constructor() {
    super('CANCELLED', 'The client disconnected; the run was cancelled.');
  }
}

/** A message safe to show the client: ours are written for it, anything else is logged and summarised. */
function clientMessage(error: unknown, logger: Logger): string {
  if (error instanceof EngineError || error instanceof DomainError) return error.message;
  logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  return 'The run failed because of an internal error; see the server log.';
}

/**
 * Runs one hedge-fund job as an SSE stream: `start`, the work's progress (one bus per run), heartbeat
 * comments, then `complete` or `error`, and the end of the stream. Unsubscribing (client disconnect)
 * aborts the work's signal, which reaches the engine loop, the graph and the data fetches; the run is
 * then recorded CANCELLED. Every agent still open gets a final `Done` before `complete`/`error`.
 */
export function streamRun(options: RunStreamOptions): Observable<MessageEvent> {
  return new Observable<MessageEvent>((subscriber) => {
    const controller = new AbortController();
    const bus = new RunEventBus(options.clock);
    let finished = false;
    const forwarding = bus.events.subscribe({ next: (event) => subscriber.next(toMessageEvent(event)) });
    const heartbeat = setInterval(() => subscriber.next(heartbeatMessage()), options.heartbeatMs);

    const execute = async (): Promise<void> => {
      try {
        await options.recorder.begin();
        const runId = options.recorder.runId;
        bus.publish(runId === null ? { type: 'start', timestamp: bus.now() } : { type: 'start', timestamp: bus.now(), run_id: runId });
        const data = await options.work(bus, controller.signal);
        controller.signal.throwIfAborted();
        bus.closeOpenAgents();
        await options.recorder.complete(data);
        bus.publish({ type: 'complete', data });
      } catch (error) {
        if (controller.signal.aborted) {
          await options.recorder.cancel().catch((cause: unknown) => options.logger.error(`Could not record the cancellation: ${String(cause)}`));
          return;
        }
        const message = clientMessage(error, options.logger);
        bus.closeOpenAgents();
        await options.recorder.fail(message).catch((cause: unknown) => options.logger.error(`Could not record the failure: ${String(cause)}`));
        bus.publish({ type: 'error', message, timestamp: bus.now() });
      }
    };

    void execute().finally(() => {
      finished = true;
      clearInterval(heartbeat);
      bus.close();
      forwarding.unsubscribe();
      subscriber.complete();
    });

    return () => {
      clearInterval(heartbeat);
      if (!finished) controller.abort(new ClientDisconnectedError());
    };
  });
}
