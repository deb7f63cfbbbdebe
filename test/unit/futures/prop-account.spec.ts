// The prop account record: floor, trail, liquidation levels, DLL, the session close (hand-worked, 50K Combine).
import {
  bookTrade,
  breachesDailyLoss,
  breachesMaxLoss,
  closeAccountDay,
  contractCap,
  dailyLossLevel,
  maxLossLevel,
  openAccount,
  resolveFuturesConfig,
  startAccountDay,
  trailFloor,
} from '../../../src/engine';

const rules = resolveFuturesConfig({ symbol: 'ES' }).rules; // start 50,000, MLL 2,000, DLL 1,000

describe('prop account', () => {
  it('opens at the start balance with the floor MLL below it', () => {
    const a = openAccount(rules);
    expect([a.balance, a.floor, a.peak, a.failed, a.passed, a.tradingDays]).toEqual([50_000, 48_000, 50_000, null, null, 0]);
  });

  it('the floor trails the high-water mark, never moves down, and locks at the start balance (help-center example)', () => {
    const a = openAccount(rules);
    trailFloor(a, rules, 50_500);
    expect(a.floor).toBe(48_500);
    trailFloor(a, rules, 50_000);
    expect(a.floor).toBe(48_500);
    trailFloor(a, rules, 52_500);
    expect(a.floor).toBe(50_000);
    trailFloor(a, rules, 60_000);
    expect(a.floor).toBe(50_000);
  });

  it('liquidation levels: where equity after fees meets the floor, and where the day reaches −DLL', () => {
    const a = openAccount(rules);
    // long 4 ES from 4000.50 ($200/pt), fees $20: equity 50,000 + (p − 4000.5) × 200 − 20 = 48,000 → p = 3990.60
    expect(maxLossLevel(a, 4000.5, 200, 20)).toBeCloseTo(3990.6, 10);
    // day P&L (p − 4000.5) × 200 − 20 = −1,000 → p = 3995.60
    expect(dailyLossLevel(a, rules, 4000.5, 200, 20)).toBeCloseTo(3995.6, 10);
    bookTrade(a, -300);
    expect(dailyLossLevel(a, rules, 4000.5, 200, 20)).toBeCloseTo(3997.1, 10); // 700 left today
    startAccountDay(a);
    expect(dailyLossLevel(a, rules, 4000.5, 200, 20)).toBeCloseTo(3995.6, 10);
    a.dllBreached = true;
    expect(dailyLossLevel(a, rules, 4000.5, 200, 20)).toBe(Number.NEGATIVE_INFINITY);
    expect(dailyLossLevel(openAccount(rules), { ...rules, daily_loss_limit: null }, 4000.5, 200, 20)).toBe(Number.NEGATIVE_INFINITY);
  });

  it('a trade books in cents, tracks the smallest cushion, and a balance at the floor fails the account', () => {
    const a = openAccount(rules);
    bookTrade(a, -1500.004);
    expect([a.balance, a.lowestCushion]).toEqual([48_500, 500]);
    expect(breachesMaxLoss(a, false)).toBe(false);
    expect(breachesMaxLoss(a, true)).toBe(true);
    bookTrade(a, -500);
    expect(breachesMaxLoss(a, false)).toBe(true);
  });

  it('daily loss: a flatten or a day at −DLL is a soft breach, once per session', () => {
    const a = openAccount(rules);
    startAccountDay(a);
    bookTrade(a, -999.99);
    expect(breachesDailyLoss(a, rules, false)).toBe(false);
    expect(breachesDailyLoss(a, rules, true)).toBe(true);
    bookTrade(a, -0.01);
    expect(breachesDailyLoss(a, rules, false)).toBe(true);
    a.dllBreached = true;
    expect(breachesDailyLoss(a, rules, false)).toBe(false);
  });

  it('the session close counts trading days, best and worst day, and trails the floor on the end-of-day balance', () => {
    const a = openAccount(rules);
    startAccountDay(a);
    expect(closeAccountDay(a, rules, false)).toBe(0);
    expect([a.tradingDays, a.bestDay]).toEqual([0, Number.NEGATIVE_INFINITY]); // a flat day without trades does not count
    startAccountDay(a);
    bookTrade(a, 700);
    expect(closeAccountDay(a, rules, true)).toBe(700);
    startAccountDay(a);
    bookTrade(a, -200);
    expect(closeAccountDay(a, rules, true)).toBe(-200);
    expect([a.tradingDays, a.bestDay, a.worstDay, a.peak, a.floor]).toEqual([2, 700, -200, 50_700, 48_700]);
  });

  it('contract cap: the account maximum, the Express scaling tier by end-of-day profit, micros × micro_ratio', () => {
    expect(contractCap(rules, false, 0)).toBe(5);
    expect(contractCap({ ...rules, micro_ratio: 10 }, true, 0)).toBe(50);
    const xfa = resolveFuturesConfig({ symbol: 'ES', stage: 'xfa' }).rules;
    expect([contractCap(xfa, false, 1500), contractCap(xfa, false, 1500.01), contractCap(xfa, false, 2000.01)]).toEqual([2, 3, 5]);
  });
});
