import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type MessageEvent, type OnApplicationBootstrap, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config';
import type { HostPool } from '../../core/database';
import { currentRequestId, type DomainErrorCode, errorEvent, sseStream, type SseMessage, statusForCode, typedEvent, UnavailableError, ValidationError } from '../../core/http';
import { Telemetry } from '../../core/telemetry';
import type { FlowRunKind } from '../flow-runs/flow-run-status';
import { FlowRunsService } from '../flow-runs/flow-runs.service';
import { CANCEL_MESSAGES, type CancelReason, fromJobFailure, JobCancelledError, type JobFailure, type JobMessage, type JobSpec, toJobFailure } from './job';
import type { JobBackend, JobBackendLoad, JobTicket } from './job-backend';
import { assertRedisReachable } from './redis';
import type { RedisQueueBackend } from './redis-queue.backend';
import { ThreadPoolBackend } from './thread-pool.backend';

/** A job as a feature service submits it, after validating the request. */
export interface JobInput<Request = unknown> {
  readonly kind: string;
  readonly request: Request;
  /** Secrets of this request only (see JobSpec.secrets). */
  readonly secrets?: Readonly<Record<string, string>>;
  /** Persist the run under this flow: the row is created IDLE when the stream starts, the executor claims it. */
  readonly persist?: { readonly flowId: number; readonly runKind: FlowRunKind; readonly requestData: Record<string, unknown> };
}

/**
 * A backend bound in place of the mode's own (tests only: see InlineJobBackend); null, the default, lets the
 * configuration choose (worker threads, or the Redis queue with REDIS_URL).
 */
export const JOB_BACKEND = Symbol('JOB_BACKEND');

/** Seconds a client is told to wait before retrying a refused run (`Retry-After`). */
export const RETRY_AFTER_SECONDS = 5;
/** How long cancelled jobs get to record their end once the grace period is over. */
const CANCEL_WAIT_MS = 5_000;

/** The scale-out backend, loaded only when REDIS_URL is set (BullMQ is not needed in the embedded mode). */
function redisQueueBackend(): typeof RedisQueueBackend {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('./redis-queue.backend') as { RedisQueueBackend: typeof RedisQueueBackend }).RedisQueueBackend;
}

interface ActiveJob {
  readonly ticket: JobTicket;
  readonly ended: Promise<void>;
}

/**
 * The API side of jobs: validates nothing itself (the feature services do, before the stream), refuses new
 * jobs while draining or while the executors cannot be reached (503 + Retry-After), submits the job to the
 * backend (worker threads, or worker processes behind Redis), and relays its messages. It also watches the
 * executor: a job that stopped sending anything (events or lease beats) for a whole lease lost its worker;
 * its client gets an `error` event and its run is marked ERROR.
 */
