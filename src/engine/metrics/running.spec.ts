import fc from 'fast-check';
import { toAnchorPerformanceMetrics } from './anchor';
import { formatIsoDay } from '../civil-days';
import { computeMetrics } from './report';
import { RunningAnchorMetrics } from './running';
import type { PositionExposure } from './types';

const START_DAY = 19_000;

describe('RunningAnchorMetrics', () => {
  it('equals a full recomputation of the anchor metrics after every point', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -0.2, max: 0.2, noNaN: true }), { minLength: 1, maxLength: 60 }),
        fc.constantFrom(0, 0.0434, 0.1),
        fc.array(fc.record({ ticker: fc.constantFrom('AAPL', 'MSFT'), long: fc.nat(500), short: fc.nat(500), price: fc.double({ min: 1, max: 500, noNaN: true }) }), { maxLength: 3 }),
        (returns, riskFreeRate, positions: PositionExposure[]) => {
          const running = new RunningAnchorMetrics(riskFreeRate);
          const equity = [{ date: formatIsoDay(START_DAY), value: 10_000 }];
          running.add(equity[0].date, equity[0].value);
          returns.forEach((r, i) => {
            const point = { date: formatIsoDay(START_DAY + i + 1), value: equity[equity.length - 1].value * (1 + r) };
            equity.push(point);
            running.add(point.date, point.value);
            const full = toAnchorPerformanceMetrics(computeMetrics({ equity, riskFreeRate, positions, includeDailyPnl: false }));
            expect(running.snapshot(positions)).toEqual(full);
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reports a hand-checked drawdown and a flat curve as undefined ratios', () => {
    const running = new RunningAnchorMetrics();
    for (const [date, value] of [['2024-01-01', 100], ['2024-01-02', 120], ['2024-01-03', 90], ['2024-01-04', 110]] as const) running.add(date, value);
    // Peak 120, trough 90: 90/120 - 1 = -25 %.
    expect(running.snapshot([])).toMatchObject({ max_drawdown: -25, max_drawdown_date: '2024-01-03', gross_exposure: 0, long_short_ratio: null });

    const flat = new RunningAnchorMetrics();
    for (const date of ['2024-01-01', '2024-01-02', '2024-01-03']) flat.add(date, 100);
    expect(flat.snapshot([])).toEqual({
      sharpe_ratio: 0,
      sortino_ratio: null,
      max_drawdown: 0,
      max_drawdown_date: null,
      long_short_ratio: null,
      gross_exposure: 0,
      net_exposure: 0,
    });
  });
});
