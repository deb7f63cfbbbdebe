// attempts: "reset" (a fresh Combine on the next session after a pass or a failure), the smallest cushion to
// the loss limit, and runAttempt (one attempt on a fresh account over any list of sessions).
import {
  buildFuturesReport,
  createSimulation,
  type FuturesBacktestResult,
  parseIsoDay,
  prepareFuturesData,
  resolveFuturesConfig,
  runAttempt,
  runFuturesBacktestSync,
  SyntheticMarket,
  tradingSessions,
} from '../../../src/engine';
import { toMinuteBars } from './fixtures';
import { PNL_DAY_INPUT, pnlDay, run } from './helpers';

const CDT = -5;
// pnlDay: one ES contract ($50 a point, no costs) long from 4000.50 at 08:51, out at the 14:55 open.
// With max_loss_limit 500 the floor starts at 49,500: a dip to 3990 liquidates at 4000.50 − 10 = 3990.50.
const DAYS = ['2024-04-01', '2024-04-02', '2024-04-03', '2024-04-04', '2024-04-05'];
const dip = (date: string) => pnlDay(date, CDT, 0, [['10:00', 4000.5, 4000.5, 3990, 3995]]);
const bars = [dip(DAYS[0]), pnlDay(DAYS[1], CDT, 10), pnlDay(DAYS[2], CDT, 10), pnlDay(DAYS[3], CDT, -5), pnlDay(DAYS[4], CDT, 2)].flat();
const rules = { max_contracts: 1, max_loss_limit: 500, daily_loss_limit: null, profit_target: 1000, consistency_allow_equal: true };

