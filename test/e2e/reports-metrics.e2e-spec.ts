import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createTestApp } from '../support/app';

// The five-point curve worked by hand in src/engine/metrics/metrics.spec.ts (returns +10 %, -10 %, +10 %,
// +10 %): total return 19.79 %, max drawdown -10 % on 2024-01-03, 5 trades with a win rate of 50 %.
const EQUITY = [
  { date: '2024-01-01', value: 100 },
  { date: '2024-01-02', value: 110 },
  { date: '2024-01-03', value: 99 },
  { date: '2024-01-04', value: 108.9 },
  { date: '2024-01-05', value: 119.79 },
];
const TRADES = [
  { pnl: 50, risk: 10, exit_date: '2024-01-02', ticker: 'AAPL' },
  { pnl: -20, risk: 10, exit_date: '2024-01-03', ticker: '<b>X</b>' },
  { pnl: 0, risk: 10, exit_date: '2024-01-03' },
  { pnl: 30, risk: 10, exit_date: '2024-01-04' },
  { pnl: -10, risk: 10, exit_date: '2024-01-05' },
];
const EQUITY_CSV = ['date,value', ...EQUITY.map((p) => `${p.date},${p.value}`)].join('\n');
const TRADES_CSV = ['exit_date,pnl,risk', ...TRADES.map((t) => `${t.exit_date},${t.pnl},${t.risk}`)].join('\n');

/** `data-key` → `data-value` of every key-metric cell. */
function keyMetrics(html: string): Map<string, unknown> {
  return new Map([...html.matchAll(/data-key="([^"]+)" data-value="([^"]*)"/g)].map((m) => [m[1], JSON.parse(m[2].replace(/&quot;/g, '"')) as unknown]));
}

describe('POST /metrics/report.html', () => {
  let app: NestExpressApplication;

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  it('answers a self-contained HTML page with its own Content-Security-Policy', async () => {
    const res = await request(app.getHttpServer()).post('/metrics/report.html').send({ equity: EQUITY, trades: TRADES }).expect(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toMatch(/^default-src 'none'; script-src 'sha256-[A-Za-z0-9+/=]+'; style-src /);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.text).toMatch(/^<!doctype html>/);
    expect(res.text).toContain('<h1>Equity curve 2024-01-01 → 2024-01-05</h1>');
    expect(res.text).toContain('&lt;b&gt;X&lt;/b&gt;');
    expect(res.text).not.toContain('<b>X</b>');
  });

  it('shows the numbers of the POST /metrics answer to the same body, JSON and CSV alike', async () => {
    const json = (await request(app.getHttpServer()).post('/metrics').send({ equity: EQUITY, trades: TRADES }).expect(200)).body as Record<string, unknown>;
    const fromJson = keyMetrics((await request(app.getHttpServer()).post('/metrics/report.html').send({ equity: EQUITY, trades: TRADES }).expect(200)).text);
    const csv = `${EQUITY_CSV}\n\n${TRADES_CSV}\n`;
    const fromCsv = keyMetrics((await request(app.getHttpServer()).post('/metrics/report.html').set('content-type', 'text/csv').send(csv).expect(200)).text);
    const metricKeys = [...fromJson.keys()].filter((key) => key.startsWith('metrics.') && !key.includes('.max_drawdown_details.'));
    expect(metricKeys.length).toBeGreaterThan(30);
    for (const key of metricKeys) expect([key, fromJson.get(key)]).toEqual([key, json[key.slice('metrics.'.length)] ?? null]);
    expect(fromJson.get('metrics.max_drawdown_details.time_to_recovery_trading_days')).toBe(2);
    expect(fromJson.get('metrics.total_return_pct')).toBeCloseTo(19.79, 10);
    expect(fromJson.get('metrics.win_rate_pct')).toBe(50);
    expect(fromJson.get('counters.opening_range_breaks')).toBeNull();
    expect(fromCsv).toEqual(new Map([...fromJson].map(([k, v]) => [k, v])));
  });

  it('takes multipart CSV files as POST /metrics does', async () => {
    const res = await request(app.getHttpServer())
      .post('/metrics/report.html')
      .attach('equity', Buffer.from(EQUITY_CSV), 'my-curve.csv')
      .attach('trades', Buffer.from(TRADES_CSV), 'trades.csv')
      .expect(200);
    expect(res.text).toContain('uploaded by the user (my-curve.csv)');
    expect(keyMetrics(res.text).get('metrics.total_trades')).toBe(5);
  });

  it('answers bad input with the problem details of POST /metrics', async () => {
    const bad = { equity: [EQUITY[0], { date: '2024-01-02', value: -5 }] };
    const html = await request(app.getHttpServer()).post('/metrics/report.html').send(bad).expect(422);
    const json = await request(app.getHttpServer()).post('/metrics').send(bad).expect(422);
    expect(html.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(html.body.detail).toBe(json.body.detail);
    expect(html.body.errors).toEqual(json.body.errors);

    const csv = await request(app.getHttpServer()).post('/metrics/report.html').set('content-type', 'text/csv').send('date,value\n2024-01-01,100\n2024-01-02,abc\n').expect(422);
    expect(csv.body.detail).toContain('CSV body line 3');

    await request(app.getHttpServer()).post('/metrics/report.html').set('content-type', 'application/json').send('{"equity": [').expect(400);
    const unsupported = await request(app.getHttpServer()).post('/metrics/report.html').set('content-type', 'application/xml').send('<x/>').expect(415);
    expect(unsupported.body.detail).toContain('report.html');
  });
});
