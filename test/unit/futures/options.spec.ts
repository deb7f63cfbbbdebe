// The classic-ORB options on hand-built ES sessions (tick 0.25, $50 per point, no costs unless stated):
// stop_mode, target_mode, fixed_contracts, reentry, max_daily_loss_usd null, account_size none, the preset.
import { buildFuturesReport, EngineError, resolveFuturesConfig } from '../../../src/engine';
import { type BarRow, session } from './fixtures';
import { NO_FILTERS, orRows, pnlDay, run } from './helpers';

const DATE = '2024-04-02'; // CDT, UTC-5
const CDT = -5;

function fieldsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof EngineError) return e.errors.map((x) => x.field);
    throw e;
  }
  return [];
}

describe('stop_mode, target_mode and fixed_contracts', () => {
  const strategy = { ...NO_FILTERS, entry_mode: 'breakout', stop_mode: 'range_opposite', target_mode: 'range_multiple', fixed_contracts: 2 } as const;

  it('long: stop one tick under the range low, target two range heights above the range high, 2 contracts', () => {
    // OR 4000–4010; close 4010.5 at 08:50 (> 4010 + 1 tick); entry 08:51 open 4011; stop 4000 − 0.25 = 3999.75;
    // target 4010 + 2 × 10 = 4030 (hit at 10:00); gross 19 × 50 × 2 = 1,900; risk 11.25 × 50 × 2 = 1,125 → 1.6889 R
    const bars = session(DATE, CDT, 4011, [...orRows(4010, 4000), ['08:50', 4010, 4010.5, 4010, 4010.5], ['10:00', 4011, 4030.5, 4011, 4029]]);
    const result = run(bars, { symbol: 'ES', strategy });
    expect(result.trades.map((t) => [t.direction, t.contracts, t.entry_price, t.stop_price, t.target_price, t.exit_reason, t.exit_price, t.pnl, t.risk_usd, t.r_multiple])).toEqual([
      ['long', 2, 4011, 3999.75, 4030, 'target', 4030, 1900, 1125, 1.6889],
    ]);
  });

  it('short: stop one tick over the range high, target two range heights under the range low', () => {
    // down-break close 3999.5 at 08:50; entry 08:51 open 3999; stop 4010.25; target 4000 − 20 = 3980
    const bars = session(DATE, CDT, 3999, [...orRows(4010, 4000), ['08:50', 4000, 4000, 3999.5, 3999.5], ['11:00', 3999, 3999, 3979.5, 3980]]);
    const result = run(bars, { symbol: 'ES', strategy });
    expect(result.trades.map((t) => [t.direction, t.contracts, t.entry_price, t.stop_price, t.target_price, t.exit_price, t.pnl])).toEqual([['short', 2, 3999, 4010.25, 3980, 3980, 1900]]);
  });

  it('the stop is hit at the other side of the range; fixed_contracts is still capped by the account (5 on 50K)', () => {
    const bars = session(DATE, CDT, 4011, [...orRows(4010, 4000), ['08:50', 4010, 4010.5, 4010, 4010.5], ['10:00', 4011, 4011, 3999, 4000]]);
    const result = run(bars, { symbol: 'ES', strategy: { ...strategy, fixed_contracts: 10, stop_offset_ticks: 0 } });
    // stop 4000, 5 contracts ($250 a point): the 50K daily loss limit ($1,000) flattens first at 4011 − 4 = 4007
    // (the floor would be at 4011 − 8 = 4003); with both limits out of reach the stop fills: −11 × 250 = −2,750
    expect(result.trades.map((t) => [t.contracts, t.exit_reason, t.exit_price])).toEqual([[5, 'daily_loss_limit', 4007]]);
    const wide = run(bars, { symbol: 'ES', strategy: { ...strategy, fixed_contracts: 10, stop_offset_ticks: 0 }, rules: { max_loss_limit: 10_000, daily_loss_limit: null } });
    expect(wide.trades.map((t) => [t.contracts, t.exit_reason, t.exit_price, t.pnl])).toEqual([[5, 'stop', 4000, -2750]]);
  });
});

