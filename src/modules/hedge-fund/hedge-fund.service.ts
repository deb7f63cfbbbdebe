import { Inject, Injectable, Logger, type MessageEvent } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { APP_CONFIG, type AppConfig } from '../../config';
import {
  AGENTS,
  type AgentContext,
  type AgentDataPort,
  type BacktestConfig,
  type BacktestPorts,
  type BacktestResult,
  findAgent,
} from '../../engine';
import { type LlmAgents, LlmService } from '../llm/llm.service';
import { type DataProviderName, MarketDataPort } from '../market-data/market-data.port';
import { AgentGraph } from './agent-graph';
import type { AgentsResponseDto } from './dto/agents-response.dto';
import type { HedgeFundBacktestRequestDto, HedgeFundRunRequestDto } from './dto/hedge-fund-request.dto';
import { EngineGraphAgents, graphDecider, llmNodesOf, withLlmAgents } from './graph-agents';
import { HEDGE_FUND_ENGINE, type HedgeFundEngine } from './hedge-fund.engine';
import { type AgentCatalog, buildGraphSpec, type GraphSpec } from './graph-spec';
import { assertBenchmarkKnown, type HedgeFundJob, prepareBacktestJob, prepareRunJob } from './hedge-fund-request';
import { toAgentsResponse, toBacktestComplete, toBacktestCycle, toRunComplete, toRunCycle } from './hedge-fund.mapper';
import type { RunEventBus } from './run-event-bus';
import { type CycleRecorder, FlowLookupPort, FlowRunRecorder, FlowRunsPort, NO_CYCLE_RECORDER } from './run-recorder';
import { streamRun } from './run-stream';
import { BACKTEST_AGENT, DONE_STATUS, finiteJson } from './sse-events';

/**
 * The largest `limit` the market-data port accepts. The backtest's prefetching view asks for up to 100 000
 * events per ticker at once; more than this many insider trades or articles in one window is not a case
 * the agents need, so larger limits are capped here rather than refused.
 */
export const PORT_MAX_LIMIT = 10_000;

/** Market data for agents, answered by the request's provider (or the configured default). */
export function providerData(port: MarketDataPort, provider: DataProviderName | undefined): AgentDataPort {
  const withProvider = <T extends { signal?: AbortSignal }>(options?: T) => ({ provider, signal: options?.signal });
  const cap = (limit: number): number => Math.min(limit, PORT_MAX_LIMIT);
  return {
    getPrices: (ticker, start, end, options) => port.getPrices(ticker, start, end, withProvider(options)),
    getFinancialMetrics: (ticker, end, period, limit, options) => port.getFinancialMetrics(ticker, end, period, cap(limit), withProvider(options)),
    searchLineItems: (ticker, items, end, period, limit, options) => port.searchLineItems(ticker, items, end, period, cap(limit), withProvider(options)),
    getInsiderTrades: (ticker, end, start, limit, options) => port.getInsiderTrades(ticker, end, start, cap(limit), withProvider(options)),
    getCompanyNews: (ticker, end, start, limit, options) => port.getCompanyNews(ticker, end, start, cap(limit), withProvider(options)),
    getMarketCap: (ticker, end, options) => port.getMarketCap(ticker, end, withProvider(options)),
  };
}

/**
 * Runs and backtests of an agent graph, streamed as SSE. Everything that can be refused is checked
 * before the stream starts (body, graph, flow existence), so a bad request is a problem-details answer,
 * never a broken stream.
 */
@Injectable()
export class HedgeFundService {
  private readonly logger = new Logger(HedgeFundService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(HEDGE_FUND_ENGINE) private readonly engine: HedgeFundEngine,
    private readonly marketData: MarketDataPort,
    private readonly flowRuns: FlowRunsPort,
    private readonly flows: FlowLookupPort,
    private readonly llm: LlmService,
  ) {}

  listAgents(): AgentsResponseDto {
    return toAgentsResponse(AGENTS);
  }

