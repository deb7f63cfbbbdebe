import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createTestApp } from '../support/app';
import { parsePrometheus, type PromSample, sampleValue } from '../support/prometheus';

const TOKEN = 'prometheus-e2e-token-0123456789';
/** A documentation address (RFC 5737): a client a loopback reverse proxy forwards for. */
const REMOTE_CLIENT = '203.0.113.7';

/** An IPv4 address of this machine that is not loopback, when it has one. */
function externalAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((entry) => entry !== undefined && entry.family === 'IPv4' && !entry.internal)?.address;
}

describe('GET /internal/prometheus: HTTP metrics after real traffic (e2e)', () => {
  let app: NestExpressApplication;
  const http = () => request(app.getHttpServer());
  const scrape = async (): Promise<PromSample[]> => {
    const res = await http().get('/internal/prometheus').expect(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    return parsePrometheus(res.text);
  };

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  it('counts a created flow, a read, a 422 and a 404 by route template and status, with their durations', async () => {
    const before = await scrape();
    const created = await http().post('/flows/').send({ name: 'prometheus flow', nodes: [], edges: [] }).expect(200);
    const id = (created.body as { id: number }).id;
    await http().get(`/flows/${id}`).expect(200);
    await http().post('/flows/').send({ name: 42 }).expect(422);
    await http().get(`/flows/${id + 1_000_000}`).expect(404);
    await http().get(`/no-such-route/${randomUUID()}`).expect(404);
    const after = await scrape();

    const delta = (name: string, labels: Record<string, string>): number => sampleValue(after, name, labels) - sampleValue(before, name, labels);
    const requests = (method: string, route: string, status: string): number => delta('hf_http_requests_total', { method, route, status });
    expect(requests('POST', '/flows', '200')).toBe(1);
    expect(requests('GET', '/flows/:flow_id', '200')).toBe(1);
    expect(requests('POST', '/flows', '422')).toBe(1);
    expect(requests('GET', '/flows/:flow_id', '404')).toBe(1);
    expect(requests('GET', '(unmatched)', '404')).toBe(1);

    const created200 = { method: 'POST', route: '/flows', status: '200' };
    expect(delta('hf_http_request_duration_seconds_count', created200)).toBe(1);
    expect(delta('hf_http_request_duration_seconds_bucket', { ...created200, le: '+Inf' })).toBe(1);
    expect(delta('hf_http_request_duration_seconds_sum', created200)).toBeGreaterThan(0);
    // The buckets are cumulative: each holds at least the one below it.
    const buckets = after.filter((s) => s.name === 'hf_http_request_duration_seconds_bucket' && s.labels.route === '/flows' && s.labels.status === '200' && s.labels.method === 'POST');
    const counts = buckets.map((s) => s.value);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
  });

  it('no label carries a raw path, an id or a random segment: twenty random 404s are one series', async () => {
    const segments = Array.from({ length: 20 }, () => randomUUID());
    const before = await scrape();
    for (const segment of segments) await http().get(`/x/${segment}`).expect(404);
    const created = await http().post('/flows/').send({ name: 'ids stay out of labels', nodes: [], edges: [] }).expect(200);
    const id = String((created.body as { id: number }).id);
    await http().get(`/flows/${id}`).expect(200);
    const after = await scrape();

    expect(sampleValue(after, 'hf_http_requests_total', { method: 'GET', route: '(unmatched)', status: '404' }) - sampleValue(before, 'hf_http_requests_total', { method: 'GET', route: '(unmatched)', status: '404' })).toBe(20);
    const series = (samples: PromSample[]): number => samples.filter((s) => s.name === 'hf_http_requests_total').length;
    // The flow's POST and GET series existed already (first test): nothing new but, at most, these two.
    expect(series(after) - series(before)).toBeLessThanOrEqual(2);
    // Bucket bounds (`le`) are numbers such as "1" or "5", which a fresh database's flow id can equal: they are not ids.
    const labelValues = after.filter((s) => s.name.startsWith('hf_')).flatMap((s) => Object.entries(s.labels).filter(([name]) => name !== 'le').map(([, value]) => value));
    for (const segment of segments) expect(labelValues.some((v) => v.includes(segment))).toBe(false);
    expect(labelValues.some((v) => v.split('/').includes(id))).toBe(false);
    // Every route label is a template (or the unmatched marker): no numeric path segment.
    const routes = new Set(after.filter((s) => s.name === 'hf_http_requests_total').map((s) => s.labels.route));
    for (const route of routes) expect(route === '(unmatched)' || (route.startsWith('/') && !route.split('/').some((part) => /^\d+$/.test(part)))).toBe(true);
  });

  it('exposes the Node and process defaults and the event-loop lag', async () => {
    const samples = await scrape();
    const names = new Set(samples.map((s) => s.name));
    for (const name of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_heap_size_used_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_eventloop_lag_p99_seconds']) {
      expect(names.has(name)).toBe(true);
    }
  });

  it('is not in the public OpenAPI document and answers GET only', async () => {
    const doc = await http().get('/docs-json').expect(200);
    expect(Object.keys((doc.body as { paths: object }).paths).some((path) => path.includes('prometheus'))).toBe(false);
    const post = await http().post('/internal/prometheus').send({}).expect(405);
    expect(post.headers.allow).toBe('GET, HEAD');
    expect((post.body as { detail: string }).detail).toMatch(/GET only/);
  });

  it('without AUTH_TOKEN a caller off loopback is refused: a client forwarded by a loopback proxy gets 403', async () => {
    const res = await http().get('/internal/prometheus').set('X-Forwarded-For', REMOTE_CLIENT).expect(403);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect((res.body as { detail: string }).detail).toMatch(/only callers on this machine/);
    expect(res.text).not.toMatch(/hf_http_requests_total/);
  });
});

describe('GET /internal/prometheus with AUTH_TOKEN (e2e)', () => {
  let app: NestExpressApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    const external = externalAddress();
    app = await createTestApp({ env: { AUTH_TOKEN: TOKEN, ...(external === undefined ? {} : { ALLOWED_HOSTS: `localhost,127.0.0.1,${external}` }) } });
  });

  afterAll(async () => {
    await app.close();
  });

  it('a loopback caller needs no token, while the rest of the API still does', async () => {
    const res = await http().get('/internal/prometheus').expect(200);
    expect(res.text).toMatch(/^# HELP /m);
    await http().get('/flows/').expect(401);
  });

  it('a caller off loopback (forwarded by a loopback proxy) needs the bearer token', async () => {
    const none = await http().get('/internal/prometheus').set('X-Forwarded-For', REMOTE_CLIENT).expect(401);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="hedge-fund"');
    expect((none.body as { detail: string }).detail).toMatch(/Authorization: Bearer/);
    await http().get('/internal/prometheus').set('X-Forwarded-For', REMOTE_CLIENT).set('Authorization', 'Bearer wrong-token-0123456789').expect(401);
    const ok = await http().get('/internal/prometheus').set('X-Forwarded-For', REMOTE_CLIENT).set('Authorization', `Bearer ${TOKEN}`).expect(200);
    expect(ok.text).toMatch(/hf_http_requests_total/);
  });

  // A real connection from a non-loopback address of this machine: no proxy header involved, and a forged
  // X-Forwarded-For from such a peer is not trusted.
  (externalAddress() === undefined ? it.skip : it)('a connection from a non-loopback address needs the token; its X-Forwarded-For is not trusted', async () => {
    const address = externalAddress() as string;
    const server = app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, address, resolve));
    try {
      const base = `http://${address}:${(server.address() as AddressInfo).port}`;
      expect((await fetch(`${base}/internal/prometheus`)).status).toBe(401);
      expect((await fetch(`${base}/internal/prometheus`, { headers: { 'X-Forwarded-For': '127.0.0.1' } })).status).toBe(401);
      const ok = await fetch(`${base}/internal/prometheus`, { headers: { Authorization: `Bearer ${TOKEN}` } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toMatch(/hf_http_requests_total/);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
