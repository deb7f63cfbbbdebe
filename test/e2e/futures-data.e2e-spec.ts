import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { formatMinuteBars, parseIsoDay, SyntheticMarket } from '../../src/engine';
import { createTestApp } from '../support/app';

// The synthetic MES bars the server would generate, exported as a user's files: the csv provider
// reading them must give the very report the synthetic provider gives.
const BODY = { symbol: 'MES', start_date: '2024-01-02', end_date: '2024-02-29', account_size: '50K', strategy: { entry_mode: 'breakout' } };

describe('futures backtests on uploaded bar files (e2e)', () => {
  let app: NestExpressApplication;
  let dataDir: string;
  let mesBars: number;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hf-futures-data-'));
    app = await createTestApp({ env: { DATA_DIR: dataDir, MARKET_DATA_SEED: '42' } });
    const bars = new SyntheticMarket(42).minuteBars('MES', (parseIsoDay('2024-01-02') as number) - 110, parseIsoDay('2024-02-29') as number);
    mesBars = bars.time.length;
    const upload = async (name: string, content: string) => {
      await request(app.getHttpServer()).post('/storage/upload?directory=market-data').attach('file', Buffer.from(content), { filename: name, contentType: 'text/plain' }).expect(201);
    };
    await upload('MES 03-24.Last.txt', formatMinuteBars(bars, 'ninjatrader'));
    await upload('mes-databento.csv', formatMinuteBars(bars, 'databento', { contract: 'MESH4' }));
    await upload('mes-ny.txt', formatMinuteBars(bars, 'ninjatrader', { tz: 'America/New_York' }));
    // A March and a June ES contract over Jan–Mar 2024, the June one 40 points above (synthetic, seed 7).
    const es = new SyntheticMarket(7).minuteBars('ES', (parseIsoDay('2024-01-02') as number) - 110, parseIsoDay('2024-03-28') as number);
    const plus40 = { ...es, open: es.open.map((p) => p + 40), high: es.high.map((p) => p + 40), low: es.low.map((p) => p + 40), close: es.close.map((p) => p + 40) };
    await upload('ESH4.csv', formatMinuteBars(es, 'generic'));
    await upload('ESM4.csv', formatMinuteBars(plus40, 'generic'));
    await upload('broken.csv', 'timestamp,open,high,low,close,volume\n2024-01-02T14:30:00Z,4700,4701,4699,4700,10\n2024-01-02T14:31:00Z,4700,4701,4699,oops,10\n');
    // Several months of minute bars formatted and uploaded five times: generous on a busy machine (it is not a timing test).
  }, 180_000);

  afterAll(async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a NinjaTrader export and a Databento file give the synthetic provider\'s report (same sessions, same trades)', async () => {
    const synthetic = await request(app.getHttpServer()).post('/futures/backtest/report').send(BODY).expect(200);
    expect(synthetic.body.trades.length).toBeGreaterThan(0);
    for (const file of ['MES_03-24.Last.txt', 'mes-databento.csv']) {
      const res = await request(app.getHttpServer()).post('/futures/backtest/report').send({ ...BODY, data_provider: 'csv', csv_file: file }).expect(200);
      expect(res.body.data_source).toBe('csv');
      expect(res.body.sessions).toEqual(synthetic.body.sessions);
      expect(res.body.trades).toEqual(synthetic.body.trades);
      expect(res.body.verdict).toEqual(synthetic.body.verdict);
    }
  });

  it('the report says which data it used: provider, file, format, stamps, zone, contract, rows; the run\'s HTML report shows it', async () => {
    // The calendar lists the days it changed in the data: an override closes a day the bars have.
    const body = { ...BODY, calendar_overrides: ['2024-01-10=closed'] };
    const synthetic = await request(app.getHttpServer()).post('/futures/backtest/report').send(body).expect(200);
    expect(synthetic.body.data).toEqual({
      provider: 'synthetic',
      synthetic: true,
      symbol: 'MES',
      files: [],
      continuous: null,
      calendar: 'cme',
      calendar_days: [{ date: '2024-01-10', kind: 'closed', close_time: null, event: 'override', unconfirmed: false }],
    });
    const flow = await request(app.getHttpServer()).post('/flows').send({ name: 'data block', nodes: [], edges: [] }).expect(200);
    const nt = await request(app.getHttpServer()).post('/futures/backtest/report').send({ ...body, data_provider: 'csv', csv_file: 'MES_03-24.Last.txt', flow_id: flow.body.id }).expect(200);
    expect(nt.body.data).toEqual({ ...synthetic.body.data, provider: 'csv', synthetic: false, files: [{ name: 'MES_03-24.Last.txt', format: 'ninjatrader', stamp: 'close', time_zone: 'UTC', contract: null, rows: mesBars }] });
    const db = await request(app.getHttpServer()).post('/futures/backtest/report').send({ ...BODY, data_provider: 'csv', csv_file: 'mes-databento.csv' }).expect(200);
    expect(db.body.data.files).toEqual([{ name: 'mes-databento.csv', format: 'databento', stamp: 'open', time_zone: null, contract: 'MESH4', rows: mesBars }]);
    const page = await request(app.getHttpServer()).get(`/flows/${flow.body.id}/runs/${nt.body.run_id}/report.html`).expect(200);
    expect(page.text).toContain('<dt>Data used</dt><dd data-field="data">');
    expect(page.text).toContain(`MES from MES_03-24.Last.txt: ninjatrader (bar close stamps, naive stamps in UTC), ${mesBars.toLocaleString('en-US')} bars.`);
    expect(page.text).toContain('CME calendar: 2024-01-10 skipped (override).');
  });

  it('tz places a NinjaTrader file written in New York time; without it the bars shift by the zone offset', async () => {
    const synthetic = await request(app.getHttpServer()).post('/futures/backtest/report').send(BODY).expect(200);
    const right = await request(app.getHttpServer()).post('/futures/backtest/report').send({ ...BODY, data_provider: 'csv', csv_file: 'mes-ny.txt', tz: 'America/New_York' }).expect(200);
    expect(right.body.trades).toEqual(synthetic.body.trades);
    // Read as UTC, the 09:31 ET stamp of the opening minute becomes 03:30 CST: the opening range is 5-6 hours late.
    const wrong = await request(app.getHttpServer()).post('/futures/backtest/report').send({ ...BODY, data_provider: 'csv', csv_file: 'mes-ny.txt' }).expect(200);
    expect(wrong.body.trades).not.toEqual(synthetic.body.trades);
    expect(wrong.body.bars_processed).toBeLessThan(synthetic.body.bars_processed);
  });

  it('a file whose symbol column names another contract than symbol is a 422 naming both (an MES file is not priced as ES)', async () => {
    const res = await request(app.getHttpServer()).post('/futures/backtest/report').send({ ...BODY, symbol: 'ES', data_provider: 'csv', csv_file: 'mes-databento.csv' }).expect(422);
    const message = 'mes-databento.csv holds contract MESH4 (MES), but symbol is ES: give symbol MES or a file of ES bars.';
    expect(res.body.errors).toEqual([{ field: 'csv_file', message }]);
    await request(app.getHttpServer()).post('/futures/backtest').send({ ...BODY, symbol: 'ES', data_provider: 'csv', csv_file: 'mes-databento.csv' }).expect(422);
  });

  it('a bad line is a 422 naming csv_file and the line; csv_format that does not fit names line 1', async () => {
    const bad = await request(app.getHttpServer()).post('/futures/backtest/report').send({ ...BODY, data_provider: 'csv', csv_file: 'broken.csv' }).expect(422);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(bad.body.detail).toBe('broken.csv line 3: close "oops" is not a positive number.');
    expect(bad.body.errors).toEqual([{ field: 'csv_file', message: 'line 3: close "oops" is not a positive number' }]);
    const forced = await request(app.getHttpServer()).post('/futures/backtest/report').send({ ...BODY, data_provider: 'csv', csv_file: 'mes-databento.csv', csv_format: 'ninjatrader' }).expect(422);
    expect(forced.body.detail).toMatch(/^mes-databento\.csv line 1: expected a NinjaTrader minute line/);
  });

  it('the stream refuses what only the file can tell before it starts: a bad line is a 422, a missing file a 404, not an error event', async () => {
    const bad = await request(app.getHttpServer()).post('/futures/backtest').send({ ...BODY, data_provider: 'csv', csv_file: 'broken.csv' }).expect(422);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(bad.body.errors).toEqual([{ field: 'csv_file', message: 'line 3: close "oops" is not a positive number' }]);
    const missing = await request(app.getHttpServer()).post('/futures/backtest').send({ ...BODY, data_provider: 'csv', csv_file: 'nope.txt' }).expect(404);
    expect(missing.body.detail).toBe('No minute bars for MES: nope.txt is missing from the market-data directory.');
  });

  it('a sweep stream refuses a missing file (404) or a bad line (422) before it starts, and records no run', async () => {
    const flow = await request(app.getHttpServer()).post('/flows').send({ name: 'sweep on a missing file', nodes: [], edges: [] }).expect(200);
    const sweep = { sweep: [{ key: 'target_r', values: [1.5, 3] }], flow_id: flow.body.id };
    const missing = await request(app.getHttpServer()).post('/futures/sweep').send({ ...BODY, ...sweep, data_provider: 'csv', csv_file: 'nope.txt' }).expect(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(missing.body.detail).toBe('No minute bars for MES: nope.txt is missing from the market-data directory.');
    const bad = await request(app.getHttpServer()).post('/futures/sweep').send({ ...BODY, ...sweep, data_provider: 'csv', csv_file: 'broken.csv' }).expect(422);
    expect(bad.body.errors).toEqual([{ field: 'csv_file', message: 'line 3: close "oops" is not a positive number' }]);
    const runs = await request(app.getHttpServer()).get(`/flows/${flow.body.id}/runs`).expect(200);
    expect(runs.body).toEqual([]);
  });

  it('answers 404 for a missing file, 422 for a path outside market-data, a bad zone, a bad format, or csv_file on another provider', async () => {
    const missing = await request(app.getHttpServer()).post('/futures/backtest/report').send({ ...BODY, data_provider: 'csv', csv_file: 'nope.txt' }).expect(404);
    expect(missing.body.detail).toBe('No minute bars for MES: nope.txt is missing from the market-data directory.');
    const cases: [Record<string, unknown>, string][] = [
      [{ data_provider: 'csv', csv_file: '../../etc/passwd' }, 'csv_file'],
      [{ data_provider: 'csv', csv_file: 'mes-ny.txt', tz: 'Mars/Olympus' }, 'tz'],
      [{ data_provider: 'csv', csv_file: 'mes-ny.txt', csv_format: 'sierra' }, 'csv_format'],
      [{ data_provider: 'synthetic', csv_file: 'mes-ny.txt' }, 'csv_file'],
    ];
    for (const [extra, field] of cases) {
      const res = await request(app.getHttpServer()).post('/futures/backtest/report').send({ ...BODY, ...extra }).expect(422);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
  });

  it('the CME calendar shortens the day after Thanksgiving (12:15 CT close); calendar none does not; bad overrides are 422', async () => {
    // Filters off, a far stop and target: every session holds one contract until its forced exit.
    const strategy = { entry_mode: 'breakout', width_filter: false, trend_filter: false, volatility_filter: false, gap_filter: false, vwap_filter: false, stop_offset_ticks: 1000, target_r: 10, risk_per_trade_usd: 1e6 };
    const body = { symbol: 'MES', start_date: '2023-11-20', end_date: '2023-11-30', strategy, rules: { max_contracts: 1 } };
    const cme = await request(app.getHttpServer()).post('/futures/backtest/report').send(body).expect(200);
    const none = await request(app.getHttpServer()).post('/futures/backtest/report').send({ ...body, calendar: 'none' }).expect(200);
    expect(cme.body.sessions.map((s: { date: string }) => s.date)).toEqual(none.body.sessions.map((s: { date: string }) => s.date));
    const friday = (report: { trades: { session_date: string; exit_time: string; exit_reason: string }[] }) => report.trades.find((t) => t.session_date === '2023-11-24');
    expect(friday(cme.body)).toMatchObject({ exit_time: '2023-11-24T12:14:00-06:00', exit_reason: 'flat_by' });
    expect(friday(none.body)).toMatchObject({ exit_time: '2023-11-24T14:55:00-06:00', exit_reason: 'time_exit' });
    expect(cme.body.data.calendar_days).toEqual([{ date: '2023-11-24', kind: 'early_close', close_time: '12:15', event: 'Day after Thanksgiving', unconfirmed: false }]);
    expect(none.body.data).toMatchObject({ calendar: 'none', calendar_days: [] });
    const bad = await request(app.getHttpServer()).post('/futures/backtest/report').send({ ...body, calendar: 'nyse', calendar_overrides: ['2023-11-24=noon'] }).expect(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['calendar']));
    const badDay = await request(app.getHttpServer()).post('/futures/backtest/report').send({ ...body, calendar_overrides: ['2023-11-24=noon'] }).expect(422);
    expect(badDay.body.errors).toEqual([{ field: 'calendar_overrides[0]', message: expect.stringContaining('"2023-11-24=noon" must be YYYY-MM-DD=closed') }]);
  });

  it('rolls per-contract uploads: with difference back-adjustment the series is the June contract itself', async () => {
    const strategy = { entry_mode: 'breakout', width_filter: false, trend_filter: false, volatility_filter: false, gap_filter: false, vwap_filter: false };
    const body = { symbol: 'ES', start_date: '2024-02-01', end_date: '2024-03-28', data_provider: 'csv', strategy: { ...strategy, risk_per_trade_usd: 1e5 }, rules: { max_contracts: 1, max_loss_limit: 1e6, profit_target: 1e6, daily_loss_limit: null } };
    const june = await request(app.getHttpServer()).post('/futures/backtest/report').send({ ...body, csv_file: 'ESM4.csv' }).expect(200);
    const rolled = await request(app.getHttpServer()).post('/futures/backtest/report').send({ ...body, csv_files: ['ESH4.csv', 'ESM4.csv'], roll: 'days_before_expiry', roll_days: 8, back_adjust: 'difference' }).expect(200);
    expect(june.body.trades.length).toBeGreaterThan(0);
    expect(rolled.body.trades).toEqual(june.body.trades);
    expect(rolled.body.sessions).toEqual(june.body.sessions);
    // Raw splice: sessions before the roll (2024-03-07) trade the March contract, 40 points lower.
    const raw = await request(app.getHttpServer()).post('/futures/backtest/report').send({ ...body, csv_files: ['ESH4.csv', 'ESM4.csv'], roll: 'days_before_expiry' }).expect(200);
    const before = (r: { body: { trades: { session_date: string; entry_price: number }[] } }) => r.body.trades.filter((t) => t.session_date < '2024-03-07');
    expect(before(raw).length).toBeGreaterThan(0);
    expect(before(raw).map((t) => t.entry_price + 40)).toEqual(before(june).map((t) => t.entry_price));
  });

  it('the data block of a rolled series lists its files, segments and rolls; calendar days in the range only', async () => {
    const body = { symbol: 'ES', start_date: '2024-02-01', end_date: '2024-03-28', data_provider: 'csv', csv_files: ['ESH4.csv', 'ESM4.csv'], roll: 'days_before_expiry', roll_days: 8, back_adjust: 'difference' };
    const rolled = await request(app.getHttpServer()).post('/futures/backtest/report').send(body).expect(200);
    const { data } = rolled.body;
    expect(data.files.map((f: { name: string; format: string; contract: string }) => [f.name, f.format, f.contract])).toEqual([['ESH4.csv', 'generic', 'ESH2024'], ['ESM4.csv', 'generic', 'ESM2024']]);
    expect(data.continuous).toMatchObject({ roll: 'days_before_expiry', roll_days: 8, back_adjust: 'difference' });
    expect(data.continuous.rolls).toEqual([{ date: '2024-03-07', from: 'ESH2024', to: 'ESM2024', gap: 40, measured_at: expect.any(String) }]);
    expect(data.continuous.segments.map((seg: { contract: string; adjustment: number }) => [seg.contract, seg.adjustment])).toEqual([['ESH2024', 40], ['ESM2024', 0]]);
    expect(data.calendar_days).toEqual([]);
  });

  it('roll errors are 422s naming the field', async () => {
    const body = { symbol: 'ES', start_date: '2024-02-01', end_date: '2024-03-28', data_provider: 'csv' };
    const both = await request(app.getHttpServer()).post('/futures/backtest/report').send({ ...body, csv_file: 'ESM4.csv', csv_files: ['ESH4.csv'] }).expect(422);
    expect(both.body.errors[0].field).toBe('csv_files');
    const unnamed = await request(app.getHttpServer()).post('/futures/backtest/report').send({ ...body, csv_files: ['ESH4.csv', 'mes-ny.txt'] }).expect(422);
    expect(unnamed.body.errors).toEqual([{ field: 'csv_files', message: expect.stringContaining('cannot tell which contract mes-ny.txt holds') }]);
    const foreign = await request(app.getHttpServer()).post('/futures/backtest/report').send({ ...body, symbol: 'NQ', csv_files: ['ESH4.csv', 'ESM4.csv'] }).expect(422);
    expect(foreign.body.detail).toBe('ESH2024 is not a NQ contract.');
    const days = await request(app.getHttpServer()).post('/futures/backtest/report').send({ ...body, csv_files: ['ESH4.csv'], roll: 'days_before_expiry', roll_days: -1 }).expect(422);
    expect(days.body.errors[0].field).toBe('roll_days');
  });

  it('documents the data fields in OpenAPI', async () => {
    const res = await request(app.getHttpServer()).get('/docs-json').expect(200);
    const props = res.body.components.schemas.FuturesBacktestRequestDto.properties;
    expect(props.csv_format.enum).toEqual(['auto', 'ninjatrader', 'tradingview', 'databento', 'generic']);
    expect(Object.keys(props)).toEqual(expect.arrayContaining(['data_provider', 'csv_file', 'csv_format', 'tz', 'contract', 'calendar', 'calendar_overrides', 'csv_files', 'roll', 'roll_days', 'back_adjust']));
  });
});
