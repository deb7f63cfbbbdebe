import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { EngineError, type EngineErrorCode } from '../../engine';
import { bodyReadProblem } from './body-parsing';
import { DomainError, statusForCode, UnavailableError } from './domain-error';
import { buildProblem, PROBLEM_CONTENT_TYPE, type ProblemDetailsDto, type ProblemFieldErrorDto, type ProblemInit } from './problem-details';

function engineStatus(code: EngineErrorCode): number {
  switch (code) {
    case 'INVALID_INPUT':
      return 422;
    case 'INSUFFICIENT_DATA':
      return 422;
    case 'CANCELLED':
      return 409;
    default: {
      const unmapped: never = code;
      throw new Error(`Unmapped engine error code ${String(unmapped)}`);
    }
  }
}

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

/** Maps any thrown value to an RFC 9457 problem; never exposes internals of a 5xx. */
export function toProblemInit(exception: unknown): ProblemInit {
  if (exception instanceof DomainError) {
    return { status: statusForCode(exception.code), detail: exception.message, errors: exception.errors };
  }
  if (exception instanceof EngineError) {
    return { status: engineStatus(exception.code), detail: exception.message, errors: [...exception.errors] };
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
  return { status: 500, detail: 'An unexpected error occurred. Quote the request id when reporting it.' };
}

export function requestIdOf(request: Request): string | undefined {
  const id = (request as Request & { id?: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

export function sendProblem(request: Request, response: Response, problem: ProblemDetailsDto): void {
  response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    handleException(exception, request, response, this.logger);
  }
}

/** Shared by the Nest filter and the Express error middleware (body-parser errors happen before routing). */
export function handleException(exception: unknown, request: Request, response: Response, logger: Logger): void {
  const init = toProblemInit(exception);
  if (init.status >= 500) {
    logger.error(
      {
        request_id: requestIdOf(request),
        err: exception instanceof Error ? { name: exception.name, message: exception.message, stack: exception.stack } : String(exception),
      },
      `Unhandled error on ${request.method} ${request.originalUrl ?? request.url}`,
    );
  }
  if (response.headersSent) {
    if (!response.writableEnded) response.end();
    return;
  }
  if (exception instanceof UnavailableError) response.setHeader('Retry-After', String(exception.retryAfterSeconds));
  sendProblem(request, response, buildProblem(init, (request.originalUrl ?? request.url).split('?')[0], requestIdOf(request)));
}
