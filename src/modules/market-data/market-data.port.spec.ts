import { MarketDataPort } from './market-data.port';

class RecordingPort extends MarketDataPort {
  readonly calls: unknown[][] = [];
  private record = async (...args: unknown[]) => {
    this.calls.push(args);
    return [];
  };
  getPrices = this.record as MarketDataPort['getPrices'];
  getFinancialMetrics = this.record as MarketDataPort['getFinancialMetrics'];
  searchLineItems = this.record as MarketDataPort['searchLineItems'];
  getInsiderTrades = this.record as MarketDataPort['getInsiderTrades'];
  getCompanyNews = this.record as MarketDataPort['getCompanyNews'];
  getMarketCap = (async (...args: unknown[]) => {
    this.calls.push(args);
    return null;
  }) as MarketDataPort['getMarketCap'];
  getMinuteBars = this.record as unknown as MarketDataPort['getMinuteBars'];
  readMinuteBarFiles = this.record as unknown as MarketDataPort['readMinuteBarFiles'];
  assertAvailable = async (): Promise<void> => undefined;
}

describe('MarketDataPort.reader', () => {
  it("names the bound provider on every read and passes the caller's abort signal and arguments on unchanged", async () => {
    const port = new RecordingPort();
    const signal = new AbortController().signal;
    const data = port.reader('csv');
    await data.getPrices('AAPL', '2024-01-02', '2024-02-01', { signal });
    await data.getFinancialMetrics('AAPL', '2024-02-01', 'quarterly', 400, { signal });
    await data.searchLineItems('AAPL', ['revenue'], '2024-02-01', 'ttm', 8);
    await data.getInsiderTrades('AAPL', '2024-02-01', '2022-01-01', 100_000, { signal });
    await data.getCompanyNews('AAPL', '2024-02-01', null, 50);
    await data.getMarketCap('AAPL', '2024-02-01');
    expect(port.calls).toEqual([
      ['AAPL', '2024-01-02', '2024-02-01', { provider: 'csv', signal }],
      ['AAPL', '2024-02-01', 'quarterly', 400, { provider: 'csv', signal }],
      ['AAPL', ['revenue'], '2024-02-01', 'ttm', 8, { provider: 'csv' }],
      ['AAPL', '2024-02-01', '2022-01-01', 100_000, { provider: 'csv', signal }],
      ['AAPL', '2024-02-01', null, 50, { provider: 'csv' }],
      ['AAPL', '2024-02-01', { provider: 'csv' }],
    ]);
  });
});
