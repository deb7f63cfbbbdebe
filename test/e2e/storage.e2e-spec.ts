import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createTestApp } from '../support/app';

describe('storage (e2e)', () => {
  let app: NestExpressApplication;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hf-storage-'));
    app = await createTestApp({ env: { DATA_DIR: dataDir } });
  });

  afterAll(async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('saves JSON under DATA_DIR/outputs without leaking the absolute path', async () => {
    const res = await request(app.getHttpServer())
      .post('/storage/save-json')
      .send({ filename: 'run_2026-01-02_09h30m00s.json', data: { decisions: { AAPL: { action: 'buy' } }, note: 'été' } })
      .expect(200);
    expect(res.body).toEqual({ success: true, message: 'File saved successfully to outputs/run_2026-01-02_09h30m00s.json', filename: 'run_2026-01-02_09h30m00s.json' });
    expect(JSON.stringify(res.body)).not.toContain(dataDir);
    const written = readFileSync(join(dataDir, 'outputs', 'run_2026-01-02_09h30m00s.json'), 'utf8');
    expect(JSON.parse(written)).toEqual({ decisions: { AAPL: { action: 'buy' } }, note: 'été' });
    expect(written).toContain('\n  "decisions"');
  });

  it('appends .json when missing', async () => {
    const res = await request(app.getHttpServer()).post('/storage/save-json').send({ filename: 'report', data: {} }).expect(200);
    expect(res.body.filename).toBe('report.json');
  });

  it.each(['../../etc/passwd', '/abs.json', 'a/b.json', '.hidden.json', 'with space.json', ''])('rejects the filename %j with 422', async (filename) => {
    const res = await request(app.getHttpServer()).post('/storage/save-json').send({ filename, data: {} }).expect(422);
    expect(res.body.errors[0].field).toBe('filename');
    expect(readdirSync(dataDir).filter((f) => f !== 'outputs')).toEqual([]);
  });

  it('rejects data that is not an object', async () => {
    const res = await request(app.getHttpServer()).post('/storage/save-json').send({ filename: 'x.json', data: [1, 2] }).expect(422);
    expect(res.body.errors).toEqual([{ field: 'data', message: 'data must be an object' }]);
  });

  it('uploads a CSV into market-data with a sanitised name', async () => {
    const csv = 'time,open,high,low,close,volume\n2024-01-02,1,2,0.5,1.5,100\n';
    const res = await request(app.getHttpServer())
      .post('/storage/upload?directory=market-data')
      .attach('file', Buffer.from(csv), { filename: '../My Prices (AAPL).csv', contentType: 'text/csv' })
      .expect(201);
    expect(res.body).toEqual({ filename: 'My_Prices_AAPL_.csv', directory: 'market-data', path: 'market-data/My_Prices_AAPL_.csv', size: csv.length, content_type: 'text/csv' });
    expect(readFileSync(join(dataDir, 'market-data', 'My_Prices_AAPL_.csv'), 'utf8')).toBe(csv);
  });

  it('refuses other file types, unknown directories, missing and oversized files', async () => {
    const exe = await request(app.getHttpServer()).post('/storage/upload').attach('file', Buffer.from('MZ'), 'tool.exe').expect(415);
    expect(exe.body.detail).toMatch(/Only \.csv, \.json, \.txt files/);
    const dir = await request(app.getHttpServer()).post('/storage/upload?directory=../etc').attach('file', Buffer.from('a'), 'a.csv').expect(422);
    expect(dir.body.errors[0].field).toBe('directory');
    const none = await request(app.getHttpServer()).post('/storage/upload').field('x', '1').expect(422);
    expect(none.body.errors[0].field).toBe('file');
    const big = await request(app.getHttpServer()).post('/storage/upload').attach('file', Buffer.alloc(50 * 1024 * 1024 + 1, 97), 'big.csv').expect(413);
    expect(big.headers['content-type']).toMatch(/problem\+json/);
    expect(existsSync(join(dataDir, 'uploads', 'big.csv'))).toBe(false);
  });
});
