// The position record: initial stop and target, sizing, and the per-bar exit order (hand-worked, ES tick 0.25).
import {
  addRangeBar,
  checkBarExit,
  closeOpeningRange,
  createCounters,
  createOpeningRange,
  createPosition,
  createTickGrid,
  initialStop,
  initialTarget,
  openPosition,
  positionSize,
  resolveFuturesConfig,
} from '../../../src/engine';

const grid = createTickGrid(0.25);
const strategy = resolveFuturesConfig({ symbol: 'ES', strategy: { opening_range_minutes: 1, width_filter: false } }).strategy;
const NONE = Number.NEGATIVE_INFINITY;

function long(entry = 4011, stop = 4004.75, target = 4023.5, limitFill = false) {
  const p = createPosition();
  openPosition(p, 1, 5, entry, stop, target, 10, 'breakout', limitFill);
  return p;
}

describe('stop, target and size', () => {
  const range = createOpeningRange();
  addRangeBar(range, 4010, 4000.25); // mid 4005.125
  closeOpeningRange(range, strategy, grid, Number.NaN, createCounters());

  it('stop at the midpoint ∓ stop_offset_ticks, rounded away from the entry', () => {
    expect(initialStop(strategy, grid, range, 1)).toBe(4004.75); // 4004.875 → down
    expect(initialStop(strategy, grid, range, -1)).toBe(4005.5); // 4005.375 → up
    expect(initialStop({ ...strategy, stop_offset_ticks: 0 }, grid, range, 1)).toBe(4005);
  });

  it('target target_r × R beyond the entry, to the nearest tick', () => {
    expect(initialTarget(strategy, grid, range, 1, 4011, 6.25)).toBe(4023.5);
    expect(initialTarget({ ...strategy, target_r: 1.5 }, grid, range, -1, 4000, 5.1)).toBe(3992.25); // 4000 − 7.65 = 3992.35 → 3992.25
  });

  it('size = floor(risk / (R × point value)), capped', () => {
    expect(positionSize(strategy, 6.25, 5, 100)).toBe(8); // 250 / 31.25 = 8 exactly
    expect(positionSize(strategy, 6.5, 5, 100)).toBe(7); // 7.69
    expect(positionSize(strategy, 6.25, 5, 5)).toBe(5);
    expect(positionSize(strategy, 60, 5, 5)).toBe(0);
  });
});

describe('exit on a bar', () => {
  it('a gap through the target fills at the open', () => {
    const p = long();
    expect(checkBarExit(p, 0.25, NONE, NONE, 4025, 4026, 4024)).toBe('target');
    expect(p.exitPrice).toBe(4025);
  });

  it('the stop fills at the stop less slippage, or at a worse open less slippage', () => {
    const p = long();
    expect(checkBarExit(p, 0.25, NONE, NONE, 4010, 4012, 4004)).toBe('stop');
    expect(p.exitPrice).toBe(4004.5);
    const gapped = long();
    expect(checkBarExit(gapped, 0.25, NONE, NONE, 4003, 4004, 4001)).toBe('stop');
    expect(gapped.exitPrice).toBe(4002.75);
  });

  it('a bar touching stop and target is a stop; a bar reaching only the target fills at the target', () => {
    expect(checkBarExit(long(), 0, NONE, NONE, 4011, 4024, 4004)).toBe('stop');
    const p = long();
    expect(checkBarExit(p, 0, NONE, NONE, 4011, 4024, 4006)).toBe('target');
    expect(p.exitPrice).toBe(4023.5);
    expect(checkBarExit(long(), 0, NONE, NONE, 4011, 4023.25, 4005)).toBeNull();
  });

  it('the highest adverse level is reached first: a loss-limit level above the stop liquidates there', () => {
    const mll = long();
    expect(checkBarExit(mll, 0, 4008.5, NONE, 4011, 4012, 4006)).toBe('max_loss_limit');
    expect(mll.exitPrice).toBe(4008.5);
    const dll = long();
    expect(checkBarExit(dll, 0, 4008.5, 4009, 4011, 4012, 4006)).toBe('daily_loss_limit');
    expect(dll.exitPrice).toBe(4009);
    expect(checkBarExit(long(), 0, 4004.75, NONE, 4011, 4012, 4004)).toBe('stop'); // a tie is the stop
  });

  it('on a limit entry bar only the adverse side counts, once', () => {
    const p = long(4010.25, 4004.75, 4021.25, true);
    expect(checkBarExit(p, 0, NONE, NONE, 4011, 4022, 4010)).toBeNull();
    expect(p.limitFillBar).toBe(false);
    expect(checkBarExit(p, 0, NONE, NONE, 4011, 4022, 4010)).toBe('target');
  });

  it('a short mirrors the long in direction space', () => {
    const p = createPosition();
    openPosition(p, -1, 1, 3999.75, 4005.25, 3988.75, 1, 'pullback', false);
    expect(checkBarExit(p, 0.25, NONE, NONE, 3999, 4006, 3995)).toBe('stop');
    expect(p.exitPrice).toBe(4005.5);
    openPosition(p, -1, 1, 3999.75, 4005.25, 3988.75, 1, 'pullback', false);
    expect(checkBarExit(p, 0.25, -4003, NONE, 3999, 4003.5, 3995)).toBe('max_loss_limit');
    expect(p.exitPrice).toBe(4003.25);
  });
});
