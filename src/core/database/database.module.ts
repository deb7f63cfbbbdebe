import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '../../config';
import { DatabasePoolMetrics, queryErrorCounter } from '../telemetry/database-metrics';
import { Telemetry } from '../telemetry/telemetry';
import { buildDataSourceOptions } from './data-source-options';

/**
 * How an executor's database differs from the API's (provided by the worker module): worker threads reach
 * the database through the main thread's pool (`driver`, see pool-bridge.ts), and executors leave the
 * migrations to the API process.
 */
export interface DatabaseOverrides {
  readonly driver?: object;
  readonly runMigrations: boolean;
}

export const DATABASE_OVERRIDES = Symbol('DATABASE_OVERRIDES');

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
        if (overrides === undefined) return options;
        return { ...options, migrationsRun: overrides.runMigrations, ...(overrides.driver === undefined ? {} : { driver: overrides.driver }) };
      },
    }),
  ],
  providers: [DatabasePoolMetrics],
})
export class DatabaseModule {}
