import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createTestApp } from '../support/app';

// The five-point curve worked by hand in src/engine/metrics/metrics.spec.ts: returns +10 %, -10 %,
// +10 %, +10 %; total 19.79 %; Sharpe 0.05/0.1·√252; Sortino √252; max drawdown -10 % (110 → 99).
const EQUITY = [
  { date: '2024-01-01', value: 100 },
  { date: '2024-01-02', value: 110 },
  { date: '2024-01-03', value: 99 },
  { date: '2024-01-04', value: 108.9 },
  { date: '2024-01-05', value: 119.79 },
];
const TRADES = [
  { pnl: 50, risk: 10, exit_date: '2024-01-02' },
  { pnl: -20, risk: 10, exit_date: '2024-01-03' },
  { pnl: 0, risk: 10, exit_date: '2024-01-03' },
  { pnl: 30, risk: 10, exit_date: '2024-01-04' },
  { pnl: -10, risk: 10, exit_date: '2024-01-05' },
];
const EQUITY_CSV = ['date,value', ...EQUITY.map((p) => `${p.date},${p.value}`)].join('\n');
const TRADES_CSV = ['exit_date,pnl,risk', ...TRADES.map((t) => `${t.exit_date},${t.pnl},${t.risk}`)].join('\n');

function expectHandWorkedMetrics(body: Record<string, unknown>): void {
  expect(body.total_return as number).toBeCloseTo(0.1979, 12);
  expect(body.sharpe_ratio as number).toBeCloseTo(7.937253933193772, 10);
  expect(body.sortino_ratio as number).toBeCloseTo(15.874507866387544, 10);
  expect(body.max_drawdown_pct as number).toBeCloseTo(-10, 10);
  expect(body).toMatchObject({
    points: 5,
    max_drawdown_peak_date: '2024-01-02',
    max_drawdown_trough_date: '2024-01-03',
    max_drawdown_recovery_date: '2024-01-05',
    profitable_days_pct: 75,
    total_trades: 5,
    break_even_trades: 1,
    win_rate_pct: 50,
    expectancy: 10,
    expectancy_r: 1,
  });
}

/** Day d after 2000-01-01 as YYYY-MM-DD (test-side formatting through Date, unlike the engine). */
function isoDay(d: number): string {
  return new Date(Date.UTC(2000, 0, 1) + d * 86_400_000).toISOString().slice(0, 10);
}

/** Streams a generated body to the app without holding it in memory; resolves on the response. */
function streamBody(app: NestExpressApplication, contentType: string, chunks: () => Generator<string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const { port } = (app.getHttpServer() as { address(): AddressInfo }).address();
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = httpRequest({ host: '127.0.0.1', port, path: '/metrics', method: 'POST', headers: { 'content-type': contentType } }, (res) => {
      answered = true;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      const settle = (): void => {
        try {
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> });
        } catch (error) {
          reject(error as Error);
        }
      };
      res.on('end', settle);
    });
    req.on('error', reject);
    const source = chunks();
    const pump = (): void => {
      for (let next = source.next(); !next.done; next = source.next()) {
        // Stop once the server has answered (it drops the rest of a rejected body).
        if (answered) break;
        if (!req.write(next.value)) {
          req.once('drain', pump);
          return;
        }
      }
      req.end();
    };
    pump();
  });
}

