import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import type Redis from 'ioredis';
import { Channel } from './channel';
import { type CancelReason, type JobMessage, type JobSpec, toJobFailure } from './job';
import type { JobBackend, JobBackendLoad, JobTicket } from './job-backend';
import { CANCEL_MARK_SECONDS, type CancelNotice, QueueKeys, redisConnection, sealJob } from './redis';

interface QueuedTicket {
  readonly channel: Channel<JobMessage>;
  readonly topic: string;
  started: boolean;
  ended: boolean;
}

export const REDIS_LOST_MESSAGE = 'The connection to the job queue (Redis) was lost; the run goes on in its worker and its outcome is recorded with the run.';

/**
 * The API side of scale-out (REDIS_URL): jobs go to a BullMQ queue that `node dist/worker.js` processes
 * consume; each job's messages come back on its own Redis channel, subscribed before the job is added. A
 * cancel is published to every worker (and marked, for a job no worker has picked up yet). When Redis goes
 * away, the streams held here end with an `error` event and new jobs are refused (503) until it returns.
 */
export class RedisQueueBackend implements JobBackend {
  private readonly logger = new Logger(RedisQueueBackend.name);
  private readonly keys: QueueKeys;
  private readonly commands: Redis;
  private readonly subscriber: Redis;
  private readonly queue: Queue;
  private readonly tickets = new Map<string, QueuedTicket>();

  constructor(
    url: string,
    prefix: string,
    private readonly secretsKey: Buffer | null,
  ) {
    this.keys = new QueueKeys(prefix);
    this.commands = redisConnection(url, 'hf-api');
    this.subscriber = redisConnection(url, 'hf-api-subscriber');
    for (const client of [this.commands, this.subscriber]) client.on('error', (error: Error) => this.logger.warn(`Redis: ${error.message}`));
    this.subscriber.on('close', () => this.connectionLost());
    this.subscriber.on('message', (topic: string, text: string) => this.receive(topic, text));
    this.queue = new Queue(QueueKeys.QUEUE_NAME, { connection: this.commands, prefix });
  }

  unavailable(): string | null {
    if (this.commands.status === 'ready' && this.subscriber.status === 'ready') return null;
    return 'The job queue (Redis) cannot be reached; retry in a moment.';
  }

  submit(spec: JobSpec): JobTicket {
    const id = randomUUID();
    const ticket: QueuedTicket = { channel: new Channel<JobMessage>(), topic: this.keys.messages(id), started: false, ended: false };
    this.tickets.set(ticket.topic, ticket);
    const enqueue = async (): Promise<void> => {
      await this.subscriber.subscribe(ticket.topic);
      await this.queue.add(spec.kind, sealJob(spec, id, this.secretsKey), { jobId: id, removeOnComplete: true, removeOnFail: true, attempts: 1 });
    };
    enqueue().catch((error: unknown) => {
      this.logger.error(`Could not enqueue a ${spec.kind} job: ${String(error)}`);
      this.fail(ticket, 'The job could not be queued.');
    });
    return { messages: ticket.channel, cancel: (reason) => void this.cancel(id, ticket, reason) };
  }

  /** Jobs waiting in the queue (every API process sees the same number); the workers report what they run. */
  async load(): Promise<JobBackendLoad | null> {
    if (this.unavailable() !== null) return null;
    const counts = await this.queue.getJobCounts('waiting', 'prioritized', 'delayed');
    return { queued: Object.values(counts).reduce((sum, n) => sum + n, 0), active: [] };
  }

  async close(): Promise<void> {
    await this.queue.close();
    this.subscriber.disconnect();
    await this.commands.quit().catch(() => undefined);
  }

  private async cancel(id: string, ticket: QueuedTicket, reason: CancelReason): Promise<void> {
    if (ticket.ended) return;
    try {
      const notice: CancelNotice = { jobId: id, reason };
      await this.commands.set(this.keys.cancelled(id), reason, 'EX', CANCEL_MARK_SECONDS);
      await this.commands.publish(this.keys.cancels, JSON.stringify(notice));
      if (!ticket.started && (await this.queue.remove(id)) === 1) this.end(ticket, { kind: 'end', outcome: 'cancelled' });
    } catch (error) {
      this.logger.warn(`Could not cancel job ${id}: ${String(error)}`);
    }
  }

  private receive(topic: string, text: string): void {
    const ticket = this.tickets.get(topic);
    if (ticket === undefined) return;
    const message = JSON.parse(text) as JobMessage;
    if (message.kind === 'started') ticket.started = true;
    if (message.kind === 'end') this.end(ticket, message);
    else ticket.channel.push(message);
  }

  /** Every stream held here ends with an `error` event: its messages can no longer arrive. */
  private connectionLost(): void {
    if (this.tickets.size === 0) return;
    this.logger.error(`Lost the connection to Redis with ${this.tickets.size} job stream(s) open`);
    for (const ticket of [...this.tickets.values()]) this.fail(ticket, REDIS_LOST_MESSAGE);
  }

  private fail(ticket: QueuedTicket, message: string): void {
    ticket.channel.push({ kind: 'event', event: { type: 'error', message, timestamp: new Date().toISOString() } });
    this.end(ticket, { kind: 'end', outcome: 'error', failure: toJobFailure(new Error(message), message) });
  }

  private end(ticket: QueuedTicket, message: JobMessage): void {
    if (ticket.ended) return;
    ticket.ended = true;
    ticket.channel.push(message);
    ticket.channel.close();
    this.tickets.delete(ticket.topic);
    if (this.subscriber.status === 'ready') void this.subscriber.unsubscribe(ticket.topic).catch(() => undefined);
  }
}
