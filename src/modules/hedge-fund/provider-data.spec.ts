import { MarketDataPort } from '../market-data/market-data.port';
import { PORT_MAX_LIMIT, providerData } from './hedge-fund.service';

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

describe('providerData', () => {
  it("names the request's provider, passes the abort signal, and caps limits at the port's maximum", async () => {
    const port = new RecordingPort();
    const signal = new AbortController().signal;
    const data = providerData(port, 'csv');
    await data.getPrices('AAPL', '2024-01-02', '2024-02-01', { signal });
    await data.getInsiderTrades('AAPL', '2024-02-01', '2022-01-01', 100_000, { signal });
    await data.getCompanyNews('AAPL', '2024-02-01', null, 50);
    await data.getMarketCap('AAPL', '2024-02-01');
    expect(port.calls).toEqual([
      ['AAPL', '2024-01-02', '2024-02-01', { provider: 'csv', signal }],
      ['AAPL', '2024-02-01', '2022-01-01', PORT_MAX_LIMIT, { provider: 'csv', signal }],
      ['AAPL', '2024-02-01', null, 50, { provider: 'csv', signal: undefined }],
      ['AAPL', '2024-02-01', { provider: 'csv', signal: undefined }],
    ]);
  });
});
