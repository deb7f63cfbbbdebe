// Regime filters on MES days preceded by short history sessions whose daily OHLC sets the indicators.
// Test day 2024-04-22 (CDT): OR 4000–4010 (RTH open 4005 at 08:30), up-break close 4010.5 at 08:50.
import { type BarRow, type RawBar, session } from './fixtures';
import { historyDay, NO_FILTERS, orRows, run } from './helpers';

const CDT = -5;
const TEST_DAY = '2024-04-22';
const HISTORY_DATES = ['2024-04-01', '2024-04-02', '2024-04-03', '2024-04-04', '2024-04-05', '2024-04-08', '2024-04-09', '2024-04-10', '2024-04-11', '2024-04-12', '2024-04-15', '2024-04-16', '2024-04-17', '2024-04-18', '2024-04-19'];

/** History days from [o, h, l, c] rows (the last rows are the most recent days). */
function history(days: readonly (readonly [number, number, number, number])[]): RawBar[] {
  const dates = HISTORY_DATES.slice(HISTORY_DATES.length - days.length);
  return days.flatMap(([o, h, l, c], i) => historyDay(dates[i], CDT, o, h, l, c));
}

function testDay(extra: readonly BarRow[] = [], orHigh = 4010, orLow = 4000, volume?: number): RawBar[] {
  const breakClose = orHigh + 0.5;
  return session(TEST_DAY, CDT, breakClose + 0.5, [...orRows(orHigh, orLow), ['08:50', orHigh, breakClose, orHigh, breakClose], ...extra], { volume });
}

/** 15 identical days: range 40 around 4000, close 4000 → every true range 40 → ATR(14) = 40. */
const FLAT_40 = Array.from({ length: 15 }, () => [4000, 4020, 3980, 4000] as const);
const base = { start_date: TEST_DAY, strategy: { ...NO_FILTERS } };

describe('regime filters', () => {
  it('OR width filter: 0.10 ≤ ORW/ATR14 ≤ 0.50 and ORW ≥ 4 ticks', () => {
    const on = { ...base, strategy: { ...NO_FILTERS, width_filter: true } };
    // ORW 10 / ATR 40 = 0.25 → valid
    expect(run([...history(FLAT_40), ...testDay()], on).counters).toMatchObject({ sessions_evaluated: 1, or_valid_days: 1, opening_range_breaks: 1 });
    // ORW 30 / 40 = 0.75 → not valid, and breaks are not counted on an invalid day
    expect(run([...history(FLAT_40), ...testDay([], 4030, 4000)], on).counters).toMatchObject({ sessions_evaluated: 1, or_valid_days: 0, opening_range_breaks: 0 });
    // ORW 3 ticks with the ratio bounds opened up → still not valid (minimum 4 ticks)
    const narrow = run([...history(FLAT_40), ...testDay([], 4000.75, 4000)], { ...base, strategy: { ...NO_FILTERS, width_filter: true, or_atr_min: 0 } });
    expect(narrow.counters.or_valid_days).toBe(0);
    // no ATR yet (no history) → not valid; with the filter off → valid
    expect(run(testDay(), on).counters.or_valid_days).toBe(0);
    expect(run(testDay(), base).counters.or_valid_days).toBe(1);
  });

  it('gap filter: skips when |RTH open − prior close| > 0.75 × ATR14', () => {
    const on = { ...base, strategy: { ...NO_FILTERS, gap_filter: true } };
    // prior close 4000, open 4005 → gap 5 ≤ 30
    expect(run([...history(FLAT_40), ...testDay()], on).counters).toMatchObject({ gap_pass: 1, regime_filter_passes: 1, regime_blocks: 0 });
    // prior close 3970 (last history day), open 4005 → gap 35 > 30 (ATR still ≈ 40)
    const gapped = [...FLAT_40.slice(0, 14), [4000, 4020, 3970, 3970] as const];
    const result = run([...history(gapped), ...testDay()], on);
    expect(result.counters).toMatchObject({ opening_range_breaks: 1, gap_pass: 0, regime_filter_passes: 0, regime_blocks: 1, pullback_setups: 0 });
  });

  it('trend filter: long only when prior close > EMA(slow) and EMA(fast) > EMA(slow); short mirrored', () => {
    const rising = [3990, 3995, 4000, 4005].map((c) => [c, c + 5, c - 5, c] as const);
    const falling = [4020, 4015, 4010, 4006].map((c) => [c, c + 5, c - 5, c] as const);
    const strategy = { ...NO_FILTERS, trend_filter: true, trend_ema_fast: 2, trend_ema_slow: 3 };
    const up = run([...history(rising), ...testDay()], { ...base, strategy });
    expect(up.counters).toMatchObject({ trend_pass: 1, regime_filter_passes: 1 });
    const againstTrend = run([...history(falling), ...testDay()], { ...base, strategy });
    expect(againstTrend.counters).toMatchObject({ opening_range_breaks_up: 1, trend_pass: 0, regime_blocks: 1 });
    // not enough history for EMA(3) → blocked
    expect(run([...history(rising.slice(2)), ...testDay()], { ...base, strategy }).counters.trend_pass).toBe(0);
  });

  it('volatility filter: percentile rank of ATR within [10, 90]', () => {
    // atr_period 1 → ATR = previous true range. Ranges 10, 20, 40, 50, then 30: rank of 30 = 3/5 = 60 → pass.
    const ranges = (rs: number[]) => rs.map((r) => [4000, 4000 + r / 2, 4000 - r / 2, 4000] as const);
    const strategy = { ...NO_FILTERS, volatility_filter: true, atr_period: 1, vol_lookback: 5, vol_min_history: 3 };
    expect(run([...history(ranges([10, 20, 40, 50, 30])), ...testDay()], { ...base, strategy }).counters).toMatchObject({ vol_pass: 1, regime_filter_passes: 1 });
    // rising ranges: the latest ATR is the highest → rank 100 → blocked
    expect(run([...history(ranges([10, 20, 30, 40, 50])), ...testDay()], { ...base, strategy }).counters).toMatchObject({ vol_pass: 0, regime_blocks: 1 });
    // lowest → rank 20 with bounds [30, 90] → blocked
    expect(run([...history(ranges([20, 30, 40, 50, 10])), ...testDay()], { ...base, strategy: { ...strategy, vol_pct_min: 30 } }).counters.vol_pass).toBe(0);
  });

  it('VWAP filter: the break bar must close on the trade side of the session VWAP', () => {
    const strategy = { ...NO_FILTERS, vwap_filter: true };
    expect(run(testDay(), { strategy }).counters).toMatchObject({ vwap_pass: 1, regime_filter_passes: 1 });
    // a heavy 08:47 bar (typical price (4030 + 4010 + 4010) / 3 = 4016.67) lifts VWAP above the 4010.5 break close
    const heavy = run(testDay([['08:47', 4010, 4030, 4010, 4010, 1_000_000]]), { strategy });
    expect(heavy.counters).toMatchObject({ opening_range_breaks: 1, vwap_pass: 0, regime_blocks: 1 });
  });

  it('all filters on with the defaults: counters stay consistent (passes + blocks = breaks)', () => {
    const result = run([...history(FLAT_40), ...testDay()], { start_date: TEST_DAY, strategy: { vol_min_history: 1 } });
    const c = result.counters;
    expect(c.regime_filter_passes + c.regime_blocks).toBe(c.opening_range_breaks);
    expect(c.opening_range_breaks).toBe(1);
  });
});
