import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { requestIdOf, sendProblem } from './problem-details.filter';
import { buildProblem } from './problem-details';

/** Routes a load balancer or orchestrator probes by address (any Host); they reveal nothing. */
const HOST_EXEMPT_PATHS = /^\/health(\/[a-z]+)?\/?$/;
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The host name of a Host header, lower-cased, without its port (`[::1]:8000` → `[::1]`). */
export function hostNameOf(header: string | undefined): string | null {
  if (header === undefined || header.trim() === '') return null;
  const value = header.trim().toLowerCase();
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    return end === -1 ? null : value.slice(0, end + 1);
  }
  return value.replace(/:\d*$/, '');
}

/**
 * DNS rebinding guard: a page on an attacker's name that resolves to 127.0.0.1 reaches this server with
 * its own name in `Host`. Only the names in ALLOWED_HOSTS are served (421 otherwise); `*` turns it off.
 */
export function hostAllowList(allowedHosts: readonly string[]): RequestHandler {
  const allowed = new Set(allowedHosts.map((h) => h.toLowerCase()));
  const any = allowed.has('*');
  return (request: Request, response: Response, next: NextFunction) => {
    if (any || HOST_EXEMPT_PATHS.test(request.path)) return next();
    const host = hostNameOf(request.headers.host);
    if (host !== null && allowed.has(host)) return next();
    const detail =
      host === null
        ? 'The request has no Host header; this server answers only for the names in ALLOWED_HOSTS.'
        : `This server does not answer for the host "${host}"; its names are listed in ALLOWED_HOSTS.`;
    sendProblem(request, response, buildProblem({ status: 421, detail }, request.path, requestIdOf(request)));
  };
}

/** Whether `origin` is the server's own origin for this request (same scheme, host and port). */
function isSameOrigin(origin: string, request: Request): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  return url.host === (request.headers.host ?? '').toLowerCase() && url.protocol === `${request.protocol}:`;
}

/**
 * Cross-site write guard: browsers attach `Origin` to every cross-site POST, including the simple ones
 * (form posts, text/plain) that CORS does not stop. A state-changing request whose `Origin` is present and
 * is neither this server's own origin (the Swagger UI at /docs) nor one of CORS_ORIGINS is a 403.
 * Requests without `Origin` (curl, the CLIs, server-to-server) are not browser cross-site requests.
 */
export function crossSiteWriteGuard(corsOrigins: readonly string[]): RequestHandler {
  const allowed = new Set(corsOrigins);
  const any = allowed.has('*');
  return (request: Request, response: Response, next: NextFunction) => {
    const origin = request.headers.origin;
    if (any || origin === undefined || !STATE_CHANGING.has(request.method)) return next();
    if (allowed.has(origin) || isSameOrigin(origin, request)) return next();
    const detail = `Cross-site ${request.method} refused: the origin "${origin}" is neither this server nor one of CORS_ORIGINS.`;
    sendProblem(request, response, buildProblem({ status: 403, detail }, request.path, requestIdOf(request)));
  };
}
