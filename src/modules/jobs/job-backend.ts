import type { CancelReason, JobMessage, JobSpec } from './job';

/** A submitted job as the process that holds its client sees it. */
export interface JobTicket {
  /** The executor's messages, ending after `end` (the backend guarantees one, cancelled or lost included). */
  readonly messages: AsyncIterable<JobMessage>;
  /** Asks the executor to stop; a job still queued is dropped with an `end` at once. */
  cancel(reason: CancelReason): void;
}

/** What the executors hold now, for the metrics (`hf_jobs_queued`, `hf_jobs_active`). */
export interface JobBackendLoad {
  /** Jobs waiting for an executor. */
  readonly queued: number;
  /** Jobs executing, per executor this process owns (its threads; none for the Redis queue, whose workers report their own). */
  readonly active: readonly { readonly worker: string; readonly jobs: number }[];
}

/** Where jobs execute: worker threads of this process, or worker processes behind a Redis queue. */
export interface JobBackend {
  submit(spec: JobSpec): JobTicket;
  /** Null while new jobs are accepted; otherwise why not (the detail of a 503). */
  unavailable(): string | null;
  /** Stops the executors this process owns (threads), or its connections (queue). */
  close(): Promise<void>;
  /** The queue depth and the running jobs, read when the metrics are scraped; null when unknown now. */
  load?(): JobBackendLoad | null | Promise<JobBackendLoad | null>;
}
