import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createTestApp } from '../support/app';
import { FakeOllama } from '../support/fake-ollama';
import { collectText, parseSse } from '../support/sse';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('Ollama (e2e, fake Ollama server on loopback)', () => {
  let fake: FakeOllama;
  let app: NestExpressApplication;

  beforeAll(async () => {
    fake = await new FakeOllama({ installed: ['llama3.1:latest', 'gemma3:4b'] }).start();
    app = await createTestApp({ env: { OLLAMA_BASE_URL: fake.url, PATH: '' } });
  });

  afterAll(async () => {
    await app.close();
    await fake.stop();
  });

  it('reports the running server and its models', async () => {
    const res = await request(app.getHttpServer()).get('/ollama/status').expect(200);
    expect(res.body).toEqual({ installed: true, running: true, available_models: ['llama3.1:latest', 'gemma3:4b'], server_url: fake.url, error: null });
  });

  it('lists installed models and shows one', async () => {
    const list = await request(app.getHttpServer()).get('/ollama/models').expect(200);
    expect(list.body.map((m: { name: string }) => m.name)).toEqual(['llama3.1:latest', 'gemma3:4b']);
    expect(list.body[0]).toMatchObject({ size: 4_920_753_328, details: { family: 'llama' } });
    const show = await request(app.getHttpServer()).get('/ollama/models/llama3.1:latest').expect(200);
    expect(show.body).toMatchObject({ modelfile: 'FROM llama3.1:latest' });
    const missing = await request(app.getHttpServer()).get('/ollama/models/nope:1b').expect(404);
    expect(missing.body.detail).toBe('Model nope:1b is not installed');
  });

  it('serves the recommended list', async () => {
    const res = await request(app.getHttpServer()).get('/ollama/models/recommended').expect(200);
    expect(res.body).toHaveLength(11);
    expect(res.body).toContainEqual({ display_name: '[meta] llama3.1 (8B)', model_name: 'llama3.1:latest', provider: 'Ollama' });
  });

  it('streams a pull as data-only frames and completes only on success, not when the first layer is full', async () => {
    const res = await request(app.getHttpServer()).post('/ollama/models/download/progress').send({ model_name: 'qwen3:4b' }).buffer(true).parse(collectText).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
    const frames = parseSse(res.body as string);
    expect(frames.every((f) => f.event === null)).toBe(true);
    const statuses = frames.map((f) => (f.data as { status: string }).status);
    expect(statuses[0]).toBe('starting');
    expect(statuses.at(-1)).toBe('completed');
    expect(statuses.filter((s) => s === 'completed')).toHaveLength(1);
    const firstLayerFull = frames.find((f) => (f.data as { phase?: string; bytes_downloaded?: number }).bytes_downloaded === 1000);
    expect(firstLayerFull?.data).toMatchObject({ status: 'downloading', percentage: 100, total_bytes: 1000 });
    const bothLayers = frames.map((f) => f.data as { bytes_downloaded?: number; total_bytes?: number }).find((d) => d.total_bytes === 4000 && d.bytes_downloaded === 2500);
    expect(bothLayers).toMatchObject({ percentage: 62.5 });
    expect(fake.installed.has('qwen3:4b')).toBe(true);
    const progress = await request(app.getHttpServer()).get('/ollama/models/download/progress/qwen3:4b').expect(200);
    expect(progress.body).toMatchObject({ status: 'completed', percentage: 100 });
  });

  it('reports an upstream pull error as the final frame', async () => {
    const res = await request(app.getHttpServer()).post('/ollama/models/pull').send({ model_name: 'missing:1b' }).buffer(true).parse(collectText).expect(200);
    const last = parseSse(res.body as string).at(-1)?.data;
    expect(last).toEqual({ status: 'error', message: 'Failed to download missing:1b', error: 'pull model manifest: file does not exist' });
  });

  it('cancels a pull for real: the upstream request is aborted', async () => {
    const stream = request(app.getHttpServer()).post('/ollama/models/pull').send({ model_name: 'slow:7b' }).buffer(true).parse(collectText);
    const streamed = stream.then((r) => r);
    let active: Record<string, unknown> = {};
    for (let i = 0; i < 100 && active['slow:7b'] === undefined; i += 1) {
      await new Promise((r) => setTimeout(r, 20));
      active = (await request(app.getHttpServer()).get('/ollama/models/downloads/active')).body as Record<string, unknown>;
    }
    expect(active['slow:7b']).toMatchObject({ status: expect.stringMatching(/^(starting|downloading)$/) });
    await request(app.getHttpServer()).delete('/ollama/models/slow:7b/download').expect(200, { success: true, message: 'Download cancelled for slow:7b' });
    const res = await streamed;
    expect(parseSse(res.body as string).at(-1)?.data).toMatchObject({ status: 'cancelled', error: 'Download cancelled by user' });
    for (let i = 0; i < 50 && !fake.pullsAborted.includes('slow:7b'); i += 1) await new Promise((r) => setTimeout(r, 20));
    expect(fake.pullsAborted).toContain('slow:7b');
    expect(fake.installed.has('slow:7b')).toBe(false);
    await request(app.getHttpServer()).delete('/ollama/models/download/slow:7b').expect(404);
  });

  it('validates the model name before streaming', async () => {
    const res = await request(app.getHttpServer()).post('/ollama/models/download/progress').send({ model_name: 'bad name!' }).expect(422);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body.errors).toEqual([{ field: 'model_name', message: 'model_name must look like name or name:tag' }]);
  });

  it('downloads without streaming and deletes a model', async () => {
    await request(app.getHttpServer()).post('/ollama/models/download').send({ model_name: 'gemma3:12b' }).expect(200, { success: true, message: 'Model gemma3:12b downloaded successfully' });
    await request(app.getHttpServer()).delete('/ollama/models/gemma3:12b').expect(200, { success: true, message: 'Model gemma3:12b deleted successfully' });
    await request(app.getHttpServer()).delete('/ollama/models/gemma3:12b').expect(404);
  });

  it('does not stop a server it did not start', async () => {
    const res = await request(app.getHttpServer()).post('/ollama/stop').expect(409);
    expect(res.body.detail).toMatch(/not started by this backend/);
  });

  it('404s progress of an unknown download', async () => {
    const res = await request(app.getHttpServer()).get('/ollama/models/download/progress/never:1b').expect(404);
    expect(res.body.detail).toBe('No active download found for model: never:1b');
  });
});