describe('POST /metrics (e2e)', () => {
  let app: NestExpressApplication;

  beforeAll(async () => {
    app = await createTestApp();
    await app.listen(0, '127.0.0.1');
  });

  afterAll(async () => {
    await app.close();
  });

  it('computes every metric of a JSON body, with the anchor metrics and the daily P&L', async () => {
    const res = await request(app.getHttpServer())
      .post('/metrics')
      .send({ equity: EQUITY, trades: TRADES, positions: [{ ticker: 'AAPL', long: 10, short: 0, price: 5 }, { ticker: 'MSFT', long: 0, short: 4, price: 5 }] })
      .expect(200);
    expectHandWorkedMetrics(res.body as Record<string, unknown>);
    expect(res.body.performance_metrics).toEqual({
      sharpe_ratio: res.body.sharpe_ratio,
      sortino_ratio: res.body.sortino_ratio,
      max_drawdown: res.body.max_drawdown_pct,
      max_drawdown_date: '2024-01-03',
      long_short_ratio: 2.5,
      gross_exposure: 70,
      net_exposure: 30,
    });
    // The daily series as five parallel columns, worked by hand: 100 → 110 → 99 → 108.9 → 119.79.
    expect(Object.keys(res.body.daily_pnl)).toEqual(['dates', 'equity', 'pnl', 'drawdown', 'returns']);
    expect(res.body.daily_pnl.dates).toEqual(['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05']);
    expect(res.body.daily_pnl.equity).toEqual([110, 99, expect.closeTo(108.9, 9), 119.79]);
    expect(res.body.daily_pnl.pnl).toEqual([10, -11, expect.closeTo(9.9, 9), expect.closeTo(10.89, 9)]);
    expect(res.body.daily_pnl.drawdown).toEqual([0, expect.closeTo(-0.1, 12), expect.closeTo(-0.01, 12), 0]);
    expect(res.body.daily_pnl.returns).toEqual([expect.closeTo(0.1, 12), expect.closeTo(-0.1, 12), expect.closeTo(0.1, 12), expect.closeTo(0.1, 12)]);
  });

  it('is documented in the OpenAPI document with its three body types', async () => {
    const res = await request(app.getHttpServer()).get('/docs-json').expect(200);
    const operation = res.body.paths['/metrics'].post;
    expect(Object.keys(operation.requestBody.content).sort()).toEqual(['application/json', 'multipart/form-data', 'text/csv']);
    expect(operation.responses['200'].content['application/json'].schema.$ref).toBe('#/components/schemas/MetricsResponseDto');
    expect(res.body.components.schemas.MetricsResponseDto.properties.max_drawdown_details.nullable).toBe(true);
    expect(res.body.components.schemas.MetricsResponseDto.properties.daily_pnl.allOf ?? [res.body.components.schemas.MetricsResponseDto.properties.daily_pnl]).toContainEqual(
      expect.objectContaining({ $ref: '#/components/schemas/DailyPnlSeriesDto' }),
    );
    const series = res.body.components.schemas.DailyPnlSeriesDto;
    expect(Object.keys(series.properties)).toEqual(['dates', 'equity', 'pnl', 'drawdown', 'returns']);
    expect(series.properties.dates).toMatchObject({ type: 'array', items: { type: 'string' } });
    expect(series.properties.returns).toMatchObject({ type: 'array', items: { type: 'number' } });
  });

  it('gives null with a reason, never NaN or Infinity', async () => {
    const res = await request(app.getHttpServer())
      .post('/metrics/')
      .send({ equity: [{ date: '2024-01-01', value: 100 }, { date: '2024-01-02', value: 100 }, { date: '2024-01-03', value: 100 }], trades: [{ pnl: 5, exit_date: '2024-01-02' }] })
      .expect(200);
    expect(res.body).toMatchObject({ sharpe_ratio: null, sortino_ratio: null, profit_factor: null, calmar_ratio: null, profitable_days_pct: null });
    expect(res.body.metric_notes).toMatchObject({
      sharpe_ratio: 'undefined: the returns have zero volatility',
      profit_factor: 'undefined: no losing trade (infinite)',
      profitable_days_pct: 'undefined: every day is flat',
    });
  });

  it('accepts the equity curve in columns', async () => {
    const res = await request(app.getHttpServer())
      .post('/metrics?include_daily_pnl=false')
      .send({ equity: { dates: EQUITY.map((p) => p.date), values: EQUITY.map((p) => p.value) }, trades: TRADES })
      .expect(200);
    expectHandWorkedMetrics(res.body as Record<string, unknown>);
    expect(res.body.daily_pnl).toEqual({ dates: [], equity: [], pnl: [], drawdown: [], returns: [] });
  });

  it('accepts a text/csv body holding the equity table, a blank line and the trades table', async () => {
    const res = await request(app.getHttpServer())
      .post('/metrics?risk_free_rate=0&periods_per_year=252')
      .set('content-type', 'text/csv')
      .send(`${EQUITY_CSV}\n\n${TRADES_CSV}\n`)
      .expect(200);
    expectHandWorkedMetrics(res.body as Record<string, unknown>);
  });

  it('accepts quoted CSV (parsed by csv-parse) with CRLF line ends', async () => {
    const quoted = ['"date","value"', ...EQUITY.map((p) => `"${p.date}","${p.value}"`)].join('\r\n');
    const res = await request(app.getHttpServer()).post('/metrics').set('content-type', 'text/csv').send(quoted).expect(200);
    expect(res.body.total_return).toBeCloseTo(0.1979, 12);
  });

  it('accepts multipart/form-data CSV files "equity" and "trades", naming the file in errors', async () => {
    const res = await request(app.getHttpServer())
      .post('/metrics?include_daily_pnl=false')
      .attach('equity', Buffer.from(EQUITY_CSV), 'my equity.csv')
      .attach('trades', Buffer.from(TRADES_CSV), 'trades.csv')
      .expect(200);
    expectHandWorkedMetrics(res.body as Record<string, unknown>);
    const bad = await request(app.getHttpServer())
      .post('/metrics')
      .attach('equity', Buffer.from(EQUITY_CSV), 'equity.csv')
      .attach('trades', Buffer.from('exit_date,pnl\n2024-01-02,abc\n'), '../../etc/trades<1>.csv')
      .expect(422);
    expect(bad.body.errors).toEqual([{ field: 'trades[0].pnl', message: 'trades_1_.csv line 2: pnl must be a number; got "abc".' }]);
    const missing = await request(app.getHttpServer()).post('/metrics').attach('trades', Buffer.from(TRADES_CSV), 'trades.csv').expect(422);
    expect(missing.body.detail).toBe('The multipart upload needs an "equity" CSV file.');
    const unexpected = await request(app.getHttpServer()).post('/metrics').attach('prices', Buffer.from(EQUITY_CSV), 'p.csv').expect(422);
    expect(unexpected.body.detail).toMatch(/one "equity" file and at most one "trades" file/);
  });

  it('a binary file (a PNG) as the equity or trades file is a 415 with a short detail, never its bytes', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), Buffer.from('IHDR'), Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89])]);
    for (const path of ['/metrics', '/metrics/report.html']) {
      const image = await request(app.getHttpServer()).post(path).attach('equity', png, 'chart.png').expect(415);
      expect(image.body.detail).toBe('"chart.png" is not UTF-8 text; upload a CSV file encoded as UTF-8.');
    }
    const control = await request(app.getHttpServer()).post('/metrics').attach('equity', Buffer.from(EQUITY_CSV), 'e.csv').attach('trades', Buffer.from('exit_date,pnl\n\u0001\n'), 't.csv').expect(415);
    expect(control.body.detail).toBe('"t.csv" is not text: it holds the control character U+0001; upload a CSV file.');
  });

  it.each([
    ['unsorted dates', { equity: [EQUITY[0], EQUITY[2], EQUITY[1]] }, 'equity[2].date', /2024-01-02 is before the previous date 2024-01-03/],
    ['a duplicate date', { equity: [EQUITY[0], EQUITY[1], EQUITY[1]] }, 'equity[2].date', /duplicates the previous date/],
    ['a non-positive value', { equity: [EQUITY[0], { date: '2024-01-02', value: -5 }] }, 'equity[1].value', /finite number > 0; got -5/],
    ['a single point', { equity: [EQUITY[0]] }, 'equity', /at least 2 points/],
    ['a string value', { equity: [EQUITY[0], { date: '2024-01-02', value: '110' }] }, 'equity[1].value', /got "110"/],
    ['a null value', { equity: [EQUITY[0], { date: '2024-01-02', value: null }] }, 'equity[1].value', /got null/],
    ['a bad trade', { equity: EQUITY, trades: [{ pnl: 1, exit_date: '2024-13-01' }] }, 'trades[0].exit_date', /YYYY-MM-DD/],
    ['a bad setting', { equity: EQUITY, periods_per_year: 0 }, 'periods_per_year', /> 0/],
    ['no equity', { trades: TRADES }, 'equity', /must be an array/],
  ])('answers 422 naming the row for %s', async (_case, body, field, message) => {
    const res = await request(app.getHttpServer()).post('/metrics').send(body).expect(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors[0].field).toBe(field);
    expect(res.body.detail).toMatch(message);
  });

  it('names the CSV line of a NaN value and of an unsorted date', async () => {
    const nan = await request(app.getHttpServer()).post('/metrics').set('content-type', 'text/csv').send('date,value\n2024-01-01,100\n2024-01-02,NaN\n').expect(422);
    expect(nan.body.errors).toEqual([{ field: 'equity[1].value', message: 'CSV body line 3: value must be a number; got "NaN".' }]);
    const unsorted = await request(app.getHttpServer()).post('/metrics').set('content-type', 'text/csv').send('date,value\n2024-01-02,100\n2024-01-01,101\n').expect(422);
    expect(unsorted.body.detail).toBe('CSV body line 3: equity[1].date 2024-01-01 is before the previous date 2024-01-02; dates must be strictly increasing.');
  });

  it('answers 400 to malformed JSON and 415 to another media type', async () => {
    const bad = await request(app.getHttpServer()).post('/metrics').set('content-type', 'application/json').send('{"equity": [').expect(400);
    expect(bad.body.detail).toMatch(/^The request body is not valid JSON/);
    const xml = await request(app.getHttpServer()).post('/metrics').set('content-type', 'application/xml').send('<equity/>').expect(415);
    expect(xml.body.detail).toBe('POST /metrics takes application/json, text/csv, multipart/form-data; got Content-Type application/xml.');
  });

  it('computes a million-point CSV curve (alternating 100 and 101) with values known in closed form', async () => {
    const lines = ['date,value'];
    for (let i = 0; i < 1_000_000; i += 1) lines.push(`${isoDay(i)},${i % 2 === 0 ? 100 : 101}`);
    const res = await request(app.getHttpServer()).post('/metrics?include_daily_pnl=false').set('content-type', 'text/csv').send(lines.join('\n')).expect(200);
    // 999,999 returns: 500,000 of +1 % and 499,999 of 100/101 - 1; every fall is 101 → 100.
    expect(res.body).toMatchObject({
      points: 1_000_000,
      periods: 999_999,
      profitable_days: 500_000,
      losing_days: 499_999,
      longest_losing_streak_days: 1,
      max_drawdown_peak_date: isoDay(1),
      max_drawdown_trough_date: isoDay(2),
      max_drawdown_recovery_date: isoDay(3),
      end_value: 101,
      daily_pnl: { dates: [], equity: [], pnl: [], drawdown: [], returns: [] },
    });
    expect(res.body.max_drawdown).toBeCloseTo(100 / 101 - 1, 12);
    expect(res.body.total_return).toBeCloseTo(0.01, 12);
  }, 120_000);

  it('computes a million-point JSON curve with its daily series', async () => {
    const equity = Array.from({ length: 1_000_000 }, (_, i) => ({ date: isoDay(i), value: 1000 + (i % 7) }));
    const res = await request(app.getHttpServer()).post('/metrics').send({ equity }).expect(200);
    const daily = res.body.daily_pnl as Record<string, unknown[]>;
    for (const column of Object.values(daily)) expect(column).toHaveLength(999_999);
    expect([daily.dates[6], daily.pnl[6], daily.equity[6]]).toEqual([isoDay(7), -6, 1000]);
    expect(daily.returns[6]).toBeCloseTo(1000 / 1006 - 1, 12);
    expect(daily.drawdown[6]).toBeCloseTo(1000 / 1006 - 1, 12);
    expect(daily.dates[999_998]).toBe(isoDay(999_999));
    expect(res.body.max_drawdown_money).toBe(-6);
  }, 120_000);

  it('rejects ten million CSV points with 422 naming the limit, without buffering them', async () => {
    function* tenMillionLines(): Generator<string> {
      yield 'date,value\n';
      for (let block = 0; block < 10_000; block += 1) {
        let text = '';
        for (let i = 0; i < 1000; i += 1) text += `2000-01-01,${block * 1000 + i + 1}\n`;
        yield text;
      }
    }
    const res = await streamBody(app, 'text/csv', tenMillionLines);
    expect(res.status).toBe(422);
    expect(res.body.detail).toBe('The CSV body has more than 4000003 lines; POST /metrics accepts at most 2000000 equity points and 2000000 trades (METRICS_MAX_POINTS).');
  }, 120_000);

  it('rejects a JSON body over the route limit with 413 naming the limit', async () => {
    function* tenMillionPoints(): Generator<string> {
      yield '{"equity":[';
      for (let block = 0; block < 10_000; block += 1) {
        let text = '';
        for (let i = 0; i < 1000; i += 1) text += `${block + i === 0 ? '' : ','}{"date":"2000-01-01","value":${block * 1000 + i + 1}}`;
        yield text;
      }
      yield ']}';
    }
    const res = await streamBody(app, 'application/json', tenMillionPoints);
    expect(res.status).toBe(413);
    expect(res.body.detail).toBe('The request body is larger than the 128 MB limit of POST /metrics (METRICS_BODY_LIMIT_MB).');
  }, 120_000);
});

