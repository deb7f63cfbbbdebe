import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config';
import { type AgentContext, createRulePipeline, type DecideFunction, runBacktest } from '../src/engine';
import { AgentGraph } from '../src/modules/hedge-fund/agent-graph';
import { EngineGraphAgents, graphDecider } from '../src/modules/hedge-fund/graph-agents';
import { buildGraphSpec } from '../src/modules/hedge-fund/graph-spec';
import { RULE_BASED_ENGINE } from '../src/modules/hedge-fund/hedge-fund.engine';
import { providerPort } from '../src/cli/cli-data';
import { SyntheticProvider } from '../src/modules/market-data/providers/synthetic.provider';
import type { BenchModule } from './run';
import { printTable } from './support';

const TICKERS = ['AAPL', 'MSFT', 'NVDA'];
const ANALYSTS = ['technical_analyst', 'fundamentals_analyst', 'growth_analyst', 'sentiment_analyst', 'valuation_analyst'];

/** One year of a 3-ticker daily backtest on synthetic data: the LangGraph graph (HTTP/CLI path) vs the engine's plain pipeline. */
const bench: BenchModule = {
  title: 'hedge-fund LangGraph backtest: 1 year, 3 tickers, 5 rule-based analysts, synthetic data (graph vs plain pipeline)',
  async run() {
    const config = loadConfig({ LOG_LEVEL: 'silent' });
    const data = providerPort(new SyntheticProvider(config));
    const catalog = (key: string) => (ANALYSTS.includes(key) ? { key, display_name: key, available: true } : undefined);
    const spec = buildGraphSpec(
      [...ANALYSTS.map((id) => ({ id })), { id: 'portfolio_manager' }],
      ANALYSTS.map((a) => ({ id: a, source: a, target: 'portfolio_manager' })),
      catalog,
    );
    const deciders: [string, () => DecideFunction][] = [
      ['LangGraph agent graph', () => graphDecider(AgentGraph.build<AgentContext>(spec, new EngineGraphAgents(RULE_BASED_ENGINE.agents)))],
      ['engine rule pipeline', () => createRulePipeline({ analysts: ANALYSTS })],
    ];
    const rows: Record<string, string | number>[] = [];
    for (const [label, make] of deciders) {
      const started = performance.now();
      let days = 0;
      let events = 0;
      for await (const event of runBacktest({ tickers: TICKERS, start_date: '2023-01-03', end_date: '2023-12-29', initial_capital: 100_000 }, { data, decide: make() })) {
        events += 1;
        if (event.type === 'day_complete') days += 1;
      }
      const ms = performance.now() - started;
      rows.push({ decider: label, days, events, 'total ms': Math.round(ms), 'ms/day': Number((ms / days).toFixed(2)) });
    }
    printTable(rows);
  },
};
export default bench;
