import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FlowsModule } from '../flows/flows.module';
import { FlowRunCycleEntity } from './flow-run-cycle.entity';
import { FlowRunEntity } from './flow-run.entity';
import { FlowRunsController } from './flow-runs.controller';
import { FlowRunsService } from './flow-runs.service';

/** Runs and cycles; exports FlowRunsService for the run, backtest and futures services. */
@Module({
  imports: [TypeOrmModule.forFeature([FlowRunEntity, FlowRunCycleEntity]), FlowsModule],
  controllers: [FlowRunsController],
  providers: [FlowRunsService],
  exports: [FlowRunsService],
})
export class FlowRunsModule {}
