import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject, Logger, Optional } from '@nestjs/common';
import type { Request, Response } from 'express';
import { EngineError } from '../../engine';
import { APP_CONFIG, type AppConfig } from '../../config';
import { errorCodeOf } from '../logging';
import { bodyReadProblem } from './body-parsing';
import { classifyDatabaseError } from './database-errors';
import { DomainError, statusForCode, UnavailableError } from './domain-error';
import { buildProblem, PROBLEM_CONTENT_TYPE, type ProblemDetailsDto, type ProblemFieldErrorDto, type ProblemInit } from './problem-details';

function httpExceptionDetail(exception: HttpException): { detail: string; errors?: ProblemFieldErrorDto[] } {
  const body = exception.getResponse();
  if (typeof body === 'string') return { detail: body };
  const { message } = body as { message?: unknown };
  if (Array.isArray(message)) {
    return { detail: message.join('; '), errors: message.map((m) => ({ field: '', message: String(m) })) };
  }
  if (typeof message === 'string') return { detail: message };
  return { detail: exception.message };
}

export interface ProblemOptions {
  /** Retry-After of the 503 answered while the database is unreachable (DATABASE_RETRY_AFTER_SECONDS). */
  readonly databaseRetryAfterSeconds?: number;
}

const DEFAULT_DATABASE_RETRY_AFTER_SECONDS = 5;

/** Maps any thrown value to an RFC 9457 problem; never exposes internals of a 5xx. */
export function toProblemInit(exception: unknown, options: ProblemOptions = {}): ProblemInit {
  if (exception instanceof UnavailableError) {
    return { status: statusForCode(exception.code), detail: exception.message, retryAfterSeconds: exception.retryAfterSeconds };
  }
  if (exception instanceof DomainError || exception instanceof EngineError) {
    return { status: statusForCode(exception.code), detail: exception.message, errors: exception.errors === undefined ? undefined : [...exception.errors] };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const { detail, errors } = httpExceptionDetail(exception);
    if (status >= 500) return { status, detail: 'The server could not complete the request.' };
    const unknownRoute = status === 404 && /^Cannot /.test(detail);
    return { status, detail: unknownRoute ? `${detail.replace(/^Cannot /, 'No route for ').replace(/\?.*$/, '')}.` : detail, errors };
  }
  const bodyProblem = bodyReadProblem(exception);
  if (bodyProblem !== null) return bodyProblem;
  switch (classifyDatabaseError(exception)) {
    case 'unavailable': {
      const retryAfterSeconds = options.databaseRetryAfterSeconds ?? DEFAULT_DATABASE_RETRY_AFTER_SECONDS;
      return { status: 503, detail: `The database is not reachable right now; retry in ${retryAfterSeconds} s.`, retryAfterSeconds };
    }
    case 'invalid-value':
      return { status: 422, detail: 'A value in the request cannot be stored (the database refused it as invalid or out of range).' };
    case 'conflict':
      return { status: 409, detail: 'The request conflicts with a stored record (a unique value is already taken).' };
    case null:
      break;
  }
  return { status: 500, detail: 'An unexpected error occurred. Quote the request id when reporting it.' };
}

function errorSummary(error: unknown): { name: string; message: string } {
  return error instanceof Error ? { name: error.name, message: error.message } : { name: typeof error, message: String(error) };
}

export function requestIdOf(request: Request): string | undefined {
  const id = (request as Request & { id?: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

export function sendProblem(request: Request, response: Response, problem: ProblemDetailsDto, retryAfterSeconds?: number): void {
  if (retryAfterSeconds !== undefined) response.setHeader('Retry-After', String(retryAfterSeconds));
  response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);
  private readonly options: ProblemOptions;

  constructor(@Optional() @Inject(APP_CONFIG) config?: AppConfig) {
    this.options = { databaseRetryAfterSeconds: config?.database.retryAfterSeconds };
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    handleException(exception, request, response, this.logger, this.options);
  }
}

/** Shared by the Nest filter and the Express error middleware (body-parser errors happen before routing). */
export function handleException(exception: unknown, request: Request, response: Response, logger: Logger, options: ProblemOptions = {}): void {
  const init = toProblemInit(exception, options);
  const where = `${request.method} ${request.originalUrl ?? request.url}`;
  if (exception instanceof DomainError && init.status >= 500) {
    // A dependency down or slow (a provider, Ollama, the database): expected, and said to the client.
    logger.warn({ request_id: requestIdOf(request), code: exception.code, detail: exception.message }, `Dependency unavailable on ${where}`);
  } else if (classifyDatabaseError(exception) !== null) {
    logger.warn({ request_id: requestIdOf(request), err: errorSummary(exception) }, `Database failure on ${where}: answered ${init.status}`);
  } else if (init.status >= 500) {
    // pino-http writes the request's one line, with this error and its stack, when the response ends; a
    // request it does not log (failed in the middleware before it) is logged here instead.
    if ((response as Response & { log?: unknown }).log !== undefined) response.err = exception instanceof Error ? exception : new Error(String(exception));
    else logger.error({ request_id: requestIdOf(request), code: errorCodeOf(exception), err: exception instanceof Error ? { ...errorSummary(exception), stack: exception.stack } : String(exception) }, `Unhandled error on ${where}`);
  }
  if (response.headersSent) {
    if (!response.writableEnded) response.end();
    return;
  }
  sendProblem(request, response, buildProblem(init, (request.originalUrl ?? request.url).split('?')[0], requestIdOf(request)), init.retryAfterSeconds);
}
