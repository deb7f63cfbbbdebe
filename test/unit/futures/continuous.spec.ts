// Contract months, last trading days and continuous series (roll rules, back-adjustment). Expected dates
// come from the futures-data reference (§3.2 worked examples) and CME's calendars, written by hand.
import {
  buildContinuousBars,
  type ContractBars,
  contractsFromFiles,
  formatIsoDay,
  EngineError,
  lastTradingDay,
  type MinuteBars,
  parseContractName,
  parseRollRule,
  prepareFuturesData,
  resolveFuturesConfig,
  runFuturesBacktestSync,
} from '../../../src/engine';
import { type RawBar, toMinuteBars } from './fixtures';
import { PNL_DAY_INPUT, orRows, pnlDay } from './helpers';
import { session } from './fixtures';

const contract = (name: string, ref = 2024) => {
  const parsed = parseContractName(name, ref);
  if (parsed === null) throw new Error(`not a contract: ${name}`);
  return parsed;
};
const shift = (bars: RawBar[], points: number, volumeFactor = 1): RawBar[] =>
  bars.map((b) => ({ ...b, open: b.open + points, high: b.high + points, low: b.low + points, close: b.close + points, volume: b.volume * volumeFactor }));

describe('contract names', () => {
  it.each([
    ['ESM4', 2023, 'ESM2024'],
    ['ESZ3', 2023, 'ESZ2023'],
    ['ESH5', 2024, 'ESH2025'],
    ['ESM24', 2010, 'ESM2024'],
    ['ESM2024', 2010, 'ESM2024'],
    ['ES 06-24.Last.txt', 2010, 'ESM2024'],
    ['ES_03-25.Last.txt', 2010, 'ESH2025'],
    ['glbx-mdp3-20240101.ohlcv-1m.ESM4.csv', 2023, 'ESM2024'],
    ['M2KZ4', 2024, 'M2KZ2024'],
    ['MESH5.csv', 2024, 'MESH2025'],
    ['CLK4', 2024, 'CLK2024'],
  ])('%s (data from %d) is %s', (text, year, name) => {
    expect(parseContractName(text, year)?.name).toBe(name);
  });

  it.each(['bars.csv', 'ESA4', 'XXH4', 'ES 13-24.txt'])('%s names no contract', (text) => {
    expect(parseContractName(text, 2024)).toBeNull();
  });
});

describe('last trading days', () => {
  it.each([
    ['ESH4', '2024-03-15'],
    ['ESM4', '2024-06-21'],
    ['ESU4', '2024-09-20'],
    ['MNQZ4', '2024-12-20'],
    // Reference §3.2: CLK4 — 25 April 2024 is a business day → 3 business days earlier; MCLK4 one more.
    ['CLK4', '2024-04-22'],
    ['MCLK4', '2024-04-19'],
    // CLF5: 25 Dec 2024 is Christmas → 4 business days before (24 Dec is an early close, still a business day).
    ['CLF5', '2024-12-19'],
    // CLK2022: 25 Apr 2022 is a Monday; the 3 business days before skip the weekend.
    ['CLK2022', '2022-04-20'],
    // GC: third-last business day of the month; April 2024 ends Tue 30.
    ['GCJ4', '2024-04-26'],
    // GCZ4: December 2024 ends Tue 31 → 27 (Fri).
    ['GCZ4', '2024-12-27'],
  ])('%s: %s', (name, date) => {
    expect(formatIsoDay(lastTradingDay(contract(name, 2024)))).toBe(date);
  });
});

