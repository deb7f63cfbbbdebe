// Golden run: nine months of generated MES minute bars through the engine, cross-checked against an
// independent, deliberately plain re-implementation of the §3.2 rules below (one object per bar,
// luxon for the Chicago calendar, no typed arrays, no direction-space tricks). Account limits are
// set out of reach so the comparison covers the strategy, the filters, the sizing and the costs.
import { DateTime } from 'luxon';
import { buildFuturesReport, type EntryMode, type FuturesBacktestResult, type MinuteBars, prepareFuturesData, resolveFuturesConfig, runFuturesBacktestSync } from '../../../src/engine';
import { generateSessions } from './fixtures';

interface Bar {
  t: number;
  mod: number;
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
}
interface Day {
  date: string;
  bars: Bar[];
  open: number;
  high: number;
  low: number;
  close: number;
}
interface RefTrade {
  date: string;
  dir: 1 | -1;
  entryT: number;
  entry: number;
  exitT: number;
  exit: number;
  reason: string;
  n: number;
  pnl: number;
}

const TICK = 0.25;
const PV = 5;
const r2 = (x: number) => Math.round(x * 100) / 100;

function groupDays(bars: MinuteBars): Day[] {
  const days = new Map<string, Bar[]>();
  for (let i = 0; i < bars.time.length; i += 1) {
    const local = DateTime.fromMillis(bars.time[i], { zone: 'America/Chicago' });
    const mod = local.hour * 60 + local.minute;
    if (mod < 510 || mod >= 900) continue;
    const key = local.toISODate() as string;
    const list = days.get(key) ?? [];
    list.push({ t: bars.time[i], mod, o: bars.open[i], h: bars.high[i], l: bars.low[i], c: bars.close[i], v: bars.volume[i] });
    days.set(key, list);
  }
  return [...days.entries()].map(([date, list]) => ({
    date,
    bars: list,
    open: list[0].o,
    high: Math.max(...list.map((b) => b.h)),
    low: Math.min(...list.map((b) => b.l)),
    close: list[list.length - 1].c,
  }));
}

interface Limits {
  trades: number;
  losses: number;
  loss: number;
}

const DEFAULT_LIMITS: Limits = { trades: 2, losses: 2, loss: 500 };

