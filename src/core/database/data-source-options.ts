import type { DataSourceOptions } from 'typeorm';
import { DEFAULT_DATABASE_TIMEOUTS, type DatabaseTimeouts, timeoutAwareClient } from './database-timeouts';
import { MIGRATIONS } from './migrations';

/**
 * The longest wait for a pooled connection. With a single connection (the embedded PGlite, a single session, see
 * startDatabase) every request and every job thread queues for it, so waiting there is queueing behind statements
 * that each have DATABASE_STATEMENT_TIMEOUT_MS, not a sign of an unreachable database: the wait is then at least
 * one statement timeout. Under load, five seconds in that queue failed multi-year backtests with an internal error.
 */
export function acquireTimeoutMs(poolSize: number, timeouts: DatabaseTimeouts): number {
  return poolSize === 1 ? Math.max(timeouts.acquireTimeoutMs, timeouts.statementTimeoutMs) : timeouts.acquireTimeoutMs;
}

/**
 * The one TypeORM configuration for the server, the CLI and the tests: schema only from migrations
 * (`synchronize` is never on). TypeORM never runs them itself (`migrationsRun: false`): whoever migrates
 * calls `runMigrationsLocked` (migration-lock.ts), which serialises processes booting at once. Every wait is bounded (connect,
 * pool acquire, statement; see `DatabaseTimeouts`), so an unreachable database fails fast instead of
 * hanging the requests that need it.
 */
export function buildDataSourceOptions(url: string, poolSize: number, timeouts: DatabaseTimeouts = DEFAULT_DATABASE_TIMEOUTS): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    uuidExtension: 'pgcrypto',
    synchronize: false,
    migrations: MIGRATIONS,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    migrationsTableName: 'schema_migrations',
    // pg-pool's connectionTimeoutMillis bounds the wait for a pooled connection; the client class bounds
    // the connect itself and the statements.
    extra: { max: poolSize, connectionTimeoutMillis: acquireTimeoutMs(poolSize, timeouts), Client: timeoutAwareClient(timeouts) },
    logging: false,
  };
}
