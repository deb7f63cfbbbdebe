import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createTestApp } from '../support/app';

describe('health: liveness and readiness (e2e)', () => {
  let app: NestExpressApplication;

  beforeAll(async () => {
    app = await createTestApp({ env: { AUTH_TOKEN: 'a-token-of-sixteen-chars' } });
  });

  afterAll(async () => {
    await app.close();
  });

  it('GET /health/live answers without asking the database', async () => {
    const res = await request(app.getHttpServer()).get('/health/live').expect(200);
    expect(res.body).toEqual({ status: 'ok', version: expect.stringMatching(/^\d+\.\d+\.\d+/), uptime_seconds: expect.any(Number) });
  });

  it('GET /health/ready and GET /health give the same readiness answer, the database probed', async () => {
    const ready = await request(app.getHttpServer()).get('/health/ready').expect(200);
    const health = await request(app.getHttpServer()).get('/health').expect(200);
    for (const body of [ready.body, health.body]) {
      expect(body).toEqual({
        status: 'ok',
        version: expect.stringMatching(/^\d+\.\d+\.\d+/),
        uptime_seconds: expect.any(Number),
        database: { status: 'up', kind: expect.stringMatching(/^(postgres|embedded)$/), latency_ms: expect.any(Number) },
      });
    }
  });

  it('the health routes need no bearer token; the others do', async () => {
    for (const path of ['/health', '/health/live', '/health/ready', '/health/ping']) await request(app.getHttpServer()).get(path).expect(200);
    await request(app.getHttpServer()).get('/flows/').expect(401);
  });
});
