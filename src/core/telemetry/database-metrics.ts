import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, Logger as TypeOrmLogger } from 'typeorm';
import { Telemetry } from './telemetry';

const SQLSTATE = /^[0-9A-Z]{5}$/;

/** The SQLSTATE class of a failed query (`23` integrity, `57` operator intervention, …), `none` without one. */
export function sqlStateClass(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && SQLSTATE.test(code) ? code.slice(0, 2) : 'none';
}

/**
 * TypeORM's logger hook, used only to count failed queries (`hf_db_query_errors_total`): TypeORM reports
 * every failed query to its logger, whatever the `logging` option says. Nothing is written: the error
 * reaches the code that ran the query, which answers or logs it.
 */
export function queryErrorCounter(telemetry: Telemetry): TypeOrmLogger {
  const ignore = (): void => undefined;
  return {
    logQuery: ignore,
    logQuerySlow: ignore,
    logSchemaBuild: ignore,
    logMigration: ignore,
    log: ignore,
    logQueryError: (error) => telemetry.count('hf_db_query_errors_total', { code_class: sqlStateClass(error) }),
  };
}

/** The part of `pg.Pool` the gauges read. */
interface PoolCounts {
  readonly totalCount: number;
  readonly idleCount: number;
  readonly waitingCount: number;
}

function isPoolWithCounts(pool: unknown): pool is PoolCounts {
  return typeof pool === 'object' && pool !== null && typeof (pool as PoolCounts).totalCount === 'number' && typeof (pool as PoolCounts).waitingCount === 'number';
}

/**
 * The gauges of this process's `pg` pool: connections in use and idle, and queries waiting for one.
 * A worker thread has no pool of its own (its queries go through the main thread's, see pool-bridge.ts),
 * so it reports none; the main thread's pool carries its queries.
 */
@Injectable()
export class DatabasePoolMetrics {
  constructor(@InjectDataSource() dataSource: DataSource, telemetry: Telemetry) {
    const pool = (): PoolCounts | null => {
      const master = (dataSource.driver as unknown as { master?: unknown }).master;
      return isPoolWithCounts(master) ? master : null;
    };
    telemetry.sample('hf_db_pool_connections', () => {
      const counts = pool();
      if (counts === null) return [];
      return [
        { labels: { state: 'in_use' }, value: counts.totalCount - counts.idleCount },
        { labels: { state: 'idle' }, value: counts.idleCount },
      ];
    });
    telemetry.sample('hf_db_pool_waiting', () => {
      const counts = pool();
      return counts === null ? [] : [{ labels: {}, value: counts.waitingCount }];
    });
  }
}
