import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';

export const REQUEST_ID_HEADER = 'x-request-id';
const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

interface RequestContext {
  readonly id: string;
  /** Until the response closes: a thread or timer started during a request keeps its context, not the response. */
  response: ServerResponse | undefined;
}

const requestContext = new AsyncLocalStorage<RequestContext>();

/**
 * The id of the request whose handling is running now (through every await of it), or undefined outside
 * a request: what a job submitted by the request carries, so its executor's log lines name the request.
 */
export function currentRequestId(): string | undefined {
  return requestContext.getStore()?.id;
}

/** The response of the request whose handling is running now, or undefined outside a request. */
export function currentResponse(): ServerResponse | undefined {
  return requestContext.getStore()?.response;
}

/** Reuses a well-formed incoming `x-request-id` or makes one, and echoes it on the response. */
export function requestIdMiddleware(request: Request, response: Response, next: NextFunction): void {
  const incoming = request.headers[REQUEST_ID_HEADER];
  const id = typeof incoming === 'string' && ACCEPTABLE_ID.test(incoming) ? incoming : randomUUID();
  (request as Request & { id: string }).id = id;
  response.setHeader(REQUEST_ID_HEADER, id);
  const context: RequestContext = { id, response };
  response.once('close', () => (context.response = undefined));
  requestContext.run(context, next);
}
