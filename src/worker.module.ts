import { DynamicModule, Global, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { type AppConfig, ConfigModule } from './config';
import { DATABASE_OVERRIDES, DatabaseModule, type DatabaseOverrides } from './core/database';
import { loggerParams } from './core/logging';
import { TelemetryModule } from './core/telemetry';
import { FuturesModule } from './modules/futures/futures.module';
import { HedgeFundModule } from './modules/hedge-fund/hedge-fund.module';
import { JobsModule } from './modules/jobs/jobs.module';

/**
 * The feature modules whose services register job handlers (and bring what the handlers use: database,
 * market data, API keys, flow runs). A module that adds a job kind is listed here too.
 */
const EXECUTION_MODULES = [HedgeFundModule, FuturesModule];

@Global()
@Module({})
class DatabaseOverridesModule {
  static forRoot(overrides: DatabaseOverrides): DynamicModule {
    return { module: DatabaseOverridesModule, providers: [{ provide: DATABASE_OVERRIDES, useValue: overrides }], exports: [DATABASE_OVERRIDES] };
  }
}

/**
 * The executing side: a Nest application context (no HTTP) with the feature modules that register job
 * handlers. Worker threads (embedded mode) and `node dist/worker.js` processes (scale-out) both run it.
 */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, database: DatabaseOverrides): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams(config)),
        TelemetryModule,
        DatabaseOverridesModule.forRoot(database),
        DatabaseModule,
        JobsModule,
        ...EXECUTION_MODULES,
      ],
    };
  }
}
