import './core/compile-cache';
import 'reflect-metadata';
import type * as NestCommon from '@nestjs/common';
import type * as AppFactory from './app.factory';
import { ConfigError, loadConfigFromProcess } from './config/load-config';
import { EmbeddedDatabaseLockedError } from './core/database/embedded-postgres';
import { startDatabase } from './core/database/start-database';
import type * as Jobs from './modules/jobs/jobs.service';

/** After the jobs' grace period and their cancellation, streams still open are cut. */
const FORCE_CLOSE_MARGIN_MS = 10_000;

/** A port that cannot be listened on is a configuration error naming PORT (one line, no stack), like the others. */
function listenError(error: unknown, host: string, port: number): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'EADDRINUSE') return new ConfigError('PORT', `${port} is already in use on ${host}; stop what holds it or set PORT to a free port`);
  if (code === 'EACCES') return new ConfigError('PORT', `${port} on ${host} needs privileges this process lacks; set PORT to 1024 or above`);
  return error;
}

async function bootstrap(): Promise<void> {
  // The embedded database opens in its own thread (about 0.3 s) while this one loads the application (most of
  // the rest of a start): the application's modules are required only once the database is on its way.
  const starting = startDatabase(loadConfigFromProcess());
  starting.catch(() => undefined); // (awaited below; a failure is not unhandled meanwhile)
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { createApp } = require('./app.factory') as typeof AppFactory;
  const { JobsService } = require('./modules/jobs/jobs.service') as typeof Jobs;
  const { Logger } = require('@nestjs/common') as typeof NestCommon;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const logger = new Logger('Bootstrap');
  const database = await starting;
  const { config } = database;
  let app: Awaited<ReturnType<typeof createApp>> | undefined;
  try {
    app = await createApp(config);
    await app.get(JobsService).connect();
    await app.listen(config.http.port, config.http.host).catch((error: unknown) => {
      throw listenError(error, config.http.host, config.http.port);
    });
  } catch (error) {
    await app?.close().catch(() => undefined);
    await database.stop();
    throw error;
  }
  const started = app;
  const server = started.getHttpServer();
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.http.port;
  logger.log(`Serving on http://${config.http.host}:${port} (${database.embedded ? `embedded database in ${config.storage.dataDir}` : 'PostgreSQL'}); docs at /docs`);

  let closing = false;
  const shutdown = async (signal: NodeJS.Signals): Promise<void> => {
    if (closing) return;
    closing = true;
    logger.log(`${signal} received, draining: new runs are refused, running jobs get ${config.jobs.shutdownGraceMs} ms`);
    // The jobs service drains first (beforeApplicationShutdown); a stream that still holds server.close() open is cut.
    started.get(JobsService).stopAccepting();
    const force = setTimeout(() => server.closeAllConnections(), config.jobs.shutdownGraceMs + FORCE_CLOSE_MARGIN_MS);
    force.unref();
    try {
      await started.close();
      await database.stop();
      process.exitCode = 0;
    } catch (error) {
      logger.error(`Shutdown failed: ${(error as Error).message}`);
      process.exitCode = 1;
    } finally {
      clearTimeout(force);
    }
  };
  // `on`, not `once`: under npm a Ctrl-C arrives twice (from the terminal and forwarded by npm), and a
  // second signal without a handler would kill it mid-drain. Repeats are ignored (`closing`).
  process.on('SIGINT', (signal) => void shutdown(signal));
  process.on('SIGTERM', (signal) => void shutdown(signal));
}

bootstrap().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof EmbeddedDatabaseLockedError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`Failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
