// The tick grid on its own: hand-picked prices around ticks of 0.25 (ES), 0.1 (RTY), 0.01 (CL) and 1 (YM).
import { createTickGrid, roundDownToTick, roundToTick, roundUpToTick } from '../../../src/engine';

describe('tick grid', () => {
  it('rounds down, up and to the nearest tick exactly (no float residue)', () => {
    const es = createTickGrid(0.25);
    expect(es.ticksPerPoint).toBe(4);
    expect([roundDownToTick(es, 5005.9), roundUpToTick(es, 5005.9), roundToTick(es, 5005.9)]).toEqual([5005.75, 5006, 5006]);
    expect([roundDownToTick(es, 5005.6), roundUpToTick(es, 5005.6), roundToTick(es, 5005.6)]).toEqual([5005.5, 5005.75, 5005.5]);
    const rty = createTickGrid(0.1);
    expect([roundDownToTick(rty, 2012.37), roundUpToTick(rty, 2012.31), roundToTick(rty, 2012.36)]).toEqual([2012.3, 2012.4, 2012.4]);
    const cl = createTickGrid(0.01);
    expect([roundDownToTick(cl, 78.437), roundUpToTick(cl, 78.431)]).toEqual([78.43, 78.44]);
    const ym = createTickGrid(1);
    expect([roundDownToTick(ym, 39012.5), roundUpToTick(ym, 39012.5)]).toEqual([39012, 39013]);
  });

  it('a price on the grid stays put, even when float arithmetic left it a hair off', () => {
    const rty = createTickGrid(0.1);
    const noisy = 0.1 + 0.2; // 0.30000000000000004
    expect(roundDownToTick(rty, noisy)).toBe(0.3);
    expect(roundUpToTick(rty, noisy)).toBe(0.3);
    expect(roundDownToTick(rty, 0.7 - 1e-12)).toBe(0.7);
    expect(roundUpToTick(rty, 0.7 + 1e-12)).toBe(0.7);
  });

  it('rounding a negated price rounds the other way (direction space: −5005.90 down = −5006.00)', () => {
    const es = createTickGrid(0.25);
    expect(-roundDownToTick(es, -5005.9)).toBe(5006);
    expect(-roundUpToTick(es, -5005.9)).toBe(5005.75);
  });
});
