import { Module } from '@nestjs/common';
import { FlowRunsModule } from '../flow-runs/flow-runs.module';
import { MarketDataModule } from '../market-data/market-data.module';
import { FuturesController } from './futures.controller';
import { FuturesService } from './futures.service';

/** Intraday futures backtests (ORB strategy, prop-firm rules) over minute bars from the market-data port. */
@Module({
  imports: [MarketDataModule, FlowRunsModule],
  controllers: [FuturesController],
  providers: [FuturesService],
})
export class FuturesModule {}
