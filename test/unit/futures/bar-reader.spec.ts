// The one minute-bar reader: four vendor formats, which end of the bar each stamps, time zones, DST,
// errors naming the line. Expected times are written by hand (UTC), never computed by the reader's code.
import {
  EngineError,
  formatMinuteBars,
  type FuturesBacktestResult,
  type MinuteBars,
  prepareFuturesData,
  readContractBars,
  readMinuteBars,
  resolveFuturesConfig,
  runFuturesBacktestSync,
} from '../../../src/engine';
import { type RawBar, toMinuteBars } from './fixtures';
import { PNL_DAY_INPUT, pnlDay } from './helpers';

const utc = (iso: string): number => Date.parse(iso);

function columns(bars: MinuteBars): number[][] {
  return [bars.time, bars.open, bars.high, bars.low, bars.close, bars.volume].map((c) => Array.from(c));
}

function errorOf(fn: () => unknown): EngineError {
  try {
    fn();
  } catch (error) {
    if (error instanceof EngineError) return error;
    throw error;
  }
  throw new Error('expected an EngineError');
}

describe('the reference examples (futures-data §1): one bar, four vendors', () => {
  // 2024-03-15 13:30Z = 08:30 CDT, the RTH opening minute of ES; NinjaTrader labels it with its close 13:31.
  const expected = [
    [utc('2024-03-15T13:30:00Z'), utc('2024-03-15T13:31:00Z')],
    [5142.25, 5142.5],
    [5143, 5142.75],
    [5141.75, 5140.5],
    [5142.5, 5141],
    [1874, 2210],
  ];

  it.each([
    ['ninjatrader', 'close', '20240315 133100;5142.25;5143.00;5141.75;5142.50;1874\n20240315 133200;5142.50;5142.75;5140.50;5141.00;2210\n'],
    ['tradingview', 'open', 'time,open,high,low,close,Volume\n1710509400,5142.25,5143.00,5141.75,5142.50,1874\n1710509460,5142.50,5142.75,5140.50,5141.00,2210\n'],
    [
      'databento',
      'open',
      'ts_event,rtype,publisher_id,instrument_id,open,high,low,close,volume,symbol\n' +
        '1710509400000000000,33,1,4916,5142250000000,5143000000000,5141750000000,5142500000000,1874,ESM4\n' +
        '1710509460000000000,33,1,4916,5142500000000,5142750000000,5140500000000,5141000000000,2210,ESM4\n',
    ],
    [
      'databento',
      'open',
      'ts_event,rtype,publisher_id,instrument_id,open,high,low,close,volume,symbol\n' +
        '2024-03-15T13:30:00.000000000Z,33,1,4916,5142.25,5143.0,5141.75,5142.5,1874,ESM4\n' +
        '2024-03-15T13:31:00.000000000Z,33,1,4916,5142.5,5142.75,5140.5,5141.0,2210,ESM4\n',
    ],
    ['generic', 'open', 'timestamp,open,high,low,close,volume\n2024-03-15T08:30:00-05:00,5142.25,5143,5141.75,5142.5,1874\n2024-03-15T13:31:00Z,5142.5,5142.75,5140.5,5141,2210\n'],
    ['generic', 'open', 'datetime,open,high,low,close,volume\n2024-03-15 08:30:00,5142.25,5143,5141.75,5142.5,1874\n2024-03-15 08:31,5142.5,5142.75,5140.5,5141,2210\n'],
  ])('%s (bar %s stamps) reads to the bar opening 13:30Z', (format, stamp, text) => {
    const file = readMinuteBars(text, { symbol: 'ES' });
    expect(file.info.format).toBe(format);
    expect(file.info.stamp).toBe(stamp);
    expect(columns(file.bars)).toEqual(expected);
    expect(readMinuteBars(text, { format: format as 'generic', symbol: 'ES' }).bars).toEqual(file.bars);
  });

  it('reports what it applied: NinjaTrader in UTC, Databento fixed-point prices and its contract, naive ISO in Chicago', () => {
    const nt = readMinuteBars('20240315 133100;5142.25;5143.00;5141.75;5142.50;1874\n');
    expect(nt.info).toMatchObject({ format: 'ninjatrader', time_zone: 'UTC', price_scale: 1 });
    const db = readMinuteBars('ts_event,rtype,publisher_id,instrument_id,open,high,low,close,volume,symbol\n1710509400000000000,33,1,4916,5142250000000,5143000000000,5141750000000,5142500000000,1874,ESM4\n');
    expect(db.info).toMatchObject({ format: 'databento', time_zone: null, price_scale: 1e-9, symbols: ['ESM4'] });
    expect(db.contract).toBe('ESM4');
    expect(db.bars.symbol).toBe('ESM4');
    expect(readMinuteBars('datetime,open,high,low,close,volume\n2024-03-15 08:30:00,1,1,1,1,1\n').info.time_zone).toBe('America/Chicago');
  });
});

