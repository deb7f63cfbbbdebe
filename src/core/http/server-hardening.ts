import type { Server } from 'node:http';
import type { RequestHandler } from 'express';
import helmet from 'helmet';
import type { HttpConfig } from '../../config';

/**
 * Slow-client limits on the Node server: the headers must arrive within `headersTimeoutMs` and the whole
 * request (body included) within `requestTimeoutMs`, else Node answers 408 and closes the connection.
 * Only receiving the request is bounded: a response that streams for hours (an SSE run) is not cut.
 * Node checks the deadlines every `connectionsCheckingInterval`; it is set here, before `listen`, to a
 * quarter of the shorter deadline (at most Node's 30 s), so the limits hold to that granularity.
 */
export function applyServerTimeouts(server: Server, config: Pick<HttpConfig, 'headersTimeoutMs' | 'requestTimeoutMs'>): void {
  server.headersTimeout = config.headersTimeoutMs;
  server.requestTimeout = config.requestTimeoutMs;
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.max(25, Math.min(30_000, Math.floor(Math.min(config.headersTimeoutMs, config.requestTimeoutMs) / 4)));
}

/**
 * Security headers (helmet): nosniff, no X-Powered-By, frame and referrer policies, and a default
 * Content-Security-Policy that fits the JSON API and the Swagger UI at /docs (scripts from this origin
 * only, inline styles allowed, no plugins, no framing by other sites).
 *
 * A route that serves its own HTML (the HTML reports, with inline scripts and styles) sets its own
 * `Content-Security-Policy` header in its handler: that replaces this default for that response. Name the
 * page's inline blocks by hash (`script-src 'sha256-…'`, computed from the exact text of each block) or give
 * them a per-response nonce (`script-src 'nonce-…'` with `<script nonce="…">`); never fall back to
 * 'unsafe-inline' for scripts.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        // The server is reached over plain http on loopback; upgrading its own subresources would break /docs.
        upgradeInsecureRequests: null,
      },
    },
    // TLS belongs to the proxy in front; HSTS from a loopback server would pin browsers to https://localhost.
    strictTransportSecurity: false,
  });
}
