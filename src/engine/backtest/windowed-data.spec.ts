import fc from 'fast-check';
import type { CompanyNews, FinancialMetrics, InsiderTrade, LineItem, PriceBar } from '../data/types';
import { MemoryData } from './memory-data';
import { WindowedData } from './windowed-data';

const day = (offset: number): string => new Date(Date.UTC(2020, 0, 1 + offset)).toISOString().slice(0, 10);

function fixture(): MemoryData {
  const prices: PriceBar[] = Array.from({ length: 400 }, (_, i) => ({ time: day(i), open: 10 + i, high: 11 + i, low: 9 + i, close: 10 + i, volume: 100 + i }));
  const metrics = Array.from({ length: 16 }, (_, q) => ({ ticker: 'AAA', report_period: day(q * 25), period: 'ttm', currency: 'USD', market_cap: 1000 + q }) as unknown as FinancialMetrics);
  const items: LineItem[] = Array.from({ length: 16 }, (_, q) => ({ ticker: 'AAA', report_period: day(q * 25), period: 'ttm', currency: 'USD', net_income: q, free_cash_flow: 2 * q }));
  const trades = Array.from({ length: 60 }, (_, i) => ({ ticker: 'AAA', filing_date: day(i * 6 + (i % 3)), transaction_shares: i % 2 === 0 ? 10 : -10 }) as unknown as InsiderTrade);
  const news: CompanyNews[] = Array.from({ length: 90 }, (_, i) => ({ ticker: 'AAA', title: `n${i}`, author: null, source: 's', date: day(i * 4), url: `u${i}`, sentiment: i % 3 === 0 ? 'negative' : 'positive' }));
  return new MemoryData({ prices: { AAA: prices }, financialMetrics: { AAA: metrics }, lineItems: { AAA: items }, insiderTrades: { AAA: trades }, news: { AAA: news } });
}