describe('time zones', () => {
  it('NinjaTrader --tz: the same bar exported on a New York PC (NT7) reads to the same instant', () => {
    // 08:30 CDT opening minute = 09:30 EDT open, labelled with its close 09:31 EDT.
    const bars = readMinuteBars('20240315 093100;5142.25;5143.00;5141.75;5142.50;1874\n', { tz: 'America/New_York' }).bars;
    expect(Array.from(bars.time)).toEqual([utc('2024-03-15T13:30:00Z')]);
  });

  it('naive ISO in a given zone, and a fixed-offset zone (EST without DST)', () => {
    const text = 'timestamp,open,high,low,close,volume\n2024-07-01 09:30:00,1,1,1,1,1\n';
    expect(readMinuteBars(text, { tz: 'America/New_York' }).bars.time[0]).toBe(utc('2024-07-01T13:30:00Z'));
    expect(readMinuteBars(text, { tz: 'UTC-5' }).bars.time[0]).toBe(utc('2024-07-01T14:30:00Z'));
    expect(readMinuteBars(text).bars.time[0]).toBe(utc('2024-07-01T14:30:00Z'));
  });

  it('offsets and epochs ignore tz', () => {
    const text = 'timestamp,open,high,low,close,volume\n2024-07-01T09:30:00-04:00,1,1,1,1,1\n1719840660,1,1,1,1,1\n1719840720000,1,1,1,1,1\n1719840780000000,1,1,1,1,1\n';
    expect(Array.from(readMinuteBars(text, { tz: 'Asia/Tokyo' }).bars.time)).toEqual(['13:30', '13:31', '13:32', '13:33'].map((t) => utc(`2024-07-01T${t}:00Z`)));
  });

  it('November: a naive Chicago file that runs through the repeated hour twice reads in order (CDT, then CST)', () => {
    const text = ['timestamp,open,high,low,close,volume', '2024-11-03 00:59,1,1,1,1,1', '2024-11-03 01:00,1,1,1,1,1', '2024-11-03 01:59,1,1,1,1,1', '2024-11-03 01:00,1,1,1,1,1', '2024-11-03 02:00,1,1,1,1,1'].join('\n');
    expect(Array.from(readMinuteBars(text).bars.time)).toEqual([utc('2024-11-03T05:59:00Z'), utc('2024-11-03T06:00:00Z'), utc('2024-11-03T06:59:00Z'), utc('2024-11-03T07:00:00Z'), utc('2024-11-03T08:00:00Z')]);
  });

  it('March: a naive time in the skipped hour is an error naming the line', () => {
    const error = errorOf(() => readMinuteBars('timestamp,open,high,low,close,volume\n2024-03-10 01:59,1,1,1,1,1\n2024-03-10 02:30,1,1,1,1,1\n'));
    expect(error.message).toMatch(/line 3: timestamp "2024-03-10 02:30" does not exist in America\/Chicago/);
  });

  it('a NinjaTrader file in UTC maps across the March and November switches (08:30 CT = 14:30Z in CST, 13:30Z in CDT)', () => {
    const text = ['20240308 143100;1;1;1;1;1', '20240311 133100;1;1;1;1;1', '20241101 133100;1;1;1;1;1', '20241104 143100;1;1;1;1;1'].join('\n');
    const bars = readMinuteBars(text).bars;
    const config = resolveFuturesConfig({ symbol: 'ES' });
    const data = prepareFuturesData(bars, config);
    expect(Array.from(data.table.minute)).toEqual([510, 510, 510, 510]);
  });
});

/**
 * Four sessions (two on each side of both 2024 DST switches) written by hand in every format: each
 * line is built here from the Chicago wall time and the offset of that date, independently of the
 * reader and the writers.
 */
