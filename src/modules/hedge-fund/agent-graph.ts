import { CallbackManager } from '@langchain/core/callbacks/manager';
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

/**
 * Which executor runs a decision date. `langgraph`: LangGraph's Pregel loop, which reports every node to the
 * configured LangChain callbacks (LangSmith tracing among them). `direct`: the same compiled topology stepped
 * in the same supersteps without the per-node callback, run-tree and config machinery, which costs about 1 ms
 * per date even when nothing listens (a backtest invokes the graph once per trading day).
 */
export type GraphExecutor = 'langgraph' | 'direct';

/**
 * True when LangChain would report runs to a handler: LangSmith tracing (`LANGSMITH_TRACING=true` or its
 * LANGCHAIN_ aliases), an enclosing traced run, `LANGCHAIN_VERBOSE`, or a registered configure hook. This is
 * LangChain's own rule: `CallbackManager.configure()` returns a manager only in those cases.
 */
export function langChainCallbacksConfigured(): boolean {
  return CallbackManager.configure() !== undefined;
}

/** A node of the graph, the same function for both executors. */
interface PlanNode<Context> {
  readonly id: string;
  readonly run: NodeFn<Context>;
}

/**
 * The compiled topology as LangGraph's Pregel loop runs it: superstep 1 runs the nodes wired from START; a
 * node runs in the superstep after any of its single-source edges fired, and after the last source of a join
 * edge completed (the join then resets); a node triggered twice in one superstep runs once. Each node of a
 * superstep sees the state as it was when the superstep began. Pregel orders a superstep's tasks by task path,
 * that is by node id: the nodes start in that order and their updates are applied in it.
 */
class GraphPlan<Context> {
  private readonly nodes: PlanNode<Context>[] = [];
  private readonly starts: string[] = [];
  private readonly edges = new Map<string, string[]>();
  private readonly joins: { readonly sources: readonly string[]; readonly target: string }[] = [];

  addNode(id: string, run: NodeFn<Context>): void {
    this.nodes.push({ id, run });
  }

  addEdge(from: string | readonly string[], to: string): void {
    if (typeof from !== 'string') this.joins.push({ sources: [...from], target: to });
    else if (from === START) this.starts.push(to);
    else if (to !== END) this.edges.set(from, [...(this.edges.get(from) ?? []), to]);
  }

  async run(context: Context, signal: AbortSignal | undefined): Promise<State> {
    const config = { configurable: { context } };
    let state: State = { analyst_signals: {}, decisions: {}, current_prices: {} };
    const seen = this.joins.map(() => new Set<string>());
    let ready = new Set(this.starts);
    while (ready.size > 0) {
      signal?.throwIfAborted();
      const step = this.nodes.filter((node) => ready.has(node.id)).sort(byId);
      const snapshot = state;
      const updates = await raceWithSignal(
        Promise.all(step.map(async (node) => ({ id: node.id, update: await node.run(snapshot, config) }))),
        signal,
      );
      for (const { update } of updates) {
        state = {
          analyst_signals: update.analyst_signals === undefined ? state.analyst_signals : merge(state.analyst_signals, update.analyst_signals),
          decisions: update.decisions === undefined ? state.decisions : merge(state.decisions, update.decisions),
          current_prices: update.current_prices === undefined ? state.current_prices : merge(state.current_prices, update.current_prices),
        };
      }
      const next = new Set<string>();
      for (const node of step) for (const to of this.edges.get(node.id) ?? []) next.add(to);
      this.joins.forEach((join, i) => {
        for (const node of step) if (join.sources.includes(node.id)) seen[i].add(node.id);
        if (seen[i].size === join.sources.length) {
          next.add(join.target);
          seen[i].clear();
        }
      });
      ready = next;
    }
    return state;
  }
}

