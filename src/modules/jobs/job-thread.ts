// The entry of a job worker thread (embedded mode): boots the worker module, then executes the jobs the
// main thread sends, streaming their messages back. Its database is the main thread's pool (pool-bridge.ts).
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from '../../config';
import { bridgeDriver } from '../../core/database/pool-bridge';
import { type Observation, Telemetry } from '../../core/telemetry';
import { WorkerModule } from '../../worker.module';
import { type CancelReason, JobCancelledError, type JobSpec } from './job';
import { JobExecutor } from './job-executor';
import type { ThreadReply, ThreadRequest } from './thread-pool.backend';

export interface JobThreadData {
  readonly config: AppConfig;
  readonly dbPort: MessagePort;
  readonly workerId: string;
  readonly leaseMs: number;
}

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
  // The thread's metrics go to the main thread, whose registry is the one scraped: batched per turn of the
  // event loop, and always sent before the next job message, so a job's counts have arrived by its `end`.
  let observations: Observation[] = [];
  const flush = (): void => {
    if (observations.length === 0) return;
    port.postMessage({ type: 'telemetry', observations } satisfies ThreadReply);
    observations = [];
  };
  app.get(Telemetry).forwardTo((observation) => {
    if (observations.length === 0) setImmediate(flush);
    observations.push(observation);
  });
  const reply = (message: ThreadReply): void => {
    flush();
    port.postMessage(message);
  };
  const run = async (id: string, spec: JobSpec): Promise<void> => {
    const controller = new AbortController();
    running.set(id, controller);
    try {
      await executor.execute(spec, { workerId: data.workerId, leaseMs: data.leaseMs }, controller.signal, (message) => reply({ type: 'message', id, message }));
    } finally {
      running.delete(id);
    }
  };
  port.on('message', (request: ThreadRequest) => {
    if (request.type === 'run') void run(request.id, request.spec);
    else if (request.type === 'cancel') running.get(request.id)?.abort(new JobCancelledError(request.reason as CancelReason));
    else if (request.type === 'close') void app.close().finally(() => process.exit(0));
  });
  reply({ type: 'ready' });
}

main().catch((error: unknown) => {
  process.stderr.write(`The job thread could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
