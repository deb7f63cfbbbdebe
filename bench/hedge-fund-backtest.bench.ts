// A 5-ticker daily backtest with the five rule-based analysts, risk manager and rule portfolio manager on
// seeded synthetic data (random-walk prices, quarterly fundamentals, insider trades, news), at 2.5, 5 and 10
// years to show how the time grows with the number of days. Prints figures; asserts nothing.
import { performance } from 'node:perf_hooks';
import {
  createRulePipeline,
  MemoryData,
  runBacktest,
  type CompanyNews,
  type FinancialMetrics,
  type InsiderTrade,
  type LineItem,
  type MemoryDataset,
  type PriceBar,
} from '../src/engine';
import type { BenchModule } from './run';
import { median } from './support';

const TICKERS = ['AAA', 'BBB', 'CCC', 'DDD', 'EEE'];
const ANALYSTS = ['technical_analyst', 'fundamentals_analyst', 'growth_analyst', 'sentiment_analyst', 'valuation_analyst'];

/** Park-Miller LCG in (0, 1). */
function lcg(seed: number): () => number {
  let state = seed % 2147483647 || 1;
  return () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
}

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(random())) * Math.cos(2 * Math.PI * random());
}

/** Business days (Mon-Fri) from `start`, `count` of them. */
function businessDays(start: string, count: number): string[] {
  const days: string[] = [];
  const date = new Date(`${start}T00:00:00Z`);
  while (days.length < count) {
    const dow = date.getUTCDay();
    if (dow !== 0 && dow !== 6) days.push(date.toISOString().slice(0, 10));
    date.setUTCDate(date.getUTCDate() + 1);
  }
  return days;
}

function nullMetrics(ticker: string, reportPeriod: string): FinancialMetrics {
  const row: Record<string, unknown> = { ticker, report_period: reportPeriod, period: 'ttm', currency: 'USD' };
  return row as unknown as FinancialMetrics;
}

function dataset(days: readonly string[], seed: number): MemoryDataset {
  const prices: Record<string, PriceBar[]> = {};
  const financialMetrics: Record<string, FinancialMetrics[]> = {};
  const lineItems: Record<string, LineItem[]> = {};
  const insiderTrades: Record<string, InsiderTrade[]> = {};
  const news: Record<string, CompanyNews[]> = {};
  TICKERS.forEach((ticker, t) => {
    const random = lcg(seed * 101 + t * 7919);
    const drift = 0.0002 + 0.0001 * t;
    let close = 50 + 20 * t;
    prices[ticker] = days.map((time) => {
      const open = close * (1 + 0.002 * gaussian(random));
      close = open * (1 + drift + 0.015 * gaussian(random));
      const high = Math.max(open, close) * (1 + 0.005 * random());
      const low = Math.min(open, close) * (1 - 0.005 * random());
      return { time, open, high, low, close, volume: Math.round(1e6 * (0.5 + random())) };
    });
    financialMetrics[ticker] = [];
    lineItems[ticker] = [];
    insiderTrades[ticker] = [];
    news[ticker] = [];
    for (let q = 0; q * 63 < days.length; q += 1) {
      const reportPeriod = days[q * 63];
      const shares = 1e8;
      const marketCap = prices[ticker][q * 63].close * shares;
      const growth = 0.05 + 0.15 * random();
      financialMetrics[ticker].push({
        ...nullMetrics(ticker, reportPeriod),
        market_cap: marketCap,
        enterprise_value: marketCap * 1.1,
        price_to_earnings_ratio: 10 + 25 * random(),
        price_to_book_ratio: 1 + 5 * random(),
        price_to_sales_ratio: 1 + 6 * random(),
        enterprise_value_to_ebitda_ratio: 6 + 10 * random(),
        peg_ratio: 0.5 + 2 * random(),
        gross_margin: 0.3 + 0.4 * random(),
        operating_margin: 0.05 + 0.25 * random(),
        net_margin: 0.03 + 0.2 * random(),
        return_on_equity: 0.05 + 0.25 * random(),
        current_ratio: 0.8 + 2 * random(),
        debt_to_equity: 0.1 + 1.5 * random(),
        interest_coverage: 2 + 20 * random(),
        revenue_growth: growth,
        earnings_growth: growth + 0.05 * gaussian(random),
        book_value_growth: 0.02 + 0.1 * random(),
        earnings_per_share_growth: growth + 0.05 * gaussian(random),
        free_cash_flow_growth: growth + 0.1 * gaussian(random),
        earnings_per_share: 2 + 3 * random(),
        free_cash_flow_per_share: 1 + 4 * random(),
      });
      const netIncome = marketCap * (0.03 + 0.04 * random());
      lineItems[ticker].push({
        ticker,
        report_period: reportPeriod,
        period: 'ttm',
        currency: 'USD',
        free_cash_flow: netIncome * (0.6 + 0.6 * random()),
        net_income: netIncome,
        depreciation_and_amortization: netIncome * 0.2,
        capital_expenditure: -netIncome * 0.3,
        working_capital: marketCap * 0.1 * (0.8 + 0.4 * random()),
        total_debt: marketCap * 0.2,
        cash_and_equivalents: marketCap * 0.05,
      });
    }
    for (let d = 5; d < days.length; d += 21) {
      const shares = Math.round(1e4 * gaussian(random));
      insiderTrades[ticker].push({
        ticker, issuer: ticker, name: 'Insider', title: 'Director', is_board_director: true, transaction_date: days[d],
        transaction_shares: shares, transaction_price_per_share: prices[ticker][d].close, transaction_value: shares * prices[ticker][d].close,
        shares_owned_before_transaction: null, shares_owned_after_transaction: null, security_title: 'Common', filing_date: days[d],
      });
    }
    for (let d = 2; d < days.length; d += 5) {
      const r = random();
      news[ticker].push({ ticker, title: `News ${d}`, author: null, source: 'wire', date: days[d], url: `https://news.invalid/${ticker}/${d}`, sentiment: r < 0.35 ? 'negative' : r < 0.75 ? 'positive' : 'neutral' });
    }
  });
  return { prices, financialMetrics, lineItems, insiderTrades, news };
}

