// The strategy's per-session caps: trades, losses, realized loss and one trade per direction.
import { createDailyLimits, dailyLimitBinding, markCapHit, recordEntry, recordExit, resetDailyLimits, resolveFuturesConfig } from '../../../src/engine';

const strategy = resolveFuturesConfig({ symbol: 'ES', strategy: { max_trades_per_day: 3, max_losses_per_day: 2, max_daily_loss_usd: 500 } }).strategy;

describe('daily limits', () => {
  it('one trade per direction blocks the side already traded, not the other', () => {
    const day = createDailyLimits();
    recordEntry(day, 1);
    expect([dailyLimitBinding(day, strategy, 1), dailyLimitBinding(day, strategy, -1)]).toEqual([true, false]);
    expect(dailyLimitBinding(day, { ...strategy, one_trade_per_direction: false }, 1)).toBe(false);
  });

  it('the trade cap binds at max_trades_per_day entries and is marked hit once', () => {
    const day = createDailyLimits();
    const free = { ...strategy, one_trade_per_direction: false };
    for (let n = 0; n < 3; n += 1) {
      recordEntry(day, 1);
      recordExit(day, 10);
    }
    expect(dailyLimitBinding(day, free, -1)).toBe(true);
    expect(markCapHit(day, free)).toBe(true);
    expect(markCapHit(day, free)).toBe(false);
  });

  it('losses and the realized loss cap (at or below −max_daily_loss_usd), realized kept in cents', () => {
    const day = createDailyLimits();
    const free = { ...strategy, one_trade_per_direction: false };
    recordExit(day, -250.1);
    recordExit(day, 100.2);
    expect(day.realized).toBe(-149.9);
    expect([day.losses, dailyLimitBinding(day, free, 1)]).toEqual([1, false]);
    recordExit(day, -350.1);
    expect(day.realized).toBe(-500);
    expect(dailyLimitBinding(day, free, 1)).toBe(true); // 2 losses and −500
    resetDailyLimits(day);
    expect(day).toEqual(createDailyLimits());
  });
});
