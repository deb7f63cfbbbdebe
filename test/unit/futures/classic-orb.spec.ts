// The classic opening-range breakout, written out plainly from its definition (docs/futures.md) and compared
// trade by trade with the engine's `classic_orb` preset on a year of generated ES minute bars, without a
// prop-firm account. The reference uses one object per bar and luxon for the Chicago calendar.
import { DateTime } from 'luxon';
import { type MinuteBars, prepareFuturesData, resolveFuturesConfig, runFuturesBacktestSync } from '../../../src/engine';
import { generateSessions } from './fixtures';

interface Bar {
  t: number;
  mod: number;
  o: number;
  h: number;
  l: number;
  c: number;
}

interface PlainTrade {
  date: string;
  dir: 1 | -1;
  entryTime: number;
  entry: number;
  exitTime: number;
  exit: number;
  reason: 'stop' | 'target' | 'time_exit';
  pnl: number;
}

const POINT_VALUE = 50; // ES
const ROUND_TURN = 4;
const at = (hh: number, mm: number): number => hh * 60 + mm;

function sessionsByDate(bars: MinuteBars): Map<string, Bar[]> {
  const days = new Map<string, Bar[]>();
  for (let i = 0; i < bars.time.length; i += 1) {
    const local = DateTime.fromMillis(bars.time[i], { zone: 'America/Chicago' });
    const list = days.get(local.toISODate() as string) ?? [];
    list.push({ t: bars.time[i], mod: local.hour * 60 + local.minute, o: bars.open[i], h: bars.high[i], l: bars.low[i], c: bars.close[i] });
    days.set(local.toISODate() as string, list);
  }
  return days;
}

/**
 * Opening range = the 08:30–08:44 CT bars. Signals on the closes of the 08:45–14:53 bars while flat and with
 * fewer than 2 entries today: close > range high → long, close < range low → short. Market entry at the next
 * bar's open. Stop at the other side of the range, target 2 range heights beyond the broken side. Exits live
 * from the entry bar, stop checked before target, a gap through a level fills at the open. Flat at the open of
 * the 14:55 bar. 1 contract, $4.00 round turn, no slippage.
 */
function classicOrb(days: Map<string, Bar[]>): PlainTrade[] {
  const trades: PlainTrade[] = [];
  for (const [date, bars] of days) {
    const range = bars.filter((b) => b.mod >= at(8, 30) && b.mod <= at(8, 44));
    const high = Math.max(...range.map((b) => b.h));
    const low = Math.min(...range.map((b) => b.l));
    const height = high - low;
    let entries = 0;
    let signal: 1 | -1 | 0 = 0;
    let position: { dir: 1 | -1; entry: number; entryTime: number; stop: number; target: number } | null = null;
    const exit = (b: Bar, price: number, reason: PlainTrade['reason']): void => {
      const p = position!;
      trades.push({ date, dir: p.dir, entryTime: p.entryTime, entry: p.entry, exitTime: b.t, exit: price, reason, pnl: Math.round((p.dir * (price - p.entry) * POINT_VALUE - ROUND_TURN) * 100) / 100 });
      position = null;
    };
    for (const b of bars) {
      if (b.mod < at(8, 45)) continue;
      if (signal !== 0) {
        position = signal === 1 ? { dir: 1, entry: b.o, entryTime: b.t, stop: low, target: high + 2 * height } : { dir: -1, entry: b.o, entryTime: b.t, stop: high, target: low - 2 * height };
        entries += 1;
        signal = 0;
      }
      if (position !== null) {
        const p: { dir: 1 | -1; stop: number; target: number } = position;
        if (b.mod >= at(14, 55)) exit(b, b.o, 'time_exit');
        else if (p.dir === 1 ? b.o <= p.stop : b.o >= p.stop) exit(b, b.o, 'stop');
        else if (p.dir === 1 ? b.o >= p.target : b.o <= p.target) exit(b, b.o, 'target');
        else if (p.dir === 1 ? b.l <= p.stop : b.h >= p.stop) exit(b, p.stop, 'stop');
        else if (p.dir === 1 ? b.h >= p.target : b.l <= p.target) exit(b, p.target, 'target');
      }
      if (position === null && entries < 2 && b.mod <= at(14, 53)) {
        if (b.c > high) signal = 1;
        else if (b.c < low) signal = -1;
      }
    }
  }
  return trades;
}

