import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import { stdSerializers } from 'pino';
import type { Options } from 'pino-http';
import type { AppConfig } from '../config';

/** Request and header fields that may carry secrets; pino replaces them before anything is written. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'key_value',
  '*.key_value',
  '*.*.key_value',
  '*.api_key',
  '*.apiKey',
];

/** Dependencies down or slow (502, 504) and the database away (503) are expected, answered conditions: warn. */
const DEPENDENCY_STATUSES = new Set([502, 503, 504]);

function levelOf(status: number, error: unknown): 'error' | 'warn' | 'info' {
  if (DEPENDENCY_STATUSES.has(status)) return 'warn';
  if (error !== undefined || status >= 500) return 'error';
  return status >= 400 ? 'warn' : 'info';
}

/**
 * The code an operator searches for in a failed request's log line: ours (DomainError, EngineError),
 * a PostgreSQL SQLSTATE, a Node system code (ECONNREFUSED), else INTERNAL.
 */
export function errorCodeOf(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && /^[A-Za-z0-9_]{1,64}$/.test(code) ? code : 'INTERNAL';
}

export function loggerParams(config: AppConfig): Params {
  const options: Options = {
    level: config.logging.level,
    genReqId: (request) => (request as typeof request & { id?: string }).id ?? 'unknown',
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    customLogLevel: (_request, response, error) => levelOf(response.statusCode, error),
    // A 5xx logs one line, this one: the problem-details filter hands the error over as `res.err` (its stack included).
    customErrorObject: (_request, _response, error, value: Record<string, unknown>) => ({ ...value, error_code: errorCodeOf(error) }),
    customErrorMessage: (request, response, error) => `${request.method} ${(request.url ?? '').split('?')[0]} answered ${response.statusCode}: ${error.message}`,
    // The serializers read the request and response themselves: pino-http's wrapping would first copy each into
    // pino's standard shape (every header included) on every request, logged or not (LOG_LEVEL=silent too), for
    // these three fields. Errors keep pino's standard serializer.
    wrapSerializers: false,
    serializers: {
      req: (request: IncomingMessage & { id?: string; originalUrl?: string }) => ({ id: request.id, method: request.method, url: (request.originalUrl ?? request.url ?? '').split('?')[0] }),
      res: (response: ServerResponse) => ({ statusCode: response.statusCode }),
      err: stdSerializers.err,
    },
    transport: config.logging.pretty && config.logging.destination === undefined ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
  };
  return { pinoHttp: config.logging.destination === undefined ? options : [options, config.logging.destination] };
}
