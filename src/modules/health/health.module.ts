import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';
import { RootController } from './root.controller';

@Module({ imports: [TerminusModule], controllers: [HealthController, RootController], providers: [HealthService] })
export class HealthModule {}