@Injectable()
export class JobsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(JobsService.name);
  private backendInstance: JobBackend | null = null;
  private sweeper: NodeJS.Timeout | undefined;
  private draining = false;
  private readonly active = new Set<ActiveJob>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly flowRuns: FlowRunsService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly telemetry: Telemetry,
    @Optional() @Inject(JOB_BACKEND) private readonly boundBackend: JobBackend | null = null,
  ) {
    // Read at scrape time, from the backend once it exists (a scrape never starts threads or connections).
    const load = (): Promise<JobBackendLoad | null> =>
      Promise.resolve()
        .then(() => this.backendInstance?.load?.() ?? null)
        .catch(() => null);
    telemetry.sample('hf_jobs_queued', async () => {
      const current = await load();
      return current === null ? [] : [{ labels: {}, value: current.queued }];
    });
    telemetry.sample('hf_jobs_active', async () => (await load())?.active.map(({ worker, jobs }) => ({ labels: { worker }, value: jobs })) ?? []);
  }

  /**
   * Sweeps runs whose lease expired at boot and every half lease (any process may: the update only takes
   * runs nobody renewed in time, so a run with a live lease is never touched).
   */
  async onApplicationBootstrap(): Promise<void> {
    const sweep = (): Promise<unknown> => this.flowRuns.markLostRuns().catch((error: unknown) => this.logger.warn(`Lease sweep failed: ${String(error)}`));
    await sweep();
    this.sweeper = setInterval(() => void sweep(), Math.max(1, Math.floor(this.config.jobs.leaseMs / 2)));
    this.sweeper.unref();
  }

  /**
   * Connects the backend now (main.ts, before listening): with REDIS_URL an unreachable Redis stops the boot
   * with a message naming REDIS_URL. Without it, threads start on the first job.
   */
  async connect(): Promise<void> {
    if (this.config.jobs.redisUrl !== null) await assertRedisReachable(this.config.jobs.redisUrl);
    this.backend();
  }

  /** 503 (with Retry-After) while the server drains or the executors cannot be reached. */
  assertAccepting(): void {
    const reason = this.draining ? 'The server is shutting down; retry on another instance or in a moment.' : this.backend().unavailable();
    if (reason !== null) throw new UnavailableError(reason, RETRY_AFTER_SECONDS);
  }

  /** The job as an SSE stream: its events, heartbeats, an `error` frame for any failure; a disconnect cancels it. */
  stream(input: JobInput): Observable<MessageEvent> {
    this.admit(input);
    return sseStream({ heartbeatMs: this.config.hedgeFund.sseHeartbeatMs, frames: (signal) => this.frames(input, signal) });
  }

  /**
   * As `stream`, but the response waits for the job's first event: a job its handler refuses with a 4xx before
   * sending anything (what only the loaded data can tell, such as a futures range holding no session, or a
   * bar file that does not read) answers with that problem details (a 422 stays a 422) instead of a stream
   * of one `error` frame. The heartbeats start with the stream, so while the job waits for a free executor
   * its client waits for the response headers. A client that leaves cancels the job as with `stream`.
   */
  async streamOnceStarted(input: JobInput): Promise<Observable<MessageEvent>> {
    this.admit(input);
    const controller = new AbortController();
    const messages = this.run(input, controller.signal);
    const head: JobMessage[] = [];
    for (;;) {
      const next = await messages.next();
      if (next.done === true) break;
      const message = next.value;
      if (message.kind === 'end' && message.failure !== undefined && isRequestFailure(message.failure)) {
        await messages.return(undefined);
        throw fromJobFailure(message.failure);
      }
      head.push(message);
      if (message.kind === 'end' || (message.kind === 'event' && message.event.type !== 'error')) break;
    }
    return sseStream({
      heartbeatMs: this.config.hedgeFund.sseHeartbeatMs,
      frames: (signal) => {
        signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
        return relayEvents(head, messages);
      },
    });
  }

  /**
   * Runs the job to its end and answers `complete.data`; a failure is thrown as the executor saw it (4xx stay
   * 4xx). Aborting `signal` cancels the job (its caller went away).
   */
  async result<Data extends object>(input: JobInput, signal: AbortSignal = new AbortController().signal): Promise<Data> {
    this.admit(input);
    let data: Data | null = null;
    for await (const message of this.run(input, signal)) {
      // `complete.data` is what the kind's handler returned; the caller names that type.
      if (message.kind === 'event' && message.event.type === 'complete') data = message.event.data as Data;
      if (message.kind === 'end' && message.failure !== undefined) throw fromJobFailure(message.failure);
    }
    if (data === null) throw new Error(`The ${input.kind} job ended without a result`);
    return data;
  }

  /** 503 as `assertAccepting`; 422 for request secrets that could only cross Redis in the clear. */
  private admit(input: JobInput): void {
    this.assertAccepting();
    const secrets = Object.keys(input.secrets ?? {}).length > 0;
    if (secrets && this.config.jobs.redisUrl !== null && this.config.security.secretsKey === null) {
      throw ValidationError.field('api_keys', 'api_keys: keys sent with a request cross the job queue sealed with SECRETS_KEY, which this server does not have; set SECRETS_KEY (the same on the API and the workers) or store the keys with POST /api-keys.');
    }
  }

  /** From now on new jobs are refused (503); called as soon as SIGTERM arrives. */
  stopAccepting(): void {
    this.draining = true;
  }

  /** Stops taking jobs, lets running ones finish for SHUTDOWN_GRACE_MS, then cancels them ("server shutting down"). */
  async beforeApplicationShutdown(): Promise<void> {
    this.draining = true;
    clearInterval(this.sweeper);
    if (this.backendInstance === null) return;
    const all = (): Promise<unknown> => Promise.all([...this.active].map((job) => job.ended));
    if (this.active.size > 0) {
      this.logger.log(`Draining: ${this.active.size} job(s) running, ${this.config.jobs.shutdownGraceMs} ms to finish`);
      if (!(await settlesWithin(all(), this.config.jobs.shutdownGraceMs))) {
        for (const job of this.active) job.ticket.cancel('shutdown');
        await settlesWithin(all(), CANCEL_WAIT_MS);
      }
    }
    await this.backendInstance.close();
  }

  private async *frames(input: JobInput, signal: AbortSignal): AsyncGenerator<SseMessage> {
    for await (const message of this.run(input, signal)) if (message.kind === 'event') yield typedEvent(message.event);
  }

  /** Creates the run (when persisted), submits the job and relays its messages until `end`. */
  private async *run(input: JobInput, signal: AbortSignal): AsyncGenerator<JobMessage> {
    const runId = input.persist === undefined ? undefined : (await this.flowRuns.createRun(input.persist.flowId, { kind: input.persist.runKind, request_data: input.persist.requestData })).id;
    const requestId = currentRequestId();
    const spec: JobSpec = {
      kind: input.kind,
      request: input.request,
      ...(runId === undefined ? {} : { run_id: runId }),
      ...(requestId === undefined ? {} : { request_id: requestId }),
      ...(input.secrets === undefined ? {} : { secrets: input.secrets }),
    };
    const ticket = this.backend().submit(spec);
    const timing = new RunTiming(this.telemetry, input.kind);
    let endActive: () => void = () => undefined;
    const active: ActiveJob = { ticket, ended: new Promise<void>((resolve) => (endActive = resolve)) };
    this.active.add(active);
    const cancel = (reason: CancelReason): void => {
      ticket.cancel(reason);
      if (runId !== undefined) this.flowRuns.cancelIdle(runId, CANCEL_MESSAGES[reason]).catch((error: unknown) => this.logger.error(`Could not cancel run ${runId}: ${String(error)}`));
    };
    const onAbort = (): void => cancel('client');
    signal.addEventListener('abort', onAbort, { once: true });
    const watchdog = new LeaseWatchdog(this.config.jobs.leaseMs);
    let workerId: string | null = null;
    try {
      const iterator = ticket.messages[Symbol.asyncIterator]();
      for (;;) {
        const next = await watchdog.race(iterator.next());
        if (next === 'silent') {
          for await (const message of this.lost(ticket, runId, workerId, input.kind)) {
            if (message.kind === 'end') timing.ended(message);
            yield message;
          }
          return;
        }
        if (next.done === true) return;
        const message = next.value;
        if (message.kind === 'started') {
          workerId = message.workerId;
          watchdog.arm();
          timing.started();
        } else if (message.kind === 'end') {
          timing.ended(message);
          if (message.outcome === 'error' && message.failure?.code === 'CANCELLED' && workerId !== null && runId !== undefined) await this.markLost(workerId, runId);
        }
        yield message;
        if (message.kind === 'end') return;
      }
    } finally {
      // A stream the client left ends here without an `end`: the job is being cancelled.
      timing.ended({ kind: 'end', outcome: 'cancelled' });
      watchdog.disarm();
      signal.removeEventListener('abort', onAbort);
      this.active.delete(active);
      endActive();
    }
  }

  /** The executor went silent for a whole lease: cancel it (in case it lives), mark the run, tell the client. */
  private async *lost(ticket: JobTicket, runId: number | undefined, workerId: string | null, kind: string): AsyncGenerator<JobMessage> {
    this.logger.error({ run_id: runId ?? null, request_id: currentRequestId() ?? null, job_kind: kind, code: 'WORKER_LOST', worker_id: workerId }, `Run failed: its executor sent nothing for a whole lease (${this.config.jobs.leaseMs} ms)`);
    ticket.cancel('lost');
    if (runId !== undefined && workerId !== null) await this.markLost(workerId, runId);
    const lost = new JobCancelledError('lost');
    const frame = errorEvent(lost.message).data as { type: string };
    yield { kind: 'event', event: frame };
    yield { kind: 'end', outcome: 'error', failure: toJobFailure(lost, lost.message) };
  }

  private async markLost(workerId: string, runId: number): Promise<void> {
    await this.flowRuns.markWorkerLost(workerId, [runId]).catch((error: unknown) => this.logger.error(`Could not mark run ${runId} lost: ${String(error)}`));
  }

  private backend(): JobBackend {
    this.backendInstance ??= this.createBackend();
    return this.backendInstance;
  }

  /** The backend of this process's mode (a test may substitute its own). */
  protected createBackend(): JobBackend {
    if (this.boundBackend !== null) return this.boundBackend;
    if (this.config.jobs.redisUrl !== null) return new (redisQueueBackend())(this.config.jobs.redisUrl, this.config.jobs.queuePrefix, this.config.security.secretsKey);
    const driver = this.dataSource.driver as unknown as { master: HostPool };
    return new ThreadPoolBackend({
      telemetry: this.telemetry,
      config: this.config,
      pool: driver.master,
      threads: this.config.jobs.threads,
      jobsPerThread: this.config.jobs.concurrency,
      leaseMs: this.config.jobs.leaseMs,
    });
  }
}

