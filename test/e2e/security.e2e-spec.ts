import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { createTestApp } from '../support/app';
import { rawRequest } from '../support/raw-http';

const SPA = 'http://localhost:5173';
const EVIL = 'https://evil.example';

describe('security: hosts, cross-site writes, content types (e2e)', () => {
  let app: NestExpressApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await createTestApp();
    await app.listen(0, '127.0.0.1');
    await http().post('/api-keys').send({ provider: 'SECURITY_PROBE_KEY', key_value: 'sk-original-secret' }).expect(201);
  });

  afterAll(async () => {
    await app.close();
  });

  function expectProblem(res: request.Response, status: number, detail: RegExp): void {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status, detail: expect.stringMatching(detail) });
  }

  describe('DNS rebinding: the Host allow-list', () => {
    it('a page on another name that resolves here cannot read a stored key (421)', async () => {
      const res = await http().get('/api-keys/SECURITY_PROBE_KEY').set('Host', 'attacker.example:8000');
      expectProblem(res, 421, /^This server does not answer for the host "attacker\.example"/);
      expect(JSON.stringify(res.body)).not.toContain('sk-original-secret');
    });

    it.each(['localhost:8000', '127.0.0.1', '[::1]:8000', 'LOCALHOST'])('serves the default name %s', async (host) => {
      const res = await http().get('/api-keys/SECURITY_PROBE_KEY').set('Host', host).expect(200);
      expect(res.body.key_value).toBe('sk-original-secret');
    });

    it('health stays reachable by address (probes send the pod or container address)', async () => {
      await http().get('/health/live').set('Host', '10.1.2.3:8000').expect(200);
      await http().get('/health/ready').set('Host', '10.1.2.3:8000').expect(200);
    });

    it('unknown routes and the docs are covered too', async () => {
      expectProblem(await http().get('/docs-json').set('Host', 'attacker.example'), 421, /ALLOWED_HOSTS/);
      expectProblem(await http().get('/no/such').set('Host', 'attacker.example'), 421, /ALLOWED_HOSTS/);
    });
  });

  describe('cross-site writes', () => {
    it('a cross-site form post cannot overwrite a stored key: 403 for the foreign origin, 415 for the form body', async () => {
      const foreign = await http().post('/api-keys').set('Origin', EVIL).type('form').send({ provider: 'SECURITY_PROBE_KEY', key_value: 'attacker' });
      expectProblem(foreign, 403, /^Cross-site POST refused: the origin "https:\/\/evil\.example"/);
      const sameSiteForm = await http().post('/api-keys').type('form').send({ provider: 'SECURITY_PROBE_KEY', key_value: 'attacker' });
      expectProblem(sameSiteForm, 415, /^POST \/api-keys takes application\/json; got Content-Type application\/x-www-form-urlencoded\.$/);
      const res = await http().get('/api-keys/SECURITY_PROBE_KEY').expect(200);
      expect(res.body.key_value).toBe('sk-original-secret');
    });

    it.each([
      ['text/plain', 'POST', '/flows/'],
      ['text/plain', 'PUT', '/api-keys/SECURITY_PROBE_KEY'],
      ['application/x-www-form-urlencoded', 'POST', '/storage/save-json'],
      ['multipart/form-data; boundary=x', 'POST', '/hedge-fund/run'],
    ])('a %s body on the JSON route %s %s is a 415', async (type, method, path) => {
      const res = await http()
        [method.toLowerCase() as 'post' | 'put'](path)
        .set('Content-Type', type)
        .send('{"name":"x","nodes":[],"edges":[],"provider":"SECURITY_PROBE_KEY","key_value":"k"}');
      expectProblem(res, 415, /takes application\/json; got Content-Type/);
    });

    it('a JSON body without a Content-Type is a 415', async () => {
      const { port } = app.getHttpServer().address() as AddressInfo;
      const res = await rawRequest(`http://127.0.0.1:${port}`, { method: 'POST', path: '/flows/', body: '{"name":"x","nodes":[],"edges":[]}' });
      expect(res.status).toBe(415);
      expect(JSON.parse(res.text).detail).toBe('POST /flows/ takes application/json; got a body without a Content-Type.');
    });

    it('the documented CSV and multipart routes keep their types', async () => {
      const csv = 'date,value\n2024-01-02,100\n2024-01-03,101\n2024-01-04,99\n';
      await http().post('/metrics').set('Content-Type', 'text/csv').send(csv).expect(200);
      await http().post('/metrics').attach('equity', Buffer.from(csv), 'equity.csv').expect(200);
      await http().post('/storage/upload').attach('file', Buffer.from('a,b\n1,2\n'), 'prices.csv').expect(201);
      expectProblem(await http().post('/storage/upload').set('Content-Type', 'application/json').send('{}'), 415, /takes multipart\/form-data/);
    });

    it.each([
      ['POST', '/flows/'],
      ['PUT', '/flows/1'],
      ['DELETE', '/flows/1'],
      ['PATCH', '/api-keys/SECURITY_PROBE_KEY/deactivate'],
      ['DELETE', '/api-keys/SECURITY_PROBE_KEY'],
    ])('%s %s from a foreign origin is a 403, whatever the body', async (method, path) => {
      const res = await http()
        [method.toLowerCase() as 'post' | 'put' | 'delete' | 'patch'](path)
        .set('Origin', EVIL)
        .send({ name: 'x', nodes: [], edges: [] });
      expectProblem(res, 403, /is neither this server nor one of CORS_ORIGINS/);
    });

    it("a 'null' origin (sandboxed frame, file://) is refused too", async () => {
      expectProblem(await http().post('/flows/').set('Origin', 'null').send({ name: 'x', nodes: [], edges: [] }), 403, /"null"/);
    });

    it('the SPA origin, the server itself (Swagger UI at /docs) and requests without Origin may write', async () => {
      await http().post('/flows/').set('Origin', SPA).send({ name: 'from the SPA', nodes: [], edges: [] }).expect(200);
      const server = app.getHttpServer();
      const self = await request(server).post('/flows/').set('Host', 'localhost:8000').set('Origin', 'http://localhost:8000').send({ name: 'from /docs', nodes: [], edges: [] });
      expect(self.status).toBe(200);
      await http().post('/flows/').send({ name: 'from curl', nodes: [], edges: [] }).expect(200);
    });

    it('another port or scheme on the same host is another origin', async () => {
      const res = await http().post('/flows/').set('Host', 'localhost:8000').set('Origin', 'http://localhost:9999').send({ name: 'x', nodes: [], edges: [] });
      expectProblem(res, 403, /localhost:9999/);
      const https = await http().post('/flows/').set('Host', 'localhost:8000').set('Origin', 'https://localhost:8000').send({ name: 'x', nodes: [], edges: [] });
      expectProblem(https, 403, /https:\/\/localhost:8000/);
    });

    it('reads from a foreign origin are left to CORS (no Access-Control-Allow-Origin for it)', async () => {
      const res = await http().get('/flows/').set('Origin', EVIL).expect(200);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      const spa = await http().get('/flows/').set('Origin', SPA).expect(200);
      expect(spa.headers['access-control-allow-origin']).toBe(SPA);
    });
  });
});

