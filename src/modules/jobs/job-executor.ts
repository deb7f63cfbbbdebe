import { Injectable, Logger } from '@nestjs/common';
import { DomainError, INTERNAL_FAILURE_MESSAGE, statusForCode } from '../../core/http';
import { errorCodeOf } from '../../core/logging';
import { EngineError } from '../../engine';
import { FlowRunsService } from '../flow-runs/flow-runs.service';
import { FlowRunRecorder, NO_RECORDER, type RunOwner, type RunRecorder } from '../flow-runs/run-recorder';
import { JobCancelledError, type JobMessage, type JobSpec, toJobFailure } from './job';
import { JobRegistry } from './job-registry';

/** Where an executor sends a job's messages (a thread's port, a Redis channel, a test's array). */
export type JobSink = (message: JobMessage) => void;

/**
 * Executes one job where it runs (a worker thread or a worker process): claims its run, renews the lease
 * every third of it (and tells the client's process it is alive), runs the handler, records the end,
 * and sends `complete` or `error` and the final `end`. A cancellation ends the run CANCELLED with the
 * reason's message; on shutdown the client also gets an `error` event; a lost lease ends it quietly
 * (another process marked it lost already).
 */
@Injectable()
export class JobExecutor {
  private readonly logger = new Logger(JobExecutor.name);

  constructor(
    private readonly registry: JobRegistry,
    private readonly flowRuns: FlowRunsService,
  ) {}

  async execute(spec: JobSpec, owner: RunOwner, signal: AbortSignal, send: JobSink, clock: () => Date = () => new Date()): Promise<void> {
    const now = (): string => clock().toISOString();
    let recorder: RunRecorder = NO_RECORDER;
    if (spec.run_id !== undefined) {
      const claimed = await FlowRunRecorder.claim(this.flowRuns, spec.run_id, owner, clock).catch((error: unknown) => {
        this.logger.error(`Could not claim run ${spec.run_id}: ${String(error)}`);
        return null;
      });
      if (claimed === null) {
        send({ kind: 'end', outcome: 'cancelled' });
        return;
      }
      recorder = claimed;
    }
    send({ kind: 'started', workerId: owner.workerId });
    const work = new AbortController();
    const onAbort = (): void => work.abort(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    const lease = setInterval(() => {
      send({ kind: 'lease' });
      recorder.renewLease().then(
        (held) => {
          if (!held && !work.signal.aborted) work.abort(new JobCancelledError('lost'));
        },
        (error: unknown) => this.logger.warn(`Could not renew the lease of run ${recorder.runId}: ${String(error)}`),
      );
    }, Math.max(1, Math.floor(owner.leaseMs / 3)));
    try {
      const handler = this.registry.get(spec.kind);
      const data = await handler(spec.request, {
        signal: work.signal,
        runId: recorder.runId,
        secrets: spec.secrets,
        emit: (event) => send({ kind: 'event', event }),
        cycle: (record) => recorder.cycle(record),
      });
      work.signal.throwIfAborted();
      await recorder.complete(data);
      send({ kind: 'event', event: { type: 'complete', data } });
      send({ kind: 'end', outcome: 'complete' });
    } catch (error) {
      if (work.signal.aborted) {
        await this.endCancelled(spec, recorder, work.signal.reason, send, now);
        return;
      }
      const message = this.logFailure(spec, recorder.runId, error);
      await recorder.fail(message).catch((cause: unknown) => this.logger.error(`Could not record the failure of run ${recorder.runId}: ${String(cause)}`));
      send({ kind: 'event', event: { type: 'error', message, timestamp: now() } });
      send({ kind: 'end', outcome: 'error', failure: toJobFailure(error, message) });
    } finally {
      clearInterval(lease);
      signal.removeEventListener('abort', onAbort);
    }
  }

  /**
   * The failed job's one log line, and the message its client sees. Ours (a DomainError, an EngineError)
   * are expected conditions, said to the client: warn, with the code. Anything else is a defect: error,
   * with the stack; the client gets a summary. The request and its secrets are never logged.
   */
  private logFailure(spec: JobSpec, runId: number | null, error: unknown): string {
    const fields = { run_id: runId, request_id: spec.request_id ?? null, job_kind: spec.kind, code: errorCodeOf(error) };
    if (error instanceof DomainError || error instanceof EngineError) {
      const dependency = error instanceof DomainError && statusForCode(error.code) >= 500;
      this.logger.warn({ ...fields, detail: error.message }, `Run failed (${dependency ? 'a dependency is unavailable' : 'refused'}): ${error.message}`);
      return error.message;
    }
    const err = error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : { name: typeof error, message: String(error) };
    this.logger.error({ ...fields, err }, `Run failed: ${err.message}`);
    return INTERNAL_FAILURE_MESSAGE;
  }

  private async endCancelled(spec: JobSpec, recorder: RunRecorder, reason: unknown, send: JobSink, now: () => string): Promise<void> {
    const cancel = reason instanceof JobCancelledError ? reason : new JobCancelledError('client');
    this.logger.warn({ run_id: recorder.runId, request_id: spec.request_id ?? null, job_kind: spec.kind, code: 'CANCELLED', reason: cancel.reason }, `Run ended: ${cancel.message}`);
    if (cancel.reason === 'lost') {
      send({ kind: 'event', event: { type: 'error', message: cancel.message, timestamp: now() } });
      send({ kind: 'end', outcome: 'error', failure: toJobFailure(cancel, cancel.message) });
      return;
    }
    await recorder.cancel(cancel.message).catch((cause: unknown) => this.logger.error(`Could not record the cancellation of run ${recorder.runId}: ${String(cause)}`));
    if (cancel.reason === 'shutdown') send({ kind: 'event', event: { type: 'error', message: cancel.message, timestamp: now() } });
    send({ kind: 'end', outcome: 'cancelled', failure: toJobFailure(cancel, cancel.message) });
  }
}
