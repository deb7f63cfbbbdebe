// The hedge-fund backtest as `npm run backtest` and the backtest route run it: the agent graph compiled once
// (LangGraph StateGraph over the rule analysts, the risk manager and the rule portfolio manager), invoked once per
// trading day through graphDecider, on the synthetic provider. Against the engine's plain rule pipeline on the same
// data. 5 rule analysts × 5 tickers × 10 years. Prints figures; asserts nothing.
import { performance } from 'node:perf_hooks';
import { createRulePipeline, type DecideFunction } from '../src/engine';
import { syntheticReader } from '../src/cli/cli-data';
import { buildCliGraph } from '../src/cli/hedge-fund-cli';
import { type GraphExecutor } from '../src/modules/hedge-fund/agent-graph';
import { graphDecider } from '../src/modules/hedge-fund/graph-agents';
import { RULE_BASED_ENGINE } from '../src/modules/hedge-fund/hedge-fund.engine';
import type { BenchModule } from './run';
import { median, printTable } from './support';

const TICKERS = ['AAPL', 'MSFT', 'NVDA', 'GOOGL', 'TSLA'];
const ANALYSTS = ['technical_analyst', 'fundamentals_analyst', 'growth_analyst', 'sentiment_analyst', 'valuation_analyst'];

interface Sample {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly days: number;
  readonly finalValue: number;
}

async function backtest(decide: DecideFunction, start: string): Promise<Sample> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  let days = 0;
  let finalValue = 0;
  const config = { tickers: TICKERS, start_date: start, end_date: '2024-12-31', initial_capital: 1_000_000, margin_requirement: 0.5 };
  for await (const event of RULE_BASED_ENGINE.runBacktest(config, { data: syntheticReader(), decide })) {
    if (event.type === 'day_complete') days += 1;
    if (event.type === 'complete') finalValue = event.result.final_portfolio.cash;
  }
  const used = process.cpuUsage(cpu);
  return { wallMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000, days, finalValue };
}

/** The CLI's graph (the route builds the same one), forced onto one executor. */
async function graphDecide(executor: GraphExecutor): Promise<DecideFunction> {
  const { graph } = await buildCliGraph({ agents: ANALYSTS, model: undefined, provider: undefined });
  const invoke = graph.invoke.bind(graph);
  graph.invoke = (context, signal) => invoke(context, signal, executor);
  return graphDecider(graph);
}

const bench: BenchModule = {
  title: 'hedge-fund backtest on the production path: 5 rule analysts × 5 tickers × 10 years, agent graph vs plain rule pipeline',
  async run() {
    await backtest(createRulePipeline({ analysts: ANALYSTS }), '2024-01-01'); // JIT warm-up
    await backtest(await graphDecide('direct'), '2024-01-01');
    const cases: { label: string; make: () => Promise<DecideFunction>; runs: number; start?: string }[] = [
      { label: 'engine rule pipeline', make: async () => createRulePipeline({ analysts: ANALYSTS }), runs: 3 },
      {
        label: 'agent graph as the CLI/route run it (no LangChain callbacks configured)',
        make: async () => graphDecider((await buildCliGraph({ agents: ANALYSTS, model: undefined, provider: undefined })).graph),
        runs: 3,
      },
      // One year only: Pregel costs about a millisecond per day of CPU even with nothing listening.
      { label: 'agent graph forced through LangGraph Pregel (as when tracing is configured), 1 year', make: () => graphDecide('langgraph'), runs: 1, start: '2024-01-01' },
    ];
    const rows: Record<string, string | number>[] = [];
    let plainCpuPerDay = 0;
    for (const { label, make, runs, start } of cases) {
      const samples: Sample[] = [];
      for (let i = 0; i < runs; i += 1) samples.push(await backtest(await make(), start ?? '2015-01-01'));
      const wall = median(samples.map((s) => s.wallMs));
      const cpu = median(samples.map((s) => s.cpuMs));
      if (plainCpuPerDay === 0) plainCpuPerDay = cpu / samples[0].days;
      const tickerDays = samples[0].days * TICKERS.length;
      rows.push({
        decider: label,
        'trading days': samples[0].days,
        'median wall ms': Math.round(wall),
        'median CPU ms': Math.round(cpu),
        'ticker-days/s (wall)': Math.round(tickerDays / (wall / 1000)),
        'ticker-days/s (CPU)': Math.round(tickerDays / (cpu / 1000)),
        'CPU µs per day': Math.round((cpu * 1000) / samples[0].days),
        'CPU × plain (per day)': Number((cpu / samples[0].days / plainCpuPerDay).toFixed(2)),
        'final cash': Math.round(samples[0].finalValue),
      });
    }
    // Wall time counts whatever else the machine runs; CPU time is this process alone (GC threads included).
    printTable(rows);
  },
};
export default bench;
