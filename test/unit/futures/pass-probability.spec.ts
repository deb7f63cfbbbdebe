// The odds of passing: rolling starts (each one a fresh account over the next horizon_days sessions) and the
// circular block bootstrap of whole sessions, checked against outcomes worked out by hand, against single
// backtests from each start, and against an exhaustive enumeration of the bootstrap's paths.
import {
  bootstrapPassProbability,
  createSimulation,
  formatIsoDay,
  type MinuteBars,
  parseIsoDay,
  prepareFuturesData,
  type PassProbabilityOptions,
  resolveFuturesConfig,
  resolvePassProbabilityConfig,
  rollingPassProbability,
  runFuturesBacktestSync,
  runAttempt,
  runMemoizedAttempt,
  runPassProbabilitySync,
  SessionMemo,
  SyntheticMarket,
  tradingSessions,
} from '../../../src/engine';
import { type RawBar, seededRandom, toMinuteBars } from './fixtures';
import { PNL_DAY_INPUT, pnlDay } from './helpers';

const CDT = -5;
/** The tests that run thousands of attempts get room on a busy machine (they assert values, never a time). */
const HEAVY_TEST_MS = 180_000;
// pnlDay: one ES contract ($50 a point, no costs) long from 4000.50 at 08:51, out at the 14:55 open + points.
const WIN = 10; // +500
const LOSS = -5; // −250
// A winning close after a morning dip to 3990: 10.5 points under the entry, $525 of open loss. The floor sits
// at most $500 under the balance, so the dip liquidates the account whatever came before; judged on its close
// alone the day is a +$500 win.
const dipWin = (date: string): RawBar[] => pnlDay(date, CDT, WIN, [['10:00', 4000.5, 4000.5, 3990, 3995]]);
const RULES = { max_contracts: 1, max_loss_limit: 500, daily_loss_limit: null, profit_target: 1000, consistency_allow_equal: true };
const INPUT = { ...PNL_DAY_INPUT, rules: RULES, reset_fee: 49 };

function finish<R>(steps: Generator<unknown, R, void>): R {
  let step = steps.next();
  while (step.done !== true) step = steps.next();
  return step.value;
}

function prepared(bars: readonly RawBar[], input: Record<string, unknown>) {
  const config = resolveFuturesConfig({ ...INPUT, ...input });
  return { config, data: prepareFuturesData(toMinuteBars('ES', bars), config) };
}

describe('rolling: every session of the range starts a fresh account', () => {
  // Mon 1 … Fri 5 April, Mon 8 April 2024: +500, +500, −250, −250, +500, +500
  const days = ['2024-04-01', '2024-04-02', '2024-04-03', '2024-04-04', '2024-04-05', '2024-04-08'];
  const points = [WIN, WIN, LOSS, LOSS, WIN, WIN];
  const { config, data } = prepared(days.flatMap((d, i) => pnlDay(d, CDT, points[i])), { start_date: days[0], end_date: days[5] });
  const rolling = finish(rollingPassProbability(data, config, 3));

  it('gives each start the outcome worked out by hand', () => {
    // 1: +500 +500 → 1,000, best day 50 % (allowed) → passed on the 2nd. 2: +500 (floor trails to 50,000),
    // −250, −250 → 50,000 at the floor → failed on the 4th. 3: −250, −250 → 49,500 at the floor → failed.
    // 4: −250, +500 (floor 49,750), +500 → +750 → open at the horizon. 5: +500 +500 → passed on the 8th.
    // 6: one session left in the data, still open: its horizon is incomplete and it is not counted.
    expect(rolling.starts.map((s) => [s.start_date, s.outcome, s.end_date, s.horizon_end, s.trading_days, s.net_pnl, s.horizon_complete])).toEqual([
      ['2024-04-01', 'passed', '2024-04-02', '2024-04-03', 2, 1000, true],
      ['2024-04-02', 'failed', '2024-04-04', '2024-04-04', 3, 0, true],
      ['2024-04-03', 'failed', '2024-04-04', '2024-04-05', 2, -500, true],
      ['2024-04-04', 'open', '2024-04-08', '2024-04-08', 3, 750, true],
      ['2024-04-05', 'passed', '2024-04-08', '2024-04-08', 2, 1000, true],
      ['2024-04-08', 'open', '2024-04-08', '2024-04-08', 1, 500, false],
    ]);
    expect(rolling.starts.map((s) => s.min_cushion)).toEqual([500, 0, 0, 250, 500, 500]);
  });

  it('counts the starts with a known outcome: 2 passed, 2 failed, 1 open of 5', () => {
    expect([rolling.starts_counted, rolling.p_pass, rolling.p_fail, rolling.p_open]).toEqual([5, 0.4, 0.4, 0.2]);
    expect(rolling.days_to_pass).toEqual({ p50: 2, p90: 2, mean: 2 });
    // one pass in 2.5 attempts: 1.5 resets at $49 before it
    expect(rolling.expected_attempts_to_pass).toBe(2.5);
    expect(rolling.expected_cost_to_pass).toBe(73.5);
  });

  it('a horizon past the range runs into the data after end_date', () => {
    const { config: shortRange } = prepared([], { start_date: days[0], end_date: days[1] });
    const result = finish(rollingPassProbability(data, shortRange, 3));
    expect(result.starts.map((s) => [s.start_date, s.outcome, s.horizon_end])).toEqual([
      ['2024-04-01', 'passed', '2024-04-03'],
      ['2024-04-02', 'failed', '2024-04-04'],
    ]);
  });
});

