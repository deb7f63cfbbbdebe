import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { ProblemInit } from './problem-details';

/** Encodings the JSON parser (body-parser) inflates; any other Content-Encoding is a 415. */
export const INFLATED_ENCODINGS = ['identity', 'gzip', 'deflate', 'br'] as const;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Whether a JSON text nests objects and arrays deeper than `maxDepth`. One linear pass over the bytes
 * (strings skipped), before the text is parsed: a 3 KB body nested 1,500 levels deep would otherwise
 * overflow the stack of the recursive transform and validation that follow the parse.
 */
export function exceedsJsonDepth(text: Uint8Array | string, maxDepth: number): boolean {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i += 1) {
    const byte = bytes[i];
    if (inString) {
      if (byte === BACKSLASH) i += 1;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      depth += 1;
      if (depth > maxDepth) return true;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      depth -= 1;
    }
  }
  return false;
}

/** An error in the shape body-parser gives its own (`type`, `status`, `expose`), so one mapping handles all. */
export class BodyReadError extends Error {
  readonly expose = true;

  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly limit?: number,
  ) {
    super(message);
    this.name = 'BodyReadError';
  }
}

export function tooDeepError(maxDepth: number): BodyReadError {
  return new BodyReadError(400, 'entity.too.deep', `The request body nests objects and arrays more than ${maxDepth} levels deep (JSON_MAX_DEPTH).`);
}

/** body-parser's `verify` hook: runs on the raw (inflated) bytes before JSON.parse. */
export function jsonDepthVerifier(maxDepth: number): (request: IncomingMessage, response: unknown, body: Buffer) => void {
  return (_request, _response, body) => {
    if (exceedsJsonDepth(body, maxDepth)) throw tooDeepError(maxDepth);
  };
}

export function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
}

/**
 * The one 413 text: `<what> is larger than the <limit> limit<where>.`, the limit printed from the bytes that
 * were configured (BODY_LIMIT_MB, METRICS_BODY_LIMIT_MB, the upload limit), never a hard-coded figure.
 */
export function tooLargeDetail(what: string, limitBytes: number, where = ''): string {
  return `${what} is larger than the ${megabytes(limitBytes)} limit${where}.`;
}

export function mediaTypeOf(request: IncomingMessage): string {
  return (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}

/** Whether the request carries a body (a non-zero Content-Length or a chunked transfer). */
export function hasBody(request: IncomingMessage): boolean {
  if (request.headers['transfer-encoding'] !== undefined) return true;
  const length = request.headers['content-length'];
  return length !== undefined && length !== '0';
}

/**
 * Runs before any body is read: a Content-Encoding the JSON parser cannot inflate is a 415 (body-parser
 * would otherwise throw an error the pipeline did not recognise), and only JSON bodies may be encoded.
 */
export function contentEncodingCheck(request: Request, _response: Response, next: NextFunction): void {
  const encodings = String(request.headers['content-encoding'] ?? 'identity')
    .split(',')
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e !== '');
  const unsupported = encodings.find((e) => !(INFLATED_ENCODINGS as readonly string[]).includes(e));
  if (unsupported !== undefined) {
    return next(new BodyReadError(415, 'encoding.unsupported', `Content-Encoding "${unsupported}" is not supported; send the body as identity, gzip, deflate or br`));
  }
  if (encodings.some((e) => e !== 'identity') && mediaTypeOf(request) !== 'application/json') {
    return next(new BodyReadError(415, 'encoding.unsupported', 'Only application/json bodies may be sent with a Content-Encoding'));
  }
  next();
}

/**
 * Runs before the JSON parser: a JSON body whose declared length is over the limit is a 413 at once (the
 * connection is then closed), instead of after the parser has read and dropped every byte of it.
 */
export function declaredJsonLengthCheck(limitBytes: number): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    // A route that read its own body (POST /metrics, with its own limit) is done with it.
    if (request.readableEnded) return next();
    const declared = Number(request.headers['content-length']);
    if (mediaTypeOf(request) === 'application/json' && Number.isFinite(declared) && declared > limitBytes) {
      response.setHeader('Connection', 'close');
      response.on('finish', () => request.socket.destroySoon());
      return next(new BodyReadError(413, 'entity.too.large', 'request entity too large', limitBytes));
    }
    next();
  };
}

/**
 * body-parser (strict mode) refuses a JSON body that is not an object or an array with JSON.parse's own wording
 * ("Unexpected token 'n', "null" is not valid JSON"): for valid JSON of another kind, the detail says what it is.
 */
function notObjectOrArrayDetail(body: unknown): string | null {
  // A body that opens as an object or an array failed as malformed JSON: no second parse (it may be megabytes).
  // Anything else that parses is a scalar or null: JSON allows only the white space `\s` covers before a value.
  if (typeof body !== 'string' || /^\s*[{[]/.test(body)) return null;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return null;
  }
  return `The request body must be a JSON object or array, not ${value === null ? 'null' : `a ${typeof value}`}.`;
}

function isBodyError(error: unknown): error is { status?: number; statusCode?: number; type?: string; message: string; limit?: number; code?: string; expose?: boolean; body?: unknown } {
  return typeof error === 'object' && error !== null && (error as { expose?: unknown }).expose === true && typeof (error as { message?: unknown }).message === 'string';
}

/**
 * The problem for an error raised while reading or decoding a body (body-parser, zlib, our prechecks);
 * null for anything else. The 413 names the limit that applied.
 */
export function bodyReadProblem(error: unknown): ProblemInit | null {
  if (!isBodyError(error)) return null;
  const status = error.status ?? error.statusCode ?? 400;
  if (status < 400 || status >= 500) return null;
  switch (error.type) {
    case 'entity.parse.failed':
      return { status: 400, detail: notObjectOrArrayDetail(error.body) ?? `The request body is not valid JSON: ${error.message}.` };
    case 'entity.too.large':
      return { status: 413, detail: error.limit === undefined ? 'The request body is too large.' : tooLargeDetail('The request body', error.limit) };
    case 'entity.too.deep':
      return { status: 400, detail: error.message };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return { status: 415, detail: `${error.message.replace(/\.$/, '')}.` };
    case 'request.aborted':
      return { status: 400, detail: 'The request body was not received completely (the client aborted).' };
    case 'request.size.invalid':
      return { status: 400, detail: 'The request body does not match its Content-Length.' };
    default:
      if (error.code !== undefined && /^(Z_|ERR__|ERR_BROTLI)/.test(error.code)) {
        return { status: 400, detail: `The request body could not be decoded with its Content-Encoding (${error.code}): is it really compressed that way?` };
      }
      return { status, detail: `The request body could not be read: ${error.message}.` };
  }
}
