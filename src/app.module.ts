import { DynamicModule, Module, type Type } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { type AppConfig, ConfigModule } from './config';
import { DatabaseModule } from './core/database';
import { ThrottlerModule } from '@nestjs/throttler';
import { ContentTypeGuard, createValidationPipe, ProblemDetailsFilter, RateLimitGuard, throttlerOptions } from './core/http';
import { loggerParams } from './core/logging';
import { TelemetryModule } from './core/telemetry';
import { ApiKeysModule } from './modules/api-keys/api-keys.module';
import { FlowRunsModule } from './modules/flow-runs/flow-runs.module';
import { FlowsModule } from './modules/flows/flows.module';
import { FuturesModule } from './modules/futures/futures.module';
import { HealthModule } from './modules/health/health.module';
import { HedgeFundModule } from './modules/hedge-fund/hedge-fund.module';
import { LanguageModelsModule } from './modules/language-models/language-models.module';
import { MarketDataModule } from './modules/market-data/market-data.module';
import { MetricsModule } from './modules/metrics/metrics.module';
import { OllamaModule } from './modules/ollama/ollama.module';
import { ReportsModule } from './modules/reports/reports.module';
import { StorageModule } from './modules/storage/storage.module';

/** Feature modules, one per folder under src/modules. */
const FEATURE_MODULES = [
  HealthModule,
  OllamaModule,
  StorageModule,
  FlowsModule,
  FlowRunsModule,
  ApiKeysModule,
  LanguageModelsModule,
  MarketDataModule,
  MetricsModule,
  FuturesModule,
  HedgeFundModule,
  ReportsModule,
];

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, extraImports: readonly Type[] = []): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams(config)),
        ThrottlerModule.forRoot(throttlerOptions(config.rateLimit)),
        TelemetryModule,
        DatabaseModule,
        ...FEATURE_MODULES,
        ...extraImports,
      ],
      providers: [
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_GUARD, useClass: ContentTypeGuard },
        { provide: APP_GUARD, useClass: RateLimitGuard },
      ],
    };
  }
}
