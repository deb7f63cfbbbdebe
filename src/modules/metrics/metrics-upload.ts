import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { MetricsConfig } from '../../config';
import { DomainError, exceedsJsonDepth, tooDeepError, tooLargeDetail, ValidationError } from '../../core/http';

/** Path of the routes that read their own body (mounted before the app-wide parsers and their BODY_LIMIT_MB). */
export const METRICS_ROUTE = '/metrics';

/** Paths under METRICS_ROUTE that take the POST /metrics body: the JSON answer and its HTML tearsheet. */
const BODY_PATHS = new Set(['', '/report.html']);

export type MetricsUploadKind = 'json' | 'csv';

/** The raw body of POST /metrics, read by `metricsUploadReader` with the route's own limits. */
export interface MetricsUpload {
  readonly kind: MetricsUploadKind;
  readonly text: string;
}

const UPLOAD = Symbol('metricsUpload');

type RequestWithUpload = Request & { [UPLOAD]?: MetricsUpload };

export function uploadOf(request: Request): MetricsUpload | undefined {
  return (request as RequestWithUpload)[UPLOAD];
}

function kindOf(request: Request): MetricsUploadKind | 'multipart' | null {
  const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/json' || type.endsWith('+json')) return 'json';
  if (type === 'text/csv' || type === 'application/csv' || type === 'text/plain') return 'csv';
  if (type === 'multipart/form-data') return 'multipart';
  return null;
}

function tooLarge(limit: number): DomainError {
  return new DomainError('PAYLOAD_TOO_LARGE', tooLargeDetail('The request body', limit, ' of POST /metrics (METRICS_BODY_LIMIT_MB)'));
}

/**
 * Reads and drops the rest of a rejected body, so the client (still sending) gets to read the error
 * instead of a reset connection; a client that keeps sending far beyond the limit is disconnected.
 */
function discardRest(request: Request, limit: number): void {
  let discarded = 0;
  request.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > 4 * limit) request.socket.destroy();
  });
  request.resume();
}

/**
 * Reads the body of POST /metrics as text with the route's own byte limit (the app-wide JSON parser
 * stops at BODY_LIMIT_MB, 10 MB by default; a million daily points is ~45 MB of JSON). A CSV body is also stopped early, with a
 * 422, once it holds more lines than two full tables could (`maxPoints` equity rows + `maxPoints` trades);
 * the rest of a rejected body is read and dropped, not kept.
 * A JSON body nested deeper than `jsonMaxDepth` is a 400, as on every other route.
 * Other methods and multipart bodies pass through untouched.
 */
export function metricsUploadReader(config: MetricsConfig, jsonMaxDepth: number): RequestHandler {
  const maxCsvLines = 2 * config.maxPoints + 3;
  return (request: Request, _response: Response, next: NextFunction) => {
    const path = request.path.replace(/\/+$/, '');
    if (request.method !== 'POST' || !BODY_PATHS.has(path)) return next();
    const kind = kindOf(request);
    if (kind === null || kind === 'multipart') return next();
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > config.maxBodyBytes) {
      discardRest(request, config.maxBodyBytes);
      return next(tooLarge(config.maxBodyBytes));
    }
    const chunks: Buffer[] = [];
    let received = 0;
    let lines = 0;
    let settled = false;
    const stop = (error: Error | null): void => {
      if (settled) return;
      settled = true;
      request.removeListener('data', onData);
      request.removeListener('end', onEnd);
      request.removeListener('error', onError);
      if (error !== null) {
        discardRest(request, config.maxBodyBytes);
        next(error);
        return;
      }
      const body = Buffer.concat(chunks, received);
      if (kind === 'json' && exceedsJsonDepth(body, jsonMaxDepth)) {
        next(tooDeepError(jsonMaxDepth));
        return;
      }
      (request as RequestWithUpload)[UPLOAD] = { kind, text: body.toString('utf8') };
      next();
    };
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (received > config.maxBodyBytes) return stop(tooLarge(config.maxBodyBytes));
      if (kind === 'csv') {
        for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines += 1;
        if (lines > maxCsvLines) {
          return stop(ValidationError.field('equity', `The CSV body has more than ${maxCsvLines} lines; POST /metrics accepts at most ${config.maxPoints} equity points and ${config.maxPoints} trades (METRICS_MAX_POINTS).`));
        }
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => stop(null);
    const onError = (): void => stop(new DomainError('BAD_REQUEST', 'The request body could not be read (the connection was interrupted).'));
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
  };
}