describe('Ollama not installed (e2e)', () => {
  let app: NestExpressApplication;

  beforeAll(async () => {
    app = await createTestApp({ env: { OLLAMA_BASE_URL: `http://127.0.0.1:${await freePort()}`, PATH: '', OLLAMA_TIMEOUT_MS: '500' } });
  });

  afterAll(async () => {
    await app.close();
  });

  it('reports not installed, not running', async () => {
    const res = await request(app.getHttpServer()).get('/ollama/status').expect(200);
    expect(res.body).toMatchObject({ installed: false, running: false, available_models: [], error: 'Ollama is not installed on this system' });
  });

  it('refuses to start and to pull with 400 problems, before any SSE frame', async () => {
    const start = await request(app.getHttpServer()).post('/ollama/start').expect(400);
    expect(start.body.detail).toBe('Ollama is not installed on this system');
    const pull = await request(app.getHttpServer()).post('/ollama/models/download/progress').send({ model_name: 'gemma3:4b' }).expect(400);
    expect(pull.headers['content-type']).toMatch(/problem\+json/);
  });

  it('answers stop as already stopped', async () => {
    await request(app.getHttpServer()).post('/ollama/stop').expect(200, { success: true, message: 'Ollama server is already stopped' });
  });
});

describe('Ollama start and stop with an ollama binary on PATH (e2e)', () => {
  let app: NestExpressApplication;
  let binDir: string;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    binDir = mkdtempSync(join(tmpdir(), 'fake-ollama-bin-'));
    // A stand-in `ollama` executable: `ollama serve` listens on OLLAMA_HOST like the real one.
    writeFileSync(
      join(binDir, 'ollama'),
      `#!${process.execPath}
const http = require('node:http');
if (process.argv[2] !== 'serve') process.exit(2);
const [host, port] = process.env.OLLAMA_HOST.split(':');
http.createServer((req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end(req.url === '/api/tags' ? '{"models":[]}' : '{"version":"0.0.0-bin"}');
}).listen(Number(port), host);
process.on('SIGTERM', () => process.exit(0));
`,
    );
    chmodSync(join(binDir, 'ollama'), 0o755);
    app = await createTestApp({ env: { OLLAMA_BASE_URL: `http://127.0.0.1:${port}`, PATH: binDir, OLLAMA_TIMEOUT_MS: '500' } });
  });

  afterAll(async () => {
    await app.close();
    rmSync(binDir, { recursive: true, force: true });
  });

  it('starts ollama serve, reports it running, and stops it', async () => {
    const before = await request(app.getHttpServer()).get('/ollama/status').expect(200);
    expect(before.body).toMatchObject({ installed: true, running: false });
    await request(app.getHttpServer()).post('/ollama/start').expect(200, { success: true, message: 'Ollama server started' });
    await request(app.getHttpServer()).post('/ollama/start').expect(200, { success: true, message: 'Ollama server is already running' });
    const running = await request(app.getHttpServer()).get('/ollama/status').expect(200);
    expect(running.body).toMatchObject({ installed: true, running: true, available_models: [] });
    await request(app.getHttpServer()).post('/ollama/stop').expect(200, { success: true, message: 'Ollama server stopped' });
    const after = await request(app.getHttpServer()).get('/ollama/status').expect(200);
    expect(after.body).toMatchObject({ running: false });
  });
});
