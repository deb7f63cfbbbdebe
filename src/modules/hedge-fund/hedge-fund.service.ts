import { Inject, Injectable, type MessageEvent, type OnModuleInit } from '@nestjs/common';
import type { Observable } from 'rxjs';
import {
  AGENTS,
  type AgentContext,
  type BacktestConfig,
  type BacktestPorts,
  type BacktestResult,
  findAgent,
} from '../../engine';
import { FlowsService } from '../flows/flows.service';
import type { JobContext } from '../jobs/job';
import { JobRegistry } from '../jobs/job-registry';
import { JobsService } from '../jobs/jobs.service';
import { type LlmAgents, LlmService } from '../llm/llm.service';
import { MarketDataPort } from '../market-data/market-data.port';
import type { AgentGraph } from './agent-graph';
import type { AgentsResponseDto } from './dto/agents-response.dto';
import type { HedgeFundBacktestRequestDto, HedgeFundRunRequestDto } from './dto/hedge-fund-request.dto';
import { EngineGraphAgents, graphDecider, llmNodesOf, withLlmAgents } from './graph-agents';
import { HEDGE_FUND_ENGINE, type HedgeFundEngine } from './hedge-fund.engine';
import { type AgentCatalog, buildGraphSpec, type GraphSpec } from './graph-spec';
import { assertBenchmarkKnown, type HedgeFundJob, prepareBacktestJob, prepareRunJob } from './hedge-fund-request';
import { toAgentsResponse, toBacktestComplete, toBacktestCycle, toRunComplete, toRunCycle } from './hedge-fund.mapper';
import { RunEventBus } from './run-event-bus';
import { BACKTEST_AGENT, DONE_STATUS, finiteJson } from './sse-events';

/** The request as the executor sees it: its `request_data` with the request's API keys back in place. */
function withRequestKeys<Request extends object>(request: Request, context: JobContext): Request {
  return context.secrets === undefined ? request : { ...request, api_keys: context.secrets };
}

/** The job kinds of the hedge fund (see JobRegistry). */
export const HEDGE_FUND_RUN_JOB = 'hedge_fund_run';
export const HEDGE_FUND_BACKTEST_JOB = 'hedge_fund_backtest';

/**
 * LangGraph and the graph over it, loaded by the first run or backtest: about 100 ms of the API's start otherwise,
 * and a process may serve flows and reports only.
 */
function agentGraph(): typeof AgentGraph {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('./agent-graph') as { AgentGraph: typeof AgentGraph }).AgentGraph;
}

/**
 * Runs and backtests of an agent graph, streamed as SSE. Everything that can be refused is checked
 * before the stream starts (body, graph, data provider, flow existence), so a bad request is a
 * problem-details answer, never a broken stream. The run itself is a job: `run`/`backtest` validate and
 * submit it, `executeRun`/`executeBacktest` execute it in a worker thread or a worker process.
 */
@Injectable()
export class HedgeFundService implements OnModuleInit {
  constructor(
    @Inject(HEDGE_FUND_ENGINE) private readonly engine: HedgeFundEngine,
    private readonly marketData: MarketDataPort,
    private readonly flows: FlowsService,
    private readonly jobs: JobsService,
    private readonly registry: JobRegistry,
    private readonly llm: LlmService,
  ) {}

  onModuleInit(): void {
    this.registry.register<HedgeFundRunRequestDto>(HEDGE_FUND_RUN_JOB, (request, context) => this.executeRun(request, context));
    this.registry.register<HedgeFundBacktestRequestDto>(HEDGE_FUND_BACKTEST_JOB, (request, context) => this.executeBacktest(request, context));
  }

  listAgents(): AgentsResponseDto {
    return toAgentsResponse(AGENTS);
  }

  async run(dto: HedgeFundRunRequestDto): Promise<Observable<MessageEvent>> {
    const job = prepareRunJob(dto, new Date());
    await this.buildGraph(dto);
    await this.marketData.assertAvailable(job.data_provider, 'data_provider');
    return this.submit(HEDGE_FUND_RUN_JOB, job, dto);
  }

