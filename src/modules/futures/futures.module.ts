import { Module } from '@nestjs/common';
import { FlowRunsModule } from '../flow-runs/flow-runs.module';
import { FlowsModule } from '../flows/flows.module';
import { JobsModule } from '../jobs/jobs.module';
import { MarketDataModule } from '../market-data/market-data.module';
import { FuturesSweepController } from './futures-sweep.controller';
import { FuturesSweepService } from './futures-sweep.service';
import { FuturesController } from './futures.controller';
import { FuturesService } from './futures.service';
import { PassProbabilityController } from './pass-probability.controller';
import { PassProbabilityService } from './pass-probability.service';

/** Intraday futures backtests (ORB strategy, prop-firm rules) over minute bars from the market-data port, and parameter sweeps; each runs as jobs. */
@Module({
  imports: [MarketDataModule, FlowsModule, FlowRunsModule, JobsModule],
  controllers: [FuturesController, FuturesSweepController, PassProbabilityController],
  providers: [FuturesService, FuturesSweepService, PassProbabilityService],
})
export class FuturesModule {}
