import type { CancelReason, JobMessage, JobSpec } from './job';

/** A submitted job as the process that holds its client sees it. */
export interface JobTicket {
  /** The executor's messages, ending after `end` (the backend guarantees one, cancelled or lost included). */
  readonly messages: AsyncIterable<JobMessage>;
  /** Asks the executor to stop; a job still queued is dropped with an `end` at once. */
  cancel(reason: CancelReason): void;
}

/** Where jobs execute: worker threads of this process, or worker processes behind a Redis queue. */
export interface JobBackend {
  submit(spec: JobSpec): JobTicket;
  /** Null while new jobs are accepted; otherwise why not (the detail of a 503). */
  unavailable(): string | null;
  /** Stops the executors this process owns (threads), or its connections (queue). */
  close(): Promise<void>;
}