  async backtest(dto: HedgeFundBacktestRequestDto): Promise<Observable<MessageEvent>> {
    const job = prepareBacktestJob(dto);
    await this.buildGraph(dto);
    await this.marketData.assertAvailable(job.data_provider, 'data_provider');
    await assertBenchmarkKnown(job, this.marketData);
    return this.submit(HEDGE_FUND_BACKTEST_JOB, job, dto);
  }

  /** One decision of the graph (executor side); the request is the run's resolved `request_data`. */
  async executeRun(dto: HedgeFundRunRequestDto, context: JobContext): Promise<Record<string, unknown>> {
    const job = prepareRunJob(dto, new Date());
    const { graph, llm } = await this.buildGraph(withRequestKeys(dto, context));
    return this.execute(context, async (bus, signal) => {
      const portfolio = this.engine.createPortfolio({
        tickers: job.tickers,
        initial_cash: job.initial_cash,
        margin_requirement: job.margin_requirement,
        positions: job.positions,
      });
      const agentContext: AgentContext = {
        tickers: job.tickers,
        startDate: job.start_date,
        endDate: job.end_date,
        data: this.marketData.reader(job.data_provider),
        portfolio,
        signal,
        onProgress: (agent, ticker, status, analysis) => bus.progress(agent, ticker, status, analysis ?? null),
      };
      const outcome = await graph.invoke(agentContext, signal);
      const complete = { ...toRunComplete(graph.spec, outcome), llm_usage: llm.usage() };
      await context.cycle(toRunCycle(outcome, complete, portfolio));
      return complete;
    });
  }

  /** The day-by-day backtest (executor side); the request is the run's resolved `request_data`. */
  async executeBacktest(dto: HedgeFundBacktestRequestDto, context: JobContext): Promise<Record<string, unknown>> {
    const job = prepareBacktestJob(dto);
    const { graph, llm } = await this.buildGraph(withRequestKeys(dto, context));
    return this.execute(context, async (bus, signal) => {
      const config: BacktestConfig = {
        tickers: job.tickers,
        start_date: job.start_date,
        end_date: job.end_date,
        initial_capital: job.initial_cash,
        margin_requirement: job.margin_requirement,
        initial_positions: job.positions,
        benchmark: job.benchmark,
      };
      const ports: BacktestPorts = { data: this.marketData.reader(job.data_provider), decide: graphDecider(graph), signal };
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
            await context.cycle(toBacktestCycle(event.result));
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
    return { graph: agentGraph().build(spec, new EngineGraphAgents(withLlmAgents(this.engine.agents, llm))), llm };
  }

  /**
   * Submits the job: the request is its resolved `request_data` (JSON, without the request's API keys, which
   * travel as the job's secrets: in memory to a thread, sealed with SECRETS_KEY through Redis).
   */
  private async submit(kind: string, job: HedgeFundJob, dto: HedgeFundRunRequestDto | HedgeFundBacktestRequestDto): Promise<Observable<MessageEvent>> {
    if (job.flow_id !== undefined) await this.flows.requireFlow(job.flow_id);
    return this.jobs.stream({
      kind,
      request: job.request_data,
      secrets: dto.api_keys,
      persist: job.flow_id === undefined ? undefined : { flowId: job.flow_id, runKind: job.kind, requestData: job.request_data },
    });
  }

  /**
   * One run's events on its own bus: `start` (with the persisted run's id), the work's progress, and a
   * closing `Done` for every agent still open; the job runner sends `complete` or `error` after it.
   */
  private async execute(context: JobContext, work: (bus: RunEventBus, signal: AbortSignal) => Promise<Record<string, unknown>>): Promise<Record<string, unknown>> {
    const bus = new RunEventBus();
    const forwarding = bus.events.subscribe((event) => context.emit({ ...event }));
    try {
      bus.publish(context.runId === null ? { type: 'start', timestamp: bus.now() } : { type: 'start', timestamp: bus.now(), run_id: context.runId });
      return await work(bus, context.signal);
    } finally {
      bus.closeOpenAgents();
      bus.close();
      forwarding.unsubscribe();
    }
  }
}