/** A failure the request caused (a 4xx: bad data, a missing file), as opposed to a cancel or an internal error. */
function isRequestFailure(failure: JobFailure): boolean {
  if (failure.source === 'domain') return statusForCode(failure.code as DomainErrorCode) < 500;
  return failure.source === 'engine' && failure.code !== 'CANCELLED';
}

/** The job's events as frames: those already received, then the rest as they come. */
async function* relayEvents(head: readonly JobMessage[], rest: AsyncGenerator<JobMessage>): AsyncGenerator<SseMessage> {
  for (const message of head) if (message.kind === 'event') yield typedEvent(message.event);
  if (head.at(-1)?.kind === 'end') {
    await rest.return(undefined);
    return;
  }
  for await (const message of rest) if (message.kind === 'event') yield typedEvent(message.event);
}

/**
 * A job's counts and times (`hf_runs_*`), taken here, in the process that holds its client, from the
 * executor's messages: they arrive here whichever executor ran the job (a thread, a worker process), so
 * each job is counted once, by the API process that accepted it.
 */
class RunTiming {
  private readonly submittedAt = performance.now();
  private startedAt: number | null = null;
  private done = false;

  constructor(
    private readonly telemetry: Telemetry,
    private readonly kind: string,
  ) {
    telemetry.count('hf_runs_submitted_total', { kind });
  }

