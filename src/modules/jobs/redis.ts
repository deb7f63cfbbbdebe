import type Redis from 'ioredis';
import { ConfigError } from '../../config';
import { SecretsCipher } from '../api-keys/secrets/secrets-cipher';
import type { JobSpec } from './job';

/**
 * The ioredis client class, loaded on first use: the embedded mode (no REDIS_URL) never connects to Redis, and
 * BullMQ with ioredis is about 70 ms of a process's start.
 */
function ioredis(): typeof Redis {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('ioredis') as { default: typeof Redis }).default;
}

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
  const Redis = ioredis();
  return new Redis(url, { maxRetriesPerRequest: null, connectionName: name, retryStrategy: (times) => Math.min(times * 200, 2_000) });
}

/** Stops the boot when Redis does not answer: a ConfigError naming REDIS_URL. */
export async function assertRedisReachable(url: string, timeoutMs = 5_000): Promise<void> {
  const Redis = ioredis();
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

/** A job as it sits in Redis: the spec without its secrets, which are sealed apart (AES-256-GCM, SECRETS_KEY). */
export interface QueuedJobData {
  readonly spec: Omit<JobSpec, 'secrets'>;
  readonly sealed?: { readonly ciphertext: string; readonly iv: string; readonly tag: string; readonly keyId: string };
}

export function sealJob(spec: JobSpec, jobId: string, secretsKey: Buffer | null): QueuedJobData {
  const { secrets, ...rest } = spec;
  if (secrets === undefined) return { spec: rest };
  if (secretsKey === null) throw new Error('Request secrets need SECRETS_KEY to cross the job queue');
  const sealed = new SecretsCipher(secretsKey).seal(JSON.stringify(secrets), `job:${jobId}`);
  return { spec: rest, sealed: { ciphertext: sealed.ciphertext.toString('base64'), iv: sealed.iv.toString('base64'), tag: sealed.tag.toString('base64'), keyId: sealed.keyId } };
}

export function openJob(data: QueuedJobData, jobId: string, secretsKey: Buffer | null): JobSpec {
  if (data.sealed === undefined) return data.spec;
  if (secretsKey === null) throw new Error('This worker has no SECRETS_KEY to open the request secrets of the job');
  const { ciphertext, iv, tag, keyId } = data.sealed;
  const plain = new SecretsCipher(secretsKey).open({ ciphertext: Buffer.from(ciphertext, 'base64'), iv: Buffer.from(iv, 'base64'), tag: Buffer.from(tag, 'base64'), keyId }, `job:${jobId}`);
  return { ...data.spec, secrets: JSON.parse(plain) as Record<string, string> };
}
