// A 5-ticker daily backtest with the five rule-based analysts, the risk manager and the rule portfolio manager
// on the seeded synthetic market (prices, fundamentals, line items, insider trades, news), at 2.5, 5 and 10
// years, to show the time per day stays flat. End to end: each run starts from a fresh synthetic market, so
// data generation is included. Prints figures; asserts nothing.
import { performance } from 'node:perf_hooks';
import { createRulePipeline, type DecideFunction, runBacktest, syntheticAgentData, SyntheticMarket } from '../src/engine';
import type { BenchModule } from './run';
import { median } from './support';

const TICKERS = ['AAPL', 'MSFT', 'NVDA', 'GOOGL', 'TSLA'];
const ANALYSTS = ['technical_analyst', 'fundamentals_analyst', 'growth_analyst', 'sentiment_analyst', 'valuation_analyst'];
const SEED = 42;
const END_DATE = '2024-12-31';

interface Sample {
  readonly ms: number;
  readonly cpuMs: number;
  readonly tradingDays: number;
  readonly fills: number;
  readonly finalValue: number;
}

function startFor(years: number): string {
  const end = Number(END_DATE.slice(0, 4));
  const wholeYears = Math.floor(years);
  const months = Math.round((years - wholeYears) * 12);
  const startYear = end - wholeYears + 1 - (months > 0 ? 1 : 0);
  const startMonth = months > 0 ? 13 - months : 1;
  return `${startYear}-${String(startMonth).padStart(2, '0')}-01`;
}

/** Every day holds: what the data, the ledger loop and the running metrics cost without the agents. */
const holdEveryDay: DecideFunction = async () => ({ decisions: {}, analyst_signals: {} });

async function runYears(years: number, decide: DecideFunction = createRulePipeline({ analysts: ANALYSTS })): Promise<Sample> {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  let sample = { tradingDays: 0, fills: 0, finalValue: 0 };
  const events = runBacktest(
    {
      tickers: TICKERS,
      start_date: startFor(years),
      end_date: END_DATE,
      initial_capital: 1_000_000,
      margin_requirement: 0.5,
      costs: { commission_per_share: 0.005, slippage_bps: 5 },
    },
    { data: syntheticAgentData(new SyntheticMarket(SEED)), decide },
  );
  for await (const event of events) {
    if (event.type === 'complete') {
      const curve = event.result.equity_curve;
      sample = { tradingDays: event.result.total_days, fills: event.result.fills.filter((f) => f.quantity > 0).length, finalValue: curve[curve.length - 1].value };
    }
  }
  const cpu = process.cpuUsage(cpuStarted);
  return { ms: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000, ...sample };
}

const bench: BenchModule = {
  title: 'hedge-fund backtest: 5 tickers, 5 rule analysts + risk + rule PM, synthetic market, end to end',
  async run() {
    await runYears(0.5); // JIT warm-up
    const rows: Record<string, string | number>[] = [];
    const cases: { label: string; years: number; decide?: DecideFunction }[] = [
      { label: 'rule agents', years: 2.5 },
      { label: 'rule agents', years: 5 },
      { label: 'rule agents', years: 10 },
      { label: 'hold (no agents)', years: 10, decide: holdEveryDay },
    ];
    for (const { label, years, decide } of cases) {
      const samples: Sample[] = [];
      for (let i = 0; i < 3; i += 1) samples.push(await runYears(years, decide));
      const ms = median(samples.map((s) => s.ms));
      const cpuMs = median(samples.map((s) => s.cpuMs));
      const tickerDays = samples[0].tradingDays * TICKERS.length;
      rows.push({
        decisions: label,
        years,
        'trading days': samples[0].tradingDays,
        'ticker-days': tickerDays,
        'median wall ms': Math.round(ms),
        'median CPU ms': Math.round(cpuMs),
        'ticker-days/s (wall)': Math.round(tickerDays / (ms / 1000)),
        'µs per day (wall)': Math.round((ms * 1000) / samples[0].tradingDays),
        fills: samples[0].fills,
        'final value': Math.round(samples[0].finalValue),
      });
    }
    // Wall time counts whatever else the machine runs; CPU time is this process alone (GC threads included).
    console.table(rows);
  },
};
export default bench;
