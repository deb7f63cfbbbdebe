import type { RiskAssessment } from '../src/engine';
import { AgentGraph, type GraphAgents, type GraphExecutor } from '../src/modules/hedge-fund/agent-graph';
import { buildGraphSpec } from '../src/modules/hedge-fund/graph-spec';
import type { BenchModule } from './run';
import { median, printTable, timeRuns } from './support';

const TICKERS = ['AAPL', 'MSFT', 'NVDA', 'TSLA', 'AMZN'];
const risk: RiskAssessment = {
  remaining_position_limit: 10_000,
  remaining_short_limit: 10_000,
  current_price: 100,
  volatility_metrics: { daily_volatility: 0.01, annualized_volatility: 0.16, volatility_percentile: 50, data_points: 60 },
  correlation_metrics: { avg_correlation_with_active: null, max_correlation_with_active: null, top_correlated_tickers: [] },
  reasoning: { error: 'bench' },
};

/** Agents that do no work, so the timings are the LangGraph wiring's own cost per decision date. */
const idleAgents: GraphAgents<null> = {
  analyze: async () => Object.fromEntries(TICKERS.map((t) => [t, { signal: 'neutral' as const, confidence: 0, reasoning: '' }])),
  assessRisk: async () => Object.fromEntries(TICKERS.map((t) => [t, risk])),
  decide: async () => Object.fromEntries(TICKERS.map((t) => [t, { action: 'hold' as const, quantity: 0, confidence: 0, reasoning: '' }])),
};

/** Per-day overhead of the compiled agent graph (one backtest day = one invoke), for graph sizes the SPA builds. */
const bench: BenchModule = {
  title: 'hedge-fund graph: LangGraph overhead per decision date (agents doing no work)',
  async run() {
    const keys = ['technical_analyst', 'fundamentals_analyst', 'growth_analyst', 'sentiment_analyst', 'valuation_analyst'];
    const catalog = (key: string) => (keys.includes(key) ? { key, display_name: key, available: true } : undefined);
    const rows: Record<string, string | number>[] = [];
    for (const [analysts, managers] of [
      [1, 1],
      [5, 1],
      [5, 2],
    ] as const) {
      const nodes = [...keys.slice(0, analysts).map((id) => ({ id })), ...Array.from({ length: managers }, (_, i) => ({ id: `portfolio_manager_pm000${i}` }))];
      const edges = keys.slice(0, analysts).flatMap((a) => Array.from({ length: managers }, (_, i) => ({ id: `${a}-${i}`, source: a, target: `portfolio_manager_pm000${i}` })));
      const spec = buildGraphSpec(nodes, edges, catalog);
      const buildTimes = await timeRuns(() => AgentGraph.build(spec, idleAgents), 20);
      const graph = AgentGraph.build(spec, idleAgents);
      for (const executor of ['direct', 'langgraph'] as GraphExecutor[]) {
        const invokeTimes = await timeRuns(() => graph.invoke(null, undefined, executor), 200, 10);
        rows.push({
          graph: `${analysts} analysts, ${managers} PM`,
          executor: executor === 'direct' ? 'direct (default)' : 'LangGraph Pregel (when callbacks/tracing are configured)',
          'build ms (median)': Number(median(buildTimes).toFixed(3)),
          'invoke ms (median)': Number(median(invokeTimes).toFixed(3)),
          'invokes/s': Math.round(1000 / median(invokeTimes)),
        });
      }
    }
    printTable(rows);
  },
};
export default bench;
