// Time zones, contract specs and parameter validation (bar files: bar-reader.spec.ts).
import {
  buildSessionTable,
  CONTRACT_SPECS,
  formatIsoDay,
  EngineError,
  resolveFuturesConfig,
} from '../../../src/engine';
import { toMinuteBars } from './fixtures';
import { PNL_DAY_INPUT, pnlDay, run } from './helpers';

describe('contract specs', () => {
  it.each([
    ['ES', 0.25, 12.5, 50, 5],
    ['MES', 0.25, 1.25, 5, 1.5],
    ['NQ', 0.25, 5, 20, 5],
    ['MNQ', 0.25, 0.5, 2, 1.5],
    ['YM', 1, 5, 5, 5],
    ['MYM', 1, 0.5, 0.5, 1.5],
    ['RTY', 0.1, 5, 50, 5],
    ['M2K', 0.1, 0.5, 5, 1.5],
    ['CL', 0.01, 10, 1000, 5],
    ['MCL', 0.01, 1, 100, 1.5],
    ['GC', 0.1, 10, 100, 5],
    ['MGC', 0.1, 1, 10, 1.5],
  ] as const)('%s: tick %d = $%d, $%d per point, $%d round turn', (symbol, tick, tickValue, pointValue, commission) => {
    expect(CONTRACT_SPECS[symbol]).toMatchObject({ tick_size: tick, tick_value: tickValue, point_value: pointValue, commission_round_turn: commission });
  });

  it('regular sessions: equity index 08:30–15:00, crude 08:00–13:30, gold 07:20–12:30 (CT)', () => {
    expect([CONTRACT_SPECS.ES.rth_open_minute, CONTRACT_SPECS.ES.rth_close_minute]).toEqual([510, 900]);
    expect([CONTRACT_SPECS.CL.rth_open_minute, CONTRACT_SPECS.CL.rth_close_minute]).toEqual([480, 810]);
    expect([CONTRACT_SPECS.GC.rth_open_minute, CONTRACT_SPECS.GC.rth_close_minute]).toEqual([440, 750]);
  });
});

describe('Chicago sessions across DST switches', () => {
  // 2024-03-10 02:00 CST → CDT; 2024-11-03 02:00 CDT → CST. 08:30 CT is 14:30Z in CST and 13:30Z in CDT.
  it('maps bars to minute-of-day and trading day on both sides of each switch (hand-written UTC times)', () => {
    const utc = [
      '2024-03-08T14:30:00Z', // Fri 08:30 CST
      '2024-03-10T23:00:00Z', // Sun 18:00 CDT → Monday's Globex session
      '2024-03-11T13:30:00Z', // Mon 08:30 CDT
      '2024-11-01T13:30:00Z', // Fri 08:30 CDT
      '2024-11-03T23:00:00Z', // Sun 17:00 CST → Monday's session
      '2024-11-04T14:30:00Z', // Mon 08:30 CST
      '2024-11-04T20:59:00Z', // Mon 14:59 CST
    ].map((t) => Date.parse(t));
    const bars = toMinuteBars('ES', utc.map((time) => ({ time, open: 1, high: 1, low: 1, close: 1, volume: 1 })));
    const table = buildSessionTable(bars, CONTRACT_SPECS.ES);
    expect(Array.from(table.minute)).toEqual([510, 1080, 510, 510, 1020, 510, 899]);
    expect(Array.from(table.day, formatIsoDay)).toEqual(['2024-03-08', '2024-03-11', '2024-11-01', '2024-11-04']);
    expect(Array.from(table.rthFirstBar)).toEqual([0, 2, 3, 5]);
    expect(Array.from(table.rthEndBar)).toEqual([1, 3, 4, 7]);
  });

  it('trades the same wall-clock strategy before and after each switch', () => {
    const bars = [pnlDay('2024-03-08', -6, 10), pnlDay('2024-03-11', -5, 10), pnlDay('2024-11-01', -5, 10), pnlDay('2024-11-04', -6, 10)].flat();
    const result = run(bars, { ...PNL_DAY_INPUT, rules: { max_contracts: 1, continue_after_pass: true } });
    expect(result.trades.map((t) => [t.session_date, t.entry_time, t.exit_time])).toEqual([
      ['2024-03-08', '2024-03-08T08:51:00-06:00', '2024-03-08T14:55:00-06:00'],
      ['2024-03-11', '2024-03-11T08:51:00-05:00', '2024-03-11T14:55:00-05:00'],
      ['2024-11-01', '2024-11-01T08:51:00-05:00', '2024-11-01T14:55:00-05:00'],
      ['2024-11-04', '2024-11-04T08:51:00-06:00', '2024-11-04T14:55:00-06:00'],
    ]);
    expect(result.counters.sessions_evaluated).toBe(4);
  });
});

describe('parameter validation', () => {
  function fieldsOf(fn: () => unknown): string[] {
    try {
      fn();
    } catch (e) {
      if (e instanceof EngineError) return e.errors.map((x) => x.field);
      throw e;
    }
    return [];
  }

  it('resolves the §3.2 / §1.9 defaults for MES on a 50K Combine', () => {
    const config = resolveFuturesConfig({ symbol: 'mes' });
    expect(config.symbol).toBe('MES');
    expect(config.strategy).toMatchObject({
      opening_range_minutes: 15,
      opening_range_start: '08:30',
      entry_window_start: '08:45',
      entry_window_end: '11:00',
      time_exit: '14:55',
      entry_mode: 'pullback',
      target_r: 2,
      risk_per_trade_usd: 250,
      max_daily_loss_usd: 500,
      commission_round_turn: 1.5,
      slippage_ticks: 1,
    });
    expect(config.rules).toMatchObject({ start_balance: 50_000, profit_target: 3000, max_loss_limit: 2000, daily_loss_limit: 1000, max_contracts: 5, flat_by: '15:10', consistency_max_best_day_share: 0.5 });
  });

  it('derives the session-bound defaults for crude oil (08:00–13:30 CT)', () => {
    expect(resolveFuturesConfig({ symbol: 'CL', account_size: '100K' }).strategy).toMatchObject({
      opening_range_start: '08:00',
      entry_window_start: '08:15',
      entry_window_end: '10:30',
      time_exit: '13:25',
      risk_per_trade_usd: 500,
    });
  });

  it('names the field: unknown symbol, stop beyond target, window outside the session, negative risk', () => {
    expect(fieldsOf(() => resolveFuturesConfig({ symbol: 'XYZ' }))).toEqual(['symbol']);
    expect(fieldsOf(() => resolveFuturesConfig({ symbol: 'ES', strategy: { target_r: -1 } }))).toEqual(['strategy.target_r']);
    expect(fieldsOf(() => resolveFuturesConfig({ symbol: 'ES', strategy: { entry_window_end: '16:30' } }))).toEqual(['strategy.entry_window_end']);
    expect(fieldsOf(() => resolveFuturesConfig({ symbol: 'ES', strategy: { risk_per_trade_usd: -5 } }))).toEqual(['strategy.risk_per_trade_usd']);
    expect(fieldsOf(() => resolveFuturesConfig({ symbol: 'ES', strategy: { entry_window_start: '08:40' } }))).toEqual(['strategy.entry_window_start']);
    expect(fieldsOf(() => resolveFuturesConfig({ symbol: 'ES', start_date: '2024-05-01', end_date: '2024-04-01' }))).toEqual(['end_date']);
    expect(fieldsOf(() => resolveFuturesConfig({ symbol: 'ES', rules: { max_loss_limit: 0, flat_by: '25:00' } }))).toEqual(['rules.max_loss_limit', 'rules.flat_by']);
  });
});
