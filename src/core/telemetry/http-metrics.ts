import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { bearerTokenCheck, type BearerTokenCheck } from '../http/bearer-auth';
import { requestIdOf, sendProblem } from '../http/problem-details.filter';
import { buildProblem } from '../http/problem-details';
import { PROMETHEUS_CONTENT_TYPE, type Telemetry } from './telemetry';

/** Where Prometheus scrapes the API (`/metrics` is the product's performance-metrics route). */
export const PROMETHEUS_PATH = '/internal/prometheus';

/** The route label of a request no route matched (a 404, or one answered before routing: 401, 421, 400 on a body). */
export const UNMATCHED_ROUTE = '(unmatched)';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * The route template Express matched (`/flows/:flow_id`), never the raw path; `(unmatched)` when none did.
 * A wildcard template is the catch-all Nest mounts app-wide middleware on (pino-http's `{/*splat}`), which
 * a request keeps when no handler took it.
 */
export function routeLabel(request: Request): string {
  const route = (request as Request & { route?: { path?: unknown } }).route;
  if (route === undefined || typeof route.path !== 'string' || route.path.includes('*')) return UNMATCHED_ROUTE;
  return `${request.baseUrl}${route.path}`;
}

/**
 * Counts every HTTP request and measures its duration (`hf_http_requests_total`,
 * `hf_http_request_duration_seconds`) by method, route template and status, when its response closes.
 * A response cut before its headers were sent (the client left) counts as status 499. Scrapes of the
 * Prometheus endpoint itself are not counted.
 */
export function httpMetricsMiddleware(telemetry: Telemetry): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    if (request.path === PROMETHEUS_PATH) return next();
    const started = performance.now();
    response.once('close', () => {
      const labels = {
        method: METHODS.has(request.method) ? request.method : 'OTHER',
        route: routeLabel(request),
        status: response.headersSent ? String(response.statusCode) : '499',
      };
      telemetry.count('hf_http_requests_total', labels);
      telemetry.observe('hf_http_request_duration_seconds', labels, (performance.now() - started) / 1000);
    });
    next();
  };
}

/** Whether an address is this machine's loopback (127.0.0.0/8, ::1, or 127.x mapped into IPv6). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return v4.startsWith('127.') || address === '::1';
}

/**
 * The Prometheus endpoint (`GET /internal/prometheus`, not part of the OpenAPI document). A caller on
 * loopback needs no token: the address is `request.ip`, which, as the app trusts only a proxy on loopback,
 * is the client a local reverse proxy forwarded for, not the proxy. Any other caller needs the bearer
 * AUTH_TOKEN (401 without a valid one); without AUTH_TOKEN the endpoint answers only loopback (403).
 */
export function prometheusEndpoint(telemetry: Telemetry, authToken: string | null): RequestHandler {
  const check: BearerTokenCheck | null = authToken === null ? null : bearerTokenCheck(authToken);
  return (request: Request, response: Response, next: NextFunction) => {
    if (request.path !== '/' && request.path !== '') return next();
    const refuse = (status: number, detail: string): void => sendProblem(request, response, buildProblem({ status, detail }, request.originalUrl.split('?')[0], requestIdOf(request)));
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('Allow', 'GET, HEAD');
      return refuse(405, `${PROMETHEUS_PATH} answers GET only.`);
    }
    if (!isLoopbackAddress(request.ip)) {
      if (check === null) return refuse(403, `${PROMETHEUS_PATH} answers only callers on this machine (loopback) while AUTH_TOKEN is not set.`);
      const verdict = check(request.headers.authorization);
      if (verdict !== 'valid') {
        response.setHeader('WWW-Authenticate', 'Bearer realm="hedge-fund"');
        return refuse(401, verdict === 'missing' ? `${PROMETHEUS_PATH} needs an Authorization: Bearer <AUTH_TOKEN> header from a caller off this machine.` : 'The bearer token is not valid.');
      }
    }
    telemetry.metrics().then(
      (text) => {
        response.setHeader('Cache-Control', 'no-store');
        response.status(200).type(PROMETHEUS_CONTENT_TYPE).send(text);
      },
      (error: unknown) => next(error),
    );
  };
}
