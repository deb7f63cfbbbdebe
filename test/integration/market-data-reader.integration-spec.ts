import type { NestExpressApplication } from '@nestjs/platform-express';
import { join } from 'node:path';
import { type BacktestDayResult, type BacktestResult, createRulePipeline, type MarketDataReader, runBacktest } from '../../src/engine';
import { MarketDataPort } from '../../src/modules/market-data/market-data.port';
import { CsvProvider } from '../../src/modules/market-data/providers/csv.provider';
import { SyntheticProvider } from '../../src/modules/market-data/providers/synthetic.provider';
import { createTestApp } from '../support/app';

interface Run {
  readonly days: readonly BacktestDayResult[];
  readonly result: BacktestResult;
}

/** A backtest of the five rule analysts over the example DEMO files' quarter, reading through `data`. */
async function backtest(data: MarketDataReader): Promise<Run> {
  const days: BacktestDayResult[] = [];
  const config = { tickers: ['DEMO'], start_date: '2024-02-01', end_date: '2024-03-28', initial_capital: 100_000, lookback_bars: 20 };
  const decide = createRulePipeline({ analysts: ['technical_analyst', 'fundamentals_analyst', 'growth_analyst', 'sentiment_analyst', 'valuation_analyst'] });
  for await (const event of runBacktest(config, { data, decide })) {
    if (event.type === 'day_complete') days.push(event.result);
    if (event.type === 'complete') return { days, result: event.result };
  }
  throw new Error('the backtest ended without a result');
}

// The examples were drawn from the synthetic market with seed 2024; the app's synthetic market uses another seed,
// so the csv and the synthetic answers differ and a reader bound to the wrong provider shows.
describe('one MarketDataReader: a provider, the port and the port bound to a provider run the same backtest', () => {
  let app: NestExpressApplication;

  beforeAll(async () => {
    app = await createTestApp({ env: { MARKET_DATA_PROVIDER: 'synthetic', MARKET_DATA_SEED: '42', MARKET_DATA_CSV_DIR: join(__dirname, '..', '..', 'examples', 'market-data') } });
  });

  afterAll(async () => {
    await app.close();
  });

  it('the csv provider itself and the port bound to csv give the same days and result', async () => {
    const direct = await backtest(app.get(CsvProvider));
    const throughPort = await backtest(app.get(MarketDataPort).reader('csv'));
    expect(direct.result.fills.length).toBeGreaterThan(0);
    expect(throughPort).toEqual(direct);
  }, 60_000);

  it('the port itself reads from its default provider, as the synthetic provider does', async () => {
    const direct = await backtest(app.get(SyntheticProvider));
    const throughPort = await backtest(app.get(MarketDataPort));
    expect(throughPort).toEqual(direct);
    const csv = await backtest(app.get(CsvProvider));
    expect(csv.result.equity_curve).not.toEqual(direct.result.equity_curve);
  }, 60_000);
});
