import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { requestIdOf, sendProblem } from './problem-details.filter';
import { buildProblem } from './problem-details';

/** The routes open without the token: health, for probes and load balancers. */
export const PUBLIC_PATHS = /^\/health(\/(ping|live|ready))?\/?$/;
/** The API manual: the UI page, its assets and the OpenAPI document (the API's shape, no data); its calls carry the token. */
const DOCS_PATHS = /^\/docs(-json|-yaml)?(\/[^/]*)?$/;

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** What an Authorization header says against the expected token. */
export type BearerTokenCheck = (header: string | undefined) => 'valid' | 'invalid' | 'missing';

/** Compares `Authorization: Bearer <token>` with `token` in constant time (digests of both). */
export function bearerTokenCheck(token: string): BearerTokenCheck {
  const expected = digest(token);
  return (header) => {
    const match = typeof header === 'string' ? /^Bearer\s+(.+)$/i.exec(header.trim()) : null;
    if (match === null) return 'missing';
    return timingSafeEqual(digest(match[1]), expected) ? 'valid' : 'invalid';
  };
}

/**
 * Optional bearer auth (AUTH_TOKEN). Runs as Express middleware so it also covers unknown routes; health, the API
 * manual (GET /docs, its assets, /docs-json) and CORS preflights stay open.
 */
export function bearerAuthMiddleware(token: string): (request: Request, response: Response, next: NextFunction) => void {
  const check = bearerTokenCheck(token);
  return (request, response, next) => {
    if (request.method === 'OPTIONS' || PUBLIC_PATHS.test(request.path) || ((request.method === 'GET' || request.method === 'HEAD') && DOCS_PATHS.test(request.path))) return next();
    const verdict = check(request.headers.authorization);
    if (verdict === 'valid') return next();
    response.setHeader('WWW-Authenticate', 'Bearer realm="hedge-fund"');
    const detail = verdict === 'missing' ? 'This server requires an Authorization: Bearer <token> header.' : 'The bearer token is not valid.';
    sendProblem(request, response, buildProblem({ status: 401, detail }, request.path, requestIdOf(request)));
  };
}
