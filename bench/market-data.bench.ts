import { performance } from 'node:perf_hooks';
import { daysFromCivil, parseIsoDay, SyntheticMarket } from '../src/engine';
import { printTable } from './support';
import type { BenchModule } from './run';

function day(text: string): number {
  const parsed = parseIsoDay(text);
  if (parsed === null) throw new Error(`bad date ${text}`);
  return parsed;
}

/** Synthetic generation: 10 years × 100 tickers of daily bars, 1 year of ES minute bars, fundamentals. */
const bench: BenchModule = {
  title: 'market-data: synthetic generation',
  async run() {
    const rows: Record<string, string | number>[] = [];
    const tickers = Array.from({ length: 100 }, (_, i) => `T${String(i).padStart(3, '0')}`);
    const start = day('2015-01-01');
    const end = day('2024-12-31');

    let began = performance.now();
    const cold = new SyntheticMarket(42);
    let bars = 0;
    for (const ticker of tickers) bars += cold.prices(ticker, start, end).length;
    let ms = performance.now() - began;
    rows.push({ case: 'daily, 100 tickers × 10 years (cold: paths from 1985)', items: bars, ms: Math.round(ms), 'items/s': Math.round((bars / ms) * 1000) });

    began = performance.now();
    bars = 0;
    for (const ticker of tickers) bars += cold.prices(ticker, start, end).length;
    ms = performance.now() - began;
    rows.push({ case: 'daily, same again (paths cached)', items: bars, ms: Math.round(ms), 'items/s': Math.round((bars / ms) * 1000) });

    for (const symbol of ['ES', 'CL']) {
      const market = new SyntheticMarket(42);
      began = performance.now();
      const minute = market.minuteBars(symbol, day('2024-01-01'), day('2024-12-31'));
      ms = performance.now() - began;
      rows.push({ case: `minute bars, ${symbol} 2024 (1 year)`, items: minute.time.length, ms: Math.round(ms), 'items/s': Math.round((minute.time.length / ms) * 1000) });
    }

    began = performance.now();
    let metrics = 0;
    for (const ticker of tickers) metrics += cold.financialMetrics(ticker, end, 'ttm', 10).length;
    ms = performance.now() - began;
    rows.push({ case: 'financial metrics ttm/10, 100 tickers', items: metrics, ms: Math.round(ms), 'items/s': Math.round((metrics / ms) * 1000) });

    began = performance.now();
    let news = 0;
    for (const ticker of tickers) news += cold.companyNews(ticker, end, daysFromCivil(2024, 1, 1), 1000).length;
    ms = performance.now() - began;
    rows.push({ case: 'news for 2024, 100 tickers', items: news, ms: Math.round(ms), 'items/s': Math.round((news / ms) * 1000) });
    printTable(rows);
  },
};
export default bench;
