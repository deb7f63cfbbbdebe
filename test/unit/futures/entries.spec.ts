// Entry modes and intrabar ambiguity on hand-built MES sessions (tick 0.25, $5 per point).
// Opening range 08:30–08:44: high 4010, low 4000, midpoint 4005 → long stop 4004.75.
// Default sizing: risk $250, capped by the 50K account's 5 contracts (micros count as full lots).
import { NO_FILTERS, orRows, run } from './helpers';
import { type BarRow, session } from './fixtures';

const DATE = '2024-04-02'; // CDT, UTC-5
const OFFSET = -5;
const UP_BREAK: BarRow = ['08:50', 4010, 4010.5, 4010, 4010.5]; // close 4010.5 > 4010 + 1 tick

function day(rows: readonly BarRow[], options: { volume?: number; price?: number } = {}) {
  return session(DATE, OFFSET, options.price ?? 4011, [...orRows(4010, 4000), UP_BREAK, ...rows], { volume: options.volume });
}

describe('ORB entry modes', () => {
  it('breakout: market at the next open plus one tick of slippage, target at 2R, $1.50 round turn per contract', () => {
    // entry 4010.75 + 0.25 = 4011.00; R = 4011 − 4004.75 = 6.25 pts; floor(250 / (6.25 × 5)) = 8 → cap 5
    // target 4011 + 12.5 = 4023.5; gross 12.5 × 5 × 5 = 312.50; fees 7.50; net 305.00; R $156.25
    const bars = day([
      ['08:51', 4010.75, 4011, 4010.75, 4011],
      ['09:30', 4011, 4024, 4011, 4023],
    ]);
    const result = run(bars, { strategy: { ...NO_FILTERS, slippage_ticks: 1, commission_round_turn: 1.5, entry_mode: 'breakout' } });
    expect(result.trades).toEqual([
      {
        id: 1,
        attempt: 1,
        session_date: DATE,
        direction: 'long',
        entry_mode: 'breakout',
        contracts: 5,
        entry_time: '2024-04-02T08:51:00-05:00',
        entry_price: 4011,
        stop_price: 4004.75,
        target_price: 4023.5,
        exit_time: '2024-04-02T09:30:00-05:00',
        exit_price: 4023.5,
        exit_reason: 'target',
        risk_usd: 156.25,
        gross_pnl: 312.5,
        commission: 7.5,
        pnl: 305,
        r_multiple: 1.952,
      },
    ]);
    expect(result.counters).toMatchObject({ sessions_evaluated: 1, or_valid_days: 1, opening_range_breaks: 1, opening_range_breaks_up: 1, breakout_entries: 1, pullback_setups: 0 });
    expect(result.final_balance).toBe(50_305);
  });

  it('breakout: when one bar touches both the stop and the target, the stop fills first', () => {
    // entry 4011 (as above), then one bar with low 4004 and high 4024: stop 4004.75 − 1 tick = 4004.50
    // gross (4004.5 − 4011) × 5 × 5 = −162.50; fees 7.50 → −170.00
    const bars = day([
      ['08:51', 4010.75, 4011, 4010.75, 4011],
      ['09:30', 4011, 4024, 4004, 4010],
    ]);
    const result = run(bars, { strategy: { ...NO_FILTERS, slippage_ticks: 1, commission_round_turn: 1.5, entry_mode: 'breakout' } });
    expect(result.trades.map((t) => [t.exit_reason, t.exit_price, t.pnl, t.exit_time])).toEqual([['stop', 4004.5, -170, '2024-04-02T09:30:00-05:00']]);
  });

  it('pullback (default): buy limit at ORH + 1 tick fills on a trade-through, no slippage', () => {
    // limit 4010.25; 09:00 low 4009.75 ≤ 4010.00 → fill 4010.25; R 5.5 → floor(250/27.5) = 9 → 5
    // target 4010.25 + 11 = 4021.25; gross 11 × 25 = 275; fees 7.50 → 267.50
    const bars = day([
      ['09:00', 4011, 4011, 4009.75, 4010.5],
      ['10:00', 4011, 4022, 4011, 4021],
    ]);
    const result = run(bars, { strategy: { ...NO_FILTERS, slippage_ticks: 1, commission_round_turn: 1.5 } });
    expect(result.config.strategy.entry_mode).toBe('pullback');
    expect(result.trades.map((t) => [t.entry_time, t.entry_price, t.target_price, t.exit_reason, t.pnl])).toEqual([
      ['2024-04-02T09:00:00-05:00', 4010.25, 4021.25, 'target', 267.5],
    ]);
    expect(result.counters).toMatchObject({ pullback_setups: 1, pullback_entries: 1, pullback_expired: 0, pullback_invalidated: 0, breakout_entries: 0 });
  });

  it('pullback: a low that only touches the limit (no trade-through) does not fill', () => {
    const bars = day([['09:00', 4011, 4011, 4010.25, 4010.5]]);
    const result = run(bars, { strategy: NO_FILTERS });
    expect(result.trades).toEqual([]);
    expect(result.counters).toMatchObject({ pullback_setups: 1, pullback_entries: 0, pullback_expired: 1 });
  });

  it('pullback: the order lives for 30 bars after the break, then expires', () => {
    // break at 08:50 → live 08:51..09:20; a trade-through at 09:21 comes too late
    const late = run(day([['09:21', 4011, 4011, 4009, 4010]]), { strategy: NO_FILTERS });
    expect(late.trades).toEqual([]);
    expect(late.counters).toMatchObject({ pullback_setups: 1, pullback_entries: 0, pullback_expired: 1 });
    const inTime = run(day([['09:20', 4011, 4011, 4009, 4010]]), { strategy: NO_FILTERS });
    expect(inTime.trades.map((t) => t.entry_time)).toEqual(['2024-04-02T09:20:00-05:00']);
  });

  it('pullback: the entry window end (11:00) cancels a live order', () => {
    const bars = session(DATE, OFFSET, 4011, [...orRows(4010, 4000), ['10:45', 4010, 4010.5, 4010, 4010.5], ['11:00', 4011, 4011, 4009, 4010]]);
    const result = run(bars, { strategy: NO_FILTERS });
    expect(result.trades).toEqual([]);
    expect(result.counters).toMatchObject({ opening_range_breaks_up: 1, pullback_setups: 1, pullback_expired: 1 });
  });

  it('pullback_vwap: limit at the session VWAP rounded down to the tick', () => {
    // Only the 08:32 bar has volume (typical price 4008) → VWAP 4008 → limit 4008, fills on a low ≤ 4007.75.
    // R = 4008 − 4004.75 = 3.25 → floor(250/16.25) = 15 → 5; target 4008 + 6.5 = 4014.5
    const bars = session(DATE, OFFSET, 4011, [
      ...orRows(4010, 4000),
      ['08:32', 4008, 4008, 4008, 4008, 1000],
      UP_BREAK,
      ['09:05', 4009, 4009, 4007.5, 4008.5],
      ['09:30', 4011, 4015, 4011, 4014],
    ], { volume: 0 });
    const result = run(bars, { strategy: { ...NO_FILTERS, entry_mode: 'pullback_vwap' } });
    expect(result.trades.map((t) => [t.entry_time, t.entry_price, t.contracts, t.target_price, t.exit_reason, t.pnl])).toEqual([
      ['2024-04-02T09:05:00-05:00', 4008, 5, 4014.5, 'target', 162.5],
    ]);
    expect(result.counters).toMatchObject({ pullback_setups: 1, pullback_entries: 1 });
  });

  it('pullback_vwap: with VWAP under the stop the order cannot work, and a close below ORM invalidates it', () => {
    const bars = session(DATE, OFFSET, 4011, [
      ...orRows(4010, 4000),
      ['08:32', 4001, 4001, 4001, 4001, 1000],
      UP_BREAK,
      ['09:05', 4006, 4006, 4003.75, 4004],
    ], { volume: 0 });
    const result = run(bars, { strategy: { ...NO_FILTERS, entry_mode: 'pullback_vwap' } });
    expect(result.trades).toEqual([]);
    expect(result.counters).toMatchObject({ pullback_setups: 1, pullback_entries: 0, pullback_invalidated: 1, pullback_expired: 0 });
  });

  it('pullback_ema: limit at the EMA of 1-minute closes (from the RTH open) as of the previous bar', () => {
    // closes: 4005 × 15 (OR), 4010 × 5 (08:45–08:49), 4010.5 (08:50), 4011 (08:51)
    const closes = [...Array<number>(15).fill(4005), ...Array<number>(5).fill(4010), 4010.5, 4011];
    const alpha = 2 / (3 + 1);
    let ema = closes[0];
    for (const c of closes.slice(1)) ema += alpha * (c - ema);
    const limit = Math.floor(ema * 4) / 4; // 4010.5859375 → 4010.5
    expect(limit).toBe(4010.5);
    const bars = day([['08:52', 4011, 4011, 4009.5, 4010]]);
    const result = run(bars, { strategy: { ...NO_FILTERS, entry_mode: 'pullback_ema', pullback_ema_period: 3 } });
    expect(result.trades.map((t) => [t.entry_time, t.entry_price, t.stop_price, t.target_price])).toEqual([['2024-04-02T08:52:00-05:00', limit, 4004.75, 4022]]);
  });

  it('short side mirrors the long side', () => {
    // down-break close 3999.5 < 4000 − 0.25; sell limit 3999.75 fills on a high ≥ 4000.00; stop ORM + 1 tick = 4005.25
    // R = 5.5 → 5 contracts; target 3999.75 − 11 = 3988.75
    const bars = session(DATE, OFFSET, 3999, [
      ...orRows(4010, 4000).filter(([t]) => t < '08:45'),
      ...['08:45', '08:46', '08:47', '08:48', '08:49'].map((t): BarRow => [t, 4000, 4000, 4000, 4000]),
      ['08:50', 4000, 4000, 3999.5, 3999.5],
      ['09:00', 3999, 4000.25, 3999, 3999.5],
      ['10:00', 3999, 3999, 3988, 3989],
    ]);
    const result = run(bars, { strategy: NO_FILTERS });
    expect(result.trades.map((t) => [t.direction, t.entry_price, t.stop_price, t.target_price, t.exit_price, t.pnl])).toEqual([
      ['short', 3999.75, 4005.25, 3988.75, 3988.75, 275],
    ]);
    expect(result.counters.opening_range_breaks_down).toBe(1);
  });

  it('an incomplete opening range (a missing minute) is not evaluated', () => {
    const bars = day([['09:00', 4011, 4011, 4009, 4010]]).filter((b) => b.time !== Date.parse('2024-04-02T13:37:00Z'));
    const result = run(bars, { strategy: NO_FILTERS });
    expect(result.counters).toMatchObject({ sessions_evaluated: 0, or_valid_days: 0, opening_range_breaks: 0 });
    expect(result.trades).toEqual([]);
    expect(result.sessions).toHaveLength(1);
  });
});
