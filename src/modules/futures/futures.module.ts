import { Module } from '@nestjs/common';
import { FlowsModule } from '../flows/flows.module';
import { JobsModule } from '../jobs/jobs.module';
import { MarketDataModule } from '../market-data/market-data.module';
import { FuturesController } from './futures.controller';
import { FuturesService } from './futures.service';
import { PassProbabilityController } from './pass-probability.controller';
import { PassProbabilityService } from './pass-probability.service';

/** Intraday futures backtests (ORB strategy, prop-firm rules) over minute bars from the market-data port; each backtest is a job. */
@Module({
  imports: [MarketDataModule, FlowsModule, JobsModule],
  controllers: [FuturesController, PassProbabilityController],
  providers: [FuturesService, PassProbabilityService],
})
export class FuturesModule {}
