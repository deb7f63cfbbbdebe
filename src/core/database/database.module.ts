import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '../../config';
import { buildDataSourceOptions } from './data-source-options';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        if (config.database.url === null) {
          throw new Error('DatabaseModule needs a database URL; bootstrap starts the embedded database first');
        }
        return { ...buildDataSourceOptions(config.database.url, config.database.poolSize, config.database.timeouts), autoLoadEntities: true };
      },
    }),
  ],
})
export class DatabaseModule {}
