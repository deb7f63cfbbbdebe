// The personas on the default data source: every line item they request comes back, the metrics they read are
// there, and their verdicts vary across a synthetic universe (seed 42).
import type { MarketDataReader } from '../../data/reader';
import type { FinancialMetrics, LineItem } from '../../data/types';
import { syntheticAgentData, SyntheticMarket } from '../../synthetic';
import { PERSONAS } from '.';

const TICKERS = Array.from({ length: 30 }, (_, i) => `S${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + Math.floor(i / 26))}`);
const END_DATE = '2024-06-28';
const START_DATE = '2024-01-02';
const METRICS_READ: readonly (keyof FinancialMetrics)[] = [
  'return_on_equity',
  'debt_to_equity',
  'operating_margin',
  'current_ratio',
  'asset_turnover',
  'return_on_invested_capital',
  'interest_coverage',
  'net_margin',
  'free_cash_flow_yield',
  'earnings_growth',
  'price_to_earnings_ratio',
];

interface Recorded {
  readonly requested: Set<string>;
  readonly missing: string[];
  readonly metrics: FinancialMetrics[];
}

function recording(port: MarketDataReader, log: Recorded): MarketDataReader {
  return {
    ...port,
    getFinancialMetrics: async (...args) => {
      const rows = await port.getFinancialMetrics(...args);
      log.metrics.push(...rows);
      return rows;
    },
    searchLineItems: async (ticker, names, ...rest) => {
      const rows: LineItem[] = await port.searchLineItems(ticker, names, ...rest);
      for (const name of names) {
        log.requested.add(name);
        for (const row of rows) if (typeof row[name] !== 'number') log.missing.push(`${ticker} ${row.report_period} ${name}`);
      }
      return rows;
    },
  };
}

describe('personas on the synthetic market', () => {
  const market = new SyntheticMarket(42);

  it.each(Object.keys(PERSONAS))('%s gets every line item it asks for and gives varied verdicts', async (key) => {
    const persona = PERSONAS[key];
    const log: Recorded = { requested: new Set(), missing: [], metrics: [] };
    const data = recording(syntheticAgentData(market), log);
    const signals = new Set<string>();
    const scores = new Set<number>();
    for (const ticker of TICKERS) {
      const analysis = await persona.analyze({ data, ticker, endDate: END_DATE, startDate: START_DATE });
      expect(Object.values(analysis.details.data_points as Record<string, number>).every((n) => n > 0)).toBe(true);
      signals.add(persona.rules(analysis).signal);
      scores.add(Math.round(analysis.score * 100));
    }
    expect(log.requested.size).toBeGreaterThan(0);
    expect(log.missing).toEqual([]);
    for (const field of METRICS_READ) {
      if (log.metrics.length === 0) break;
      const present = log.metrics.filter((m) => m[field] !== null).length;
      expect({ field, share: present / log.metrics.length >= 0.8 }).toEqual({ field, share: true });
    }
    expect(signals.size).toBeGreaterThanOrEqual(2);
    expect(scores.size).toBeGreaterThanOrEqual(3);
  });
});
