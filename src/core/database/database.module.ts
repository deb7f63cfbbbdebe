import { Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config';
import { DatabasePoolMetrics, queryErrorCounter } from '../telemetry/database-metrics';
import { Telemetry } from '../telemetry/telemetry';
import { buildDataSourceOptions } from './data-source-options';
import { runMigrationsLocked } from './migration-lock';

/**
 * How an executor's database differs from the API's (provided by the worker module): worker threads reach
 * the database through the main thread's pool (`driver`, see pool-bridge.ts) and leave the migrations to
 * the main thread; worker processes migrate like the API (under the migration lock).
 */
export interface DatabaseOverrides {
  readonly driver?: object;
  readonly runMigrations: boolean;
}

export const DATABASE_OVERRIDES = Symbol('DATABASE_OVERRIDES');

const logger = new Logger('DatabaseModule');

/**
 * Connects, then applies the pending migrations under the advisory migration lock when `migrationsRun` is
 * set (TypeORM's own `migrationsRun` takes no lock, so it is never passed on).
 */
async function connectAndMigrate(options: DataSourceOptions): Promise<DataSource> {
  const dataSource = await new DataSource({ ...options, migrationsRun: false }).initialize();
  if (options.migrationsRun !== true) return dataSource;
  try {
    const applied = await runMigrationsLocked(dataSource, { onWait: () => logger.log('Another process is migrating this database; waiting for it') });
    if (applied.length > 0) logger.log(`Applied migrations: ${applied.map((m) => m.name).join(', ')}`);
    return dataSource;
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
}

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG, { token: DATABASE_OVERRIDES, optional: true }, { token: Telemetry, optional: true }],
      useFactory: (config: AppConfig, overrides?: DatabaseOverrides, telemetry?: Telemetry) => {
        if (config.database.url === null) {
          throw new Error('DatabaseModule needs a database URL; bootstrap starts the embedded database first');
        }
        const options = {
          ...buildDataSourceOptions(config.database.url, config.database.poolSize, config.database.timeouts),
          autoLoadEntities: true,
          ...(telemetry === undefined ? {} : { logger: queryErrorCounter(telemetry) }),
        };
        if (overrides === undefined) return { ...options, migrationsRun: true };
        return { ...options, migrationsRun: overrides.runMigrations, ...(overrides.driver === undefined ? {} : { driver: overrides.driver }) };
      },
      dataSourceFactory: (options) => {
        if (options === undefined) throw new Error('DatabaseModule: no data source options');
        return connectAndMigrate(options);
      },
    }),
  ],
  providers: [DatabasePoolMetrics],
})
export class DatabaseModule {}
