// `hf worker` (npm run worker, or `node dist/worker.js` in the image): a job executor of the scale-out mode. It takes jobs from the Redis
// queue (REDIS_URL) and records runs in PostgreSQL (DATABASE_URL); the API processes only enqueue and stream.
import './core/compile-cache';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { ConfigError, loadConfigFromProcess } from './config';
import { startMetricsServer, Telemetry } from './core/telemetry';
import { JobExecutor } from './modules/jobs/job-executor';
import { QueueWorker } from './modules/jobs/queue-worker';
import { assertRedisReachable } from './modules/jobs/redis';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  const config = loadConfigFromProcess();
  if (config.jobs.redisUrl === null) throw new ConfigError('REDIS_URL', 'must be set: a worker takes its jobs from the Redis queue');
  if (config.database.url === null) throw new ConfigError('DATABASE_URL', 'must be set: a worker records runs in the PostgreSQL server the API uses');
  await assertRedisReachable(config.jobs.redisUrl);
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, { runMigrations: true }), { bufferLogs: true });
  const logger = app.get(Logger);
  app.useLogger(logger);
  const worker = new QueueWorker(app.get(JobExecutor), config);
  const telemetry = app.get(Telemetry);
  telemetry.collectProcessMetrics();
  telemetry.sample('hf_jobs_active', () => [{ labels: { worker: 'process' }, value: worker.activeJobs }]);
  const metrics = config.jobs.metricsPort === null ? null : await startMetricsServer(telemetry, config);
  if (metrics !== null) logger.log(`Metrics at ${metrics.url}`);
  await worker.start(config.jobs.redisUrl);

  let closing = false;
  const shutdown = async (signal: NodeJS.Signals): Promise<void> => {
    if (closing) return;
    closing = true;
    logger.log(`${signal} received, draining: no new jobs, running ones get ${config.jobs.shutdownGraceMs} ms`);
    try {
      await worker.drain();
      await metrics?.close();
      await app.close();
      process.exitCode = 0;
    } catch (error) {
      logger.error(`Shutdown failed: ${(error as Error).message}`);
      process.exitCode = 1;
    }
  };
  // `on`, not `once`: under npm a Ctrl-C arrives twice (from the terminal and forwarded by npm), and a
  // second signal without a handler would kill it mid-drain. Repeats are ignored (`closing`).
  process.on('SIGINT', (signal) => void shutdown(signal));
  process.on('SIGTERM', (signal) => void shutdown(signal));
}

/** Starts the worker; a failure to start is printed (a ConfigError as its one line) and exits 1. */
export async function runWorker(): Promise<void> {
  await bootstrap().catch((error: unknown) => {
    process.stderr.write(error instanceof ConfigError ? `${error.message}\n` : `The worker failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}

if (require.main === module) void runWorker();