describe('attempts reset', () => {
  let result: FuturesBacktestResult;
  beforeAll(() => {
    result = run(bars, { ...PNL_DAY_INPUT, rules, attempts: 'reset' });
  });

  it('a failure, then a fresh account that passes, then a fresh account still open at the end', () => {
    // 1: −500 on day 1 (liquidated at the floor) → failed. 2: +500, +500 → target 1,000 with the best day at
    // exactly 50 % (allowed) → passed on day 3. 3: −250, +100 → open. Reset fee 49 for attempts 2 and 3.
    expect(result.attempts).toEqual([
      {
        attempt: 1,
        start_date: '2024-04-01',
        end_date: '2024-04-01',
        outcome: 'failed',
        outcome_date: '2024-04-01',
        outcome_time: '2024-04-01T10:00:00-05:00',
        sessions: 1,
        trading_days: 1,
        trades: 1,
        net_pnl: -500,
        end_balance: 49_500,
        min_cushion: { amount: 0, date: '2024-04-01', time: '2024-04-01T10:00:00-05:00' },
        reset_fee: 0,
      },
      {
        attempt: 2,
        start_date: '2024-04-02',
        end_date: '2024-04-03',
        outcome: 'passed',
        outcome_date: '2024-04-03',
        outcome_time: '2024-04-03T14:55:00-05:00',
        sessions: 2,
        trading_days: 2,
        trades: 2,
        net_pnl: 1000,
        end_balance: 51_000,
        min_cushion: { amount: 500, date: '2024-04-02', time: '2024-04-02T08:51:00-05:00' },
        reset_fee: 49,
      },
      {
        attempt: 3,
        start_date: '2024-04-04',
        end_date: '2024-04-05',
        outcome: 'open',
        outcome_date: null,
        outcome_time: null,
        sessions: 2,
        trading_days: 2,
        trades: 2,
        net_pnl: -150,
        end_balance: 49_850,
        min_cushion: { amount: 250, date: '2024-04-04', time: '2024-04-04T14:55:00-05:00' },
        reset_fee: 49,
      },
    ]);
  });

  it('rows and trades carry their attempt; each attempt starts at the start balance', () => {
    expect(result.sessions.map((r) => [r.attempt, r.balance, r.mll_floor])).toEqual([
      [1, 49_500, 49_500],
      [2, 50_500, 50_000],
      [2, 51_000, 50_000],
      [3, 49_750, 49_500],
      [3, 49_850, 49_500],
    ]);
    expect(result.trades.map((t) => t.attempt)).toEqual([1, 2, 2, 3, 3]);
  });

  it('totals: net P&L of every attempt, reset fees, net after fees; the smallest cushion of the run', () => {
    expect([result.net_pnl, result.reset_fees, result.net_pnl_after_fees, result.final_balance]).toEqual([350, 98, 252, 49_850]);
    expect(result.min_cushion).toEqual({ amount: 0, date: '2024-04-01', time: '2024-04-01T10:00:00-05:00' });
    expect(result.counters.mll_breaches).toBe(1);
  });

  it('the verdict is the first pass, with the tally; the rules table is that attempt’s', () => {
    expect(result.verdict).toMatchObject({ status: 'passed', date: '2024-04-03', time: '2024-04-03T14:55:00-05:00' });
    expect(result.verdict.detail).toBe(
      'Attempt 2 of 3: Passed on 2024-04-03: Profit target $1,000.00 reached with the consistency target and the minimum days met. 3 attempts: 1 passed, 1 failed, 1 open; reset fees $98.00.',
    );
    expect(result.rules_table.find((r) => r.rule === 'profit_target')).toMatchObject({ status: 'met', value: 1000 });
    expect(result.rules_table.find((r) => r.rule === 'max_loss_limit')).toMatchObject({ status: 'ok', value: 50_000 });
    expect(result.rules_table.find((r) => r.rule === 'max_loss_limit')?.description).toContain('$500.00 on 2024-04-02 at 08:51 CT');
  });

  it('the metrics equity chains the attempts: P&L so far less the reset fees paid', () => {
    const report = buildFuturesReport(result);
    // 49,500; then −500 − 49 carried: 49,951, 50,451; then + 1,000 − 49: 50,152, 50,252 (= 50,000 + 252)
    expect(report.metrics.daily_pnl.equity).toEqual([49_500, 49_951, 50_451, 50_152, 50_252]);
    expect(report.metrics.start_value).toBe(50_000);
    expect(report.metrics.end_value).toBe(50_000 + result.net_pnl_after_fees);
    expect(report.attempts).toBe(result.attempts);
  });

  it('single (the default) stops at the first failure', () => {
    const single = run(bars, { ...PNL_DAY_INPUT, rules });
    expect(single.config.attempts).toBe('single');
    expect(single.sessions).toHaveLength(1);
    expect(single.attempts.map((a) => [a.attempt, a.outcome])).toEqual([[1, 'failed']]);
    expect([single.reset_fees, single.net_pnl]).toEqual([0, -500]);
  });

  it('reset_fee is configurable; reset is refused with account none and with continue_after_pass', () => {
    expect(run(bars, { ...PNL_DAY_INPUT, rules, attempts: 'reset', reset_fee: 0 }).reset_fees).toBe(0);
    expect(() => resolveFuturesConfig({ symbol: 'ES', account_size: 'none', attempts: 'reset' })).toThrow('attempts reset needs a prop-firm account');
    expect(() => resolveFuturesConfig({ symbol: 'ES', attempts: 'reset', rules: { continue_after_pass: true } })).toThrow('rules.continue_after_pass cannot be combined with attempts reset');
    expect(() => resolveFuturesConfig({ symbol: 'ES', attempts: 'again', reset_fee: -1 })).toThrow('2 fields are invalid: attempts must be one of single, reset; reset_fee must be a number at least 0 and at most 100000.');
  });
});