const byId = (a: { readonly id: string }, b: { readonly id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Settles as `promise`, or rejects with the signal's reason as soon as it aborts. */
function raceWithSignal<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** A compiled LangGraph agent graph, built once per request and invoked once per decision date. */
export class AgentGraph<Context> {
  private constructor(
    readonly spec: GraphSpec,
    private readonly compiled: ReturnType<DynamicGraph<Context>['compile']>,
    private readonly plan: GraphPlan<Context>,
  ) {}

  /**
   * Analysts fan out from START (or follow their analyst→analyst chains), each portfolio manager's
   * risk node joins on the analysts wired into it, then the manager decides, then END. An analyst
   * wired to two managers is one node: its signals land once under its id.
   */
  static build<Context>(spec: GraphSpec, agents: GraphAgents<Context>): AgentGraph<Context> {
    // Node names are only known at run time, which the typed builder cannot express.
    const graph = new StateGraph(GraphState) as unknown as DynamicGraph<Context>;
    const plan = new GraphPlan<Context>();
    const addNode = (id: string, fn: NodeFn<Context>): void => {
      graph.addNode(id, fn);
      plan.addNode(id, fn);
    };
    const addEdge = (from: string | string[], to: string): void => {
      graph.addEdge(from, to);
      plan.addEdge(from, to);
    };
    const chained = new Set(spec.chains.map(([, to]) => to));
    for (const analyst of spec.analysts) {
      addNode(analyst.id, async (_state, config) => ({ analyst_signals: { [analyst.id]: await agents.analyze(analyst, contextOf(config)) } }));
      if (!chained.has(analyst.id)) addEdge(START, analyst.id);
    }
    for (const [from, to] of spec.chains) addEdge(from, to);
    for (const manager of spec.managers) {
      addNode(manager.risk_id, async (_state, config) => {
        const risk = await agents.assessRisk(manager, contextOf(config));
        const prices: Record<string, number> = {};
        for (const [ticker, entry] of Object.entries(risk)) if (entry.current_price > 0) prices[ticker] = entry.current_price;
        return { analyst_signals: { [manager.risk_id]: risk }, current_prices: prices };
      });
      addNode(manager.id, async (state, config) => {
        const signals: Record<string, TickerSignals> = {};
        for (const id of manager.analyst_ids) {
          const entry = state.analyst_signals[id];
          if (entry !== undefined) signals[id] = entry as TickerSignals;
        }
        const risk = (state.analyst_signals[manager.risk_id] ?? {}) as RiskAssessments;
        return { decisions: { [manager.id]: await agents.decide(manager, signals, risk, contextOf(config)) } };
      });
      addEdge(manager.direct_analyst_ids.length === 1 ? manager.direct_analyst_ids[0] : [...manager.direct_analyst_ids], manager.risk_id);
      addEdge(manager.risk_id, manager.id);
      addEdge(manager.id, END);
    }
    return new AgentGraph(spec, graph.compile(), plan);
  }

  /**
   * Runs every node once for this context; the signal stops the graph between and inside nodes. The
   * executor defaults to LangGraph's when LangChain callbacks (LangSmith tracing) are configured, else to
   * the direct one; both give the same outcome.
   */
  async invoke(context: Context, signal?: AbortSignal, executor: GraphExecutor = langChainCallbacksConfigured() ? 'langgraph' : 'direct'): Promise<GraphOutcome> {
    const state = executor === 'direct' ? await this.plan.run(context, signal) : await this.invokeLangGraph(context, signal);
    return { analyst_signals: state.analyst_signals, decisions: state.decisions, current_prices: state.current_prices };
  }

  private async invokeLangGraph(context: Context, signal: AbortSignal | undefined): Promise<State> {
    // LangGraph leaves listeners on the signal it is given; a per-invocation child signal keeps them from
    // piling up on the run's signal over hundreds of backtest days.
    const child = new AbortController();
    const forward = (): void => child.abort(signal?.reason);
    if (signal?.aborted === true) forward();
    else signal?.addEventListener('abort', forward, { once: true });
    try {
      return await this.compiled.invoke(
        {},
        { signal: child.signal, recursionLimit: this.spec.analysts.length + 3 * this.spec.managers.length + 10, configurable: { context } },
      );
    } finally {
      signal?.removeEventListener('abort', forward);
    }
  }
}
