// The entry of a job worker thread (embedded mode): boots the worker module, then executes the jobs the
// main thread sends, streaming their messages back. Its database is the main thread's pool (pool-bridge.ts).
import '../../core/compile-cache';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from '../../config';
import { bridgeDriver } from '../../core/database/pool-bridge';
import { type Observation, Telemetry } from '../../core/telemetry';
import { WorkerModule } from '../../worker.module';
import { type CancelReason, JobCancelledError, type JobMessage, type JobSpec } from './job';
import { JobExecutor } from './job-executor';
import type { ThreadReply, ThreadRequest } from './thread-pool.backend';

export interface JobThreadData {
  readonly config: AppConfig;
  readonly dbPort: MessagePort;
  readonly workerId: string;
  readonly leaseMs: number;
}

/** The longest a job message waits in this thread before it is sent (milliseconds). */
const BATCH_MAX_MS = 20;

/** A structured clone turns the secrets key (a Buffer) into a Uint8Array. */
function reviveConfig(config: AppConfig): AppConfig {
  const key = config.security.secretsKey as Uint8Array | null;
  return { ...config, security: { ...config.security, secretsKey: key === null ? null : Buffer.from(key) } };
}

async function main(): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error('job-thread.ts runs as a worker thread');
  const data = workerData as JobThreadData;
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(reviveConfig(data.config), { driver: bridgeDriver(data.dbPort), runMigrations: false }), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  const executor = app.get(JobExecutor);
  const running = new Map<string, AbortController>();
  // The thread's metrics go to the main thread, whose registry is the one scraped. Both they and the jobs'
  // events leave batched, once per turn of this thread's event loop (a backtest day's dozens of events in one
  // message, so the main thread relays them in one turn and one socket write); the observations go first, so a
  // job's counts have arrived by its `end`. What must not wait goes at once, with the batch before it: `started`,
  // lease beats and `end` (the lease watchdog times the gaps between messages, and a thread that dies later in the
  // turn must not take a finished job's result with it), and whatever comes BATCH_MAX_MS or more after the last
  // post (the first event after a quiet spell; in a turn that runs long, what it has so far).
  let observations: Observation[] = [];
  let messages: { readonly id: string; readonly message: JobMessage }[] = [];
  let flushQueued = false;
  let postedAt = -Infinity;
  const flush = (): void => {
    flushQueued = false;
    if (observations.length > 0) port.postMessage({ type: 'telemetry', observations } satisfies ThreadReply);
    if (messages.length > 0) port.postMessage({ type: 'messages', messages } satisfies ThreadReply);
    observations = [];
    messages = [];
    postedAt = performance.now();
  };
  /** Posts at once when nothing went out for BATCH_MAX_MS (after a quiet spell, or in a long turn), else at the turn's end. */
  const queue = (): void => {
    if (performance.now() - postedAt >= BATCH_MAX_MS) flush();
    else if (!flushQueued) {
      flushQueued = true;
      setImmediate(() => {
        if (flushQueued) flush();
      });
    }
  };
  app.get(Telemetry).forwardTo((observation) => {
    observations.push(observation);
    queue();
  });
  const reply = (id: string, message: JobMessage): void => {
    messages.push({ id, message });
    if (message.kind === 'event') queue();
    else flush();
  };
  const run = async (id: string, spec: JobSpec): Promise<void> => {
    const controller = new AbortController();
    running.set(id, controller);
    try {
      await executor.execute(spec, { workerId: data.workerId, leaseMs: data.leaseMs }, controller.signal, (message) => reply(id, message));
    } finally {
      running.delete(id);
    }
  };
  port.on('message', (request: ThreadRequest) => {
    if (request.type === 'run') void run(request.id, request.spec);
    else if (request.type === 'cancel') running.get(request.id)?.abort(new JobCancelledError(request.reason as CancelReason));
    else if (request.type === 'close') void app.close().finally(() => process.exit(0));
  });
  port.postMessage({ type: 'ready' } satisfies ThreadReply);
}

main().catch((error: unknown) => {
  process.stderr.write(`The job thread could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