describe('hand-built files in every format give identical bars and identical trades', () => {
  const days: [string, number, number][] = [
    ['2024-03-08', -6, -10],
    ['2024-03-11', -5, 12.5],
    ['2024-11-01', -5, 7.25],
    ['2024-11-04', -6, -3],
  ];
  const raw: RawBar[] = days.flatMap(([date, offset, points]) => pnlDay(date, offset, points));
  const pad = (n: number): string => String(n).padStart(2, '0');
  const utcParts = (t: number): string[] => {
    const d = new Date(t);
    return [String(d.getUTCFullYear()), pad(d.getUTCMonth() + 1), pad(d.getUTCDate()), pad(d.getUTCHours()), pad(d.getUTCMinutes()), pad(d.getUTCSeconds())];
  };
  const offsetOf = (t: number): number => days.find(([date]) => new Date(t - 6 * 3_600_000).toISOString().startsWith(date))?.[1] ?? 0;
  const chicagoWall = (t: number): string => {
    const [y, mo, d, h, mi] = utcParts(t + offsetOf(t) * 3_600_000);
    return `${y}-${mo}-${d} ${h}:${mi}:00`;
  };
  const nyWallClose = (t: number): string => {
    const [y, mo, d, h, mi, s] = utcParts(t + 60_000 + (offsetOf(t) + 1) * 3_600_000);
    return `${y}${mo}${d} ${h}${mi}${s}`;
  };
  const px = (b: RawBar): number[] => [b.open, b.high, b.low, b.close];

  const files: Record<string, { text: string; tz?: string }> = {
    'ninjatrader (UTC)': { text: raw.map((b) => { const [y, mo, d, h, mi, s] = utcParts(b.time + 60_000); return `${y}${mo}${d} ${h}${mi}${s};${px(b).join(';')};${b.volume}`; }).join('\r\n') },
    'ninjatrader (New York, --tz)': { text: raw.map((b) => `${nyWallClose(b.time)};${px(b).join(';')};${b.volume}`).join('\n'), tz: 'America/New_York' },
    tradingview: { text: `time,open,high,low,close,Volume,EMA\n${raw.map((b) => `${b.time / 1000},${px(b).join(',')},${b.volume},1.5`).join('\n')}\n` },
    'databento raw': { text: `ts_event,rtype,publisher_id,instrument_id,open,high,low,close,volume,symbol\n${raw.map((b) => `${b.time}000000,33,1,4916,${px(b).map((p) => `${Math.round(p * 4) * 250_000_000}`).join(',')},${b.volume},ESM4`).join('\n')}\n` },
    'databento pretty': { text: `ts_event,rtype,publisher_id,instrument_id,open,high,low,close,volume,symbol\n${raw.map((b) => `${new Date(b.time).toISOString().replace('.000Z', '.000000000Z')},33,1,4916,${px(b).join(',')},${b.volume},ESM4`).join('\n')}\n` },
    'generic ISO offset': { text: `timestamp,open,high,low,close,volume\n${raw.map((b) => `${chicagoWall(b.time).replace(' ', 'T')}-0${-offsetOf(b.time)}:00,${px(b).join(',')},${b.volume}`).join('\n')}\n` },
    'generic naive Chicago': { text: `datetime;open;high;low;close;volume\n${raw.map((b) => `${chicagoWall(b.time)};${px(b).join(';')};${b.volume}`).join('\n')}\n` },
    'generic epoch ms, no header': { text: raw.map((b) => `${b.time},${px(b).join(',')},${b.volume}`).join('\n') },
  };
  const expectedBars = toMinuteBars('ES', raw);
  const config = resolveFuturesConfig({ ...PNL_DAY_INPUT, rules: { max_contracts: 1, continue_after_pass: true } });
  const tradesOf = (bars: MinuteBars): FuturesBacktestResult['trades'] => runFuturesBacktestSync(prepareFuturesData(bars, config), config).trades;
  const expectedTrades = tradesOf(expectedBars);

  it('the scenario trades once a session, with the P&L set by hand', () => {
    expect(expectedTrades.map((t) => [t.session_date, t.gross_pnl])).toEqual(days.map(([date, , points]) => [date, points * 50]));
  });

  it.each(Object.keys(files))('%s', (name) => {
    const { text, tz } = files[name];
    const bars = readMinuteBars(text, { symbol: 'ES', tz }).bars;
    expect(columns(bars)).toEqual(columns(expectedBars));
    expect(tradesOf(bars)).toEqual(expectedTrades);
  });
});