describe('security: configured hosts and origins (e2e)', () => {
  let app: NestExpressApplication;

  afterEach(async () => {
    await app.close();
  });

  it('ALLOWED_HOSTS replaces the defaults; CORS_ORIGINS admits its origins for writes', async () => {
    app = await createTestApp({ env: { ALLOWED_HOSTS: 'hedge.internal', CORS_ORIGINS: 'https://desk.example' } });
    const http = () => request(app.getHttpServer());
    await http().get('/flows/').set('Host', 'hedge.internal:8000').expect(200);
    expect((await http().get('/flows/').set('Host', 'localhost')).status).toBe(421);
    await http().post('/flows/').set('Host', 'hedge.internal').set('Origin', 'https://desk.example').send({ name: 'x', nodes: [], edges: [] }).expect(200);
    expect((await http().post('/flows/').set('Host', 'hedge.internal').set('Origin', SPA).send({ name: 'x', nodes: [], edges: [] })).status).toBe(403);
  });

  it('* turns both checks off', async () => {
    app = await createTestApp({ env: { ALLOWED_HOSTS: '*', CORS_ORIGINS: '*' } });
    await request(app.getHttpServer()).post('/flows/').set('Host', 'anything.example').set('Origin', EVIL).send({ name: 'x', nodes: [], edges: [] }).expect(200);
  });
});
