import { formatIsoDay, parseIsoDay } from '../civil-days';
import { isTradingDay } from './calendar';
import { SYNTHETIC_FUTURES_SPECS, roundToTick } from './synthetic-futures';
import { SyntheticMarket } from './synthetic-market';

function day(text: string): number {
  const parsed = parseIsoDay(text);
  if (parsed === null) throw new Error(`bad test date ${text}`);
  return parsed;
}

function onTickGrid(price: number, tick: number): boolean {
  return Math.abs(price / tick - Math.round(price / tick)) < 1e-6;
}

describe('SyntheticMarket daily prices', () => {
  it('is deterministic for (ticker, seed) and differs across tickers and seeds', () => {
    const a = new SyntheticMarket(7).prices('AAPL', day('2023-01-01'), day('2023-03-31'));
    const b = new SyntheticMarket(7).prices('AAPL', day('2023-01-01'), day('2023-03-31'));
    expect(a).toEqual(b);
    expect(new SyntheticMarket(7).prices('MSFT', day('2023-01-01'), day('2023-03-31'))[0].close).not.toBe(a[0].close);
    expect(new SyntheticMarket(8).prices('AAPL', day('2023-01-01'), day('2023-03-31'))[0].close).not.toBe(a[0].close);
  });

  it('gives the same bars for a date whatever range contains it', () => {
    const market = new SyntheticMarket(1);
    const wide = market.prices('NVDA', day('2020-01-01'), day('2024-12-31'));
    const narrow = new SyntheticMarket(1).prices('NVDA', day('2022-06-01'), day('2022-06-30'));
    const fromWide = wide.filter((bar) => bar.time >= '2022-06-01' && bar.time <= '2022-06-30');
    expect(narrow).toEqual(fromWide);
  });

  it('has only trading days, in order, with consistent OHLC in cents', () => {
    const bars = new SyntheticMarket(3).prices('TSLA', day('2019-01-01'), day('2024-12-31'));
    expect(bars.map((b) => b.time)).not.toContain('2024-07-04');
    expect(bars.map((b) => b.time)).not.toContain('2023-11-23');
    const problems: string[] = [];
    for (let i = 0; i < bars.length; i += 1) {
      const bar = bars[i];
      if (!isTradingDay(day(bar.time))) problems.push(`${bar.time} is not a trading day`);
      if (i > 0 && bar.time <= bars[i - 1].time) problems.push(`${bar.time} out of order`);
      if (bar.low > Math.min(bar.open, bar.close) || bar.high < Math.max(bar.open, bar.close) || bar.low <= 0) problems.push(`${bar.time} OHLC`);
      if (!Number.isInteger(bar.volume) || Math.round(bar.close * 100) / 100 !== bar.close) problems.push(`${bar.time} volume or cents`);
    }
    expect(problems).toEqual([]);
  });

  it('has a realistic volatility (annualised 10-80%) and switches regimes', () => {
    const market = new SyntheticMarket(11);
    const throughDay = day('2024-12-31');
    const series = market.dailySeries('GOOGL', throughDay);
    const closes = market.prices('GOOGL', day('2015-01-01'), throughDay).map((b) => b.close);
    const returns = closes.slice(1).map((c, i) => Math.log(c / closes[i]));
    const mean = returns.reduce((s, r) => s + r, 0) / returns.length;
    const sd = Math.sqrt(returns.reduce((s, r) => s + (r - mean) ** 2, 0) / (returns.length - 1));
    const annualised = sd * Math.sqrt(252);
    expect(annualised).toBeGreaterThan(0.1);
    expect(annualised).toBeLessThan(0.8);
    const turbulentDays = series.regime.reduce((s, r) => s + r, 0);
    expect(turbulentDays).toBeGreaterThan(0);
    expect(turbulentDays).toBeLessThan(series.regime.length);
  });
});

