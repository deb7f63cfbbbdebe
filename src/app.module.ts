import { DynamicModule, Module, type Type } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { type AppConfig, ConfigModule } from './config';
import { DatabaseModule } from './core/database';
import { createValidationPipe, ProblemDetailsFilter } from './core/http';
import { loggerParams } from './core/logging';
import { HealthModule } from './modules/health/health.module';
import { MarketDataModule } from './modules/market-data/market-data.module';

/** Feature modules, one per folder under src/modules. */
const FEATURE_MODULES = [HealthModule, MarketDataModule];

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, extraImports: readonly Type[] = []): DynamicModule {
    return {
      module: AppModule,
      imports: [ConfigModule.forRoot(config), LoggerModule.forRoot(loggerParams(config)), DatabaseModule, ...FEATURE_MODULES, ...extraImports],
      providers: [
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
    };
  }
}