  async run(dto: HedgeFundRunRequestDto): Promise<Observable<MessageEvent>> {
    const job = prepareRunJob(dto, new Date());
    const { graph, llm } = await this.buildGraph(dto);
    await this.marketData.assertAvailable(job.data_provider, 'data_provider');
    const recorder = await this.recorderFor(job);
    return this.stream(recorder, async (bus, signal) => {
      const portfolio = this.engine.createPortfolio({
        tickers: job.tickers,
        initial_cash: job.initial_cash,
        margin_requirement: job.margin_requirement,
        positions: job.positions,
      });
      const context: AgentContext = {
        tickers: job.tickers,
        startDate: job.start_date,
        endDate: job.end_date,
        data: providerData(this.marketData, job.data_provider),
        portfolio,
        signal,
        onProgress: (agent, ticker, status, analysis) => bus.progress(agent, ticker, status, analysis ?? null),
      };
      const outcome = await graph.invoke(context, signal);
      const complete = { ...toRunComplete(graph.spec, outcome), llm_usage: llm.usage() };
      await recorder.cycle(toRunCycle(outcome, complete, portfolio));
      return complete;
    });
  }

  async backtest(dto: HedgeFundBacktestRequestDto): Promise<Observable<MessageEvent>> {
    const job = prepareBacktestJob(dto);
    const { graph, llm } = await this.buildGraph(dto);
    await this.marketData.assertAvailable(job.data_provider, 'data_provider');
    await assertBenchmarkKnown(job, this.marketData);
    const recorder = await this.recorderFor(job);
    return this.stream(recorder, async (bus, signal) => {
      const config: BacktestConfig = {
        tickers: job.tickers,
        start_date: job.start_date,
        end_date: job.end_date,
        initial_capital: job.initial_cash,
        margin_requirement: job.margin_requirement,
        initial_positions: job.positions,
        benchmark: job.benchmark,
      };
      const ports: BacktestPorts = { data: providerData(this.marketData, job.data_provider), decide: graphDecider(graph), signal };
      let result: BacktestResult | null = null;
      for await (const event of this.engine.runBacktest(config, ports)) {
        switch (event.type) {
          case 'day_start':
            bus.progress(BACKTEST_AGENT, null, event.status);
            break;
          case 'agent_progress':
            bus.progress(event.agent, event.ticker, event.status, event.analysis);
            break;
          case 'day_complete':
            bus.progress(BACKTEST_AGENT, null, event.status, JSON.stringify(finiteJson(event.result)));
            await recorder.cycle(toBacktestCycle(event.result));
            break;
          case 'complete':
            result = event.result;
            break;
        }
      }
      signal.throwIfAborted();
      if (result === null) throw new Error('The backtest ended without a result');
      bus.progress(BACKTEST_AGENT, null, DONE_STATUS);
      return { ...toBacktestComplete(result), llm_usage: llm.usage() };
    });
  }

  private catalog: AgentCatalog = (key) => {
    const agent = findAgent(key);
    if (agent === undefined) return undefined;
    return { key: agent.key, display_name: agent.display_name, available: this.engine.agents.analyst(agent.key) !== null || this.llm.provides(agent.key) };
  };

  /**
   * Validates the graph, binds the model of every LLM node (a 422 with `strict_models` when one cannot be
   * called), and compiles the graph over the rule agents and this run's LLM agents.
   */
  private async buildGraph(dto: HedgeFundRunRequestDto | HedgeFundBacktestRequestDto): Promise<{ graph: AgentGraph<AgentContext>; llm: LlmAgents }> {
    const spec: GraphSpec = buildGraphSpec(dto.graph_nodes, dto.graph_edges, this.catalog);
    const llm = await this.llm.prepareRun(dto, llmNodesOf(spec, this.engine.agents));
    return { graph: AgentGraph.build(spec, new EngineGraphAgents(withLlmAgents(this.engine.agents, llm))), llm };
  }

  private async recorderFor(job: HedgeFundJob): Promise<CycleRecorder> {
    if (job.flow_id === undefined) return NO_CYCLE_RECORDER;
    await this.flows.requireFlow(job.flow_id);
    return new FlowRunRecorder(this.flowRuns, job.flow_id, job.kind, job.request_data);
  }

  private stream(recorder: CycleRecorder, work: (bus: RunEventBus, signal: AbortSignal) => Promise<Record<string, unknown>>): Observable<MessageEvent> {
    return streamRun({
      heartbeatMs: this.config.hedgeFund.sseHeartbeatMs,
      recorder,
      logger: this.logger,
      work,
    });
  }
}
