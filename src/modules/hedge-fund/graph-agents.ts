import {
  type AgentContext,
  type AnalystFunction,
  dayAgentContext,
  type DecideFunction,
  EngineError,
  type PortfolioDecisions,
  type PortfolioManagerFunction,
  type RiskManagerFunction,
  type TickerSignals,
} from '../../engine';
import type { LlmAgents, LlmNode } from '../llm/llm.service';
import type { AgentGraph, GraphAgents, GraphOutcome } from './agent-graph';
import { type GraphSpec, PORTFOLIO_MANAGER_KEY } from './graph-spec';
import { DONE_STATUS } from './sse-events';

/**
 * The functions behind the graph's nodes: the rule analysts and, per run, the LLM agents (`analyst` gives
 * null for a key nobody implements, which the graph validation turns into a 422 naming the agent). The
 * portfolio manager gets the run context and its node id, so an LLM one can use the node's model.
 */
export interface AgentFunctions {
  analyst(key: string): AnalystFunction | null;
  readonly riskManager: RiskManagerFunction;
  readonly portfolioManager: (input: Parameters<PortfolioManagerFunction>[0], ctx: AgentContext, managerId: string) => PortfolioDecisions | Promise<PortfolioDecisions>;
}

/** The nodes that may use a model: the analysts the rules do not implement, and every portfolio manager. */
export function llmNodesOf(spec: GraphSpec, rules: AgentFunctions): LlmNode[] {
  return [
    ...spec.analysts.filter((analyst) => rules.analyst(analyst.key) === null).map((analyst) => ({ id: analyst.id, key: analyst.key })),
    ...spec.managers.map((manager) => ({ id: manager.id, key: PORTFOLIO_MANAGER_KEY })),
  ];
}

/**
 * A run's agent functions: the rule analysts and risk manager, the run's LLM agents for the other analyst
 * keys, and a portfolio manager that uses its node's model when it can (else the rule one).
 */
export function withLlmAgents(rules: AgentFunctions, llm: LlmAgents): AgentFunctions {
  return {
    analyst: (key) => rules.analyst(key) ?? llm.analyst(key),
    riskManager: rules.riskManager,
    portfolioManager: llm.portfolioManager(rules.portfolioManager),
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Graph nodes over the engine's agents. One analyst's failure never stops the run: it reports the error,
 * ends with `Done` and gives a neutral signal with confidence 0 for each ticker. Cancellation is not a
 * failure: it propagates. The risk manager and portfolio manager failing does stop the run (no sizing,
 * no decision), as an `error` event.
 */
export class EngineGraphAgents implements GraphAgents<AgentContext> {
  constructor(private readonly functions: AgentFunctions) {}

  async analyze(analyst: { id: string; key: string; display_name: string }, ctx: AgentContext): Promise<TickerSignals> {
    const run = this.functions.analyst(analyst.key);
    if (run === null) throw new EngineError('INVALID_INPUT', `Agent "${analyst.display_name}" (node "${analyst.id}") has no implementation`);
    try {
      return await run(ctx, analyst.id);
    } catch (error) {
      if (ctx.signal?.aborted === true) throw error;
      const message = errorText(error);
      ctx.onProgress?.(analyst.id, null, `Error: ${message}`);
      ctx.onProgress?.(analyst.id, null, DONE_STATUS);
      const signals: TickerSignals = {};
      for (const ticker of ctx.tickers) signals[ticker] = { signal: 'neutral', confidence: 0, reasoning: { error: message } };
      return signals;
    }
  }

  async assessRisk(manager: { risk_id: string }, ctx: AgentContext) {
    return this.functions.riskManager(ctx, manager.risk_id);
  }

  async decide(
    manager: { id: string },
    signals: Parameters<GraphAgents<AgentContext>['decide']>[1],
    risk: Parameters<GraphAgents<AgentContext>['decide']>[2],
    ctx: AgentContext,
  ) {
    ctx.onProgress?.(manager.id, null, 'Making trading decisions');
    const decisions = await this.functions.portfolioManager({ tickers: ctx.tickers, portfolio: ctx.portfolio, analystSignals: signals, risk }, ctx, manager.id);
    ctx.onProgress?.(manager.id, null, DONE_STATUS, JSON.stringify(decisions));
    return decisions;
  }
}

/**
 * The backtest's per-day decision port over the compiled graph. The first portfolio manager of the graph
 * trades the ledger; the signals of every node are reported.
 */
export function graphDecider(graph: AgentGraph<AgentContext>): DecideFunction {
  const primary = graph.spec.managers[0].id;
  return async (day) => {
    // With in-memory data a whole backtest could run on microtasks alone; yielding once a day lets
    // heartbeats, disconnects, progress output and other requests through.
    await new Promise<void>((resolve) => setImmediate(resolve));
    const outcome: GraphOutcome = await graph.invoke(dayAgentContext(day), day.signal);
    return { decisions: outcome.decisions[primary] ?? {}, analyst_signals: outcome.analyst_signals };
  };
}
