import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { MessageChannel, type Worker } from 'node:worker_threads';
import { Logger } from '@nestjs/common';
import type { AppConfig } from '../../config';
import { type HostPool, servePoolBridge } from '../../core/database/pool-bridge';
import type { Observation, Telemetry } from '../../core/telemetry';
import { startThread } from '../../core/threads';
import { Channel } from './channel';
import { type CancelReason, JobCancelledError, type JobMessage, type JobSpec, toJobFailure } from './job';
import type { JobBackend, JobBackendLoad, JobTicket } from './job-backend';
import type { JobThreadData } from './job-thread';

export type ThreadRequest =
  | { readonly type: 'run'; readonly id: string; readonly spec: JobSpec }
  | { readonly type: 'cancel'; readonly id: string; readonly reason: CancelReason }
  | { readonly type: 'close' };

export type ThreadReply =
  | { readonly type: 'ready' }
  /** The jobs' messages of one turn of the thread's event loop, in order. */
  | { readonly type: 'messages'; readonly messages: readonly { readonly id: string; readonly message: JobMessage }[] }
  /** Metrics counted in the thread (LLM calls, fallbacks, query errors), applied to the main thread's registry. */
  | { readonly type: 'telemetry'; readonly observations: readonly Observation[] };

export interface ThreadPoolOptions {
  readonly config: AppConfig;
  /** The main thread's database pool; every thread's queries go through it. */
  readonly pool: HostPool;
  readonly threads: number;
  /** Jobs one thread runs at once. */
  readonly jobsPerThread: number;
  readonly leaseMs: number;
  /** The main thread's metrics: the threads' observations are applied to it. */
  readonly telemetry?: Telemetry;
}

interface ThreadJob {
  readonly id: string;
  readonly spec: JobSpec;
  readonly channel: Channel<JobMessage>;
  thread: JobThread | null;
  ended: boolean;
}

interface JobThread {
  readonly worker: Worker;
  readonly workerId: string;
  /** `thread-N`: the metrics label (bounded by RUN_THREADS, unlike the worker id). */
  readonly slot: string;
  readonly jobs: Map<string, ThreadJob>;
  ready: boolean;
  closeBridge(): void;
}

/**
 * Job executors as worker threads of this process (embedded mode, no REDIS_URL): threads are started on
 * demand up to `threads`, each boots the worker module once and runs up to `jobsPerThread` jobs; more jobs
 * wait in order. A thread that dies ends its jobs as lost (their runs are marked by the jobs service).
 */
export class ThreadPoolBackend implements JobBackend {
  private readonly logger = new Logger(ThreadPoolBackend.name);
  private readonly threads: JobThread[] = [];
  private readonly queue: ThreadJob[] = [];
  private closing = false;

  constructor(private readonly options: ThreadPoolOptions) {}

  unavailable(): string | null {
    return this.closing ? 'The server is shutting down.' : null;
  }

  submit(spec: JobSpec): JobTicket {
    const job: ThreadJob = { id: randomUUID(), spec, channel: new Channel<JobMessage>(), thread: null, ended: false };
    this.queue.push(job);
    this.dispatch();
    return {
      messages: job.channel,
      cancel: (reason) => this.cancel(job, reason),
    };
  }

