import { Module } from '@nestjs/common';
import { FlowRunsModule } from '../flow-runs/flow-runs.module';
import { FlowRunsService } from '../flow-runs/flow-runs.service';
import { MarketDataModule } from '../market-data/market-data.module';
import { HEDGE_FUND_ENGINE, RULE_BASED_ENGINE } from './hedge-fund.engine';
import { HedgeFundController } from './hedge-fund.controller';
import { HedgeFundService } from './hedge-fund.service';
import { FlowRunsPort } from './run-recorder';

// FlowRunsService must keep satisfying the port this module records runs through.
const flowRunsSatisfiesPort: FlowRunsService extends FlowRunsPort ? true : never = true;
void flowRunsSatisfiesPort;

/** Agents roster, the React Flow → LangGraph graph, and the run/backtest SSE routes with persisted runs. */
@Module({
  imports: [FlowRunsModule, MarketDataModule],
  controllers: [HedgeFundController],
  providers: [HedgeFundService, { provide: HEDGE_FUND_ENGINE, useValue: RULE_BASED_ENGINE }, { provide: FlowRunsPort, useExisting: FlowRunsService }],
})
export class HedgeFundModule {}
