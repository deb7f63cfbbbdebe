// Sweeps and walk-forward on hand-built ES sessions whose best parameter is known by construction.
// Every session: opening range 4000–4010, a close of 4011 at 08:50 (an up-break), a long at 08:51's open
// 4011, stop at the range low 4000, target `target_range_multiple` range heights above 4010; one trade a
// day, one contract, no costs ($50 a point):
//   A ("fade") days reach 4021 at 09:00, then fall to 3999 at 10:00:
//     multiple 1 → target 4020: +450;  multiples 2 and 3 → stopped at 4000: −550
//   B ("trend") days reach 4041 at 09:00:
//     multiple 1 → 4020: +450;  multiple 2 → 4030: +950;  multiple 3 → 4040: +1,450
import {
  EngineError,
  MAX_SWEEP_COMBINATIONS,
  prepareFuturesData,
  resolveFuturesConfig,
  resolveSweep,
  runFuturesBacktestSync,
  runSweepSync,
  type SweepInput,
} from '../../../src/engine';
import { generateSessions, type RawBar, session, toMinuteBars } from './fixtures';
import { NO_FILTERS, orRows } from './helpers';

const CDT = -5;

function day(date: string, kind: 'A' | 'B'): RawBar[] {
  const rows = kind === 'A' ? [['09:00', 4011, 4021, 4011, 4015] as const, ['10:00', 4011, 4011, 3999, 4005] as const] : [['09:00', 4011, 4041, 4011, 4041] as const];
  return session(date, CDT, 4011, [...orRows(4010, 4000), ['08:50', 4010, 4011, 4010, 4011], ...rows]);
}

/** Weekdays from 2024-04-01 (CDT throughout), one kind per date. */
function weekdays(count: number): string[] {
  const out: string[] = [];
  for (let t = Date.parse('2024-04-01T00:00:00Z'); out.length < count; t += 86_400_000) {
    const d = new Date(t);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) out.push(d.toISOString().slice(0, 10));
  }
  return out;
}

// A×4, B×4, A×4, B×3: 15 sessions.
const KINDS = 'AAAABBBBAAAABBB'.split('') as ('A' | 'B')[];
const DATES = weekdays(KINDS.length);
const BARS = toMinuteBars(
  'ES',
  DATES.flatMap((date, i) => day(date, KINDS[i])),
);

const STRATEGY = {
  ...NO_FILTERS,
  entry_mode: 'breakout',
  break_ticks: 0,
  stop_mode: 'range_opposite',
  stop_offset_ticks: 0,
  target_mode: 'range_multiple',
  fixed_contracts: 1,
  max_trades_per_day: 1,
  max_daily_loss_usd: null,
} as const;

const BASE = { symbol: 'ES', account_size: 'none', calendar: 'none', start_date: DATES[0], end_date: DATES[DATES.length - 1], strategy: STRATEGY } as const;
const GRID = [{ key: 'target_range_multiple', values: [1, 2, 3] }];

function sweep(input: Partial<SweepInput> & { base?: object }): ReturnType<typeof runSweepSync> {
  const plan = resolveSweep({ base: BASE, sweep: GRID, ...input } as SweepInput);
  return runSweepSync(BARS, plan);
}

function fieldsOf(fn: () => unknown): { field: string; message: string }[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof EngineError) return e.errors.map((x) => ({ field: x.field, message: x.message }));
    throw e;
  }
  return [];
}

