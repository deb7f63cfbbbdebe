import { EngineError } from '../errors';
import { syntheticAgentData } from './agent-data';
import { parseIsoDay } from '../civil-days';
import { SyntheticMarket } from './synthetic-market';

describe('syntheticAgentData', () => {
  const market = new SyntheticMarket(7);
  const data = syntheticAgentData(market);
  const day = (text: string) => parseIsoDay(text) ?? Number.NaN;

  it('answers every read from the synthetic market with dates as YYYY-MM-DD', async () => {
    expect(await data.getPrices('ABC', '1970-01-01', '1985-01-10')).toEqual(market.prices('ABC', day('1985-01-01'), day('1985-01-10')));
    expect(await data.getFinancialMetrics('ABC', '2024-06-30', 'ttm', 3)).toEqual(market.financialMetrics('ABC', day('2024-06-30'), 'ttm', 3));
    expect(await data.searchLineItems('ABC', ['revenue'], '2024-06-30', 'annual', 2)).toEqual(market.lineItems('ABC', ['revenue'], day('2024-06-30'), 'annual', 2));
    expect(await data.getInsiderTrades('ABC', '2024-06-30', '2024-01-01', 50)).toEqual(market.insiderTrades('ABC', day('2024-06-30'), day('2024-01-01'), 50));
    expect(await data.getCompanyNews('ABC', '2024-06-30', null, 5)).toEqual(market.companyNews('ABC', day('2024-06-30'), null, 5));
    expect(await data.getMarketCap('ABC', '2024-06-30')).toBe(market.marketCap('ABC', day('2024-06-30')));
  });

  it('refuses a date it cannot read', async () => {
    await expect(data.getMarketCap('ABC', '2024-13-01')).rejects.toBeInstanceOf(EngineError);
    await expect(data.getCompanyNews('ABC', '2024-06-30', 'yesterday', 5)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