describe('continuous series', () => {
  // ESH4 expires Fri 2024-03-15; 8 calendar days before = Thu 2024-03-07 (CME's roll Thursday).
  // Three sessions in CST (UTC-6); ESM4 trades 40 points above ESH4, with more volume from 03-07.
  const h4 = [pnlDay('2024-03-06', -6, 4), pnlDay('2024-03-07', -6, 6), pnlDay('2024-03-08', -6, -2)].flat();
  const m4 = [shift(pnlDay('2024-03-06', -6, 4), 40, 0.5), shift(pnlDay('2024-03-07', -6, 6), 40, 2), shift(pnlDay('2024-03-08', -6, -2), 40, 3)].flat();
  const contracts: ContractBars[] = [
    { contract: contract('ESM4'), bars: toMinuteBars('ESM4', m4) },
    { contract: contract('ESH4'), bars: toMinuteBars('ESH4', h4) },
  ];
  const closesByDay = (bars: MinuteBars) => {
    const out: Record<string, number> = {};
    for (let i = 0; i < bars.time.length; i += 1) out[new Date(bars.time[i] - 6 * 3_600_000).toISOString().slice(0, 10)] = bars.close[i];
    return out;
  };

  it('8 days before expiry: ESH4 to Wed 03-06, ESM4 from Thu 03-07; the gap is measured at the last common minute', () => {
    const series = buildContinuousBars('ES', contracts, { kind: 'days_before_expiry', days: 8 }, 'none');
    expect(series.rolls).toEqual([{ date: '2024-03-07', from: 'ESH2024', to: 'ESM2024', gap: 40, measured_at: '2024-03-06T20:55:00.000Z' }]);
    expect(series.segments.map((s) => [s.contract, s.first_date, s.last_date, s.sessions, s.adjustment])).toEqual([
      ['ESH2024', '2024-03-06', '2024-03-06', 1, 0],
      ['ESM2024', '2024-03-07', '2024-03-08', 2, 0],
    ]);
    // The last close of each day (14:55 bar): 4000.5 + points, +40 on ESM4 days.
    expect(closesByDay(series.bars)).toEqual({ '2024-03-06': 4004.5, '2024-03-07': 4046.5, '2024-03-08': 4038.5 });
    expect(series.bars.time.length).toBe(h4.length);
  });

  it('volume: the session after the first one where ESM4 out-traded ESH4 (03-07) — no look-ahead', () => {
    const series = buildContinuousBars('ES', contracts, { kind: 'volume' }, 'none');
    expect(series.rolls.map((r) => r.date)).toEqual(['2024-03-08']);
    expect(closesByDay(series.bars)).toEqual({ '2024-03-06': 4004.5, '2024-03-07': 4006.5, '2024-03-08': 4038.5 });
  });

  it('difference back-adjustment adds the gap to the earlier contract, keeping its moves and the tick grid', () => {
    const series = buildContinuousBars('ES', contracts, { kind: 'days_before_expiry', days: 8 }, 'difference');
    expect(series.segments.map((s) => s.adjustment)).toEqual([40, 0]);
    expect(closesByDay(series.bars)).toEqual({ '2024-03-06': 4044.5, '2024-03-07': 4046.5, '2024-03-08': 4038.5 });
    for (const column of [series.bars.open, series.bars.high, series.bars.low, series.bars.close]) for (const p of column) expect((p * 4) % 1).toBe(0);
  });

  it('trades on the adjusted series earn what the raw contracts earn, and each session trades one contract', () => {
    const config = resolveFuturesConfig({ ...PNL_DAY_INPUT, rules: { max_contracts: 1, continue_after_pass: true } });
    const run = (bars: MinuteBars) => runFuturesBacktestSync(prepareFuturesData(bars, config), config).trades;
    const adjusted = run(buildContinuousBars('ES', contracts, { kind: 'days_before_expiry', days: 8 }, 'difference').bars);
    const raw = run(buildContinuousBars('ES', contracts, { kind: 'days_before_expiry', days: 8 }, 'none').bars);
    expect(adjusted.map((t) => [t.session_date, t.gross_pnl])).toEqual([
      ['2024-03-06', 200],
      ['2024-03-07', 300],
      ['2024-03-08', -100],
    ]);
    expect(raw.map((t) => t.gross_pnl)).toEqual(adjusted.map((t) => t.gross_pnl));
    expect(adjusted[0].entry_price - raw[0].entry_price).toBe(40);
  });

  it('never holds a trade across the roll: a position without an exit bar is closed at the last bar before it', () => {
    // 03-06 ends at 14:50 (no 14:55 time-exit bar): the long is closed at the session's last close, on ESH4.
    const noExit = (date: string, price: number): RawBar[] => session(date, -6, price, [...orRows(4000, 3980), ['08:50', 4000, 4000.5, 4000, 4000.5], ['14:49', 4003, 4003, 4003, 4003]], { to: '14:50' });
    const oldBars = [noExit('2024-03-06', 4000.5), pnlDay('2024-03-07', -6, 6)].flat();
    const newBars = shift(oldBars, 40, 2);
    const series = buildContinuousBars('ES', [
      { contract: contract('ESH4'), bars: toMinuteBars('ESH4', oldBars) },
      { contract: contract('ESM4'), bars: toMinuteBars('ESM4', newBars) },
    ], { kind: 'days_before_expiry', days: 8 }, 'none');
    const config = resolveFuturesConfig({ ...PNL_DAY_INPUT, rules: { max_contracts: 1, continue_after_pass: true } });
    const trades = runFuturesBacktestSync(prepareFuturesData(series.bars, config), config).trades;
    expect(trades.map((t) => [t.session_date, t.entry_price, t.exit_price, t.exit_reason, t.exit_time])).toEqual([
      ['2024-03-06', 4000.5, 4003, 'session_end', '2024-03-06T14:49:00-06:00'],
      ['2024-03-07', 4040.5, 4046.5, 'time_exit', '2024-03-07T14:55:00-06:00'],
    ]);
  });

  it('is refused with a reason: a foreign or repeated contract, no common minute, prices below zero', () => {
    const errorOf = (fn: () => unknown): EngineError => {
      try {
        fn();
      } catch (e) {
        if (e instanceof EngineError) return e;
        throw e;
      }
      throw new Error('expected an error');
    };
    expect(errorOf(() => buildContinuousBars('ES', [...contracts, { contract: contract('NQM4'), bars: toMinuteBars('NQM4', m4) }], { kind: 'volume' }, 'none')).message).toBe('NQM2024 is not a ES contract.');
    expect(errorOf(() => buildContinuousBars('ES', [...contracts, contracts[0]], { kind: 'volume' }, 'none')).message).toBe('ESM2024 is given twice.');
    const apart = [{ contract: contract('ESH4'), bars: toMinuteBars('ESH4', pnlDay('2024-03-06', -6, 1)) }, { contract: contract('ESM4'), bars: toMinuteBars('ESM4', pnlDay('2024-03-07', -6, 1)) }];
    expect(errorOf(() => buildContinuousBars('ES', apart, { kind: 'days_before_expiry', days: 8 }, 'none')).message).toMatch(/cannot measure the roll ESH2024 → ESM2024 on 2024-03-07: the two contracts share no minute/);
    // MES micro files can feed an ES run (same prices); a -4100 point gap back-adjusts the old contract below zero.
    const low = [{ contract: contract('MESH4'), bars: toMinuteBars('MESH4', h4) }, { contract: contract('MESM4'), bars: toMinuteBars('MESM4', shift(h4, -4100)) }];
    const error = errorOf(() => buildContinuousBars('ES', low, { kind: 'days_before_expiry', days: 8 }, 'difference'));
    expect(error.message).toMatch(/^back-adjusted MESH2024 prices fall to -/);
    expect(error.errors[0].field).toBe('back_adjust');
  });

  it('parses roll rules', () => {
    expect(parseRollRule('volume')).toEqual({ kind: 'volume' });
    expect(parseRollRule('8')).toEqual({ kind: 'days_before_expiry', days: 8 });
    expect(parseRollRule('soon')).toBeNull();
  });
});