describe('classic ORB: the classic_orb preset against a plain implementation of its definition', () => {
  const bars = { ...generateSessions({ seed: 1515, from: '2023-01-02', to: '2023-12-29', startPrice: 4000, tick: 0.25, dailyVol: 40 }), symbol: 'ES' };
  // The generator trades every weekday, holidays included: no exchange calendar here.
  const config = resolveFuturesConfig({ symbol: 'ES', account_size: 'none', calendar: 'none', strategy: { preset: 'classic_orb' } });
  const result = runFuturesBacktestSync(prepareFuturesData(bars, config), config);
  const plain = classicOrb(sessionsByDate(bars));

  it('trades the same trades, at the same times and prices, for the same P&L', () => {
    const engine = result.trades.map((t) => [t.session_date, t.direction === 'long' ? 1 : -1, Date.parse(t.entry_time), t.entry_price, Date.parse(t.exit_time), t.exit_price, t.exit_reason, t.contracts, t.pnl]);
    const reference = plain.map((t) => [t.date, t.dir, t.entryTime, t.entry, t.exitTime, t.exit, t.reason, 1, t.pnl]);
    expect(engine).toEqual(reference);
    expect(result.final_balance).toBeCloseTo(50_000 + plain.reduce((sum, t) => sum + t.pnl, 0), 6);
  });

  it('the year exercises every rule: re-entries on the same day, both sides, stops, targets and the time exit', () => {
    const perDay = new Map<string, number>();
    for (const t of plain) perDay.set(t.date, (perDay.get(t.date) ?? 0) + 1);
    const reasons = new Set(plain.map((t) => t.reason));
    expect(plain.length).toBeGreaterThan(200);
    expect([...perDay.values()].filter((n) => n === 2).length).toBeGreaterThan(20);
    expect(new Set(plain.map((t) => t.dir))).toEqual(new Set([1, -1]));
    expect(reasons).toEqual(new Set(['stop', 'target', 'time_exit']));
    expect(plain.filter((t) => t.reason === 'target').length).toBeGreaterThan(5);
  });

  it('the definition itself makes re-entries that open past their own target (docs/futures.md): closed on the entry bar at the entry price, −$4', () => {
    const pastTarget = plain.filter((t) => t.entryTime === t.exitTime && t.reason === 'target' && t.exit === t.entry);
    expect(pastTarget.length).toBeGreaterThan(0);
    for (const t of pastTarget) {
      expect(t.pnl).toBe(-ROUND_TURN);
      // Each is the day's second entry, after the first one's target exit on the same side.
      const first = plain.find((p) => p.date === t.date && p.entryTime < t.entryTime);
      expect(first).toMatchObject({ dir: t.dir, reason: 'target' });
    }
    const engine = result.trades.filter((t) => t.entry_time === t.exit_time && t.exit_reason === 'target' && t.exit_price === t.entry_price);
    expect(engine.map((t) => Date.parse(t.entry_time))).toEqual(pastTarget.map((t) => t.entryTime));
    const once = resolveFuturesConfig({ symbol: 'ES', account_size: 'none', calendar: 'none', strategy: { preset: 'classic_orb', reentry: false } });
    const single = runFuturesBacktestSync(prepareFuturesData(bars, once), once);
    expect(single.trades.filter((t) => t.entry_time === t.exit_time && t.exit_reason === 'target')).toEqual([]);
  });
});