  load(): JobBackendLoad {
    return { queued: this.queue.length, active: this.threads.map((thread) => ({ worker: thread.slot, jobs: thread.jobs.size })) };
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const job of this.queue.splice(0)) this.end(job, { kind: 'end', outcome: 'cancelled' });
    await Promise.all(
      this.threads.map(
        (thread) =>
          new Promise<void>((resolve) => {
            thread.worker.once('exit', () => resolve());
            if (!thread.ready) void thread.worker.terminate();
            else thread.worker.postMessage({ type: 'close' } satisfies ThreadRequest);
          }),
      ),
    );
  }

  private cancel(job: ThreadJob, reason: CancelReason): void {
    if (job.ended) return;
    if (job.thread === null) {
      this.queue.splice(this.queue.indexOf(job), 1);
      this.end(job, { kind: 'end', outcome: 'cancelled' });
      return;
    }
    // A job declared lost went silent for a whole lease: its thread's event loop is stuck, so the thread
    // goes (its exit ends every job it held as lost, and a new thread takes the queue).
    if (reason === 'lost') void job.thread.worker.terminate();
    else job.thread.worker.postMessage({ type: 'cancel', id: job.id, reason } satisfies ThreadRequest);
  }

  /** Gives queued jobs to threads with a free slot: an idle ready thread first, then a new thread, then any. */
  private dispatch(): void {
    while (this.queue.length > 0 && !this.closing) {
      const thread = this.pickThread();
      if (thread === null) return;
      const job = this.queue.shift() as ThreadJob;
      job.thread = thread;
      thread.jobs.set(job.id, job);
      thread.worker.postMessage({ type: 'run', id: job.id, spec: job.spec } satisfies ThreadRequest);
    }
  }

  private pickThread(): JobThread | null {
    const free = this.threads.filter((t) => t.jobs.size < this.options.jobsPerThread);
    const idle = free.find((t) => t.jobs.size === 0);
    if (idle !== undefined) return idle;
    if (this.threads.length < this.options.threads) return this.spawn();
    return free.sort((a, b) => a.jobs.size - b.jobs.size)[0] ?? null;
  }

  private spawn(): JobThread {
    const { port1, port2 } = new MessageChannel();
    // The lowest free slot: a thread started after another died takes its name, so the label stays one per thread.
    const taken = new Set(this.threads.map((thread) => thread.slot));
    let index = 1;
    while (taken.has(`thread-${index}`)) index += 1;
    const slot = `thread-${index}`;
    const workerId = `${hostname()}:${process.pid}:${slot}-${randomUUID().slice(0, 8)}`;
    const config = { ...this.options.config, logging: { ...this.options.config.logging, destination: undefined } };
    const data: JobThreadData = { config, dbPort: port2, workerId, leaseMs: this.options.leaseMs };
    const worker = startThread(__dirname, 'job-thread', { workerData: data, transferList: [port2] });
    const thread: JobThread = { worker, workerId, slot, jobs: new Map(), ready: false, closeBridge: servePoolBridge(this.options.pool, port1) };
    worker.on('message', (reply: ThreadReply) => {
      if (reply.type === 'ready') thread.ready = true;
      else if (reply.type === 'telemetry') for (const observation of reply.observations) this.options.telemetry?.apply(observation);
      else if (reply.type === 'messages') {
        for (const { id, message } of reply.messages) {
          const job = thread.jobs.get(id);
          if (job === undefined) continue;
          if (message.kind === 'end') {
            thread.jobs.delete(job.id);
            this.end(job, message);
            this.dispatch();
          } else job.channel.push(message);
        }
      }
    });
    worker.on('error', (error) => this.logger.error(`Job thread ${workerId} failed: ${error.stack ?? error.message}`));
    worker.on('exit', (code) => {
      this.threads.splice(this.threads.indexOf(thread), 1);
      thread.closeBridge();
      const lost = new JobCancelledError('lost');
      for (const job of thread.jobs.values()) {
        this.logger.error({ run_id: job.spec.run_id ?? null, request_id: job.spec.request_id ?? null, job_kind: job.spec.kind, code: 'WORKER_LOST' }, `Run failed: job thread ${workerId} exited (code ${code}) while running it`);
        job.channel.push({ kind: 'event', event: { type: 'error', message: lost.message, timestamp: new Date().toISOString() } });
        this.end(job, { kind: 'end', outcome: 'error', failure: toJobFailure(lost, lost.message) });
      }
      thread.jobs.clear();
      this.dispatch();
    });
    worker.unref();
    this.threads.push(thread);
    return thread;
  }

  private end(job: ThreadJob, message: JobMessage): void {
    if (job.ended) return;
    job.ended = true;
    job.channel.push(message);
    job.channel.close();
  }
}
