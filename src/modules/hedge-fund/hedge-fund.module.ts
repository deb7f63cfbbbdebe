import { Module } from '@nestjs/common';
import { FlowRunsModule } from '../flow-runs/flow-runs.module';
import { FlowRunsService } from '../flow-runs/flow-runs.service';
import { FlowsModule } from '../flows/flows.module';
import { FlowsService } from '../flows/flows.service';
import { LlmModule } from '../llm/llm.module';
import { MarketDataModule } from '../market-data/market-data.module';
import { HEDGE_FUND_ENGINE, RULE_BASED_ENGINE } from './hedge-fund.engine';
import { HedgeFundController } from './hedge-fund.controller';
import { HedgeFundService } from './hedge-fund.service';
import { FlowLookupPort, FlowRunsPort } from './run-recorder';

// The flows module's services must keep satisfying the ports this module persists runs through.
const flowRunsSatisfiesPort: FlowRunsService extends FlowRunsPort ? true : never = true;
const flowsSatisfiesPort: FlowsService extends FlowLookupPort ? true : never = true;
void flowRunsSatisfiesPort;
void flowsSatisfiesPort;

/** Agents roster, the React Flow → LangGraph graph, and the run/backtest SSE routes with persisted runs. */
@Module({
  imports: [FlowsModule, FlowRunsModule, MarketDataModule, LlmModule],
  controllers: [HedgeFundController],
  providers: [
    HedgeFundService,
    { provide: HEDGE_FUND_ENGINE, useValue: RULE_BASED_ENGINE },
    { provide: FlowRunsPort, useExisting: FlowRunsService },
    { provide: FlowLookupPort, useExisting: FlowsService },
  ],
})
export class HedgeFundModule {}
