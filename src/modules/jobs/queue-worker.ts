import { hostname } from 'node:os';
import { Logger } from '@nestjs/common';
import { type Job, Worker } from 'bullmq';
import type Redis from 'ioredis';
import type { JobsConfig } from '../../config';
import { type CancelReason, JobCancelledError, type JobMessage, type JobSpec } from './job';
import type { JobExecutor } from './job-executor';
import { type CancelNotice, QueueKeys, redisConnection } from './redis';

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
    private readonly config: JobsConfig,
  ) {
    this.keys = new QueueKeys(config.queuePrefix);
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
    this.worker = new Worker(QueueKeys.QUEUE_NAME, (job: Job<{ spec: JobSpec }>) => this.process(job), {
      connection: this.queueConnection,
      prefix: this.config.queuePrefix,
      concurrency: this.config.concurrency,
      // A job whose worker died is not run again: its client was told (error event) and its run marked lost.
      maxStalledCount: 0,
    });
    this.worker.on('error', (error: Error) => this.logger.warn(`Queue: ${error.message}`));
    this.logger.log(`Worker ${this.workerId} takes jobs (${this.config.concurrency} at once)`);
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

  private async process(job: Job<{ spec: JobSpec }>): Promise<void> {
    const id = job.id as string;
    const topic = this.keys.messages(id);
    const send = (message: JobMessage): void => {
      if (this.publisher?.status === 'ready') void this.publisher.publish(topic, JSON.stringify(message)).catch(() => undefined);
    };
    if ((await this.publisher?.exists(this.keys.cancelled(id))) === 1) {
      send({ kind: 'end', outcome: 'cancelled' });
      return;
    }
    const controller = new AbortController();
    this.running.set(id, controller);
    try {
      await this.executor.execute(job.data.spec, { workerId: this.workerId, leaseMs: this.config.leaseMs }, controller.signal, send);
    } finally {
      this.running.delete(id);
    }
  }
}
