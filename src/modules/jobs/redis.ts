import Redis from 'ioredis';
import { ConfigError } from '../../config';

/**
 * Redis keys and channels of the job queue, all under JOB_QUEUE_PREFIX (a test run or a deployment uses its
 * own prefix, so queues never mix): the BullMQ queue, one message channel per job (executor → the process
 * holding the client), the cancel channel (→ every worker), and a cancel mark for a job not started yet.
 */
export class QueueKeys {
  static readonly QUEUE_NAME = 'jobs';

  constructor(readonly prefix: string) {}

  messages(jobId: string): string {
    return `${this.prefix}:job:${jobId}:messages`;
  }

  get cancels(): string {
    return `${this.prefix}:cancels`;
  }

  cancelled(jobId: string): string {
    return `${this.prefix}:cancelled:${jobId}`;
  }
}

/** A cancel request on the cancel channel. */
export interface CancelNotice {
  readonly jobId: string;
  readonly reason: string;
}

/** How long a cancel mark waits for a worker to pick its job up (then the job is long gone). */
export const CANCEL_MARK_SECONDS = 3_600;

/** REDIS_URL with its password hidden, for messages. */
export function describeRedisUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password !== '') parsed.password = '***';
  return parsed.toString();
}

/**
 * A connection that retries for ever (BullMQ requires `maxRetriesPerRequest: null`): commands wait while
 * Redis is away and the client reconnects by itself when it returns.
 */
export function redisConnection(url: string, name: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, connectionName: name, retryStrategy: (times) => Math.min(times * 200, 2_000) });
}

/** Stops the boot when Redis does not answer: a ConfigError naming REDIS_URL. */
export async function assertRedisReachable(url: string, timeoutMs = 5_000): Promise<void> {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: timeoutMs, enableOfflineQueue: false });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    throw new ConfigError('REDIS_URL', `is ${describeRedisUrl(url)}, which does not answer (${error instanceof Error ? error.message : String(error)}); start Redis or fix REDIS_URL`);
  } finally {
    probe.disconnect();
  }
}
