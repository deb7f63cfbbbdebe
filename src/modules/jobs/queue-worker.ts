import { hostname } from 'node:os';
import { Logger } from '@nestjs/common';
import { type Job, Worker } from 'bullmq';
import type Redis from 'ioredis';
import type { AppConfig } from '../../config';
import { type CancelReason, JobCancelledError, type JobMessage, type JobSpec } from './job';
import type { JobExecutor } from './job-executor';
import { type CancelNotice, openJob, type QueuedJobData, QueueKeys, redisConnection } from './redis';

const CANCEL_REASONS: readonly string[] = ['client', 'shutdown', 'lost'];

/**
 * A worker process's side of the queue (`node dist/worker.js`): takes up to WORKER_CONCURRENCY jobs at once
 * from BullMQ, executes each with the job executor, publishes its messages on the job's channel, and aborts
 * a job when a cancel for it arrives. `drain` stops taking jobs (queued ones stay for other workers), gives
 * the running ones the grace period, then cancels them ("server shutting down").
 */
export class QueueWorker {
  readonly workerId = `${hostname()}:${process.pid}:worker`;
  private readonly logger = new Logger(QueueWorker.name);
  private readonly keys: QueueKeys;
  private readonly running = new Map<string, AbortController>();
  private publisher: Redis | null = null;
  private subscriber: Redis | null = null;
  private worker: Worker | null = null;
  private queueConnection: Redis | null = null;

  constructor(
    private readonly executor: JobExecutor,
    private readonly appConfig: AppConfig,
  ) {
    this.keys = new QueueKeys(appConfig.jobs.queuePrefix);
  }

  private get config(): AppConfig['jobs'] {
    return this.appConfig.jobs;
  }

  async start(url: string): Promise<void> {
    this.publisher = redisConnection(url, 'hf-worker');
    this.subscriber = redisConnection(url, 'hf-worker-cancels');
    for (const client of [this.publisher, this.subscriber]) client.on('error', (error: Error) => this.logger.warn(`Redis: ${error.message}`));
    this.subscriber.on('message', (_topic: string, text: string) => {
      const notice = JSON.parse(text) as CancelNotice;
      if (CANCEL_REASONS.includes(notice.reason)) this.running.get(notice.jobId)?.abort(new JobCancelledError(notice.reason as CancelReason));
    });
    await this.subscriber.subscribe(this.keys.cancels);
    this.queueConnection = redisConnection(url, 'hf-worker-queue');
    this.worker = new Worker(QueueKeys.QUEUE_NAME, (job: Job<QueuedJobData>) => this.process(job), {
      connection: this.queueConnection,
      prefix: this.config.queuePrefix,
      concurrency: this.config.concurrency,
      // A job whose worker died is not run again: its client was told (error event) and its run marked lost.
      maxStalledCount: 0,
    });
    this.worker.on('error', (error: Error) => this.logger.warn(`Queue: ${error.message}`));
    this.logger.log(`Worker ${this.workerId} takes jobs (${this.config.concurrency} at once)`);
  }

  /** Jobs this process executes now (`hf_jobs_active`). */
  get activeJobs(): number {
    return this.running.size;
  }

  /** Stops taking jobs, lets the running ones finish for the grace period, then cancels them. */
  async drain(): Promise<void> {
    if (this.worker === null) return;
    const closing = this.worker.close();
    const grace = setTimeout(() => {
      if (this.running.size > 0) this.logger.warn(`Grace period over: cancelling ${this.running.size} job(s)`);
      for (const controller of this.running.values()) controller.abort(new JobCancelledError('shutdown'));
    }, this.config.shutdownGraceMs);
    try {
      await closing;
    } finally {
      clearTimeout(grace);
    }
    this.subscriber?.disconnect();
    // BullMQ closes the connections it made, not the one it was given.
    for (const client of [this.publisher, this.queueConnection]) await client?.quit().catch(() => undefined);
  }

  private async process(job: Job<QueuedJobData>): Promise<void> {
    const id = job.id as string;
    const topic = this.keys.messages(id);
    const send = (message: JobMessage): void => {
      if (this.publisher?.status === 'ready') void this.publisher.publish(topic, JSON.stringify(message)).catch(() => undefined);
    };
    if ((await this.publisher?.exists(this.keys.cancelled(id))) === 1) {
      send({ kind: 'end', outcome: 'cancelled' });
      return;
    }
    let spec: JobSpec;
    try {
      spec = openJob(job.data, id, this.appConfig.security.secretsKey);
    } catch (error) {
      const message = `The job could not be opened: ${error instanceof Error ? error.message : String(error)}`;
      this.logger.error(message);
      send({ kind: 'event', event: { type: 'error', message, timestamp: new Date().toISOString() } });
      send({ kind: 'end', outcome: 'error', failure: { source: 'internal', code: 'INTERNAL', message } });
      return;
    }
    const controller = new AbortController();
    this.running.set(id, controller);
    try {
      await this.executor.execute(spec, { workerId: this.workerId, leaseMs: this.config.leaseMs }, controller.signal, send);
    } finally {
      this.running.delete(id);
    }
  }
}