describe('a sweep ranks every combination over the whole range', () => {
  it('by net P&L: multiple 1 (15 × 450), then 3 (7 × 1,450 − 8 × 550), then 2 (7 × 950 − 8 × 550)', () => {
    const report = sweep({ objective: 'net_pnl' });
    expect(report.combinations).toBe(3);
    expect(report.period.sessions).toBe(15);
    expect(report.ranking.map((r) => [r.rank, r.params.target_range_multiple, r.score.net_pnl, r.score.trades])).toEqual([
      [1, 1, 6750, 15],
      [2, 3, 5750, 15],
      [3, 2, 2250, 15],
    ]);
    expect(report.best.params).toEqual({ target_range_multiple: 1 });
  });

  it('by profit factor: multiple 1 has no losing trade (undefined, ranked last); 3 = 10,150 / 4,400; 2 = 6,650 / 4,400', () => {
    const report = sweep({ objective: 'profit_factor' });
    expect(report.ranking.map((r) => [r.params.target_range_multiple, r.score.profit_factor])).toEqual([
      [3, Number((10150 / 4400).toFixed(6))],
      [2, Number((6650 / 4400).toFixed(6))],
      [1, null],
    ]);
  });

  it('by Sharpe: computed independently from the daily equity (capital 50,000 plus each day’s P&L)', () => {
    const report = sweep({ objective: 'sharpe' });
    const sharpeOf = (pnls: number[]): number => {
      const values = [50_000];
      for (const p of pnls) values.push(values[values.length - 1] + p);
      const r = values.slice(1).map((v, i) => v / values[i] - 1);
      const m = r.reduce((s, x) => s + x, 0) / r.length;
      const sd = Math.sqrt(r.reduce((s, x) => s + (x - m) ** 2, 0) / (r.length - 1));
      return (m / sd) * Math.sqrt(252);
    };
    const pnl = (m: number): number[] => KINDS.map((k) => (k === 'A' ? (m === 1 ? 450 : -550) : [0, 450, 950, 1450][m]));
    // multiple 1 earns 450 every day: its returns still vary a little (a growing balance), so it is defined
    const expected = [1, 2, 3].map((m) => ({ m, sharpe: sharpeOf(pnl(m)) })).sort((a, b) => b.sharpe - a.sharpe);
    expect(report.ranking.map((r) => r.params.target_range_multiple)).toEqual(expected.map((e) => e.m));
    report.ranking.forEach((r, i) => expect(r.score.sharpe).toBeCloseTo(expected[i].sharpe, 5));
  });

  it('by p_pass with a prop-firm account: the rolling pass probability, every session a fresh start, confined to the range', () => {
    // 50K with a $1,000 target and a $1,000 loss limit over A A A A B B B B; an attempt still open when the
    // range ends is not counted.
    // multiple 1 (+450 a day): starts 0–5 pass on their third session, 6–7 run out → 6 of 6
    // multiple 3 (A −550, B +1,450): starts 0–2 fail on the second A; 3 passes (−550, +1,450, +1,450); 4–7 pass at once → 5 of 8
    // multiple 2 (A −550, B +950): 0–2 fail; 3 (−550, +950, +950), 4, 5, 6 pass; 7 runs out → 4 of 7
    const base = { ...BASE, account_size: '50K', end_date: DATES[7], rules: { profit_target: 1000, max_loss_limit: 1000, daily_loss_limit: null, consistency_max_best_day_share: null, max_contracts: 1 } };
    const report = sweep({ base, objective: 'p_pass' });
    expect(report.ranking.map((r) => [r.params.target_range_multiple, r.score.p_pass, r.score.p_pass_starts])).toEqual([
      [1, 1, 6],
      [3, 0.625, 8],
      [2, 0.571429, 7],
    ]);
    expect(sweep({ base, objective: 'net_pnl' }).ranking.map((r) => r.score.p_pass)).toEqual([null, null, null]);
  });
});

