import { EventEmitter } from 'node:events';
import type { Request, Response } from 'express';
import { currentRequestId, currentResponse, requestIdMiddleware } from '../../../src/core/http';

function exchange(headers: Record<string, string>) {
  const response = Object.assign(new EventEmitter(), { headers: {} as Record<string, string>, setHeader(name: string, value: string) { this.headers[name] = value; } });
  return { request: { headers } as unknown as Request, response: response as unknown as Response & { headers: Record<string, string> } };
}

describe('requestIdMiddleware and currentRequestId', () => {
  it('the request id is current through every await of the request, and only there', async () => {
    const { request, response } = exchange({ 'x-request-id': 'req-context-1' });
    const seen: (string | undefined)[] = [];
    await new Promise<void>((resolve) =>
      requestIdMiddleware(request, response, () => {
        seen.push(currentRequestId());
        void (async () => {
          await new Promise((r) => setTimeout(r, 1));
          seen.push(currentRequestId());
          resolve();
        })();
      }),
    );
    expect(seen).toEqual(['req-context-1', 'req-context-1']);
    expect(response.headers['x-request-id']).toBe('req-context-1');
    expect(currentRequestId()).toBeUndefined();
  });

  it('two requests interleaved keep their own ids', async () => {
    const ids = await Promise.all(
      ['req-a', 'req-b'].map(
        (id, i) =>
          new Promise<string | undefined>((resolve) => {
            const { request, response } = exchange({ 'x-request-id': id });
            requestIdMiddleware(request, response, () => setTimeout(() => resolve(currentRequestId()), 5 - i * 4));
          }),
      ),
    );
    expect(ids).toEqual(['req-a', 'req-b']);
  });

  it('the response is current until it closes: what the request started (a thread, a timer) does not keep it', async () => {
    const { request, response } = exchange({ 'x-request-id': 'req-context-2' });
    const seen: unknown[] = [];
    await new Promise<void>((resolve) =>
      requestIdMiddleware(request, response, () => {
        seen.push(currentResponse() === response);
        response.emit('close');
        setTimeout(() => {
          seen.push(currentResponse(), currentRequestId());
          resolve();
        }, 1);
      }),
    );
    expect(seen).toEqual([true, undefined, 'req-context-2']);
  });
});
