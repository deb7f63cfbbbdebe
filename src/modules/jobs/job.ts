import { DomainError, type DomainErrorCode } from '../../core/http';
import { EngineError, type EngineErrorCode } from '../../engine';
import type { RunCycleRecord } from '../flow-runs/run-recorder';

/** An event a job yields; `type` is its SSE event name and the whole object its `data` (DESIGN.md §5). */
export interface JobEvent {
  readonly type: string;
  readonly [field: string]: unknown;
}

/**
 * A long computation to execute off the HTTP event loop: its kind (a registered handler), the request
 * (JSON, validated by the process that accepted it), and the persisted run it records into, when any.
 */
export interface JobSpec<Request = unknown> {
  readonly kind: string;
  readonly request: Request;
  readonly run_id?: number;
  /** The id of the HTTP request that submitted the job (`x-request-id`), for the executor's log lines. */
  readonly request_id?: string;
  /**
   * Secrets of this request only (a hedge-fund request's `api_keys`): never stored with the run, handed to a
   * thread in memory, and sealed with SECRETS_KEY while the job sits in Redis.
   */
  readonly secrets?: Readonly<Record<string, string>>;
}

/** What a handler gets while it runs in an executor (a worker thread or a worker process). */
export interface JobContext {
  /** Aborts when the job is cancelled: the client left, the server drains, or the run lost its lease. */
  readonly signal: AbortSignal;
  /** The persisted run's id, null when the job is not persisted. */
  readonly runId: number | null;
  /** The request's secrets (see JobSpec.secrets). */
  readonly secrets: Readonly<Record<string, string>> | undefined;
  /** Publishes one event to the job's client, in order. */
  emit(event: JobEvent): void;
  /** Records one cycle of the persisted run (nothing when it is not persisted). */
  cycle(record: RunCycleRecord): Promise<void>;
}

/**
 * Executes one kind of job: publishes its events (its own `start` and progress), honours the signal, and
 * returns `complete.data`. The runner records the run's end and sends `complete` or `error` itself.
 */
export type JobHandler<Request = unknown> = (request: Request, context: JobContext) => Promise<Record<string, unknown>>;

/** Why a job was cancelled: each ends its run differently (see `JobCancelledError`). */
export type CancelReason = 'client' | 'shutdown' | 'lost';

export const CANCEL_MESSAGES: Record<CancelReason, string> = {
  client: 'cancelled: the client disconnected',
  shutdown: 'server shutting down',
  lost: 'worker lost: the process executing this run stopped renewing its lease',
};

/** The abort reason of a cancelled job. */
export class JobCancelledError extends EngineError {
  constructor(readonly reason: CancelReason) {
    super('CANCELLED', CANCEL_MESSAGES[reason]);
  }
}

/** A failure as it crosses from the executor to the process that holds the client. */
export interface JobFailure {
  readonly source: 'domain' | 'engine' | 'internal';
  readonly code: string;
  readonly message: string;
  readonly errors?: readonly { readonly field: string; readonly message: string }[];
}

/** What an executor sends back about a job, in order; `end` is always the last. */
export type JobMessage =
  | { readonly kind: 'started'; readonly workerId: string }
  | { readonly kind: 'event'; readonly event: JobEvent }
  | { readonly kind: 'lease' }
  | { readonly kind: 'end'; readonly outcome: 'complete' | 'error' | 'cancelled'; readonly failure?: JobFailure };

export function toJobFailure(error: unknown, message: string): JobFailure {
  if (error instanceof DomainError) return { source: 'domain', code: error.code, message: error.message, errors: error.errors };
  if (error instanceof EngineError) return { source: 'engine', code: error.code, message: error.message, errors: [...error.errors] };
  return { source: 'internal', code: 'INTERNAL', message };
}

/** The error a caller that awaits a job's result sees (the problem-details filter maps it). */
export function fromJobFailure(failure: JobFailure): Error {
  if (failure.source === 'domain') return new DomainError(failure.code as DomainErrorCode, failure.message, failure.errors?.map((e) => ({ ...e })));
  if (failure.source === 'engine') return new EngineError(failure.code as EngineErrorCode, failure.message, failure.errors);
  return new Error(failure.message);
}