describe('walk-forward: the best on each training window, traded on the next test window', () => {
  // train 4, test 4 over A×4 B×4 A×4 B×3: window 0 trains on A (best: multiple 1) and tests on B (+450 a day);
  // window 1 trains on B (best: 3) and tests on A (−550 a day); window 2 trains on A (1) and tests on the last 3 B.
  const report = sweep({ objective: 'net_pnl', train_days: 4, test_days: 4 });
  const wf = report.walk_forward;

  it('chooses the combination known to be best on each training window', () => {
    expect(wf).not.toBeNull();
    expect(wf?.windows.map((w) => [w.train.start_date, w.train.end_date, w.test.start_date, w.test.end_date, w.test.sessions, w.chosen.params.target_range_multiple])).toEqual([
      [DATES[0], DATES[3], DATES[4], DATES[7], 4, 1],
      [DATES[4], DATES[7], DATES[8], DATES[11], 4, 3],
      [DATES[8], DATES[11], DATES[12], DATES[14], 3, 1],
    ]);
    expect(wf?.windows.map((w) => [w.in_sample.net_pnl, w.out_of_sample.net_pnl])).toEqual([
      [1800, 1800],
      [5800, -2200],
      [1800, 1350],
    ]);
  });

  it('stitches the out-of-sample days into one equity curve', () => {
    const expected = [450, 450, 450, 450, -550, -550, -550, -550, 450, 450, 450];
    expect(wf?.stitched.daily.map((d) => d.pnl)).toEqual(expected);
    expect(wf?.stitched.daily.map((d) => d.date)).toEqual(DATES.slice(4));
    let equity = 50_000;
    expect(wf?.stitched.daily.map((d) => d.equity)).toEqual(expected.map((p) => (equity += p)));
    expect([wf?.stitched.net_pnl, wf?.stitched.trades, wf?.stitched.sessions, wf?.stitched.end_equity]).toEqual([950, 11, 11, 50_950]);
  });

  it('equals the chosen combination run on each test window on its own', () => {
    const separately = (wf?.windows ?? []).flatMap((w) => {
      const config = resolveFuturesConfig({ ...BASE, start_date: w.test.start_date, end_date: w.test.end_date, strategy: { ...STRATEGY, ...w.chosen.params } });
      return runFuturesBacktestSync(prepareFuturesData(BARS, config), config).sessions.map((s) => [s.date, s.pnl]);
    });
    expect(wf?.stitched.daily.map((d) => [d.date, d.pnl])).toEqual(separately);
  });

  it('reports the degradation: net P&L per session in sample (450, 1,450, 450) against out of sample (450, −550, 450)', () => {
    const inSample = (450 + 1450 + 450) / 3;
    const outOfSample = (450 - 550 + 450) / 3;
    expect(wf?.degradation.objective).toBe('net_pnl');
    expect(wf?.degradation.in_sample).toBeCloseTo(inSample, 5);
    expect(wf?.degradation.out_of_sample).toBeCloseTo(outOfSample, 5);
    expect(wf?.degradation.degradation).toBeCloseTo(inSample - outOfSample, 5);
    expect(wf?.degradation.efficiency).toBeCloseTo(outOfSample / inSample, 5);
    expect(wf?.degradation.degradation_pct).toBeCloseTo(((inSample - outOfSample) / inSample) * 100, 2);
  });

  it('with p_pass, the attempts of a training window cannot look past it into the test window', () => {
    // window 0 trains on A A A A: multiple 1 passes from starts 0 and 1 (3 sessions each); starts 2 and 3
    // would need the B days that follow, so they are open and not counted: 2 starts, p_pass 1
    const rules = { profit_target: 1000, max_loss_limit: 1000, daily_loss_limit: null, consistency_max_best_day_share: null, max_contracts: 1 };
    const wfp = sweep({ base: { ...BASE, account_size: '50K', rules }, objective: 'p_pass', train_days: 4, test_days: 4 }).walk_forward;
    expect([wfp?.windows[0].chosen.params.target_range_multiple, wfp?.windows[0].in_sample.p_pass, wfp?.windows[0].in_sample.p_pass_starts]).toEqual([1, 1, 2]);
  });

  it('a range too short for one training window and a test session is refused naming train_days', () => {
    expect(fieldsOf(() => sweep({ train_days: 15, test_days: 1 })).map((e) => e.field)).toEqual(['train_days']);
  });
});

