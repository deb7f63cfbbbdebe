import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { httpMetricsMiddleware, Telemetry } from '../src/core/telemetry';
import type { BenchModule } from './run';
import { median, printTable, timeRuns } from './support';

const REQUESTS = 200_000;
const ROUTES = ['/flows', '/flows/:flow_id', '/hedge-fund/backtest', '/futures/backtest', '/health/ping', '/api-keys', '/language-models', '/storage/upload'];
const STATUSES = [200, 200, 200, 201, 404, 422, 500];

/** A request and its response as Express hands them to a middleware: the fields it reads, and the `close` it waits for. */
function exchange(i: number): { request: Request; response: Response } {
  const request = Object.assign(new EventEmitter(), { path: `/flows/${i}`, method: i % 3 === 0 ? 'POST' : 'GET', baseUrl: '', route: { path: ROUTES[i % ROUTES.length] } });
  const response = Object.assign(new EventEmitter(), { headersSent: true, statusCode: STATUSES[i % STATUSES.length] });
  return { request: request as unknown as Request, response: response as unknown as Response };
}

/** Time per request of `middleware`: called, `next` run, then the response closed (where the metrics are recorded). */
function perRequestNs(middleware: RequestHandler): number {
  const exchanges = Array.from({ length: 1024 }, (_, i) => exchange(i));
  const next: NextFunction = () => undefined;
  const started = performance.now();
  for (let i = 0; i < REQUESTS; i += 1) {
    const { request, response } = exchanges[i % exchanges.length];
    middleware(request, response, next);
    response.emit('close');
  }
  return ((performance.now() - started) * 1e6) / REQUESTS;
}

/**
 * The cost the HTTP metrics add to every request: the production middleware (`httpMetricsMiddleware`, the one
 * createApp installs) with its real prom-client counter and histogram, against a middleware that only waits for
 * the same `close`. Then the cost of one scrape of the registry those requests filled.
 */
const bench: BenchModule = {
  title: 'HTTP metrics: middleware cost per request, scrape cost',
  async run() {
    const telemetry = new Telemetry();
    telemetry.collectProcessMetrics();
    const measured = httpMetricsMiddleware(telemetry);
    const baseline: RequestHandler = (_request, response, next) => {
      response.once('close', () => undefined);
      next();
    };
    // Warm both paths (JIT, and every label combination's series created once).
    perRequestNs(measured);
    perRequestNs(baseline);
    const rounds = 5;
    const withMetrics: number[] = [];
    const without: number[] = [];
    for (let round = 0; round < rounds; round += 1) {
      withMetrics.push(perRequestNs(measured));
      without.push(perRequestNs(baseline));
    }
    const series = (await telemetry.metrics()).split('\n').filter((line) => line.startsWith('hf_http_')).length;
    const scrapes = await timeRuns(() => telemetry.metrics(), 50, 5);
    printTable([
      { measure: 'per request, with the metrics middleware', 'median ns': Math.round(median(withMetrics)), 'min ns': Math.round(Math.min(...withMetrics)) },
      { measure: 'per request, close listener only (baseline)', 'median ns': Math.round(median(without)), 'min ns': Math.round(Math.min(...without)) },
      { measure: 'added by the metrics', 'median ns': Math.round(median(withMetrics) - median(without)), 'min ns': Math.round(Math.min(...withMetrics) - Math.min(...without)) },
    ]);
    printTable([{ measure: `one scrape (${series} hf_http_* lines + process defaults)`, 'median ms': median(scrapes).toFixed(2), 'max ms': Math.max(...scrapes).toFixed(2) }]);
  },
};

export default bench;
