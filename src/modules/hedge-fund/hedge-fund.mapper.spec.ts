import type { AnchorPerformanceMetrics } from '../../engine';
import type { GraphSpec } from './graph-spec';
import { spaSafeMetrics, toRunComplete } from './hedge-fund.mapper';

const spec = (managers: string[]): GraphSpec => ({
  analysts: [],
  chains: [],
  managers: managers.map((id) => ({ id, risk_id: `risk_${id}`, direct_analyst_ids: [], analyst_ids: [] })),
});

describe('hedge fund mappers', () => {
  it('never sends null decisions and replaces non-finite numbers by null', () => {
    const data = toRunComplete(spec(['portfolio_manager']), { analyst_signals: {}, decisions: {}, current_prices: { AAPL: Number.NaN, MSFT: 10 } });
    expect(data).toEqual({ decisions: {}, analyst_signals: {}, current_prices: { AAPL: null, MSFT: 10 } });
  });

  it("adds every manager's decisions when there are several", () => {
    const hold = { action: 'hold' as const, quantity: 0, confidence: 50, reasoning: 'x' };
    const data = toRunComplete(spec(['pm_a', 'pm_b']), { analyst_signals: {}, decisions: { pm_a: { AAPL: hold }, pm_b: {} }, current_prices: {} });
    expect(data).toEqual({ decisions: { AAPL: hold }, analyst_signals: {}, current_prices: {}, portfolio_manager_decisions: { pm_a: { AAPL: hold }, pm_b: {} } });
  });

  it('leaves out the metrics the SPA formats without a null check when they are not finite', () => {
    const metrics: AnchorPerformanceMetrics = {
      sharpe_ratio: Number.NaN,
      sortino_ratio: null,
      max_drawdown: -3.5,
      max_drawdown_date: '2024-02-01',
      long_short_ratio: null,
      gross_exposure: Number.POSITIVE_INFINITY,
      net_exposure: 12,
    };
    expect(spaSafeMetrics(metrics)).toEqual({ sortino_ratio: null, max_drawdown: -3.5, max_drawdown_date: '2024-02-01', long_short_ratio: null, net_exposure: 12 });
  });
});
