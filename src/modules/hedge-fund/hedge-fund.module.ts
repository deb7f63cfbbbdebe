import { Module } from '@nestjs/common';
import { FlowsModule } from '../flows/flows.module';
import { JobsModule } from '../jobs/jobs.module';
import { LlmModule } from '../llm/llm.module';
import { MarketDataModule } from '../market-data/market-data.module';
import { HEDGE_FUND_ENGINE, RULE_BASED_ENGINE } from './hedge-fund.engine';
import { HedgeFundController } from './hedge-fund.controller';
import { HedgeFundService } from './hedge-fund.service';

/** Agents roster, the React Flow → LangGraph graph, and the run/backtest SSE routes; runs and backtests are jobs. */
@Module({
  imports: [FlowsModule, MarketDataModule, JobsModule, LlmModule],
  controllers: [HedgeFundController],
  providers: [HedgeFundService, { provide: HEDGE_FUND_ENGINE, useValue: RULE_BASED_ENGINE }],
})
export class HedgeFundModule {}
