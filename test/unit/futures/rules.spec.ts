// Prop-firm rules on ES days whose P&L is set by hand (1 contract = $50 per point, no costs):
// see pnlDay() — entry 4000.50 at 08:51, exit at the 14:55 open = 4000.50 + points.
import { NO_FILTERS, PNL_DAY_INPUT, orRows, pnlDay, run } from './helpers';
import { session } from './fixtures';

const CDT = -5;
const DAYS = ['2024-04-01', '2024-04-02', '2024-04-03', '2024-04-04', '2024-04-05', '2024-04-08'];

describe('prop-firm rules', () => {
  it('MLL trails end-of-day balances and locks at the start balance (help-center example)', () => {
    // +$500 → floor 48,500; −$500 → stays 48,500; +$2,500 (52,500) → 50,000 (locked); +$1,000 → still 50,000
    const bars = [pnlDay(DAYS[0], CDT, 10), pnlDay(DAYS[1], CDT, -10), pnlDay(DAYS[2], CDT, 50), pnlDay(DAYS[3], CDT, 20)].flat();
    const result = run(bars, PNL_DAY_INPUT);
    expect(result.sessions.map((r) => [r.date, r.pnl, r.balance, r.mll_floor])).toEqual([
      ['2024-04-01', 500, 50_500, 48_500],
      ['2024-04-02', -500, 50_000, 48_500],
      ['2024-04-03', 2500, 52_500, 50_000],
      ['2024-04-04', 1000, 53_500, 50_000],
    ]);
    expect(result.trades.every((t) => t.exit_reason === 'time_exit')).toBe(true);
    expect(result.counters.flat_by_forced_exits).toBe(4);
    // target reached (3,500 ≥ 3,000) but the best day is 2,500 / 3,500 = 71 % of the profit
    expect(result.verdict.status).toBe('in_progress');
    expect(result.verdict.detail).toMatch(/best day is 71\.4% of the profit/);
  });

  it('MLL breach: liquidated intraday where equity meets the floor; the run stops with the rule, date and time', () => {
    // 4 contracts ($200/pt): floor 48,000 is hit at 4000.5 − 2000/200 = 3990.50, above the stop 3989.75
    const bars = [pnlDay(DAYS[1], CDT, 0, [['10:00', 4000.5, 4000.5, 3990, 3995]]), pnlDay(DAYS[2], CDT, 10)].flat();
    const result = run(bars, { ...PNL_DAY_INPUT, rules: { max_contracts: 4, daily_loss_limit: null } });
    expect(result.trades.map((t) => [t.contracts, t.exit_reason, t.exit_price, t.pnl])).toEqual([[4, 'max_loss_limit', 3990.5, -2000]]);
    expect(result.verdict).toEqual({
      status: 'failed',
      rule: 'max_loss_limit',
      date: '2024-04-02',
      time: '2024-04-02T10:00:00-05:00',
      detail: 'Maximum loss limit breached on 2024-04-02 at 10:00 CT: balance $48,000.00 at or below the floor $48,000.00.',
    });
    expect(result.counters.mll_breaches).toBe(1);
    expect(result.sessions).toHaveLength(1);
    expect(result.rules_table.find((r) => r.rule === 'max_loss_limit')?.status).toBe('breached');
  });

  it('intraday trail: an open profit raises the floor within the day (eod mode does not)', () => {
    // OR 3900–4000 (stop 3949.75). +20 pts at 10:00 → peak equity 51,000 → floor 49,000 → hit at 3980.50 at 11:00
    const rows = [...orRows(4000, 3900), ['08:50', 4000, 4000.5, 4000, 4000.5], ['10:00', 4000.5, 4020.5, 4000.5, 4010], ['11:00', 4000, 4000, 3975, 3990]] as const;
    const bars = session(DAYS[1], CDT, 4000.5, rows as never);
    const intraday = run(bars, { ...PNL_DAY_INPUT, rules: { max_contracts: 1, daily_loss_limit: null, mll_trail_mode: 'intraday' } });
    expect(intraday.trades.map((t) => [t.exit_reason, t.exit_price, t.pnl, t.exit_time])).toEqual([['max_loss_limit', 3980.5, -1000, '2024-04-02T11:00:00-05:00']]);
    expect(intraday.verdict.status).toBe('failed');
    const eod = run(bars, { ...PNL_DAY_INPUT, rules: { max_contracts: 1, daily_loss_limit: null } });
    expect(eod.verdict.status).toBe('in_progress');
    expect(eod.trades.map((t) => t.exit_reason)).toEqual(['time_exit']);
  });

  it('DLL soft breach: flattens at −$1,000, blocks the rest of the day, trading resumes next session', () => {
    // 2 contracts ($100/pt): −1,000 at 4000.5 − 10 = 3990.50 (above the stop 3989.75)
    const first = pnlDay(DAYS[1], CDT, 0, [
      ['10:00', 4000.5, 4000.5, 3990, 3995],
      ['10:30', 3985, 3985, 3979, 3979], // down-break after the breach
    ]);
    const bars = [first, pnlDay(DAYS[2], CDT, 5)].flat();
    const result = run(bars, { ...PNL_DAY_INPUT, rules: { max_contracts: 2 } });
    expect(result.trades.map((t) => [t.session_date, t.exit_reason, t.exit_price, t.pnl])).toEqual([
      ['2024-04-02', 'daily_loss_limit', 3990.5, -1000],
      ['2024-04-03', 'time_exit', 4005.5, 500],
    ]);
    expect(result.counters).toMatchObject({ dll_soft_breaches: 1, signals_blocked_by_dll: 1, mll_breaches: 0 });
    expect(result.sessions.map((r) => r.dll_soft_breach)).toEqual([true, false]);
    expect(result.verdict.status).toBe('in_progress');
    expect(result.rules_table.find((r) => r.rule === 'daily_loss_limit')).toMatchObject({ status: 'soft_breached', value: -1000, limit: 1000 });
  });

  it('DLL off (null): the same day is stopped out instead of flattened', () => {
    const bars = pnlDay(DAYS[1], CDT, 0, [['10:00', 4000.5, 4000.5, 3989, 3995]]);
    const result = run(bars, { ...PNL_DAY_INPUT, rules: { max_contracts: 2, daily_loss_limit: null } });
    expect(result.trades.map((t) => [t.exit_reason, t.exit_price])).toEqual([['stop', 3989.75]]);
    expect(result.counters.dll_soft_breaches).toBe(0);
    expect(result.rules_table.find((r) => r.rule === 'daily_loss_limit')?.status).toBe('off');
  });

  it('consistency: the target is reached on day 2 but the pass waits until the best day is under 50 %', () => {
    // +2,000, +1,100 (3,100: best 64.5 %), +1,000 (4,100: best 48.8 %) → passed on day 3; day 4 is not traded
    const bars = [pnlDay(DAYS[0], CDT, 40), pnlDay(DAYS[1], CDT, 22), pnlDay(DAYS[2], CDT, 20), pnlDay(DAYS[3], CDT, 10)].flat();
    const result = run(bars, PNL_DAY_INPUT);
    expect(result.verdict).toMatchObject({ status: 'passed', rule: null, date: '2024-04-03', time: '2024-04-03T14:55:00-05:00' });
    expect(result.sessions.map((r) => r.balance)).toEqual([52_000, 53_100, 54_100]);
    expect(result.counters.best_day_share).toBeCloseTo(2000 / 4100, 6);
    expect(result.rules_table.find((r) => r.rule === 'consistency')).toMatchObject({ status: 'met', limit: 0.5, value: 0.4878 });
  });

  it('consistency at exactly 50 % fails unless equality is allowed', () => {
    const bars = [pnlDay(DAYS[0], CDT, 30), pnlDay(DAYS[1], CDT, 30)].flat();
    expect(run(bars, PNL_DAY_INPUT).verdict.status).toBe('in_progress');
    expect(run(bars, { ...PNL_DAY_INPUT, rules: { max_contracts: 1, consistency_allow_equal: true } }).verdict).toMatchObject({ status: 'passed', date: '2024-04-02' });
  });

  it('minimum trading days delay the pass', () => {
    // +1,500, +1,500 (target met, best day exactly 50 %, allowed here) → day 2 without a minimum, day 3 with 3 days
    const bars = [pnlDay(DAYS[0], CDT, 30), pnlDay(DAYS[1], CDT, 30), pnlDay(DAYS[2], CDT, 1), pnlDay(DAYS[3], CDT, 1)].flat();
    const rules = { max_contracts: 1, consistency_allow_equal: true };
    expect(run(bars, { ...PNL_DAY_INPUT, rules }).verdict).toMatchObject({ status: 'passed', date: '2024-04-02' });
    const result = run(bars, { ...PNL_DAY_INPUT, rules: { ...rules, min_trading_days: 3 } });
    expect(result.verdict).toMatchObject({ status: 'passed', date: '2024-04-03' });
    expect(result.rules_table.find((r) => r.rule === 'min_trading_days')).toMatchObject({ status: 'met', value: 3, limit: 3 });
  });

  it('continue_after_pass keeps trading; the verdict keeps the pass date', () => {
    const bars = [pnlDay(DAYS[0], CDT, 30), pnlDay(DAYS[1], CDT, 30), pnlDay(DAYS[2], CDT, -5)].flat();
    const result = run(bars, { ...PNL_DAY_INPUT, rules: { max_contracts: 1, consistency_allow_equal: true, continue_after_pass: true } });
    expect(result.verdict).toMatchObject({ status: 'passed', date: '2024-04-02' });
    expect(result.sessions).toHaveLength(3);
    expect(result.final_balance).toBe(52_750);
  });

  it('flat-by time earlier than the time exit forces the position flat and is counted', () => {
    const bars = pnlDay(DAYS[1], CDT, 0, [['14:30', 4003, 4003, 4003, 4003]]);
    const result = run(bars, { ...PNL_DAY_INPUT, rules: { max_contracts: 1, flat_by: '14:30' } });
    expect(result.trades.map((t) => [t.exit_reason, t.exit_time, t.exit_price])).toEqual([['flat_by', '2024-04-02T14:30:00-05:00', 4003]]);
    expect(result.counters.flat_by_forced_exits).toBe(1);
  });

  it('daily trade limit: after the cap is reached a further passed signal is blocked and counted', () => {
    // long stopped at 3989.75 (−537.50), then a down-break at 10:30 would be the second trade of the day
    const bars = pnlDay(DAYS[1], CDT, 0, [
      ['10:00', 4000.5, 4000.5, 3989, 3995],
      ['10:30', 3985, 3985, 3979, 3979],
      ['10:31', 3979, 3979, 3979, 3979],
    ]);
    const result = run(bars, { ...PNL_DAY_INPUT, strategy: { ...PNL_DAY_INPUT.strategy, max_trades_per_day: 1 } });
    expect(result.trades).toHaveLength(1);
    expect(result.counters).toMatchObject({ daily_trade_limit_hits: 1, signals_blocked_by_daily_limit: 1, opening_range_breaks: 2, regime_filter_passes: 2 });
    const allowed = run(bars, { ...PNL_DAY_INPUT, strategy: { ...PNL_DAY_INPUT.strategy, max_daily_loss_usd: 5000 } });
    expect(allowed.trades.map((t) => t.direction)).toEqual(['long', 'short']);
    expect(allowed.counters.signals_blocked_by_daily_limit).toBe(0);
  });

  it('Express stage: balance starts at $0, floor at −MLL, contracts capped by the first scaling tier', () => {
    const bars = pnlDay(DAYS[1], CDT, 10);
    const result = run(bars, { ...PNL_DAY_INPUT, stage: 'xfa', rules: {} });
    expect(result.start_balance).toBe(0);
    expect(result.trades.map((t) => [t.contracts, t.pnl])).toEqual([[2, 1000]]);
    expect(result.sessions.map((r) => [r.balance, r.mll_floor, r.max_contracts])).toEqual([[1000, -1000, 2]]);
    expect(result.verdict.status).toBe('in_progress');
    expect(result.rules_table.find((r) => r.rule === 'profit_target')?.status).toBe('off');
  });

  it('Express scaling plan: the tier earned by the previous end-of-day profit applies from the next session', () => {
    // 2 contracts × 10 pts × $50 = +1,000 a day → profit 1,000, then 2,000 (> 1,500 → 3 contracts; not > 2,000)
    const bars = [pnlDay(DAYS[0], CDT, 10), pnlDay(DAYS[1], CDT, 10), pnlDay(DAYS[2], CDT, 10)].flat();
    const result = run(bars, { ...PNL_DAY_INPUT, stage: 'xfa', rules: {} });
    expect(result.trades.map((t) => t.contracts)).toEqual([2, 2, 3]);
    expect(result.sessions.map((r) => [r.balance, r.max_contracts])).toEqual([
      [1000, 2],
      [2000, 2],
      [3500, 3],
    ]);
  });

  it('micro_ratio 10 (TopstepX) lets a 50K account size micros up to 50', () => {
    // MES: R = 4000.5 − 3989.75 = 10.75 pts × $5 = $53.75 per contract; risk $2,000 → 37 contracts
    const bars = pnlDay(DAYS[1], CDT, 0);
    const classic = run(bars, { symbol: 'MES', strategy: { ...NO_FILTERS, entry_mode: 'breakout', target_r: 10, risk_per_trade_usd: 2000 } });
    const topstepX = run(bars, { symbol: 'MES', strategy: { ...NO_FILTERS, entry_mode: 'breakout', target_r: 10, risk_per_trade_usd: 2000 }, rules: { micro_ratio: 10 } });
    expect(classic.trades.map((t) => t.contracts)).toEqual([5]);
    expect(topstepX.trades.map((t) => t.contracts)).toEqual([37]);
  });
});
