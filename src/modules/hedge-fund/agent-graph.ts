import { Annotation, END, START, StateGraph } from '@langchain/langgraph';
import type { AgentSignal, PortfolioDecisions, RiskAssessment, RiskAssessments, TickerSignals } from '../../engine';
import type { AnalystNode, GraphSpec, PortfolioManagerNode } from './graph-spec';

/**
 * What the graph's nodes do, per decision date. The adapter over the engine's pure agents fetches
 * market data and publishes progress; the graph only wires them. `context` is opaque here.
 */
export interface GraphAgents<Context> {
  analyze(analyst: AnalystNode, context: Context): Promise<TickerSignals>;
  assessRisk(manager: PortfolioManagerNode, context: Context): Promise<RiskAssessments>;
  decide(manager: PortfolioManagerNode, signals: Readonly<Record<string, TickerSignals>>, risk: RiskAssessments, context: Context): Promise<PortfolioDecisions>;
}

export interface GraphOutcome {
  /** Signals per analyst node id and per risk node id, each node once. */
  readonly analyst_signals: Record<string, Record<string, AgentSignal | RiskAssessment>>;
  /** Decisions per portfolio manager node id. */
  readonly decisions: Record<string, PortfolioDecisions>;
  readonly current_prices: Record<string, number>;
}

const merge = <T>(left: Record<string, T>, right: Record<string, T>): Record<string, T> => ({ ...left, ...right });

const GraphState = Annotation.Root({
  analyst_signals: Annotation<Record<string, Record<string, AgentSignal | RiskAssessment>>>({ reducer: merge, default: () => ({}) }),
  decisions: Annotation<Record<string, PortfolioDecisions>>({ reducer: merge, default: () => ({}) }),
  current_prices: Annotation<Record<string, number>>({ reducer: merge, default: () => ({}) }),
});

type State = typeof GraphState.State;
type Update = Partial<State>;
type NodeFn<Context> = (state: State, config: { configurable?: { context?: Context } }) => Promise<Update>;
interface DynamicGraph<Context> {
  addNode(id: string, fn: NodeFn<Context>): DynamicGraph<Context>;
  addEdge(from: string | string[], to: string): DynamicGraph<Context>;
  compile(): {
    invoke(input: Update, options: { signal?: AbortSignal; recursionLimit?: number; configurable: { context: Context } }): Promise<State>;
  };
}

/**
 * The decision date's context travels in the run config, not in the graph state: LangGraph copies state
 * channels between steps, and the context holds the portfolio and the data view with its caches.
 */
function contextOf<Context>(config: { configurable?: { context?: Context } }): Context {
  const context = config.configurable?.context;
  if (context === undefined) throw new Error('The agent graph was invoked without a context');
  return context;
}

/** A compiled LangGraph agent graph, built once per request and invoked once per decision date. */
export class AgentGraph<Context> {
  private constructor(
    readonly spec: GraphSpec,
    private readonly compiled: ReturnType<DynamicGraph<Context>['compile']>,
  ) {}

  /**
   * Analysts fan out from START (or follow their analyst→analyst chains), each portfolio manager's
   * risk node joins on the analysts wired into it, then the manager decides, then END. An analyst
   * wired to two managers is one node: its signals land once under its id.
   */
  static build<Context>(spec: GraphSpec, agents: GraphAgents<Context>): AgentGraph<Context> {
    // Node names are only known at run time, which the typed builder cannot express.
    const graph = new StateGraph(GraphState) as unknown as DynamicGraph<Context>;
    const chained = new Set(spec.chains.map(([, to]) => to));
    for (const analyst of spec.analysts) {
      graph.addNode(analyst.id, async (_state, config) => ({ analyst_signals: { [analyst.id]: await agents.analyze(analyst, contextOf(config)) } }));
      if (!chained.has(analyst.id)) graph.addEdge(START, analyst.id);
    }
    for (const [from, to] of spec.chains) graph.addEdge(from, to);
    for (const manager of spec.managers) {
      graph.addNode(manager.risk_id, async (_state, config) => {
        const risk = await agents.assessRisk(manager, contextOf(config));
        const prices: Record<string, number> = {};
        for (const [ticker, entry] of Object.entries(risk)) if (entry.current_price > 0) prices[ticker] = entry.current_price;
        return { analyst_signals: { [manager.risk_id]: risk }, current_prices: prices };
      });
      graph.addNode(manager.id, async (state, config) => {
        const signals: Record<string, TickerSignals> = {};
        for (const id of manager.analyst_ids) {
          const entry = state.analyst_signals[id];
          if (entry !== undefined) signals[id] = entry as TickerSignals;
        }
        const risk = (state.analyst_signals[manager.risk_id] ?? {}) as RiskAssessments;
        return { decisions: { [manager.id]: await agents.decide(manager, signals, risk, contextOf(config)) } };
      });
      graph.addEdge(manager.direct_analyst_ids.length === 1 ? manager.direct_analyst_ids[0] : [...manager.direct_analyst_ids], manager.risk_id);
      graph.addEdge(manager.risk_id, manager.id);
      graph.addEdge(manager.id, END);
    }
    return new AgentGraph(spec, graph.compile());
  }

  /** Runs every node once for this context; the signal stops the graph between and inside nodes. */
  async invoke(context: Context, signal?: AbortSignal): Promise<GraphOutcome> {
    // LangGraph leaves listeners on the signal it is given; a per-invocation child signal keeps them from
    // piling up on the run's signal over hundreds of backtest days.
    const child = new AbortController();
    const forward = (): void => child.abort(signal?.reason);
    if (signal?.aborted === true) forward();
    else signal?.addEventListener('abort', forward, { once: true });
    try {
      const state = await this.compiled.invoke(
        {},
        { signal: child.signal, recursionLimit: this.spec.analysts.length + 3 * this.spec.managers.length + 10, configurable: { context } },
      );
      return { analyst_signals: state.analyst_signals, decisions: state.decisions, current_prices: state.current_prices };
    } finally {
      signal?.removeEventListener('abort', forward);
    }
  }
}