describe('contracts from files', () => {
  const nt = (bars: RawBar[]) => bars.map((b) => { const d = new Date(b.time + 60_000).toISOString(); return `${d.slice(0, 10).replace(/-/g, '')} ${d.slice(11, 19).replace(/:/g, '')};${b.open};${b.high};${b.low};${b.close};${b.volume}`; }).join('\n');
  const day = pnlDay('2024-03-06', -6, 4);

  it('one contract per file, named by the file (NinjaTrader names), or several from a Databento symbol column', () => {
    const files = [
      { name: 'ES 03-24.Last.txt', bytes: Buffer.from(nt(day)) },
      { name: 'exports/ES 06-24.Last.txt', bytes: Buffer.from(nt(shift(day, 40))) },
      {
        name: 'glbx.csv',
        bytes: Buffer.from(`ts_event,rtype,publisher_id,instrument_id,open,high,low,close,volume,symbol\n${day.map((b) => `${b.time}000000,33,1,1,${b.open},${b.high},${b.low},${b.close},${b.volume},ESU4`).join('\n')}\n${day.slice(0, 2).map((b) => `${b.time}000000,33,1,2,${b.open + 80},${b.high + 80},${b.low + 80},${b.close + 80},1,ESZ4`).join('\n')}\n`),
      },
    ];
    const found = contractsFromFiles(files, { symbol: 'ES' });
    expect(found.map((c) => [c.contract.name, c.bars.time.length])).toEqual([
      ['ESH2024', day.length],
      ['ESM2024', day.length],
      ['ESU2024', day.length],
      ['ESZ2024', 2],
    ]);
    expect(found[1].bars.close[0]).toBe(day[0].close + 40);
  });

  it('a file that names no contract is refused, naming it', () => {
    expect(() => contractsFromFiles([{ name: 'bars.txt', bytes: Buffer.from(nt(day)) }], { symbol: 'ES', field: 'csv_files' })).toThrow('cannot tell which contract bars.txt holds');
  });
});