const WARMUP_BARS = 220;

interface Sample {
  readonly ms: number;
  readonly cpuMs: number;
  readonly tradingDays: number;
  readonly fills: number;
  readonly finalValue: number;
}

async function runYears(years: number, data: MemoryDataset, days: readonly string[]): Promise<Sample> {
  const tradingDays = Math.round(252 * years);
  const start = days[WARMUP_BARS];
  const end = days[WARMUP_BARS + tradingDays - 1];
  const decide = createRulePipeline({ analysts: ANALYSTS });
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  let fills = 0;
  let finalValue = 0;
  for await (const event of runBacktest({ tickers: TICKERS, start_date: start, end_date: end, initial_capital: 1_000_000, margin_requirement: 0.5, costs: { commission_per_share: 0.005, slippage_bps: 5 } }, { data: new MemoryData(data), decide })) {
    if (event.type === 'complete') {
      fills = event.result.fills.filter((f) => f.quantity > 0).length;
      finalValue = event.result.equity_curve[event.result.equity_curve.length - 1].value;
    }
  }
  const cpu = process.cpuUsage(cpuStarted);
  return { ms: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000, tradingDays, fills, finalValue };
}

const bench: BenchModule = {
  title: 'hedge-fund backtest: 5 tickers, 5 rule analysts + risk + rule PM, synthetic daily data',
  async run() {
    const days = businessDays('2010-01-04', WARMUP_BARS + 2520);
    const data = dataset(days, 42);
    await runYears(0.5, data, days); // JIT warm-up
    const rows: Record<string, string | number>[] = [];
    for (const years of [2.5, 5, 10]) {
      const samples: Sample[] = [];
      for (let i = 0; i < 3; i += 1) samples.push(await runYears(years, data, days));
      const ms = median(samples.map((s) => s.ms));
      const cpuMs = median(samples.map((s) => s.cpuMs));
      const tickerDays = samples[0].tradingDays * TICKERS.length;
      rows.push({
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