describe('POST /metrics with small configured limits (e2e)', () => {
  let app: NestExpressApplication;

  beforeAll(async () => {
    app = await createTestApp({ env: { METRICS_BODY_LIMIT_MB: '1', METRICS_MAX_POINTS: '3' } });
  });

  afterAll(async () => {
    await app.close();
  });

  it('answers 413 above METRICS_BODY_LIMIT_MB', async () => {
    const res = await request(app.getHttpServer()).post('/metrics').set('content-type', 'text/csv').send(`date,value\n${'2024-01-01,1\n'.repeat(100_000)}`).expect(413);
    expect(res.body.detail).toBe('The request body is larger than the 1 MB limit of POST /metrics (METRICS_BODY_LIMIT_MB).');
  });

  it('answers 413 to a multipart file above METRICS_BODY_LIMIT_MB', async () => {
    const res = await request(app.getHttpServer()).post('/metrics').attach('equity', Buffer.from(`date,value\n${'2024-01-01,1\n'.repeat(100_000)}`), 'big.csv').expect(413);
    expect(res.body.detail).toBe('An uploaded file is larger than the 1 MB limit of POST /metrics (METRICS_BODY_LIMIT_MB).');
  });

  it('answers 422 above METRICS_MAX_POINTS for JSON and CSV', async () => {
    const json = await request(app.getHttpServer()).post('/metrics').send({ equity: [...EQUITY] }).expect(422);
    expect(json.body.errors).toEqual([{ field: 'equity', message: 'equity has 5 points; the limit is 3 points (METRICS_MAX_POINTS).' }]);
    const csv = await request(app.getHttpServer()).post('/metrics').set('content-type', 'text/csv').send(EQUITY_CSV).expect(422);
    expect(csv.body.detail).toBe('CSV body has 5 points; the limit is 3 points (METRICS_MAX_POINTS).');
  });

  it('keeps the app-wide 10 MB JSON limit on other routes', async () => {
    const res = await request(app.getHttpServer()).post('/health').send({ blob: 'x'.repeat(11 * 1024 * 1024) }).expect(413);
    expect(res.body.detail).toBe('The request body is larger than the 10 MB limit.');
  });
});

describe('POST /metrics behind a bearer token (e2e)', () => {
  const token = 'metrics-e2e-token-0123456789';
  let app: NestExpressApplication;

  beforeAll(async () => {
    app = await createTestApp({ env: { AUTH_TOKEN: token } });
  });

  afterAll(async () => {
    await app.close();
  });

  it('checks the token before reading the body', async () => {
    const denied = await request(app.getHttpServer()).post('/metrics').set('content-type', 'text/csv').send(EQUITY_CSV).expect(401);
    expect(denied.body.detail).toBe('This server requires an Authorization: Bearer <token> header.');
    const res = await request(app.getHttpServer()).post('/metrics').set('authorization', `Bearer ${token}`).set('content-type', 'text/csv').send(EQUITY_CSV).expect(200);
    expect(res.body.total_return).toBeCloseTo(0.1979, 12);
  });
});
