import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../config';
import { CsvProvider } from './csv.provider';

describe('CsvProvider validation', () => {
  let dir: string;
  let provider: CsvProvider;

  function write(relative: string, content: string): void {
    const path = join(dir, relative);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, content);
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hf-csv-'));
    provider = new CsvProvider(loadConfig({ MARKET_DATA_CSV_DIR: dir }));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads prices in any row order, filters the range and sorts them', async () => {
    write('prices/ABC.csv', 'date,open,high,low,close,volume\n2024-01-03,10,11,9,10.5,100\n2024-01-02,9,10,8.5,9.5,200\n\n2024-01-04,10.5,12,10,11,300\n');
    await expect(provider.getPrices('ABC', '2024-01-02', '2024-01-03')).resolves.toEqual([
      { time: '2024-01-02', open: 9, high: 10, low: 8.5, close: 9.5, volume: 200 },
      { time: '2024-01-03', open: 10, high: 11, low: 9, close: 10.5, volume: 100 },
    ]);
  });

  it.each([
    ['a value that is not a number', 'date,open,high,low,close,volume\n2024-01-02,9,10,8.5,9.5,200\n2024-01-03,10,eleven,9,10.5,100\n', 'prices/ABC.csv line 3: high "eleven" is not a number.'],
    ['a date that does not exist', 'date,open,high,low,close,volume\n2023-02-30,9,10,8.5,9.5,200\n', 'prices/ABC.csv line 2: date "2023-02-30" is not a date (YYYY-MM-DD).'],
    ['a missing column', 'date,open,high,low,close\n2024-01-02,9,10,8.5,9.5\n', 'prices/ABC.csv line 1: missing column volume.'],
    ['a low above the close', 'date,open,high,low,close,volume\n2024-01-02,9,10,9.6,9.5,200\n', 'prices/ABC.csv line 2: low 9.6 / high 10 do not bracket open 9 and close 9.5.'],
    ['a row with too many fields', 'date,open,high,low,close,volume\n2024-01-02,9,10,8.5,9.5,200,7\n', 'prices/ABC.csv line 2: Invalid Record Length: columns length is 6, got 7 on line 2.'],
    ['a date twice', 'date,open,high,low,close,volume\n2024-01-02,9,10,8.5,9.5,200\n2024-01-02,9,10,8.5,9.5,200\n', 'prices/ABC.csv: the date 2024-01-02 appears twice.'],
  ])('rejects %s, naming the file and line', async (_case, content, message) => {
    write('prices/ABC.csv', content);
    await expect(provider.getPrices('ABC', '2024-01-01', '2024-12-31')).rejects.toMatchObject({ reason: 'INVALID_DATA', code: 'VALIDATION', message });
  });

  it('says which file is missing', async () => {
    await expect(provider.getPrices('NOPE', '2024-01-01', '2024-01-31')).rejects.toMatchObject({
      reason: 'NOT_FOUND',
      message: 'No CSV data for NOPE: prices/NOPE.csv is missing from the market-data directory.',
    });
  });

  it('reloads a file after it changes', async () => {
    write('prices/ABC.csv', 'date,open,high,low,close,volume\n2024-01-02,9,10,8.5,9.5,200\n');
    expect(await provider.getPrices('ABC', '2024-01-01', '2024-01-31')).toHaveLength(1);
    write('prices/ABC.csv', 'date,open,high,low,close,volume\n2024-01-02,9,10,8.5,9.5,200\n2024-01-03,10,11,9,10.5,100\n');
    expect(await provider.getPrices('ABC', '2024-01-01', '2024-01-31')).toHaveLength(2);
  });

  it('validates the period of fundamentals and the sentiment of news', async () => {
    write('financial_metrics/ABC.csv', 'report_period,period,market_cap\n2024-03-31,ttm,1000\n2023-12-31,yearly,900\n');
    await expect(provider.getFinancialMetrics('ABC', '2024-12-31', 'ttm', 5)).rejects.toMatchObject({
      message: 'financial_metrics/ABC.csv line 3: period "yearly" must be one of ttm, annual, quarterly.',
    });
    write('news/ABC.csv', 'date,title,source,url,sentiment\n2024-03-01T10:00:00Z,Up,Wire,https://example.com/1,bullish\n');
    await expect(provider.getCompanyNews('ABC', '2024-12-31', null, 5)).rejects.toMatchObject({
      message: 'news/ABC.csv line 2: sentiment "bullish" must be one of positive, negative, neutral.',
    });
  });

  it('fills unlisted metrics with null and reads market cap from the latest row', async () => {
    write('financial_metrics/ABC.csv', 'report_period,period,market_cap,net_margin\n2024-03-31,ttm,1000,0.2\n2023-12-31,ttm,900,\n');
    const [latest, previous] = await provider.getFinancialMetrics('ABC', '2024-12-31', 'ttm', 5);
    expect(latest).toMatchObject({ ticker: 'ABC', report_period: '2024-03-31', market_cap: 1000, net_margin: 0.2, price_to_earnings_ratio: null, currency: 'USD' });
    expect(previous.net_margin).toBeNull();
    await expect(provider.getMarketCap('ABC', '2024-01-15')).resolves.toBe(900);
  });

  it('reads minute bars with the engine reader, on the CME trading day (17:00 CT the evening before → 17:00 CT)', async () => {
    // 2024-03-07 17:00 CST (23:00Z) opens trade date 2024-03-08; 2024-03-08 17:00 CST opens 2024-03-11.
    write('minute_bars/ES.csv', 'time,open,high,low,close,volume\n2024-03-07T16:59:00-06:00,4990,4990,4990,4990,1\n2024-03-07T23:00:00Z,4995,4995,4995,4995,2\n2024-03-08T08:31:00-06:00,5000,5001,4999,5000.5,10\n1710108000000,5001,5001,5001,5001,3\n2024-03-11T13:30:00Z,5010,5011,5009,5010,8\n');
    const bars = await provider.getMinuteBars('ES', '2024-03-08', '2024-03-08');
    expect(Array.from(bars.time)).toEqual([Date.UTC(2024, 2, 7, 23, 0), Date.UTC(2024, 2, 8, 14, 31)]);
    expect(Array.from(bars.close)).toEqual([4995, 5000.5]);
    await expect(provider.getMinuteBars('ES', '2024-03-11', '2024-03-11').then((b) => Array.from(b.time))).resolves.toEqual([1710108000000, Date.UTC(2024, 2, 11, 13, 30)]);
  });

  it('reads a named upload in any vendor format; errors name the file and line, with field csv_file', async () => {
    write('ES 03-24.Last.txt', '20240308 143100;5000;5001;4999;5000.5;10\n20240308 143200;5000.5;5002;5000;5001;12\n');
    const bars = await provider.getMinuteBars('ES', '2024-03-08', '2024-03-08', { barFile: { file: 'ES 03-24.Last.txt' } });
    expect(Array.from(bars.time)).toEqual([Date.UTC(2024, 2, 8, 14, 30), Date.UTC(2024, 2, 8, 14, 31)]);
    write('bad.csv', 'timestamp,open,high,low,close,volume\n2024-03-08T14:30:00Z,1,1,1,1,1\n2024-03-08T14:31:00Z,1,0.5,1,1,1\n');
    await expect(provider.getMinuteBars('ES', '2024-03-08', '2024-03-08', { barFile: { file: 'bad.csv' } })).rejects.toMatchObject({
      message: 'bad.csv line 3: prices must satisfy low <= open, close <= high (open 1, high 0.5, low 1, close 1).',
      errors: [{ field: 'csv_file', message: 'line 3: prices must satisfy low <= open, close <= high (open 1, high 0.5, low 1, close 1)' }],
    });
  });

  it('refuses a csv_file outside the directory and reports a missing one as not found', async () => {
    await expect(provider.getMinuteBars('ES', '2024-03-08', '2024-03-08', { barFile: { file: '../secrets.txt' } })).rejects.toMatchObject({ reason: 'INVALID_REQUEST', errors: [{ field: 'csv_file' }] });
    await expect(provider.getMinuteBars('ES', '2024-03-08', '2024-03-08', { barFile: { file: 'nope.txt' } })).rejects.toMatchObject({ reason: 'NOT_FOUND', message: 'No minute bars for ES: nope.txt is missing from the market-data directory.' });
  });
});
