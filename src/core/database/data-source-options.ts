import type { DataSourceOptions } from 'typeorm';
import { DEFAULT_DATABASE_TIMEOUTS, type DatabaseTimeouts, timeoutAwareClient } from './database-timeouts';
import { MIGRATIONS } from './migrations';

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
    extra: { max: poolSize, connectionTimeoutMillis: timeouts.acquireTimeoutMs, Client: timeoutAwareClient(timeouts) },
    logging: false,
  };
}