const DAY_MS = 86_400_000;

/** The bars stamped in [from, to) (epoch ms): what a provider returns for a shorter range of the same market. */
function sliceBars(bars: MinuteBars, from: number, to: number): MinuteBars {
  let first = 0;
  while (first < bars.time.length && bars.time[first] < from) first += 1;
  let end = first;
  while (end < bars.time.length && bars.time[end] < to) end += 1;
  const cut = (column: Float64Array): Float64Array => column.slice(first, end);
  return { symbol: bars.symbol, time: cut(bars.time), open: cut(bars.open), high: cut(bars.high), low: cut(bars.low), close: cut(bars.close), volume: cut(bars.volume) };
}

describe('rolling: a start equals a single backtest from it to its horizon end', () => {
  const market = new SyntheticMarket(7);
  const bars = market.minuteBars('MES', parseIsoDay('2022-09-01') as number, parseIsoDay('2023-12-29') as number);
  const input = { symbol: 'MES', start_date: '2023-01-03', end_date: '2023-06-30', rules: { profit_target: 1500, max_loss_limit: 800 } };
  const warmupDays = 100;
  const config = resolveFuturesConfig(input);
  const horizon = 20;
  const rolling = finish(rollingPassProbability(prepareFuturesData(bars, config), config, horizon, { warmupDays }));

  /** What the report route computes: bars from start − warm-up to the horizon end, the range start..horizon end. */
  function singleRun(start: string, end: string) {
    const from = ((parseIsoDay(start) as number) - warmupDays) * DAY_MS;
    const to = ((parseIsoDay(end) as number) + 1) * DAY_MS;
    const window = sliceBars(bars, from, to);
    const runConfig = resolveFuturesConfig({ ...input, start_date: start, end_date: end });
    return runFuturesBacktestSync(prepareFuturesData(window, runConfig), runConfig);
  }

  it('has passes and failures to compare', () => {
    expect(rolling.starts.length).toBeGreaterThan(120);
    expect(rolling.starts.some((s) => s.outcome === 'passed')).toBe(true);
    expect(rolling.starts.some((s) => s.outcome === 'failed')).toBe(true);
  });

  it('same verdict, same date, same sessions for every 7th start', () => {
    const rows = rolling.starts.filter((_, i) => i % 7 === 0);
    for (const start of rows) {
      const single = singleRun(start.start_date, start.horizon_end);
      const status = single.verdict.status === 'in_progress' ? 'open' : single.verdict.status;
      expect([start.start_date, status, single.verdict.date ?? single.sessions[single.sessions.length - 1].date, single.sessions.length, single.net_pnl]).toEqual([
        start.start_date,
        start.outcome,
        start.end_date,
        start.trading_days,
        start.net_pnl,
      ]);
    }
  }, HEAVY_TEST_MS);
});

