import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createTestApp } from '../support/app';

type Json = Record<string, unknown>;
interface Operation {
  summary?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: { in: string; name: string }[];
  requestBody?: { content: Record<string, { example?: unknown; examples?: Json; schema?: Json }> };
  responses: Record<string, { description?: string; content?: Record<string, { schema?: Json; example?: unknown; examples?: Json }> }>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const PUBLIC = /^\/health(\/(ping|live|ready))?$/;

function operations(document: { paths: Record<string, Record<string, Operation>> }): { id: string; path: string; operation: Operation }[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method] !== undefined).map((method) => ({ id: `${method.toUpperCase()} ${path}`, path, operation: item[method] })),
  );
}

function hasExample(media: { example?: unknown; examples?: Json } | undefined): boolean {
  return media !== undefined && (media.example !== undefined || Object.keys(media.examples ?? {}).length > 0);
}

/**
 * The API manual, walked operation by operation: what a newcomer reads at /docs must say what each route does and
 * what it answers when it fails. A route added without a summary or without its errors fails here.
 */
describe('the OpenAPI document (e2e)', () => {
  let app: NestExpressApplication;
  let document: { paths: Record<string, Record<string, Operation>>; tags: { name: string; description?: string }[]; components: { securitySchemes: Json; schemas: Json } };
  let all: ReturnType<typeof operations>;

  beforeAll(async () => {
    app = await createTestApp();
    document = (await request(app.getHttpServer()).get('/docs-json').expect(200)).body;
    all = operations(document);
  });

  afterAll(async () => {
    await app.close();
  });

  it('has a summary on every operation', () => {
    expect(all.length).toBeGreaterThan(60);
    expect(all.filter(({ operation }) => (operation.summary ?? '').trim() === '').map(({ id }) => id)).toEqual([]);
  });

  it('orders and describes its tags, futures and metrics first; every operation has a described tag', () => {
    const names = document.tags.map((tag) => tag.name);
    expect(names.slice(0, 2)).toEqual(['futures', 'metrics']);
    expect(document.tags.filter((tag) => (tag.description ?? '').length < 20)).toEqual([]);
    expect(all.filter(({ operation }) => operation.tags === undefined || !operation.tags.every((tag) => names.includes(tag))).map(({ id }) => id)).toEqual([]);
  });

  it('documents 401 wherever the bearer token applies, and applies the bearer scheme (not labelled JWT) there', () => {
    expect(document.components.securitySchemes).toEqual({ bearer: expect.objectContaining({ type: 'http', scheme: 'bearer' }) });
    expect(JSON.stringify(document.components.securitySchemes)).not.toMatch(/jwt/i);
    const guarded = all.filter(({ path }) => !PUBLIC.test(path));
    expect(guarded.filter(({ operation }) => operation.responses['401'] === undefined).map(({ id }) => id)).toEqual([]);
    expect(guarded.filter(({ operation }) => JSON.stringify(operation.security) !== JSON.stringify([{ bearer: [] }])).map(({ id }) => id)).toEqual([]);
    const open = all.filter(({ path }) => PUBLIC.test(path));
    expect(open.length).toBeGreaterThanOrEqual(4);
    expect(open.filter(({ operation }) => JSON.stringify(operation.security) !== '[]' || operation.responses['401'] !== undefined).map(({ id }) => id)).toEqual([]);
  });

  it('documents 400, 413, 415 and 422 wherever a body is read, and 422 wherever a parameter is validated, as problem details', () => {
    const missing: string[] = [];
    for (const { id, operation } of all) {
      const needed = operation.requestBody !== undefined ? ['400', '413', '415', '422'] : (operation.parameters ?? []).some((p) => p.in === 'path' || p.in === 'query') ? ['422'] : [];
      for (const status of needed) {
        const response = operation.responses[status];
        const schema = response?.content?.['application/problem+json']?.schema ?? response?.content?.['application/json']?.schema;
        if (schema?.$ref !== '#/components/schemas/ProblemDetailsDto') missing.push(`${id} ${status}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('describes every SSE stream: its events in a schema, and the 422 it answers before the first event', () => {
    const streams = all.filter(({ operation }) => operation.responses['200']?.content?.['text/event-stream'] !== undefined);
    expect(streams.map(({ id }) => id)).toEqual(expect.arrayContaining(['POST /hedge-fund/run', 'POST /hedge-fund/backtest', 'POST /futures/backtest']));
    expect(streams.filter(({ operation }) => operation.responses['200'].content?.['text/event-stream'].schema === undefined).map(({ id }) => id)).toEqual([]);
    for (const id of ['POST /hedge-fund/run', 'POST /hedge-fund/backtest', 'POST /futures/backtest']) {
      expect([id, streams.find((stream) => stream.id === id)?.operation.responses['422']]).toEqual([id, expect.objectContaining({ description: expect.any(String) })]);
    }
  });

  it('gives request and response examples for run, backtest, futures and metrics', () => {
    const missing: string[] = [];
    for (const id of ['POST /hedge-fund/run', 'POST /hedge-fund/backtest', 'POST /futures/backtest', 'POST /futures/backtest/report', 'POST /metrics']) {
      const operation = all.find((entry) => entry.id === id)?.operation;
      if (operation === undefined) {
        missing.push(`${id}: no such operation`);
        continue;
      }
      if (!hasExample(operation.requestBody?.content['application/json'])) missing.push(`${id}: request`);
      const ok = operation.responses['200']?.content ?? {};
      if (!Object.values(ok).some(hasExample)) missing.push(`${id}: response`);
    }
    expect(missing).toEqual([]);
  });

  it('names each schema once: the health ping answers its own example', () => {
    const schemas = document.components.schemas as Record<string, { properties?: Record<string, { example?: unknown }> }>;
    expect(schemas.MessageResponseDto).toBeUndefined();
    const ping = document.paths['/health/ping'].get.responses['200'].content?.['application/json'].schema?.$ref as string;
    expect(schemas[ping.split('/').pop() as string].properties?.message.example).toBe('pong');
  });
});

describe('the API manual with AUTH_TOKEN set (e2e)', () => {
  const token = 'docs-token-0123456789abcdef';
  let app: NestExpressApplication;

  beforeAll(async () => {
    app = await createTestApp({ env: { AUTH_TOKEN: token } });
  });

  afterAll(async () => {
    await app.close();
  });

  it('serves the page, its assets and the document without a token; the page keeps the token for its calls', async () => {
    const page = await request(app.getHttpServer()).get('/docs').redirects(1).expect(200);
    expect(page.text).toMatch(/swagger/i);
    const init = await request(app.getHttpServer()).get('/docs/swagger-ui-init.js').expect(200);
    expect(init.text).toMatch(/"persistAuthorization": true/);
    await request(app.getHttpServer()).get('/docs/swagger-ui-bundle.js').expect(200);
    await request(app.getHttpServer()).get('/docs-json').expect(200);
  });

  it('still refuses the API without the token, and writes to the docs paths', async () => {
    await request(app.getHttpServer()).get('/flows/').expect(401);
    await request(app.getHttpServer()).post('/docs').send({}).expect(401);
    await request(app.getHttpServer()).get('/docs/../flows/').expect(401);
    await request(app.getHttpServer()).get('/flows/').set('Authorization', `Bearer ${token}`).expect(200);
  });
});