describe('SyntheticMarket minute bars', () => {
  it('covers 08:30-15:00 Chicago for ES across the DST change (UTC-6 then UTC-5)', () => {
    const bars = new SyntheticMarket(5).minuteBars('ES', day('2024-03-08'), day('2024-03-11'));
    expect(bars.time).toHaveLength(2 * 390);
    expect(new Date(bars.time[0]).toISOString()).toBe('2024-03-08T14:30:00.000Z');
    expect(new Date(bars.time[389]).toISOString()).toBe('2024-03-08T20:59:00.000Z');
    expect(new Date(bars.time[390]).toISOString()).toBe('2024-03-11T13:30:00.000Z');
  });

  it('uses the session of each product: CL 08:00-13:30, GC 07:20-12:30 (Chicago)', () => {
    const cl = new SyntheticMarket(5).minuteBars('CL', day('2024-07-10'), day('2024-07-10'));
    expect(cl.time).toHaveLength(330);
    expect(new Date(cl.time[0]).toISOString()).toBe('2024-07-10T13:00:00.000Z');
    const gc = new SyntheticMarket(5).minuteBars('MGC', day('2024-01-10'), day('2024-01-10'));
    expect(gc.time).toHaveLength(310);
    expect(new Date(gc.time[0]).toISOString()).toBe('2024-01-10T13:20:00.000Z');
  });

  it('skips holidays and weekends', () => {
    const bars = new SyntheticMarket(5).minuteBars('NQ', day('2024-07-03'), day('2024-07-08'));
    const days = new Set(Array.from(bars.time, (t) => new Date(t).toISOString().slice(0, 10)));
    expect([...days]).toEqual(['2024-07-03', '2024-07-05', '2024-07-08']);
  });

  it('puts every price on the tick grid, keeps OHLC consistent and agrees with the daily open and close', () => {
    const market = new SyntheticMarket(9);
    for (const symbol of ['ES', 'MNQ', 'YM', 'M2K', 'CL', 'GC']) {
      const tick = SYNTHETIC_FUTURES_SPECS[symbol].tickSize;
      const bars = market.minuteBars(symbol, day('2024-05-01'), day('2024-05-03'));
      const perDay = bars.time.length / 3;
      const problems: number[] = [];
      for (let i = 0; i < bars.time.length; i += 1) {
        const prices = [bars.open[i], bars.high[i], bars.low[i], bars.close[i]];
        if (!prices.every((price) => onTickGrid(price, tick))) problems.push(i);
        if (bars.low[i] > Math.min(bars.open[i], bars.close[i]) || bars.high[i] < Math.max(bars.open[i], bars.close[i])) problems.push(i);
        if (bars.volume[i] <= 0 || (i > 0 && bars.time[i] <= bars.time[i - 1])) problems.push(i);
      }
      expect(problems).toEqual([]);
      const daily = market.prices(SYNTHETIC_FUTURES_SPECS[symbol].root, day('2024-05-01'), day('2024-05-03'));
      expect(bars.open[0]).toBe(daily[0].open);
      expect(bars.close[perDay - 1]).toBe(daily[0].close);
      expect(bars.close[3 * perDay - 1]).toBe(daily[2].close);
    }
  });

  it('is U-shaped: the first and last half hours move more than midday', () => {
    const bars = new SyntheticMarket(2).minuteBars('ES', day('2023-01-01'), day('2023-12-31'));
    const perDay = 390;
    const days = bars.time.length / perDay;
    const meanAbsMove = (from: number, to: number): number => {
      let sum = 0;
      for (let d = 0; d < days; d += 1) for (let i = from; i < to; i += 1) sum += Math.abs(Math.log(bars.close[d * perDay + i] / bars.open[d * perDay + i]));
      return sum / (days * (to - from));
    };
    const open = meanAbsMove(0, 30);
    const midday = meanAbsMove(180, 210);
    const close = meanAbsMove(360, 390);
    expect(open).toBeGreaterThan(1.5 * midday);
    expect(close).toBeGreaterThan(1.5 * midday);
  });

  it('is the same for a day whatever range contains it', () => {
    const wide = new SyntheticMarket(4).minuteBars('RTY', day('2024-02-01'), day('2024-02-29'));
    const one = new SyntheticMarket(4).minuteBars('RTY', day('2024-02-14'), day('2024-02-14'));
    const start = Array.from(wide.time).indexOf(one.time[0]);
    expect(start).toBeGreaterThan(0);
    expect(Array.from(wide.close.subarray(start, start + 390))).toEqual(Array.from(one.close));
  });

  it('refuses a symbol it has no contract for', () => {
    expect(() => new SyntheticMarket(1).minuteBars('ZZ', day('2024-01-02'), day('2024-01-02'))).toThrow(/not a supported futures symbol/);
  });
});

it('formats generated days as YYYY-MM-DD', () => {
  expect(formatIsoDay(day('2024-12-31'))).toBe('2024-12-31');
});

it('rounds to the tick grid without binary noise', () => {
  expect(roundToTick(4159.77, 0.25)).toBe(4159.75);
  expect(roundToTick(0.1 + 0.2, 0.1)).toBe(0.3);
  expect(roundToTick(75.234, 0.01)).toBe(75.23);
  expect(roundToTick(39012.6, 1)).toBe(39013);
});
