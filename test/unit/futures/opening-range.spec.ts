// The opening-range record: accumulation, completeness, the width filter and break detection.
import { addRangeBar, closeOpeningRange, createCounters, createOpeningRange, createTickGrid, detectBreak, resetOpeningRange, resolveFuturesConfig } from '../../../src/engine';

const grid = createTickGrid(0.25);
const strategy = resolveFuturesConfig({ symbol: 'ES', strategy: { opening_range_minutes: 3 } }).strategy;

function threeBars() {
  const range = createOpeningRange();
  addRangeBar(range, 4005, 4001);
  addRangeBar(range, 4010, 4003);
  addRangeBar(range, 4007, 4000);
  return range;
}

describe('opening range', () => {
  it('takes the highest high and lowest low of its bars; closing a complete range sets the midpoint and counts it', () => {
    const range = threeBars();
    const counters = createCounters();
    // width 10 / ATR 40 = 0.25 in [0.10, 0.50], 10 ≥ 4 ticks → valid
    expect(closeOpeningRange(range, strategy, grid, 40, counters)).toBe(true);
    expect([range.high, range.low, range.mid, range.closed, range.valid]).toEqual([4010, 4000, 4005, true, true]);
    expect([counters.sessions_evaluated, counters.or_valid_days]).toEqual([1, 1]);
  });

  it('the width filter: too wide, too narrow, fewer than or_min_ticks, or no ATR history → evaluated but not valid', () => {
    for (const atr of [10, 200, Number.NaN]) {
      const counters = createCounters();
      expect(closeOpeningRange(threeBars(), strategy, grid, atr, counters)).toBe(false); // 1.0, 0.05, NaN
      expect([counters.sessions_evaluated, counters.or_valid_days]).toEqual([1, 0]);
    }
    const narrow = createOpeningRange();
    for (let n = 0; n < 3; n += 1) addRangeBar(narrow, 4000.75, 4000);
    expect(closeOpeningRange(narrow, { ...strategy, or_atr_min: 0 }, grid, 5, createCounters())).toBe(false); // 3 ticks < 4
    expect(closeOpeningRange(threeBars(), { ...strategy, width_filter: false }, grid, Number.NaN, createCounters())).toBe(true);
  });

  it('an incomplete range (a missing bar) is neither evaluated nor valid', () => {
    const range = createOpeningRange();
    addRangeBar(range, 4005, 4001);
    addRangeBar(range, 4010, 4003);
    const counters = createCounters();
    expect(closeOpeningRange(range, strategy, grid, 40, counters)).toBe(false);
    expect([range.closed, counters.sessions_evaluated]).toEqual([true, 0]);
  });

  it('a break is a close beyond the range by more than the offset; each side breaks once, up tested first', () => {
    const range = threeBars();
    closeOpeningRange(range, strategy, grid, 40, createCounters());
    expect(detectBreak(range, 4010.25, 0.25, grid.eps)).toBe(0); // exactly one tick above: not beyond it
    expect(detectBreak(range, 4010.5, 0.25, grid.eps)).toBe(1);
    expect(detectBreak(range, 4011, 0.25, grid.eps)).toBe(0); // up already broken
    expect(detectBreak(range, 3999.5, 0.25, grid.eps)).toBe(-1);
    expect(detectBreak(range, 3990, 0.25, grid.eps)).toBe(0);
    resetOpeningRange(range);
    expect([range.high, range.low, range.bars, range.closed, range.valid, range.brokeUp, range.brokeDown]).toEqual([
      Number.NEGATIVE_INFINITY,
      Number.POSITIVE_INFINITY,
      0,
      false,
      false,
      false,
      false,
    ]);
  });
});