describe('reentry', () => {
  // OR 4000–4010 (08:45–08:49 close at 4010: not beyond it with break_ticks 0). A close of 4011 at 08:50 →
  // long at 08:51's 4011, stop at the range low 4000, hit at 09:00 (−550). A later close of 4012 at 09:30
  // is beyond the same level again → long at 09:31's 4012, out at the 14:55 open 4005 (−350).
  const rows: BarRow[] = [
    ...orRows(4010, 4000),
    ['08:50', 4010, 4011, 4010, 4011],
    ['08:51', 4011, 4011, 4011, 4011],
    ['09:00', 4011, 4011, 3999, 4002],
    ['09:30', 4005, 4012, 4005, 4012],
    ['09:31', 4012, 4012, 4012, 4012],
  ];
  const bars = session(DATE, CDT, 4005, rows);
  const strategy = {
    ...NO_FILTERS,
    entry_mode: 'breakout',
    break_ticks: 0,
    stop_mode: 'range_opposite',
    stop_offset_ticks: 0,
    target_r: 10,
    one_trade_per_direction: false,
    fixed_contracts: 1,
    max_daily_loss_usd: null,
  } as const;
  const input = { symbol: 'ES', rules: { daily_loss_limit: null } };

  it('after a flat, a later close beyond the same level enters again', () => {
    const result = run(bars, { ...input, strategy: { ...strategy, reentry: true } });
    expect(result.trades.map((t) => [t.direction, t.entry_time.slice(11, 16), t.entry_price, t.exit_reason, t.exit_price, t.pnl])).toEqual([
      ['long', '08:51', 4011, 'stop', 4000, -550],
      ['long', '09:31', 4012, 'time_exit', 4005, -350],
    ]);
    expect(result.counters).toMatchObject({ opening_range_breaks: 2, opening_range_breaks_up: 2, breakout_entries: 2 });
  });

  it('without it each side breaks once a session (the default)', () => {
    const result = run(bars, { ...input, strategy });
    expect(result.config.strategy.reentry).toBe(false);
    expect(result.trades.map((t) => t.entry_time.slice(11, 16))).toEqual(['08:51']);
    expect(result.counters.opening_range_breaks).toBe(1);
  });

  it('re-entries stop at max_trades_per_day (the later break is blocked and counted)', () => {
    const result = run(bars, { ...input, strategy: { ...strategy, reentry: true, max_trades_per_day: 1 } });
    expect(result.trades).toHaveLength(1);
    expect(result.counters).toMatchObject({ opening_range_breaks: 2, signals_blocked_by_daily_limit: 1 });
  });

  it('max_daily_loss_usd: the default $500 stop blocks the re-entry after the −$550 loss; null switches it off', () => {
    const capped = run(bars, { ...input, strategy: { ...strategy, reentry: true, max_daily_loss_usd: undefined } });
    expect(capped.config.strategy.max_daily_loss_usd).toBe(500);
    expect(capped.trades).toHaveLength(1);
    expect(capped.counters.signals_blocked_by_daily_limit).toBe(1);
    expect(run(bars, { ...input, strategy: { ...strategy, reentry: true } }).config.strategy.max_daily_loss_usd).toBeNull();
  });
});

