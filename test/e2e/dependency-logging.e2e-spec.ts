import { PassThrough } from 'node:stream';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createTestApp } from '../support/app';
import { closedPortUrl } from '../support/fake-http-server';

interface LogLine {
  readonly level: number;
  readonly msg?: string;
}

const PINO_WARN = 40;
const PINO_ERROR = 50;

/** A provider or Ollama being down is an expected condition: said to the client, logged at warn, not error. */
describe('dependency outages are logged at warn (e2e)', () => {
  let app: NestExpressApplication;
  const lines: string[] = [];
  const logStream = new PassThrough();
  logStream.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter((l) => l.trim() !== '')));

  beforeAll(async () => {
    const nowhere = await closedPortUrl();
    app = await createTestApp({
      env: { LOG_LEVEL: 'warn', OPENAI_BASE_URL: nowhere, OLLAMA_BASE_URL: nowhere },
      configure: (config) => ({ ...config, logging: { ...config.logging, destination: logStream } }),
    });
  });

  afterAll(async () => {
    await app.close();
  });

  function logged(): LogLine[] {
    return lines.map((line) => JSON.parse(line) as LogLine);
  }

  it('a provider that cannot be reached: 502 to the client, a warn line, no error line', async () => {
    lines.length = 0;
    const res = await request(app.getHttpServer()).post('/api-keys/test').send({ provider: 'OPENAI_API_KEY', key_value: 'sk-test' }).expect(502);
    expect(res.body.detail).toMatch(/^OpenAI could not be reached/);
    const found = logged();
    expect(found.some((l) => l.level === PINO_WARN && /Dependency unavailable on POST \/api-keys\/test/.test(l.msg ?? ''))).toBe(true);
    expect(found.filter((l) => l.level >= PINO_ERROR)).toEqual([]);
  });

  it('Ollama down: the routes that need it answer 5xx problems, logged at warn, never error', async () => {
    lines.length = 0;
    const res = await request(app.getHttpServer()).get('/ollama/models');
    expect(res.status).toBeGreaterThanOrEqual(502);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    const found = logged();
    expect(found.some((l) => l.level === PINO_WARN)).toBe(true);
    expect(found.filter((l) => l.level >= PINO_ERROR)).toEqual([]);
  });
});