function reference(days: Day[], startDate: string, mode: EntryMode, limits: Limits) {
  // daily indicators known before each day
  const atrBefore: number[] = [];
  const trs: number[] = [];
  let atr = NaN;
  const emaF: number[] = [];
  const emaS: number[] = [];
  let f = NaN;
  let s = NaN;
  days.forEach((d, i) => {
    atrBefore.push(atr);
    emaF.push(i >= 20 ? f : NaN);
    emaS.push(i >= 50 ? s : NaN);
    const tr = i === 0 ? d.high - d.low : Math.max(d.high - d.low, Math.abs(d.high - days[i - 1].close), Math.abs(d.low - days[i - 1].close));
    trs.push(tr);
    if (trs.length === 14) atr = trs.reduce((a, b) => a + b, 0) / 14;
    else if (trs.length > 14) atr = (atr * 13 + tr) / 14;
    f = i === 0 ? d.close : f + (2 / 21) * (d.close - f);
    s = i === 0 ? d.close : s + (2 / 51) * (d.close - s);
  });
  const pct = atrBefore.map((a, i) => {
    const known = atrBefore.slice(0, i + 1).filter((x) => !Number.isNaN(x));
    if (Number.isNaN(a) || known.length < 20) return NaN;
    const window = known.slice(-252);
    return (100 * window.filter((x) => x <= a).length) / window.length;
  });

  const trades: RefTrade[] = [];
  const c = { evaluated: 0, valid: 0, up: 0, down: 0, passes: 0, setups: 0, pbEntries: 0, expired: 0, invalidated: 0, boEntries: 0, blocked: 0, limitHits: 0, skipped: 0 };
  let balance = 50_000;
  const floorTick = (x: number) => Math.floor(x / TICK + 1e-7) * TICK;
  const ceilTick = (x: number) => Math.ceil(x / TICK - 1e-7) * TICK;

  days.forEach((day, di) => {
    if (day.date < startDate) return;
    const orBars = day.bars.filter((b) => b.mod >= 510 && b.mod < 525);
    if (orBars.length !== 15) return;
    c.evaluated += 1;
    const orh = Math.max(...orBars.map((b) => b.h));
    const orl = Math.min(...orBars.map((b) => b.l));
    const orm = (orh + orl) / 2;
    const ratio = (orh - orl) / atrBefore[di];
    if (!(ratio >= 0.1 && ratio <= 0.5 && orh - orl >= 4 * TICK - 1e-9)) return;
    c.valid += 1;
    const stopLong = floorTick(orm - TICK);
    const stopShort = ceilTick(orm + TICK);
    const cap = 5;
    let realized = 0;
    let nTrades = 0;
    let losses = 0;
    const tradedDir = new Set<number>();
    let limitHit = false;
    let pos = null as { dir: 1 | -1; n: number; entry: number; stop: number; target: number; entryT: number; fillBar: boolean } | null;
    let order = null as { dir: 1 | -1; kind: 'market' | 'limit'; arm: number } | null;
    let brokeUp = false;
    let brokeDown = false;
    let pv = 0;
    let vol = 0;
    const bars = day.bars;
    // VWAP over the OR bars first
    for (const b of orBars) {
      pv += ((b.h + b.l + b.c) / 3) * b.v;
      vol += b.v;
    }

    const exit = (b: Bar, price: number, reason: string) => {
      const p = pos!;
      const gross = r2(p.dir * (price - p.entry) * PV * p.n);
      const pnl = r2(gross - r2(1.5 * p.n));
      balance = r2(balance + pnl);
      realized = r2(realized + pnl);
      if (pnl < 0) losses += 1;
      trades.push({ date: day.date, dir: p.dir, entryT: p.entryT, entry: p.entry, exitT: b.t, exit: price, reason, n: p.n, pnl });
      pos = null;
      if (!limitHit && (nTrades >= limits.trades || losses >= limits.losses || realized <= -limits.loss)) {
        limitHit = true;
        c.limitHits += 1;
      }
    };
    const open = (b: Bar, dir: 1 | -1, price: number, fillBar: boolean): boolean => {
      const stop = dir === 1 ? stopLong : stopShort;
      const riskPts = dir === 1 ? price - stop : stop - price;
      if (riskPts < TICK - 1e-9) return false;
      const n = Math.min(Math.floor(250 / (riskPts * PV) + 1e-9), cap);
      if (n < 1) {
        c.skipped += 1;
        return false;
      }
      pos = { dir, n, entry: price, stop, target: Math.round((price + dir * 2 * riskPts) / TICK) * TICK, entryT: b.t, fillBar };
      nTrades += 1;
      tradedDir.add(dir);
      return true;
    };
    const manage = (b: Bar) => {
      const p = pos!;
      const checkTarget = !p.fillBar;
      p.fillBar = false;
      if (p.dir === 1) {
        if (checkTarget && b.o >= p.target) exit(b, b.o, 'target');
        else if (b.l <= p.stop) exit(b, Math.min(b.o, p.stop) - TICK, 'stop');
        else if (checkTarget && b.h >= p.target) exit(b, p.target, 'target');
      } else {
        if (checkTarget && b.o <= p.target) exit(b, b.o, 'target');
        else if (b.h >= p.stop) exit(b, Math.max(b.o, p.stop) + TICK, 'stop');
        else if (checkTarget && b.l <= p.target) exit(b, p.target, 'target');
      }
    };

    for (let i = 0; i < bars.length; i += 1) {
      const b = bars[i];
      if (b.mod < 525) continue;
      if (order?.kind === 'market') {
        const o = order;
        order = null;
        if (b.mod < 660 && open(b, o.dir, b.o + o.dir * TICK, false)) c.boEntries += 1;
      }
      if (pos) {
        if (b.mod >= 895) exit(b, b.o - pos.dir * TICK, 'time_exit');
        else manage(b);
      }
      if (order?.kind === 'limit') {
        const o = order;
        const limit = o.dir === 1 ? orh + TICK : orl - TICK;
        const stop = o.dir === 1 ? stopLong : stopShort;
        if (b.mod >= 660 || i - o.arm > 30) {
          c.expired += 1;
          order = null;
        } else if (o.dir === 1 ? limit > stop + TICK - 1e-9 && b.l <= limit - TICK + 1e-9 : limit < stop - TICK + 1e-9 && b.h >= limit + TICK - 1e-9) {
          order = null;
          if (open(b, o.dir, o.dir === 1 ? Math.min(b.o, limit) : Math.max(b.o, limit), true)) {
            c.pbEntries += 1;
            manage(b);
          }
        } else if (o.dir === 1 ? b.c < orm : b.c > orm) {
          c.invalidated += 1;
          order = null;
        }
      }
      pv += ((b.h + b.l + b.c) / 3) * b.v;
      vol += b.v;
      const vwap = pv / vol;
      if (b.mod < 660) {
        let dir: 1 | -1 | 0 = 0;
        if (!brokeUp && b.c > orh + TICK + 1e-9) {
          brokeUp = true;
          c.up += 1;
          dir = 1;
        } else if (!brokeDown && b.c < orl - TICK - 1e-9) {
          brokeDown = true;
          c.down += 1;
          dir = -1;
        }
        if (dir !== 0) {
          const prevClose = days[di - 1].close;
          const trend = dir === 1 ? prevClose > emaS[di] && emaF[di] > emaS[di] : prevClose < emaS[di] && emaF[di] < emaS[di];
          const volOk = pct[di] >= 10 && pct[di] <= 90;
          const gapOk = Math.abs(day.open - prevClose) <= 0.75 * atrBefore[di];
          const vwapOk = dir === 1 ? b.c > vwap : b.c < vwap;
          if (trend && volOk && gapOk && vwapOk) {
            c.passes += 1;
            const limitBinding = nTrades >= limits.trades || losses >= limits.losses || realized <= -limits.loss || tradedDir.has(dir);
            if (limitBinding) c.blocked += 1;
            else if (!pos && !order) {
              order = { dir, kind: mode === 'breakout' ? 'market' : 'limit', arm: i };
              if (mode !== 'breakout') c.setups += 1;
            }
          }
        }
      }
    }
    if (order?.kind === 'limit') c.expired += 1;
    if (pos) exit(bars[bars.length - 1], bars[bars.length - 1].c, 'session_end');
  });
  return { trades, counters: c, balance };
}