describe('account_size none', () => {
  // pnlDay: OR 3980–4000 (stop 3989.75), long 4 ES from 4000.50 at 08:51, out at the 14:55 open.
  const DAYS = ['2024-04-02', '2024-04-03'];
  const bars = [pnlDay(DAYS[0], CDT, 0, [['10:00', 4000.5, 4000.5, 3990, 3995]]), pnlDay(DAYS[1], CDT, 10)].flat();
  const strategy = { ...NO_FILTERS, entry_mode: 'breakout', target_r: 10, fixed_contracts: 4 } as const;

  it('no loss limit liquidates and nothing stops the run: the 10:00 dip to 3990 ($2,100 open loss) is held', () => {
    const withAccount = run(bars, { symbol: 'ES', strategy, rules: { daily_loss_limit: null } });
    expect(withAccount.trades.map((t) => [t.exit_reason, t.exit_price])).toEqual([['max_loss_limit', 3990.5]]);
    const result = run(bars, { symbol: 'ES', account_size: 'none', strategy });
    expect(result.trades.map((t) => [t.session_date, t.contracts, t.exit_reason, t.exit_price, t.pnl])).toEqual([
      ['2024-04-02', 4, 'time_exit', 4000.5, 0],
      ['2024-04-03', 4, 'time_exit', 4010.5, 2000],
    ]);
    expect([result.start_balance, result.final_balance]).toEqual([50_000, 52_000]);
    expect(result.sessions.map((r) => [r.mll_floor, r.max_contracts])).toEqual([
      [null, null],
      [null, null],
    ]);
    expect(result.verdict).toMatchObject({ status: 'not_applicable', rule: null, date: null });
    expect(result.rules_table.map((r) => r.status)).toEqual(['off', 'off', 'off', 'off', 'off', 'off', 'off']);
    expect(buildFuturesReport(result).metrics.start_value).toBe(50_000);
  });

  it('resolves every prop-firm rule off, with the 50K-sized strategy defaults', () => {
    const config = resolveFuturesConfig({ symbol: 'MES', account_size: 'none' });
    expect(config.rules).toMatchObject({ account_size: 'none', stage: null, start_balance: 50_000, profit_target: null, max_loss_limit: null, daily_loss_limit: null, max_contracts: null, flat_by: null, consistency_max_best_day_share: null });
    expect(config.strategy).toMatchObject({ risk_per_trade_usd: 250, max_daily_loss_usd: 500 });
  });

  it('a rule override or a stage with account none is a 422 naming it', () => {
    expect(fieldsOf(() => resolveFuturesConfig({ symbol: 'MES', account_size: 'none', stage: 'xfa', rules: { max_contracts: 3, flat_by: '15:00' } }))).toEqual(['stage', 'rules.max_contracts', 'rules.flat_by']);
  });
});

describe('the classic_orb preset', () => {
  it('sets the textbook parameters for an equity-index contract', () => {
    const strategy = resolveFuturesConfig({ symbol: 'ES', strategy: { preset: 'classic_orb' } }).strategy;
    expect(strategy).toMatchObject({
      preset: 'classic_orb',
      opening_range_start: '08:30',
      opening_range_minutes: 15,
      entry_window_start: '08:45',
      entry_window_end: '14:55',
      time_exit: '14:55',
      width_filter: false,
      trend_filter: false,
      volatility_filter: false,
      gap_filter: false,
      vwap_filter: false,
      break_ticks: 0,
      entry_mode: 'breakout',
      stop_mode: 'range_opposite',
      stop_offset_ticks: 0,
      target_mode: 'range_multiple',
      target_range_multiple: 2,
      reentry: true,
      max_trades_per_day: 2,
      one_trade_per_direction: false,
      max_daily_loss_usd: null,
      fixed_contracts: 1,
      commission_round_turn: 4,
      slippage_ticks: 0,
    });
  });

  it('explicit parameters override the preset; times follow the contract session (CL 08:00–13:30)', () => {
    const es = resolveFuturesConfig({ symbol: 'ES', strategy: { preset: 'classic_orb', fixed_contracts: 3, target_range_multiple: 1.5, vwap_filter: true } }).strategy;
    expect(es).toMatchObject({ fixed_contracts: 3, target_range_multiple: 1.5, vwap_filter: true, stop_mode: 'range_opposite' });
    const cl = resolveFuturesConfig({ symbol: 'CL', strategy: { preset: 'classic_orb' } }).strategy;
    expect(cl).toMatchObject({ opening_range_start: '08:00', entry_window_start: '08:15', entry_window_end: '13:25', time_exit: '13:25' });
  });

  it('an unknown preset is a 422 naming strategy.preset', () => {
    expect(fieldsOf(() => resolveFuturesConfig({ symbol: 'ES', strategy: { preset: 'classic' } }))).toEqual(['strategy.preset']);
  });
});