describe('Databento files with several contracts', () => {
  const header = 'ts_event,rtype,publisher_id,instrument_id,open,high,low,close,volume,symbol';
  const text = [
    header,
    '1710509400000000000,33,1,4916,5142250000000,5143000000000,5141750000000,5142500000000,1874,ESM4',
    '1710509400000000000,33,1,5002,5200000000000,5200000000000,5200000000000,5200000000000,12,ESU4',
    '1710509460000000000,33,1,4916,5142500000000,5142750000000,5140500000000,5141000000000,2210,ESM4',
  ].join('\n');

  it('keeps the contract asked for', () => {
    const file = readMinuteBars(text, { contract: 'ESU4', symbol: 'ES' });
    expect(columns(file.bars)).toEqual([[utc('2024-03-15T13:30:00Z')], [5200], [5200], [5200], [5200], [12]]);
    expect(file.info.symbols).toEqual(['ESM4', 'ESU4']);
    expect(file.contract).toBe('ESU4');
  });

  it('refuses to guess, naming the contracts found', () => {
    expect(errorOf(() => readMinuteBars(text)).message).toBe('CSV the file holds 2 contracts (ESM4, ESU4): choose one (contract) or roll them into a continuous series (roll).');
    expect(errorOf(() => readMinuteBars(text, { contract: 'ESZ4' })).message).toBe('CSV the file has no rows for contract ESZ4; it holds ESM4, ESU4.');
  });

  it('skips calendar-spread rows (ES.FUT parent files carry them, with negative prices) and counts them', () => {
    const withSpread = `${text}\n1710509460000000000,33,1,9999,-57250000000,-57000000000,-57500000000,-57250000000,40,ESM4-ESU4\n`;
    const file = readMinuteBars(withSpread, { contract: 'ESM4' });
    expect(Array.from(file.bars.close)).toEqual([5142.5, 5141]);
    expect(file.info).toMatchObject({ symbols: ['ESM4', 'ESU4'], spread_rows: 1 });
  });

  it('splits every contract apart', () => {
    const { contracts } = readContractBars(text);
    expect([...contracts.keys()]).toEqual(['ESM4', 'ESU4']);
    expect(Array.from(contracts.get('ESM4')?.close ?? [])).toEqual([5142.5, 5141]);
    expect(Array.from(contracts.get('ESU4')?.volume ?? [])).toEqual([12]);
  });
});