  started(): void {
    if (this.startedAt !== null) return;
    this.startedAt = performance.now();
    this.telemetry.count('hf_runs_started_total', { kind: this.kind });
    this.telemetry.observe('hf_run_queue_wait_seconds', { kind: this.kind }, (this.startedAt - this.submittedAt) / 1000);
  }

  /** Counts the end once (the first one seen); a job that never started has no duration. */
  ended(end: Extract<JobMessage, { kind: 'end' }>): void {
    if (this.done) return;
    this.done = true;
    const labels = { kind: this.kind, status: end.outcome };
    this.telemetry.count('hf_runs_finished_total', labels);
    if (end.outcome === 'error') this.telemetry.count('hf_runs_failed_total', { kind: this.kind, code: end.failure?.code ?? 'INTERNAL' });
    if (this.startedAt !== null) this.telemetry.observe('hf_run_duration_seconds', labels, (performance.now() - this.startedAt) / 1000);
  }
}

/** Resolves true when `promise` settles within `ms`, false when the time runs out first. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true, () => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Declares an executor silent when nothing arrived for a whole lease after it started (it sends a beat
 * every third of a lease). Before `arm` (the job is queued) it waits for ever. One timer per job, moved on
 * only when it fires (a timer set and cleared per message cost more than the relay itself on long runs).
 */
export class LeaseWatchdog {
  private armed = false;
  private timer: NodeJS.Timeout | undefined;
  /** performance.now() when the relay last started waiting for a message. */
  private waitingSince = 0;
  private fire: (() => void) | null = null;

  constructor(private readonly leaseMs: number) {}

  arm(): void {
    this.armed = true;
  }

  disarm(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.fire = null;
    this.armed = false;
  }

  /** The next message, or 'silent' when the lease ran out first. */
  race<T>(next: Promise<T>): Promise<T | 'silent'> {
    if (!this.armed) return next;
    this.waitingSince = performance.now();
    this.timer ??= setTimeout(this.check, this.leaseMs);
    return new Promise<T | 'silent'>((resolve, reject) => {
      this.fire = () => resolve('silent');
      next.then(resolve, reject);
    });
  }

  private readonly check = (): void => {
    const idle = performance.now() - this.waitingSince;
    if (idle < this.leaseMs) {
      this.timer = setTimeout(this.check, this.leaseMs - idle);
      return;
    }
    this.timer = undefined;
    this.fire?.();
  };
}