describe('WindowedData', () => {
  it('answers every read as the port itself would, from one fetch per series (two for events reaching far back)', async () => {
    // a run starting at day 0 prefetches events from a year earlier (all of them); one starting at day 500
    // prefetches from day 135 and must fetch the whole history when a read needs older events
    for (const fromDay of [0, 500]) {
      const port = fixture();
      const windowed = new WindowedData(port, day(fromDay), day(399));
      const direct = fixture();
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: 399 }), fc.integer({ min: 0, max: 399 }), fc.integer({ min: 1, max: 30 }), async (a, b, limit) => {
          const [from, to] = [day(Math.min(a, b)), day(Math.max(a, b))];
          // prices are served from the warm-up start on (the backtest never reads before it)
          if (fromDay === 0) expect(await windowed.getPrices('AAA', from, to)).toEqual(await direct.getPrices('AAA', from, to));
          expect(await windowed.getFinancialMetrics('AAA', to, 'ttm', limit)).toEqual(await direct.getFinancialMetrics('AAA', to, 'ttm', limit));
          expect(await windowed.searchLineItems('AAA', ['net_income', 'free_cash_flow'], to, 'ttm', limit)).toEqual(
            await direct.searchLineItems('AAA', ['net_income', 'free_cash_flow'], to, 'ttm', limit),
          );
          expect(await windowed.getInsiderTrades('AAA', to, null, limit)).toEqual(await direct.getInsiderTrades('AAA', to, null, limit));
          expect(await windowed.getInsiderTrades('AAA', to, from, limit)).toEqual(await direct.getInsiderTrades('AAA', to, from, limit));
          expect(await windowed.getCompanyNews('AAA', to, from, limit)).toEqual(await direct.getCompanyNews('AAA', to, from, limit));
          expect(await windowed.getCompanyNews('AAA', to, null, limit)).toEqual(await direct.getCompanyNews('AAA', to, null, limit));
          expect(await windowed.getMarketCap('AAA', to)).toEqual(await direct.getMarketCap('AAA', to));
        }),
        { numRuns: 60 },
      );
      expect(port.calls.getPrices ?? 0).toBe(fromDay === 0 ? 1 : 0);
      expect(port.calls.getFinancialMetrics).toBe(1);
      expect(port.calls.searchLineItems).toBe(1);
      expect(port.calls.getInsiderTrades).toBeLessThanOrEqual(2);
      expect(port.calls.getCompanyNews).toBeLessThanOrEqual(2);
    }
  });

  it('serves recent "latest N" reads from the partial prefetch and fetches the whole history once when needed', async () => {
    const port = fixture();
    // prefetch from day 135: news every 4 days → the 5 latest by day 399 are all inside it
    const windowed = new WindowedData(port, day(500), day(399));
    await windowed.getCompanyNews('AAA', day(399), null, 5);
    await windowed.getCompanyNews('AAA', day(398), null, 5);
    expect(port.calls.getCompanyNews).toBe(1);
    // 80 items back from day 300 reach before day 135: one fetch of the whole history, then no more
    expect(await windowed.getCompanyNews('AAA', day(300), null, 80)).toHaveLength(76);
    await windowed.getCompanyNews('AAA', day(200), null, 80);
    expect(port.calls.getCompanyNews).toBe(2);
  });

  it('caps every read of a day view at that day', async () => {
    const view = new WindowedData(fixture(), day(0), day(399)).asOf(day(100));
    const bars = await view.getPrices('AAA', day(0), day(399));
    expect(bars[bars.length - 1].time).toBe(day(100));
    expect((await view.getCompanyNews('AAA', day(399), null, 1))[0].date).toBe(day(100));
    expect((await view.getFinancialMetrics('AAA', day(399), 'ttm', 1))[0].report_period).toBe(day(100));
    expect(await view.getMarketCap('AAA', day(399))).toBe(1004);
  });

  it('reads each list of line items as its own series, even a list changed in place', async () => {
    const windowed = new WindowedData(fixture(), day(0), day(399));
    const names = ['net_income'];
    expect((await windowed.searchLineItems('AAA', names, day(399), 'ttm', 1))[0]).toEqual({ ticker: 'AAA', report_period: day(375), period: 'ttm', currency: 'USD', net_income: 15 });
    names[0] = 'free_cash_flow';
    expect((await windowed.searchLineItems('AAA', names, day(399), 'ttm', 1))[0]).toEqual({ ticker: 'AAA', report_period: day(375), period: 'ttm', currency: 'USD', free_cash_flow: 30 });
  });

  it('hands back the same array while a window has not moved, and a new one with the new contents once it has', async () => {
    const windowed = new WindowedData(fixture(), day(0), day(399));
    // reports every 25 days: days 101-124 see the same latest reports (day 100 first)
    const before = await windowed.getFinancialMetrics('AAA', day(101), 'ttm', 3);
    expect(await windowed.getFinancialMetrics('AAA', day(124), 'ttm', 3)).toBe(before);
    const after = await windowed.getFinancialMetrics('AAA', day(125), 'ttm', 3);
    expect(after).not.toBe(before);
    expect(after.map((m) => m.report_period)).toEqual([day(125), day(100), day(75)]);
    // another limit is another window, even over the same reports
    expect((await windowed.getFinancialMetrics('AAA', day(125), 'ttm', 2)).map((m) => m.report_period)).toEqual([day(125), day(100)]);
    expect(await windowed.getFinancialMetrics('AAA', day(126), 'ttm', 3)).toBe(after);
    // insider trades on days 6i + i mod 3 (… 25, 32, 36, 43 …): none filed on days 37-42
    const trades = await windowed.getInsiderTrades('AAA', day(37), null, 1000);
    expect(await windowed.getInsiderTrades('AAA', day(42), null, 1000)).toBe(trades);
    const more = await windowed.getInsiderTrades('AAA', day(43), null, 1000);
    expect(more.map((t) => t.filing_date)).toEqual([day(43), ...trades.map((t) => t.filing_date)]);
    // the same end with a start date that cuts the window is not the same window
    expect((await windowed.getInsiderTrades('AAA', day(43), day(20), 1000)).map((t) => t.filing_date)).toEqual([day(43), day(36), day(32), day(25)]);
  });
});
