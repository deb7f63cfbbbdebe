// The entry order, the session VWAP/EMA, pullback limit prices and the trade-through fill rule.
import {
  addAveragesBar,
  addRangeBar,
  armOrder,
  clearOrder,
  closeOpeningRange,
  createCounters,
  createEntryOrder,
  createOpeningRange,
  createSessionAverages,
  createTickGrid,
  LIMIT_AT_EMA,
  LIMIT_AT_RANGE,
  LIMIT_AT_VWAP,
  limitFillPrice,
  limitKindOf,
  ORDER_LIMIT,
  ORDER_NONE,
  pullbackLimitPrice,
  resetSessionAverages,
  resolveFuturesConfig,
} from '../../../src/engine';

const grid = createTickGrid(0.25);

describe('entry order', () => {
  it('is armed with a kind, a direction and the break bar, and cleared back to none', () => {
    const order = createEntryOrder();
    armOrder(order, ORDER_LIMIT, -1, 42);
    expect(order).toEqual({ kind: ORDER_LIMIT, dir: -1, armBar: 42 });
    clearOrder(order);
    expect(order.kind).toBe(ORDER_NONE);
    expect([limitKindOf('pullback'), limitKindOf('breakout'), limitKindOf('pullback_vwap'), limitKindOf('pullback_ema')]).toEqual([LIMIT_AT_RANGE, LIMIT_AT_RANGE, LIMIT_AT_VWAP, LIMIT_AT_EMA]);
  });
});

describe('session averages', () => {
  it('VWAP of typical price × volume, the mean close while no volume traded, and an EMA seeded with the first close', () => {
    const a = createSessionAverages();
    const alpha = 2 / (3 + 1);
    addAveragesBar(a, 10, 10, 10, 0, alpha);
    expect([a.vwap, a.ema]).toEqual([10, 10]); // no volume yet: mean close
    addAveragesBar(a, 14, 8, 11, 100, alpha); // typical (14 + 8 + 11) / 3 = 11
    addAveragesBar(a, 13, 12, 12.5, 300, alpha); // typical 12.5
    expect(a.vwap).toBeCloseTo((11 * 100 + 12.5 * 300) / 400, 12); // 12.125
    expect(a.ema).toBeCloseTo(10 + 0.5 * (11 - 10) + 0.5 * (12.5 - 10.5), 12); // 10.5, then 11.5
    resetSessionAverages(a);
    expect([a.volume, a.bars, a.vwap, a.ema]).toEqual([0, 0, Number.NaN, Number.NaN]);
  });
});

describe('pullback limit price', () => {
  const range = createOpeningRange();
  addRangeBar(range, 4010, 4000);
  closeOpeningRange(range, resolveFuturesConfig({ symbol: 'ES', strategy: { opening_range_minutes: 1, width_filter: false } }).strategy, grid, Number.NaN, createCounters());
  const averages = createSessionAverages();
  averages.vwap = 4006.1;
  averages.ema = 4003.9;

  it('at the range: the broken side plus the offset', () => {
    expect(pullbackLimitPrice(LIMIT_AT_RANGE, grid, range, averages, 1, 0.25)).toBe(4010.25);
    expect(pullbackLimitPrice(LIMIT_AT_RANGE, grid, range, averages, -1, 0.25)).toBe(3999.75);
  });

  it('at VWAP / EMA: rounded away from the market (down for a buy, up for a sell)', () => {
    expect(pullbackLimitPrice(LIMIT_AT_VWAP, grid, range, averages, 1, 0.25)).toBe(4006);
    expect(pullbackLimitPrice(LIMIT_AT_VWAP, grid, range, averages, -1, 0.25)).toBe(4006.25);
    expect(pullbackLimitPrice(LIMIT_AT_EMA, grid, range, averages, 1, 0.25)).toBe(4003.75);
    expect(pullbackLimitPrice(LIMIT_AT_EMA, grid, range, averages, -1, 0.25)).toBe(4004);
  });
});

describe('limit fill (direction space)', () => {
  it('a buy limit fills only on a trade-through, at the limit or a lower open', () => {
    // buy limit 4010.25, stop 4004.75
    expect(limitFillPrice(grid, 1, 4010.25, 4004.75, 4011, 4011, 4010.25)).toBeNaN(); // touch only
    expect(limitFillPrice(grid, 1, 4010.25, 4004.75, 4011, 4011, 4010)).toBe(4010.25);
    expect(limitFillPrice(grid, 1, 4010.25, 4004.75, 4009.5, 4011, 4009)).toBe(4009.5); // gapped below: the open
  });

  it('a sell limit mirrors it with negated prices', () => {
    // sell limit 3999.75 → −3999.75; stop 4005.25 → −4005.25
    expect(limitFillPrice(grid, -1, -3999.75, -4005.25, 3999, 3999.75, 3998)).toBeNaN();
    expect(-limitFillPrice(grid, -1, -3999.75, -4005.25, 3999, 4000, 3998)).toBe(3999.75);
    expect(-limitFillPrice(grid, -1, -3999.75, -4005.25, 4001, 4001.5, 3999)).toBe(4001);
  });

  it('a limit less than a tick from the stop (no risk to size) never works', () => {
    expect(limitFillPrice(grid, 1, 4004.75, 4004.75, 4005, 4005, 4000)).toBeNaN();
    expect(limitFillPrice(grid, 1, 4004.5, 4004.75, 4005, 4005, 4000)).toBeNaN();
    expect(limitFillPrice(grid, 1, 4005, 4004.75, 4005.5, 4005.5, 4000)).toBe(4005);
  });
});