describe('errors name the line', () => {
  const NT = '20240315 133100;5142.25;5143.00;5141.75;5142.50;1874';
  const DB = 'ts_event,rtype,publisher_id,instrument_id,open,high,low,close,volume,symbol';
  it.each([
    ['NinjaTrader: missing field', `${NT}\n20240315 133200;5142.50;5142.75;5140.50;5141.00`, /^CSV line 2: expected 6 fields \(NinjaTrader/],
    ['NinjaTrader: extra field', `${NT}\n${NT.replace('133100', '133200')};7`, /^CSV line 2: expected 6 fields .*found more/],
    ['NinjaTrader: bad time', `${NT}\n20240315 13320;5142.50;5142.75;5140.50;5141.00;5`, /^CSV line 2: timestamp "20240315 13320" is not a time: expected yyyyMMdd HHmmss/],
    ['NinjaTrader: daily file', '20240315;5142.25;5143.00;5141.75;5142.50;1874', /^CSV line 1: this is a NinjaTrader daily file/],
    ['NinjaTrader: out of order', `${NT}\n${NT}`, /^CSV line 2: bar at 2024-03-15T13:30:00Z \(open time\) is not after the previous bar at 2024-03-15T13:30:00Z/],
    ['NinjaTrader: seconds bars', `${NT}\n20240315 133130;5142.50;5142.75;5140.50;5141.00;5`, /^CSV line 2: timestamp "20240315 133130" is not on a whole minute/],
    ['TradingView: a price is text', 'time,open,high,low,close,Volume\n1710509400,5142.25,abc,5141.75,5142.50,1874', /^CSV line 2: high "abc" is not a positive number/],
    ['TradingView: low above the close', 'time,open,high,low,close,Volume\n\n1710509400,5142.25,5143,5142.75,5142.50,1874', /^CSV line 3: prices must satisfy low <= open, close <= high/],
    ['TradingView: negative volume', 'time,open,high,low,close,Volume\n1710509400,5142.25,5143,5141.75,5142.50,-3', /^CSV line 2: volume "-3" is not a non-negative number/],
    ['Databento: 1-second records', `${DB}\n1710509400000000000,32,1,4916,5142250000000,5143000000000,5141750000000,5142500000000,1874,ESM4`, /^CSV line 2: rtype 32 is not a 1-minute bar/],
    ['Databento: null price', `${DB}\n1710509400000000000,33,1,4916,5142250000000,9223372036854775807,5141750000000,5142500000000,1874,ESM4`, /^CSV line 2: high is undefined \(Databento's null price/],
    ['Databento: decimal after fixed-point', `${DB}\n1710509400000000000,33,1,4916,5142250000000,5143000000000,5141750000000,5142500000000,1874,ESM4\n1710509460000000000,33,1,4916,5142.5,5143000000000,5141750000000,5142500000000,1874,ESM4`, /^CSV line 3: open "5142.5" is not a fixed-point integer price/],
    ['Databento: sub-minute ts_event', `${DB}\n1710509400000000001,33,1,4916,5142250000000,5143000000000,5141750000000,5142500000000,1874,ESM4`, /^CSV line 2: timestamp "1710509400000000001" is not on a whole minute/],
    ['generic: unknown header', 'when,o,h,l,c,v\n2024-03-15T13:30:00Z,1,1,1,1,1', /^CSV line 1: unrecognised header "when,o,h,l,c,v"/],
    ['generic: missing volume column', 'timestamp,open,high,low,close\n2024-03-15T13:30:00Z,1,1,1,1', /^CSV line 1: the header lacks the column volume/],
    ['generic: bad time', 'timestamp,open,high,low,close,volume\n2024-03-15T13:30:00Z,1,1,1,1,1\n2024-02-30T13:31:00Z,1,1,1,1,1', /^CSV line 3: timestamp "2024-02-30T13:31:00Z" is not a time/],
    ['generic: quoted bad number', 'timestamp,open,high,low,close,volume\n"2024-03-15T13:30:00Z","1","x","1","1","1"', /^CSV line 2: high "x" is not a positive number/],
    ['an empty file', '\n\n', /^CSV line 1: the file holds no bars/],
  ])('%s', (_name, text, message) => {
    const error = errorOf(() => readMinuteBars(text));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toMatch(message);
    expect(error.errors).toHaveLength(1);
    expect(error.errors[0].field).toBe('csv');
  });

  it('a forced format that does not fit names line 1; the source and field are the caller\'s', () => {
    const error = errorOf(() => readMinuteBars(`\n${'time,open,high,low,close,Volume\n1710509400,1,1,1,1,1'}`, { format: 'ninjatrader', source: 'ES.txt', field: 'csv_file' }));
    expect(error.message).toBe('ES.txt line 2: expected a NinjaTrader minute line yyyyMMdd HHmmss;open;high;low;close;volume (no header).');
    expect(error.errors).toEqual([{ field: 'csv_file', message: 'line 2: expected a NinjaTrader minute line yyyyMMdd HHmmss;open;high;low;close;volume (no header)' }]);
  });

  it('an unknown zone is refused', () => {
    expect(errorOf(() => readMinuteBars(NT, { tz: 'Mars/Olympus' })).message).toBe('CSV tz "Mars/Olympus" is not a time zone (use an IANA name such as America/New_York, or UTC).');
  });
});

describe('quoted fields, BOM, CRLF, blank lines, extra columns', () => {
  it('reads them all to the same bars', () => {
    const plain = readMinuteBars('timestamp,open,high,low,close,volume\n2024-03-15T13:30:00Z,5142.25,5143,5141.75,5142.5,1874\n').bars;
    const messy = readMinuteBars('\uFEFF"Timestamp","Open","High","Low","Close","Volume","Note"\r\n\r\n"2024-03-15T13:30:00Z","5142.25","5143","5141.75","5142.5","1874","a, b"\r\n').bars;
    expect(messy).toEqual(plain);
  });

  it('a TradingView export without a Volume column reads volume 0 and says so', () => {
    const file = readMinuteBars('time,open,high,low,close,EMA\n1710509400,5142.25,5143,5141.75,5142.5,5140\n');
    expect(file.info).toMatchObject({ format: 'tradingview', has_volume: false });
    expect(Array.from(file.bars.volume)).toEqual([0]);
  });
});

describe('writers (examples and benchmarks) round-trip through the reader', () => {
  const bars = toMinuteBars('CL', [0, 1, 2].map((i) => ({ time: utc('2024-11-04T14:00:00Z') + i * 60_000, open: [78.43, 78.44, 78.45][i], high: [78.5, 78.51, 78.52][i], low: 78.4, close: 78.45, volume: 10 + i })));
  it.each([
    ['ninjatrader', {}],
    ['ninjatrader', { tz: 'America/Chicago' }],
    ['tradingview', {}],
    ['databento', {}],
    ['databento', { pretty: true }],
    ['generic', {}],
    ['generic', { tz: 'America/New_York' }],
  ] as const)('%s %j', (format, options) => {
    const text = formatMinuteBars(bars, format, options);
    expect(readMinuteBars(text, { symbol: 'CL', tz: 'tz' in options ? options.tz : undefined }).bars).toEqual({ ...bars, symbol: 'CL' });
  });
});