describe('runAttempt: one attempt on a fresh account over any list of sessions', () => {
  const config = resolveFuturesConfig({ ...PNL_DAY_INPUT, rules });
  const data = prepareFuturesData(toMinuteBars('ES', bars), config);
  const sim = createSimulation(config, data, { record: false });
  const sessions = tradingSessions(data, config); // the five days, as table indices

  it('from any start: the failure on day 1, the pass on days 2–3, the open attempt from day 4', () => {
    expect(runAttempt(sim, sessions, 0)).toEqual({ outcome: 'failed', last: 0, sessions: 1, trading_days: 1, net_pnl: -500, min_cushion: 0 });
    expect(runAttempt(sim, sessions, 1)).toEqual({ outcome: 'passed', last: 2, sessions: 2, trading_days: 2, net_pnl: 1000, min_cushion: 500 });
    expect(runAttempt(sim, sessions, 3)).toEqual({ outcome: 'open', last: 4, sessions: 2, trading_days: 2, net_pnl: -150, min_cushion: 250 });
    expect(runAttempt(sim, sessions, 1, 2)).toMatchObject({ outcome: 'open', last: 1, net_pnl: 500 });
    expect(sim.trades).toEqual([]);
    expect(sim.rows).toEqual([]);
  });

  it('over resampled sessions, in any order and with repeats', () => {
    const resampled = Int32Array.from([sessions[2], sessions[2]]); // day 3 twice: +500, +500 → passed
    expect(runAttempt(sim, resampled)).toMatchObject({ outcome: 'passed', last: 1, net_pnl: 1000 });
    const twice = Int32Array.from([sessions[3], sessions[3], sessions[4]]); // −250, −250: at the floor after the second
    expect(runAttempt(sim, twice)).toMatchObject({ outcome: 'failed', last: 1, sessions: 2, net_pnl: -500 });
    // +100 (floor trails to 50,100 − 500 = 49,600), −250 (49,850), then the dip: the floor is met at
    // 4000.50 − 250 / 50 = 3995.50, a tick: liquidated there for −250, at the floor → failed, net −400
    const order = Int32Array.from([sessions[4], sessions[3], sessions[0]]);
    expect(runAttempt(sim, order)).toEqual({ outcome: 'failed', last: 2, sessions: 3, trading_days: 3, net_pnl: -400, min_cushion: 0 });
  });
});

describe('attempts reset over five years of synthetic MES sessions', () => {
  const market = new SyntheticMarket(42).minuteBars('MES', parseIsoDay('2018-09-01') as number, parseIsoDay('2023-12-29') as number);
  const config = resolveFuturesConfig({ symbol: 'MES', start_date: '2019-01-02', end_date: '2023-12-29', attempts: 'reset' });
  const data = prepareFuturesData(market, config);
  const result = runFuturesBacktestSync(data, config);

  it('covers every session of the range with back-to-back attempts', () => {
    expect(result.sessions.length).toBe(result.sessions_in_range);
    expect(result.sessions_in_range).toBeGreaterThan(1200);
    expect(result.attempts.length).toBeGreaterThan(3);
    expect(result.attempts.reduce((n, a) => n + a.sessions, 0)).toBe(result.sessions.length);
    expect(result.attempts[0].start_date).toBe(result.sessions[0].date);
    expect(result.attempts[result.attempts.length - 1].end_date).toBe('2023-12-29');
    for (let i = 1; i < result.attempts.length; i += 1) {
      expect(result.attempts[i - 1].outcome).not.toBe('open');
      const lastRowOfPrevious = result.sessions.findIndex((r) => r.date === result.attempts[i - 1].end_date);
      expect(result.sessions[lastRowOfPrevious + 1].date).toBe(result.attempts[i].start_date);
    }
    expect(result.reset_fees).toBe((result.attempts.length - 1) * 49);
    expect(result.net_pnl).toBeCloseTo(result.trades.reduce((sum, t) => sum + t.pnl, 0), 6);
  });

  it('each attempt is what a single run from its first session says, and what runAttempt says', () => {
    const sim = createSimulation(config, data, { record: false });
    const sessions = tradingSessions(data, config);
    let position = 0;
    for (const attempt of result.attempts) {
      const single = runFuturesBacktestSync(data, { ...config, attempts: 'single', start_date: attempt.start_date });
      expect([single.verdict.status === 'in_progress' ? 'open' : single.verdict.status, single.verdict.date, single.sessions.length, single.net_pnl]).toEqual([
        attempt.outcome,
        attempt.outcome_date,
        attempt.sessions,
        attempt.net_pnl,
      ]);
      expect(single.trades.map((t) => t.pnl)).toEqual(result.trades.filter((t) => t.attempt === attempt.attempt).map((t) => t.pnl));
      const cheap = runAttempt(sim, sessions, position);
      expect([cheap.outcome, cheap.sessions, cheap.net_pnl, cheap.min_cushion]).toEqual([attempt.outcome, attempt.sessions, attempt.net_pnl, attempt.min_cushion?.amount ?? null]);
      position = cheap.last + 1;
    }
  });
});
