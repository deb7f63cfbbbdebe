import { Module } from '@nestjs/common';
import { FlowRunsModule } from '../flow-runs/flow-runs.module';
import { MetricsModule } from '../metrics/metrics.module';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

@Module({
  imports: [MetricsModule, FlowRunsModule],
  controllers: [ReportsController],
  providers: [ReportsService],
})
export class ReportsModule {}
