import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type Redis from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../../config';
import { DomainError } from '../../core/http';
import { redisConnection } from './redis';

/** A file a job reads, shipped through Redis by the API that accepted the job (see JobFileStore). */
export interface JobFileRef {
  /** The name the request gave it (e.g. a `csv_file` inside the market-data directory). */
  readonly name: string;
  /** SHA-256 of the content, hex: the key it is stored under, checked again when it is read. */
  readonly sha256: string;
  readonly bytes: number;
}

/** How long a shipped file stays in Redis after the last job that shipped it (queued jobs wait at most that). */
export const JOB_FILE_TTL_SECONDS = 24 * 3_600;

/**
 * Files that live on the disk of the API process that accepted a job, for the worker process that executes
 * it on another machine (scale-out mode, REDIS_URL): the API stores the content in Redis under its SHA-256
 * (`<JOB_QUEUE_PREFIX>:file:<sha256>`, kept JOB_FILE_TTL_SECONDS, the same file shipped again only renews
 * the expiry) and the job carries `JobFileRef`s; the worker reads the content back and checks its hash.
 * Without REDIS_URL nothing is shipped: worker threads read the server's own disk.
 */
@Injectable()
export class JobFileStore implements OnModuleDestroy {
  private readonly logger = new Logger(JobFileStore.name);
  private client: Redis | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** True in scale-out mode: jobs execute in worker processes that may not share this disk. */
  get shipsFiles(): boolean {
    return this.config.jobs.redisUrl !== null;
  }

  /** Stores `content` (unless the same content is stored already) and answers its reference. */
  async put(name: string, content: Uint8Array): Promise<JobFileRef> {
    const sha256 = createHash('sha256').update(content).digest('hex');
    const key = this.key(sha256);
    const redis = this.redis();
    if ((await redis.expire(key, JOB_FILE_TTL_SECONDS)) === 0) await redis.set(key, Buffer.from(content.buffer, content.byteOffset, content.byteLength), 'EX', JOB_FILE_TTL_SECONDS);
    return { name, sha256, bytes: content.byteLength };
  }

  /**
   * The content of a shipped file.
   * @throws DomainError NOT_FOUND when it expired from Redis (the job waited longer than JOB_FILE_TTL_SECONDS),
   *   Error when the content read back does not match its hash.
   */
  async get(ref: JobFileRef): Promise<Buffer> {
    const content = await this.redis().getBuffer(this.key(ref.sha256));
    if (content === null) throw new DomainError('NOT_FOUND', `${ref.name} is no longer in the job queue's file store (kept ${JOB_FILE_TTL_SECONDS / 3_600} h); run the request again.`);
    if (createHash('sha256').update(content).digest('hex') !== ref.sha256) throw new Error(`The shipped content of ${ref.name} does not match its SHA-256`);
    return content;
  }

  async onModuleDestroy(): Promise<void> {
    await this.client?.quit().catch(() => undefined);
    this.client = null;
  }

  private key(sha256: string): string {
    return `${this.config.jobs.queuePrefix}:file:${sha256}`;
  }

  private redis(): Redis {
    const url = this.config.jobs.redisUrl;
    if (url === null) throw new Error('JobFileStore needs REDIS_URL');
    if (this.client === null) {
      this.client = redisConnection(url, 'hf-job-files');
      this.client.on('error', (error: Error) => this.logger.warn(`Redis: ${error.message}`));
    }
    return this.client;
  }
}
