import type { Params } from 'nestjs-pino';
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

export function loggerParams(config: AppConfig): Params {
  const options: Options = {
    level: config.logging.level,
    genReqId: (request) => (request as typeof request & { id?: string }).id ?? 'unknown',
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    customLogLevel: (_request, response, error) => (error !== undefined || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info'),
    serializers: {
      req: (request: { id: string; method: string; url: string }) => ({ id: request.id, method: request.method, url: request.url.split('?')[0] }),
      res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
    },
    transport: config.logging.pretty && config.logging.destination === undefined ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
  };
  return { pinoHttp: config.logging.destination === undefined ? options : [options, config.logging.destination] };
}
