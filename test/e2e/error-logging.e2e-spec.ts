import { PassThrough } from 'node:stream';
import { Controller, Get, Module } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createTestApp } from '../support/app';
import { parsePrometheus, sampleValue } from '../support/prometheus';

const SECRET = 'sk-error-logging-secret-31f2';
const PINO_ERROR = 50;

interface LogLine {
  readonly level: number;
  readonly msg?: string;
  readonly req?: { id?: string; url?: string };
  readonly err?: { type?: string; message?: string; stack?: string };
  readonly error_code?: string;
}

/** A defect on purpose: an error whose message names the route, and a code of its own. */
@Controller('__obs_probe')
class FailingController {
  @Get('defect/:flow_id')
  defect(): never {
    throw Object.assign(new RangeError('index out of range in the probe'), { code: 'ERR_PROBE' });
  }

  @Get('plain')
  plain(): never {
    throw new Error('plain failure in the probe');
  }

  @Get('marker')
  marker(): { ok: boolean } {
    return { ok: true };
  }
}

@Module({ controllers: [FailingController] })
class FailingModule {}

/** Every 5xx is one error line an operator can find: the request id, the error's code and its stack, no secret. */
describe('a 5xx logs exactly one error line (e2e)', () => {
  let app: NestExpressApplication;
  const lines: string[] = [];
  const logStream = new PassThrough();
  logStream.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter((l) => l.trim() !== '')));
  const parsed = (): LogLine[] => lines.map((line) => JSON.parse(line) as LogLine);
  const errorLines = (): LogLine[] => parsed().filter((l) => l.level >= PINO_ERROR);
  /** Every line of the requests before has been written once a later request's line is (one stream, in order). */
  const settled = async (): Promise<void> => {
    await request(app.getHttpServer()).get('/__obs_probe/marker').expect(200);
    while (!parsed().some((l) => l.req?.url === '/__obs_probe/marker')) await new Promise((resolve) => setTimeout(resolve, 10));
  };

  beforeAll(async () => {
    app = await createTestApp({
      extraImports: [FailingModule],
      env: { LOG_LEVEL: 'info' },
      configure: (config) => ({ ...config, logging: { ...config.logging, destination: logStream } }),
    });
  });

  afterAll(async () => {
    await app.close();
  });

  it('a defect in a handler: 500 without internals, one error line with request id, code and stack; counted under its route template', async () => {
    lines.length = 0;
    const res = await request(app.getHttpServer()).get('/__obs_probe/defect/77?api_key=' + SECRET).set('Authorization', `Bearer ${SECRET}`).set('X-Request-Id', 'req-obs-500-1').expect(500);
    expect(res.text).not.toMatch(/index out of range/);
    await settled();
    const found = errorLines();
    expect(found).toHaveLength(1);
    const [line] = found;
    expect(line.req?.id).toBe('req-obs-500-1');
    expect(line.error_code).toBe('ERR_PROBE');
    expect(line.err?.type).toBe('RangeError');
    expect(line.err?.stack).toMatch(/^RangeError: index out of range in the probe\n\s+at /);
    expect(line.req?.url).toBe('/__obs_probe/defect/77');
    expect(lines.join('\n')).not.toContain(SECRET);
    const samples = parsePrometheus((await request(app.getHttpServer()).get('/internal/prometheus').expect(200)).text);
    expect(sampleValue(samples, 'hf_http_requests_total', { method: 'GET', route: '/__obs_probe/defect/:flow_id', status: '500' })).toBe(1);
  });

  it('an error without a code of its own is logged with the code INTERNAL', async () => {
    lines.length = 0;
    const res = await request(app.getHttpServer()).get('/__obs_probe/plain').expect(500);
    await settled();
    const found = errorLines();
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ error_code: 'INTERNAL', req: { id: res.headers['x-request-id'] }, err: { message: 'plain failure in the probe' } });
  });
});
