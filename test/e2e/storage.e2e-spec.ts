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

  it.each([
    ['été 2024.csv', 'ete_2024.csv'],
    ['Résumé — Q1.txt', 'Resume_Q1.txt'],
    ['ｆｕｌｌｗｉｄｔｈ.json', 'fullwidth.json'],
  ])('sanitises the unicode name %j to %j instead of refusing it', async (original, stored) => {
    const res = await request(app.getHttpServer()).post('/storage/upload').attach('file', Buffer.from('a,b\n1,2\n'), original).expect(201);
    expect(res.body.filename).toBe(stored);
    expect(readFileSync(join(dataDir, 'uploads', stored), 'utf8')).toBe('a,b\n1,2\n');
  });

  it('names a file whose stem has no Latin letters after a hash of the original name (the same name, the same file)', async () => {
    const first = await request(app.getHttpServer()).post('/storage/upload').attach('file', Buffer.from('x\n'), '数据.csv').expect(201);
    expect(first.body.filename).toMatch(/^upload-[0-9a-f]{8}\.csv$/);
    const again = await request(app.getHttpServer()).post('/storage/upload').attach('file', Buffer.from('y\n'), '数据.csv').expect(201);
    expect(again.body.filename).toBe(first.body.filename);
    const other = await request(app.getHttpServer()).post('/storage/upload').attach('file', Buffer.from('z\n'), '股票.csv').expect(201);
    expect(other.body.filename).not.toBe(first.body.filename);
  });

  it.each([
    ['a PNG named .csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]), 'chart.csv', /holds a PNG file \(image\/png\), not text/],
    ['a ZIP named .json', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0x61, 0x61]), 'data.json', /not text|ZIP/],
    ['Latin-1 bytes', Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]), 'menu.txt', /is not UTF-8 text/],
    ['NUL bytes', Buffer.from('a,b\n1,\u0000\n'), 'nul.csv', /control character U\+0000/],
  ])('refuses %s with 415, stores nothing', async (_label, content, name, detail) => {
    const res = await request(app.getHttpServer()).post('/storage/upload').attach('file', content, name).expect(415);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body.detail).toMatch(detail);
    expect(existsSync(join(dataDir, 'uploads', name))).toBe(false);
  });
});
