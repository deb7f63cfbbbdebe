import { ValidationError } from '../../core/http';
import type { HedgeFundBacktestRequestDto, HedgeFundRunRequestDto } from './dto/hedge-fund-request.dto';
import { parseIsoDay } from '../../engine';
import { prepareBacktestJob, prepareRunJob } from './hedge-fund-request';

const base = { tickers: ['AAPL', 'MSFT'], graph_nodes: [], graph_edges: [] };

function rejection(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('prepareRunJob', () => {
  it('defaults end_date to today (UTC) and start_date to 90 days before, cash 100000, margin 0, and stores no api keys', () => {
    const job = prepareRunJob({ ...base, api_keys: { OPENAI_API_KEY: 'sk-secret' } } as HedgeFundRunRequestDto, new Date('2024-05-31T23:30:00Z'));
    // 2024-05-31 minus 90 days: May 31 → Mar 2 (31 May − 30 − 30 − 30 = 2 Mar in a leap year, counted by hand).
    expect([job.start_date, job.end_date, job.initial_cash, job.margin_requirement]).toEqual(['2024-03-02', '2024-05-31', 100000, 0]);
    expect(job.request_data).toEqual({ ...base, start_date: '2024-03-02', end_date: '2024-05-31', initial_cash: 100000, margin_requirement: 0 });
    expect(JSON.stringify(job.request_data)).not.toContain('sk-secret');
  });

  it.each([
    [{ end_date: '2024-02-30' }, 'end_date', 'end_date must be a real calendar date YYYY-MM-DD, got "2024-02-30"'],
    [{ start_date: '2024-06-01', end_date: '2024-05-01' }, 'start_date', 'start_date 2024-06-01 is after end_date 2024-05-01'],
    [{ portfolio_positions: [{ ticker: 'TSLA', quantity: 5, trade_price: 10 }] }, 'portfolio_positions[0].ticker', '"TSLA" is not one of the requested tickers'],
  ])('rejects %j naming %s', (extra, field, message) => {
    const error = rejection(() => prepareRunJob({ ...base, ...extra } as HedgeFundRunRequestDto, new Date('2024-05-31T00:00:00Z')));
    expect(error.errors).toEqual([{ field, message: expect.stringContaining(message) }]);
  });
});

describe('prepareBacktestJob', () => {
  it('keeps the dates and takes initial_capital', () => {
    const job = prepareBacktestJob({ ...base, start_date: '2024-01-02', end_date: '2024-03-28', initial_capital: 50000, margin_requirement: 0.5 } as HedgeFundBacktestRequestDto);
    expect([job.kind, job.start_date, job.end_date, job.initial_cash, job.margin_requirement]).toEqual(['backtest', '2024-01-02', '2024-03-28', 50000, 0.5]);
  });

  it('rejects a span over ten years', () => {
    const error = rejection(() => prepareBacktestJob({ ...base, start_date: '2000-01-03', end_date: '2024-01-02' } as HedgeFundBacktestRequestDto));
    expect(error.errors?.[0].field).toBe('end_date');
  });
});

describe('parseIsoDay', () => {
  it('accepts leap days only in leap years', () => {
    expect(parseIsoDay('2024-02-29')).toBe(19782);
    expect(parseIsoDay('2023-02-29')).toBeNull();
    expect(parseIsoDay('2024-1-02')).toBeNull();
  });
});
