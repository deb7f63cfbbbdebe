import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Controller, Get, Module, Res, Sse } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Response } from 'express';
import { map, type Observable, take, timer } from 'rxjs';
import request from 'supertest';
import { createTestApp } from '../support/app';
import { collectText, parseSse } from '../support/sse';

const CSV = 'date,value\n2024-01-02,100\n2024-01-03,101\n2024-01-04,99\n';
const FUTURES = { symbol: 'MES', start_date: '2024-03-04', end_date: '2024-03-04' };

/** A page that sets its own Content-Security-Policy (as the HTML reports do) and an SSE stream outliving the request timeout. */
@Controller('__abuse')
class ProbeController {
  @Get('page')
  page(@Res() response: Response): void {
    response.setHeader('Content-Security-Policy', "default-src 'none'; script-src 'sha256-abc='");
    response.type('html').send('<!doctype html><title>report</title>');
  }

  @Sse('stream')
  stream(): Observable<{ data: { i: number } }> {
    // Six frames over ~1.2 s, several times the request timeout of the app below.
    return timer(0, 200).pipe(
      take(6),
      map((i) => ({ data: { i } })),
    );
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

describe('abuse limits (e2e)', () => {
  describe('rate limits', () => {
    let app: NestExpressApplication;
    const http = () => request(app.getHttpServer());

    beforeAll(async () => {
      app = await createTestApp({ env: { RATE_LIMIT_EXPENSIVE: '3', RATE_LIMIT_KEY_WRITES: '2', RATE_LIMIT_WINDOW_SECONDS: '600' } });
    });

    afterAll(async () => {
      await app.close();
    });

    it('the expensive routes share one budget per client: the request past it is a 429 problem with Retry-After', async () => {
      await http().post('/metrics').set('Content-Type', 'text/csv').send(CSV).expect(200);
      await http().post('/metrics').set('Content-Type', 'text/csv').send(CSV).expect(200);
      await http().post('/futures/backtest/report').send(FUTURES).expect(200);
      const limited = await http().post('/metrics').set('Content-Type', 'text/csv').send(CSV);
      expect(limited.status).toBe(429);
      expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(limited.body).toMatchObject({
        status: 429,
        title: 'Too Many Requests',
        detail: expect.stringMatching(/^Too many requests: POST \/metrics is limited to 3 requests per 600 s per client \(RATE_LIMIT_EXPENSIVE\); retry in \d+ s\.$/),
      });
      const retryAfter = Number(limited.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(600);
      for (const route of ['/hedge-fund/run', '/hedge-fund/backtest', '/futures/backtest', '/futures/backtest/report']) {
        expect((await http().post(route).send({})).status).toBe(429);
      }
      // A stored run's page is a read, but building it is a computation of the same budget.
      expect((await http().get('/flows/1/runs/1/report.html')).status).toBe(429);
    });

    it('reads and other routes are not limited', async () => {
      for (let i = 0; i < 6; i += 1) {
        await http().get('/futures/contracts').expect(200);
        await http().get('/hedge-fund/agents').expect(200);
        await http().post('/flows/').send({ name: `flow ${i}`, nodes: [], edges: [] }).expect(200);
      }
    });

    it('key writes have their own budget; reading keys is not limited', async () => {
      await http().post('/api-keys').send({ provider: 'ONE_KEY', key_value: 'sk-one' }).expect(201);
      await http().put('/api-keys/ONE_KEY').send({ description: 'changed' }).expect(200);
      const limited = await http().delete('/api-keys/ONE_KEY');
      expect(limited.status).toBe(429);
      expect(limited.body.detail).toMatch(/\(RATE_LIMIT_KEY_WRITES\)/);
      expect(limited.headers['retry-after']).toMatch(/^\d+$/);
      for (let i = 0; i < 4; i += 1) await http().get('/api-keys/ONE_KEY').expect(200);
    });
  });

  describe('security headers', () => {
    let app: NestExpressApplication;

    beforeAll(async () => {
      app = await createTestApp({ extraImports: [ProbeModule] });
    });

    afterAll(async () => {
      await app.close();
    });

    it.each(['/flows/', '/docs', '/no/such/route'])('%s: nosniff, no X-Powered-By, a Content-Security-Policy', async (path) => {
      const res = await request(app.getHttpServer()).get(path);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-powered-by']).toBeUndefined();
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toContain('upgrade-insecure-requests');
      expect(res.headers['strict-transport-security']).toBeUndefined();
    });

    it('a route that sets its own Content-Security-Policy keeps it', async () => {
      const res = await request(app.getHttpServer()).get('/__abuse/page').expect(200);
      expect(res.headers['content-security-policy']).toBe("default-src 'none'; script-src 'sha256-abc='");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    });
  });

  describe('slow clients', () => {
    let app: NestExpressApplication;
    let port: number;

    beforeAll(async () => {
      app = await createTestApp({ extraImports: [ProbeModule], env: { HTTP_HEADERS_TIMEOUT_MS: '200', HTTP_REQUEST_TIMEOUT_MS: '300' } });
      await app.listen(0, '127.0.0.1');
      port = (app.getHttpServer().address() as AddressInfo).port;
    });

    afterAll(async () => {
      await app.close();
    });

    /** Opens a raw connection, writes `sent`, and collects what the server says until it closes the connection. */
    function trickle(sent: string): Promise<string> {
      return new Promise((resolve, reject) => {
        const socket: Socket = connect(port, '127.0.0.1', () => socket.write(sent));
        let received = '';
        socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
        socket.on('close', () => resolve(received));
        socket.on('error', reject);
        socket.setTimeout(20_000, () => socket.destroy(new Error('the server never closed the connection')));
      });
    }

    it('headers that never finish arriving: 408 and the connection is closed', async () => {
      const answer = await trickle('GET /flows/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    });

    it('a body that never finishes arriving: 408 and the connection is closed', async () => {
      const answer = await trickle('POST /flows/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"name":');
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    });

    it('an SSE stream lasting several request timeouts is not cut', async () => {
      const res = await request(app.getHttpServer()).get('/__abuse/stream').buffer(true).parse(collectText).expect(200);
      expect(parseSse(res.body as string).map((frame) => frame.data)).toEqual([0, 1, 2, 3, 4, 5].map((i) => ({ i })));
    });
  });
});
