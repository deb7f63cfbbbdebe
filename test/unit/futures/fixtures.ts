// Hand-built minute bars for the intraday engine specs. Chicago offsets are written by hand
// (CST = UTC-6, CDT = UTC-5) so the engine's own time-zone code is not used to build its inputs.
import { DateTime } from 'luxon';
import type { MinuteBars } from '../../../src/engine';

export type BarRow = readonly [hhmm: string, open: number, high: number, low: number, close: number, volume?: number];

export interface RawBar {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

const MINUTE = 60_000;

/** Epoch ms of a Chicago wall time given the UTC offset in hours (−6 for CST, −5 for CDT). */
export function ct(date: string, hhmm: string, offsetHours: number): number {
  const [h, m] = hhmm.split(':').map(Number);
  return Date.parse(`${date}T00:00:00Z`) + (h * 60 + m) * MINUTE - offsetHours * 60 * MINUTE;
}

/**
 * One regular session 08:30–14:59 of flat bars at `price` (volume 100 unless given), with `rows` replacing the bars
 * at their minutes. A row may carry a time outside the flat range (e.g. 15:05) to add a bar.
 */
export function session(date: string, offsetHours: number, price: number, rows: readonly BarRow[] = [], options: { from?: string; to?: string; volume?: number } = {}): RawBar[] {
  const defaultVolume = options.volume ?? 100;
  const [fh, fm] = (options.from ?? '08:30').split(':').map(Number);
  const [th, tm] = (options.to ?? '15:00').split(':').map(Number);
  const byMinute = new Map<number, RawBar>();
  for (let mod = fh * 60 + fm; mod < th * 60 + tm; mod += 1) {
    const time = Date.parse(`${date}T00:00:00Z`) + mod * MINUTE - offsetHours * 60 * MINUTE;
    byMinute.set(time, { time, open: price, high: price, low: price, close: price, volume: defaultVolume });
  }
  for (const [hhmm, open, high, low, close, volume] of rows) {
    const time = ct(date, hhmm, offsetHours);
    byMinute.set(time, { time, open, high, low, close, volume: volume ?? defaultVolume });
  }
  return [...byMinute.values()].sort((a, b) => a.time - b.time);
}

export function toMinuteBars(symbol: string, bars: readonly RawBar[]): MinuteBars {
  const sorted = [...bars].sort((a, b) => a.time - b.time);
  return {
    symbol,
    time: Float64Array.from(sorted, (b) => b.time),
    open: Float64Array.from(sorted, (b) => b.open),
    high: Float64Array.from(sorted, (b) => b.high),
    low: Float64Array.from(sorted, (b) => b.low),
    close: Float64Array.from(sorted, (b) => b.close),
    volume: Float64Array.from(sorted, (b) => b.volume),
  };
}

/** mulberry32: a small seeded PRNG for the generated datasets. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Regular-session bars (08:30–14:59 CT, weekdays) of a seeded random walk on a tick grid, with a
 * per-day volatility and drift so opening ranges, breaks and pullbacks of all kinds occur. Times
 * come from luxon's America/Chicago zone.
 */
export function generateSessions(options: { seed: number; from: string; to: string; startPrice: number; tick: number; dailyVol: number }): MinuteBars {
  const random = seededRandom(options.seed);
  const rows: RawBar[] = [];
  let price = options.startPrice;
  const tick = options.tick;
  const snap = (x: number): number => Math.round(x / tick) * tick;
  for (let day = DateTime.fromISO(options.from, { zone: 'America/Chicago' }); day <= DateTime.fromISO(options.to, { zone: 'America/Chicago' }); day = day.plus({ days: 1 })) {
    if (day.weekday > 5) continue;
    const dayVol = options.dailyVol * (0.5 + random());
    const drift = (random() - 0.5) * dayVol * 0.004 + ((options.startPrice - price) / options.startPrice) * 0.02;
    const minuteVol = dayVol / Math.sqrt(390);
    price = snap(price + (random() - 0.5) * dayVol * 0.6);
    const sessionStart = day.set({ hour: 8, minute: 30, second: 0, millisecond: 0 }).toMillis();
    for (let m = 0; m < 390; m += 1) {
      const open = price;
      const close = Math.max(tick, snap(open + drift + (random() - 0.5) * 2 * minuteVol * 1.7));
      const high = snap(Math.max(open, close) + random() * minuteVol * 0.8);
      const low = Math.max(tick, snap(Math.min(open, close) - random() * minuteVol * 0.8));
      rows.push({ time: sessionStart + m * MINUTE, open, high, low, close, volume: 50 + Math.floor(random() * 500) });
      price = close;
    }
  }
  return toMinuteBars('MES', rows);
}
