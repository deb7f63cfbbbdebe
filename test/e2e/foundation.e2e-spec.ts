import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { IsArray, IsInt, IsString, Length, Max, Min } from 'class-validator';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createTestApp } from '../support/app';
import { collectText, parseSse } from '../support/sse';

class ProbeDto {
  @IsString()
  @Length(1, 10)
  name: string;

  @IsInt()
  @Min(1)
  @Max(5)
  size: number;

  @IsArray()
  items: unknown[];
}

/** Test-only routes that exercise the shared pipeline (validation, unexpected errors). */
@Controller('__probe')
class ProbeController {
  @Post()
  echo(@Body() body: ProbeDto): ProbeDto {
    return body;
  }

  @Get('boom')
  boom(): never {
    throw new Error('relation "secret_table" does not exist at /srv/app/internal.ts:12');
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

const PROBLEM_KEYS = ['detail', 'instance', 'request_id', 'status', 'title', 'type'];

describe('foundation (e2e)', () => {
  let app: NestExpressApplication;

  beforeAll(async () => {
    app = await createTestApp({ extraImports: [ProbeModule] });
  });

  afterAll(async () => {
    await app.close();
  });

  describe('health', () => {
    it('GET /health reports version, uptime and a reachable database', async () => {
      const res = await request(app.getHttpServer()).get('/health').expect(200);
      expect(res.body).toEqual({
        status: 'ok',
        version: expect.stringMatching(/^\d+\.\d+\.\d+/),
        uptime_seconds: expect.any(Number),
        database: { status: 'up', kind: 'postgres', latency_ms: expect.any(Number) },
      });
    });

    it('GET /health/ping answers pong', async () => {
      await request(app.getHttpServer()).get('/health/ping').expect(200, { message: 'pong' });
    });

    it("GET / answers the anchor's welcome message", async () => {
      await request(app.getHttpServer()).get('/').expect(200, { message: 'Welcome to AI Hedge Fund API' });
    });

    it('GET /ping streams five data-only frames, then ends', async () => {
      const res = await request(app.getHttpServer()).get('/ping').buffer(true).parse(collectText).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
      const frames = parseSse(res.body as string);
      expect(frames).toEqual([1, 2, 3, 4, 5].map((i) => ({ event: null, data: { ping: `ping ${i}/5`, timestamp: i } })));
    }, 15000);
  });

  describe('trailing slashes', () => {
    it.each(['/health', '/health/', '/health/ping', '/health/ping/'])('serves %s directly (no redirect)', async (path) => {
      await request(app.getHttpServer()).get(path).expect(200);
    });
  });

  describe('problem details', () => {
    it('422: lists every invalid field with a readable detail', async () => {
      const res = await request(app.getHttpServer()).post('/__probe').send({ name: '', size: 9, items: 'x' }).expect(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toEqual({
        type: 'urn:problem:validation-error',
        title: 'Unprocessable Content',
        status: 422,
        detail: expect.stringMatching(/^3 fields are invalid: name must be longer than or equal to 1 characters; size must not be greater than 5; items must be an array\.$/),
        instance: '/__probe',
        request_id: res.headers['x-request-id'],
        errors: [
          { field: 'name', message: 'name must be longer than or equal to 1 characters' },
          { field: 'size', message: 'size must not be greater than 5' },
          { field: 'items', message: 'items must be an array' },
        ],
      });
    });

    it('strips unknown properties instead of rejecting them', async () => {
      const res = await request(app.getHttpServer()).post('/__probe').send({ name: 'a', size: 1, items: [], extra: 1, id: 4 }).expect(201);
      expect(res.body).toEqual({ name: 'a', size: 1, items: [] });
    });

    it('400: malformed JSON', async () => {
      const res = await request(app.getHttpServer()).post('/__probe').set('Content-Type', 'application/json').send('{"name": ').expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(Object.keys(res.body).sort()).toEqual(PROBLEM_KEYS);
      expect(res.body).toMatchObject({ type: 'urn:problem:bad-request', status: 400, title: 'Bad Request' });
      expect(res.body.detail).toMatch(/^The request body is not valid JSON/);
    });

    it.each([
      ['null', 'null'],
      ['42', 'a number'],
      ['"text"', 'a string'],
      ['true', 'a boolean'],
    ])('400: valid JSON that is not an object or array (%s) is named as such', async (body, kind) => {
      const res = await request(app.getHttpServer()).post('/__probe').set('Content-Type', 'application/json').send(body).expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.detail).toBe(`The request body must be a JSON object or array, not ${kind}.`);
    });

    it('404: unknown route', async () => {
      const res = await request(app.getHttpServer()).get('/no/such/route?q=1').expect(404);
      expect(res.body).toEqual({
        type: 'urn:problem:not-found',
        title: 'Not Found',
        status: 404,
        detail: 'No route for GET /no/such/route.',
        instance: '/no/such/route',
        request_id: res.headers['x-request-id'],
      });
    });

    it('413: body over 10 MB', async () => {
      const big = JSON.stringify({ name: 'a', size: 1, items: ['x'.repeat(10 * 1024 * 1024 + 10)] });
      const res = await request(app.getHttpServer()).post('/__probe').set('Content-Type', 'application/json').send(big).expect(413);
      expect(res.body).toMatchObject({ status: 413, title: 'Content Too Large', detail: 'The request body is larger than the 10 MB limit.' });
    });

    it('accepts a body of several MB under the limit', async () => {
      const items = Array.from({ length: 40_000 }, (_, i) => ({ id: `node_${i}`, position: { x: i, y: i }, data: { label: 'x'.repeat(100) } }));
      const res = await request(app.getHttpServer()).post('/__probe').send({ name: 'big', size: 2, items }).expect(201);
      expect(res.body.items).toHaveLength(40_000);
      // Several MB through parsing and validation: generous on a busy machine (it is not a timing test).
    }, 180_000);

    it('500: no internals in the body', async () => {
      const res = await request(app.getHttpServer()).get('/__probe/boom').expect(500);
      expect(res.body).toEqual({
        type: 'urn:problem:internal-error',
        title: 'Internal Server Error',
        status: 500,
        detail: 'An unexpected error occurred. Quote the request id when reporting it.',
        instance: '/__probe/boom',
        request_id: res.headers['x-request-id'],
      });
      expect(JSON.stringify(res.body)).not.toMatch(/secret_table|internal\.ts/);
    });
  });

  describe('request id', () => {
    it('echoes a well-formed incoming x-request-id', async () => {
      const res = await request(app.getHttpServer()).get('/health/ping').set('X-Request-Id', 'abc-123').expect(200);
      expect(res.headers['x-request-id']).toBe('abc-123');
    });

    it('replaces a malformed one with a fresh id', async () => {
      const res = await request(app.getHttpServer()).get('/health/ping').set('X-Request-Id', 'bad id\twith spaces').expect(200);
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('CORS', () => {
    it('answers the preflight for the SPA origin', async () => {
      const res = await request(app.getHttpServer())
        .options('/flows/')
        .set('Origin', 'http://localhost:5173')
        .set('Access-Control-Request-Method', 'PUT')
        .set('Access-Control-Request-Headers', 'content-type');
      expect(res.status).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe('http://localhost:5173');
      expect(res.headers['access-control-allow-methods']).toContain('PUT');
      expect(res.headers['access-control-allow-headers']).toMatch(/content-type/i);
    });

    it('does not allow an unknown origin', async () => {
      const res = await request(app.getHttpServer()).get('/health/ping').set('Origin', 'http://evil.test');
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  describe('OpenAPI', () => {
    it('serves the document at /docs-json and the UI at /docs', async () => {
      const res = await request(app.getHttpServer()).get('/docs-json').expect(200);
      expect(res.body.openapi).toMatch(/^3\./);
      expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/health', '/health/ping', '/', '/ping']));
      expect(res.body.components.schemas.HealthResponseDto).toBeDefined();
      const ui = await request(app.getHttpServer()).get('/docs').redirects(1).expect(200);
      expect(ui.text).toMatch(/swagger/i);
    });
  });
});

describe('health with the database down (e2e)', () => {
  it('answers 503 with database.status down', async () => {
    const app = await createTestApp();
    try {
      await app.get(DataSource).destroy();
      const res = await request(app.getHttpServer()).get('/health').expect(503);
      expect(res.body).toMatchObject({ status: 'error', database: { status: 'down', latency_ms: null } });
    } finally {
      await app.close();
    }
  });
});

describe('bearer auth (e2e)', () => {
  const token = 'test-token-0123456789abcdef';
  let app: NestExpressApplication;

  beforeAll(async () => {
    app = await createTestApp({ env: { AUTH_TOKEN: token } });
  });

  afterAll(async () => {
    await app.close();
  });

  it('keeps health open', async () => {
    await request(app.getHttpServer()).get('/health').expect(200);
    await request(app.getHttpServer()).get('/health/ping/').expect(200);
  });

  it('rejects a request without a token with a 401 problem', async () => {
    const res = await request(app.getHttpServer()).get('/').expect(401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(res.body).toMatchObject({ type: 'urn:problem:unauthorized', status: 401, detail: expect.stringContaining('Authorization: Bearer') });
  });

  it('rejects a wrong token', async () => {
    const res = await request(app.getHttpServer()).get('/').set('Authorization', 'Bearer nope').expect(401);
    expect(res.body.detail).toBe('The bearer token is not valid.');
  });

  it('accepts the right token', async () => {
    await request(app.getHttpServer()).get('/').set('Authorization', `Bearer ${token}`).expect(200);
  });

  it('leaves the API manual open (the page and the document, not the API it describes)', async () => {
    await request(app.getHttpServer()).get('/docs-json').expect(200);
    await request(app.getHttpServer()).get('/flows/').expect(401);
  });

  it('lets CORS preflights through', async () => {
    const res = await request(app.getHttpServer())
      .options('/')
      .set('Origin', 'http://localhost:5173')
      .set('Access-Control-Request-Method', 'GET')
      .set('Access-Control-Request-Headers', 'authorization');
    expect(res.status).toBe(204);
  });
});