describe('bootstrap: resampled blocks of whole sessions', () => {
  // The pool, in order: win, win, loss, dip-win (Mon 1 – Thu 4 April 2024).
  const days = ['2024-04-01', '2024-04-02', '2024-04-03', '2024-04-04'];
  const kinds = ['win', 'win', 'loss', 'dip'] as const;
  const bars = [pnlDay(days[0], CDT, WIN), pnlDay(days[1], CDT, WIN), pnlDay(days[2], CDT, LOSS), dipWin(days[3])].flat();
  const { config, data } = prepared(bars, { start_date: days[0], end_date: days[3] });
  const odds = { horizon_days: 4, block_days: 2, paths: 20_000, seed: 11 };

  /**
   * Exact odds by enumeration: every pair of block starts (4 × 4 equally likely, blocks wrap around), each path
   * judged by a plain end-of-day ledger written here: a dip day fails the account (−$525 open against a
   * cushion of at most $500), else the day's P&L is booked, the floor trails the end-of-day high by $500 up to
   * the start balance, and the account passes at +$1,000 with the best day at most half of the profit.
   */
  function exact(): { pass: number; fail: number; open: number; meanDays: number } {
    const pnl = { win: 500, loss: -250, dip: 500 };
    let pass = 0;
    let fail = 0;
    let passDays = 0;
    for (let a = 0; a < 4; a += 1) {
      for (let b = 0; b < 4; b += 1) {
        const path = [a, (a + 1) % 4, b, (b + 1) % 4].map((i) => kinds[i]);
        let balance = 50_000;
        let floor = 49_500;
        let peak = 50_000;
        let best = -Infinity;
        let outcome = 'open';
        for (let d = 0; d < path.length && outcome === 'open'; d += 1) {
          if (path[d] === 'dip' && balance - 525 <= floor) {
            outcome = 'fail';
            break;
          }
          balance += pnl[path[d]];
          best = Math.max(best, pnl[path[d]]);
          if (balance <= floor) {
            outcome = 'fail';
            break;
          }
          peak = Math.max(peak, balance);
          floor = Math.min(Math.max(floor, peak - 500), 50_000);
          if (balance - 50_000 >= 1000 && best <= 0.5 * (balance - 50_000)) {
            outcome = 'pass';
            passDays += d + 1;
          }
        }
        if (outcome === 'pass') pass += 1;
        else if (outcome === 'fail') fail += 1;
      }
    }
    return { pass: pass / 16, fail: fail / 16, open: 1 - (pass + fail) / 16, meanDays: passDays / pass };
  }

  const result = finish(bootstrapPassProbability(data, config, odds));

  it('estimates the enumerated odds within 4 standard errors, and they sum to 1', () => {
    const truth = exact();
    // By hand, blocks WW, WL, LD, DW: WW first passes on day 2 (4 paths); WL then WW passes on day 4, WL
    // then WL stays open, WL then LD or DW fails; LD and DW first fail (8 paths): 5 pass, 10 fail, 1 open.
    expect([truth.pass, truth.fail, truth.open, truth.meanDays]).toEqual([5 / 16, 10 / 16, 1 / 16, 2.4]);
    for (const [estimate, p] of [
      [result.p_pass, truth.pass],
      [result.p_fail, truth.fail],
      [result.p_open, truth.open],
    ]) {
      expect(Math.abs(estimate - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / odds.paths));
    }
    expect(result.p_pass + result.p_fail + result.p_open).toBeCloseTo(1, 12);
    expect(Math.abs((result.days_to_pass?.mean ?? 0) - truth.meanDays)).toBeLessThan(0.1);
    expect(result.p_pass_standard_error).toBeCloseTo(Math.sqrt((result.p_pass * (1 - result.p_pass)) / odds.paths), 12);
    expect([result.paths, result.seed, result.block_days, result.sessions_pooled]).toEqual([20_000, 11, 2, 4]);
  }, HEAVY_TEST_MS);

  it('the same seed gives the same answer; another seed another draw', () => {
    expect(finish(bootstrapPassProbability(data, config, odds))).toEqual(result);
    const other = finish(bootstrapPassProbability(data, config, { ...odds, seed: 12 }));
    expect(other.p_pass).not.toBe(result.p_pass);
  }, HEAVY_TEST_MS);

  it('block_days 1 draws days independently: the enumeration over 4^4 paths', () => {
    const oneDay = finish(bootstrapPassProbability(data, config, { ...odds, block_days: 1 }));
    // Fails: any dip before a pass. Passes need two wins before the dip and before a loss can matter.
    let pass = 0;
    for (let code = 0; code < 256; code += 1) {
      const path = [0, 1, 2, 3].map((d) => kinds[(code >> (2 * d)) & 3]);
      let balance = 0;
      let floor = -500;
      let peak = 0;
      for (const kind of path) {
        if (kind === 'dip' && balance - 525 <= floor) break;
        balance += kind === 'loss' ? -250 : 500;
        if (balance <= floor) break;
        peak = Math.max(peak, balance);
        floor = Math.min(Math.max(floor, peak - 500), 0);
        if (balance >= 1000) {
          pass += 1;
          break;
        }
      }
    }
    const p = pass / 256;
    expect(Math.abs(oneDay.p_pass - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / odds.paths));
  }, HEAVY_TEST_MS);
});