function engineRun(bars: MinuteBars, mode: EntryMode, limits: Limits = DEFAULT_LIMITS): FuturesBacktestResult {
  const config = resolveFuturesConfig({
    symbol: 'MES',
    start_date: '2023-04-03',
    strategy: { entry_mode: mode, max_trades_per_day: limits.trades, max_losses_per_day: limits.losses, max_daily_loss_usd: limits.loss },
    rules: { max_loss_limit: 1e9, daily_loss_limit: null, profit_target: 1e9 },
    // The generated bars trade every weekday; the exchange calendar has its own specs (cme-calendar, sessions).
    calendar: 'none',
  });
  return runFuturesBacktestSync(prepareFuturesData(bars, config), config);
}

describe('golden run on generated minute bars', () => {
  const bars = generateSessions({ seed: 20230102, from: '2023-01-02', to: '2023-09-29', startPrice: 4000, tick: 0.25, dailyVol: 45 });
  const days = groupDays(bars);

  it.each([
    ['pullback', DEFAULT_LIMITS],
    ['breakout', DEFAULT_LIMITS],
    ['pullback', { trades: 1, losses: 1, loss: 100 }],
  ] as const)('%s (daily limits %o): the engine matches the independent implementation trade by trade', (mode, limits) => {
    const result = engineRun(bars, mode, limits);
    const ref = reference(days, '2023-04-03', mode, limits);
    expect(ref.trades.length).toBeGreaterThan(15);
    const engineTrades = result.trades.map((t) => [t.session_date, t.direction === 'long' ? 1 : -1, Date.parse(t.entry_time), t.entry_price, Date.parse(t.exit_time), t.exit_price, t.exit_reason, t.contracts, t.pnl]);
    const refTrades = ref.trades.map((t) => [t.date, t.dir, t.entryT, t.entry, t.exitT, Math.round(t.exit * 1e8) / 1e8, t.reason, t.n, t.pnl]);
    expect(engineTrades).toEqual(refTrades);
    expect(result.final_balance).toBe(ref.balance);
    expect(result.counters).toMatchObject({
      sessions_evaluated: ref.counters.evaluated,
      or_valid_days: ref.counters.valid,
      opening_range_breaks_up: ref.counters.up,
      opening_range_breaks_down: ref.counters.down,
      regime_filter_passes: ref.counters.passes,
      pullback_setups: ref.counters.setups,
      pullback_entries: ref.counters.pbEntries,
      pullback_expired: ref.counters.expired,
      pullback_invalidated: ref.counters.invalidated,
      breakout_entries: ref.counters.boEntries,
      signals_blocked_by_daily_limit: ref.counters.blocked,
      daily_trade_limit_hits: ref.counters.limitHits,
    });
    expect(result.sessions.length).toBe(days.filter((d) => d.date >= '2023-04-03').length);
    if (limits.trades === 1) expect(ref.counters.blocked + ref.counters.limitHits).toBeGreaterThan(0);
  });

  it('the report feeds the daily equity and the trades to the metrics engine', () => {
    const result = engineRun(bars, 'pullback');
    const report = buildFuturesReport(result);
    const wins = result.trades.filter((t) => t.pnl > 0);
    expect(report.metrics.total_trades).toBe(result.trades.length);
    expect(report.metrics.winning_trades).toBe(wins.length);
    expect(report.metrics.net_profit).toBeCloseTo(result.net_pnl, 6);
    expect(report.metrics.start_value).toBe(50_000);
    expect(report.metrics.end_value).toBeCloseTo(result.final_balance, 6);
    expect(report.metrics.periods).toBe(result.sessions.length);
    const best = Math.max(...result.sessions.map((s) => s.pnl));
    expect(report.metrics.largest_winning_day).toBeCloseTo(best, 6);
  });
});