describe('sweep validation names every bad field', () => {
  it('an unknown key, with the closest name', () => {
    const errors = fieldsOf(() => resolveSweep({ base: BASE, sweep: [{ key: 'target_range_multipl', values: [1] }] }));
    expect(errors).toEqual([{ field: 'sweep[0].key', message: 'sweep[0].key "target_range_multipl" is not a strategy parameter or a rule that can be swept (did you mean target_range_multiple?)' }]);
  });

  it('a bad value, naming the axis, the value and the reason; every bad one at once', () => {
    const errors = fieldsOf(() =>
      resolveSweep({
        base: BASE,
        sweep: [
          { key: 'target_range_multiple', values: [1, 'x', -2] },
          { key: 'strategy.entry_mode', values: ['breakout', 'pulback'] },
        ],
        objective: 'best',
      }),
    );
    expect(errors.map((e) => e.field)).toEqual(['objective', 'sweep[0].values[1]', 'sweep[0].values[2]', 'sweep[1].values[1]']);
    expect(errors[1].message).toBe('sweep[0].values[1] (target_range_multiple=x): strategy.target_range_multiple must be a number');
  });

  it('rules keys are swept too (and refused with account_size none)', () => {
    expect(resolveSweep({ base: { ...BASE, account_size: '50K' }, sweep: [{ key: 'rules.max_loss_limit', values: [1000, 2000] }, { key: 'target_r', values: [1, 2] }] }).grid.size).toBe(4);
    expect(fieldsOf(() => resolveSweep({ base: BASE, sweep: [{ key: 'max_loss_limit', values: [1000] }] })).map((e) => e.field)).toEqual(['sweep[0].values[0]']);
  });

  it(`more than ${MAX_SWEEP_COMBINATIONS.toLocaleString('en-US')} combinations is refused with the count`, () => {
    const values = Array.from({ length: 101 }, (_, i) => 1 + i / 10);
    const errors = fieldsOf(() => resolveSweep({ base: BASE, sweep: [{ key: 'target_r', values }, { key: 'target_range_multiple', values: values.slice(0, 100) }] }));
    expect(errors).toEqual([{ field: 'sweep', message: 'sweep has 10,100 combinations (target_r 101 × target_range_multiple 100); a sweep may run at most 10,000' }]);
  });

  it('a combination that breaks a rule between fields is named by its parameters', () => {
    // each value is valid on its own (against the defaults 20 and 50), one pair is not
    const errors = fieldsOf(() =>
      resolveSweep({
        base: BASE,
        sweep: [
          { key: 'trend_ema_fast', values: [10, 40] },
          { key: 'trend_ema_slow', values: [30, 50] },
        ],
      }),
    );
    expect(errors.map((e) => e.message)).toEqual(['sweep combination trend_ema_fast=40, trend_ema_slow=30: strategy.trend_ema_fast must be shorter than strategy.trend_ema_slow']);
  });

  it('p_pass needs a prop-firm account; train_days needs test_days', () => {
    expect(fieldsOf(() => resolveSweep({ base: BASE, sweep: GRID, objective: 'p_pass', train_days: 5 })).map((e) => e.field).sort()).toEqual(['objective', 'test_days']);
  });
});

describe('bars loaded once, indicators per parameter set', () => {
  it('every combination scores as its own backtest would, indicator parameters swept included', () => {
    const bars = generateSessions({ seed: 7, from: '2023-01-02', to: '2023-06-30', startPrice: 4000, tick: 0.25, dailyVol: 40 });
    const base = { symbol: 'MES', account_size: '50K', calendar: 'none', start_date: '2023-04-03', end_date: '2023-06-30', strategy: { entry_mode: 'breakout' } } as const;
    const plan = resolveSweep({
      base,
      sweep: [
        { key: 'atr_period', values: [5, 14] },
        { key: 'or_atr_max', values: [0.3, 0.6] },
        { key: 'trend_ema_slow', values: [30, 50] },
      ],
    });
    const report = runSweepSync(bars, plan);
    const byIndex = new Map(report.ranking.map((r) => [r.index, r.score]));
    const netPnls = new Set<number>();
    for (let i = 0; i < plan.grid.size; i += 1) {
      const config = resolveFuturesConfig({ ...base, attempts: 'reset', strategy: { ...base.strategy, ...report.ranking.find((r) => r.index === i)?.params } });
      const own = runFuturesBacktestSync(prepareFuturesData(bars, config), config);
      expect([i, byIndex.get(i)?.net_pnl, byIndex.get(i)?.trades]).toEqual([i, own.net_pnl, own.trades.length]);
      netPnls.add(own.net_pnl);
    }
    expect(netPnls.size).toBeGreaterThan(2);
  });
});
