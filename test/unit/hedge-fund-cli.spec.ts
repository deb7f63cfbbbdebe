import { cliGraph, formatDayLine, parseCliOptions, UsageError } from '../../src/cli/hedge-fund-cli';
import type { BacktestDayResult } from '../../src/engine';

const catalog = (key: string) =>
  ({ technical_analyst: { key, display_name: 'Technical Analyst', available: true }, warren_buffett: { key, display_name: 'Warren Buffett', available: false } })[key];

describe('hedge fund CLI', () => {
  it('parses tickers (trimmed, upper-cased, de-duplicated), dates and defaults', () => {
    expect(parseCliOptions(['--tickers', ' aapl,MSFT,,aapl', '--start', '2024-01-02', '--end', '2024-12-31'])).toEqual({
      tickers: ['AAPL', 'MSFT'],
      start: '2024-01-02',
      end: '2024-12-31',
      agents: undefined,
      capital: 100000,
      margin: 0,
      json: false,
    });
  });

  it.each([
    [['--start', '2024-01-02'], '--tickers is required'],
    [['--tickers', 'AAPL', '--start', '2024-02-30'], '--start must be a date YYYY-MM-DD'],
    [['--tickers', 'AAPL', '--margin', '3'], '--margin must be a number between 0 and 1'],
    [['--tickers', 'AAPL', '--provider', 'csv'], "Unknown option '--provider'"],
    [['--tickers', 'AAPL', '--bogus'], "Unknown option '--bogus'"],
  ])('refuses %j with a usage error', (argv, message) => {
    expect(() => parseCliOptions(argv)).toThrow(UsageError);
    expect(() => parseCliOptions(argv)).toThrow(message);
  });

  it('wires the chosen analysts into one portfolio manager, and refuses an LLM agent by name', () => {
    const spec = cliGraph(['technical_analyst'], catalog);
    expect(spec.managers).toEqual([
      { id: 'portfolio_manager', risk_id: 'risk_management_agent', direct_analyst_ids: ['technical_analyst'], analyst_ids: ['technical_analyst'] },
    ]);
    expect(cliGraph(undefined, catalog).analysts.map((a) => a.key)).toEqual(['technical_analyst']);
    expect(() => cliGraph(['warren_buffett'], catalog)).toThrow(/Warren Buffett/);
  });

  it('prints one line per day with value, return and fills', () => {
    const day = {
      date: '2024-01-03',
      portfolio_value: 100184.92,
      portfolio_return: 0.1849,
      ticker_details: [
        { ticker: 'AAPL', action: 'buy', quantity: 69, price: 190.29 },
        { ticker: 'MSFT', action: 'hold', quantity: 0, price: 50 },
      ],
    } as unknown as BacktestDayResult;
    expect(formatDayLine(day)).toBe('2024-01-03       $100,184.92    +0.18%  buy 69 AAPL @ 190.29');
  });
});