describe('the session memo: sessions out of the floor\'s reach replayed from one simulation', () => {
  const bars = new SyntheticMarket(3).minuteBars('MES', parseIsoDay('2022-09-01') as number, parseIsoDay('2023-12-29') as number);
  const random = seededRandom(5);

  it.each([
    ['the 50K Combine', {}],
    ['a tight floor, a small target, breakout entries', { rules: { max_loss_limit: 400, profit_target: 800, daily_loss_limit: 300 }, strategy: { entry_mode: 'breakout', risk_per_trade_usd: 200 } }],
    ['an intraday trailing floor (not memoized: simulated)', { rules: { mll_trail_mode: 'intraday', max_loss_limit: 500, profit_target: 800 } }],
  ])('gives runAttempt\'s result on 400 random paths: %s', (_, extra) => {
    const config = resolveFuturesConfig({ symbol: 'MES', start_date: '2023-01-03', end_date: '2023-12-29', ...extra });
    const data = prepareFuturesData(bars, config);
    const pool = tradingSessions(data, config);
    const plain = createSimulation(config, data, { record: false });
    const memoized = createSimulation(config, data, { record: false });
    const memo = new SessionMemo(config, data);
    const outcomes = new Set<string>();
    for (let p = 0; p < 400; p += 1) {
      const path = Int32Array.from({ length: 40 }, () => pool[Math.floor(random() * pool.length)]);
      const expected = runAttempt(plain, path);
      outcomes.add(expected.outcome);
      expect(runMemoizedAttempt(memoized, memo, path)).toEqual(expected);
      expect(memoized.account).toMatchObject({ passed: plain.account.passed, failed: plain.account.failed, floor: plain.account.floor, bestDay: plain.account.bestDay });
    }
    expect(outcomes.size).toBeGreaterThan(1);
  }, HEAVY_TEST_MS);
});

describe('the estimate as a whole', () => {
  const days = ['2024-04-01', '2024-04-02', '2024-04-03', '2024-04-04'];
  const bars = [pnlDay(days[0], CDT, WIN), pnlDay(days[1], CDT, WIN), pnlDay(days[2], CDT, LOSS), pnlDay(days[3], CDT, LOSS)].flat();

  it('both methods, with the range and the parameters', () => {
    const { config, odds } = resolvePassProbabilityConfig({ ...INPUT, start_date: days[0], end_date: days[3], horizon_days: 2, paths: 100 });
    expect(odds).toEqual<PassProbabilityOptions>({ method: 'both', horizon_days: 2, paths: 100, seed: 1, block_days: 5 });
    const data = prepareFuturesData(toMinuteBars('ES', bars), config);
    const result = runPassProbabilitySync(data, config, odds);
    expect([result.method, result.horizon_days, result.reset_fee, result.first_session, result.last_session]).toEqual(['both', 2, 49, days[0], days[3]]);
    expect(result.rolling?.starts.map((s) => s.outcome)).toEqual(['passed', 'open', 'failed', 'open']);
    expect(result.bootstrap?.block_days).toBe(4);
    const rollingOnly = runPassProbabilitySync(data, config, { ...odds, method: 'rolling' });
    expect([rollingOnly.rolling?.p_pass, rollingOnly.bootstrap]).toEqual([result.rolling?.p_pass, null]);
  });

  it('refuses every bad field at once, and accounts with nothing to pass', () => {
    expect(() => resolvePassProbabilityConfig({ symbol: 'ES', method: 'monte', horizon_days: 0, paths: 'many', seed: -1, block_days: 2.5, strategy: { target_rr: 3 } })).toThrow(
      '6 fields are invalid: strategy.target_rr is not a known strategy parameter (did you mean target_r?); method must be one of rolling, bootstrap, both; horizon_days must be an integer from 1 to 1000; paths must be a number; seed must be an integer from 0 to 4294967295; block_days must be an integer from 1 to 250.',
    );
    expect(() => resolvePassProbabilityConfig({ symbol: 'ES', paths: 1_000_000, horizon_days: 21 })).toThrow('paths × horizon_days must be at most 20,000,000 (got 21,000,000)');
    expect(resolvePassProbabilityConfig({ symbol: 'ES', method: 'rolling', paths: 1_000_000, horizon_days: 21 }).odds.paths).toBe(1_000_000);
    expect(() => resolvePassProbabilityConfig({ symbol: 'ES', account_size: 'none' })).toThrow('account_size none has no rules to pass');
    expect(() => resolvePassProbabilityConfig({ symbol: 'ES', stage: 'xfa' })).toThrow('the pass probability needs a profit target');
  });

  it('an empty range is INSUFFICIENT_DATA', () => {
    const { config, odds } = resolvePassProbabilityConfig({ ...INPUT, start_date: '2024-05-01', end_date: '2024-05-31' });
    const data: MinuteBars = toMinuteBars('ES', bars);
    expect(() => runPassProbabilitySync(prepareFuturesData(data, config), config, odds)).toThrow('No session with regular-session bars in the range');
    expect(formatIsoDay(parseIsoDay('2024-05-01') as number)).toBe('2024-05-01');
  });
});
