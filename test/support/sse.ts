import type { NestExpressApplication } from '@nestjs/platform-express';
import request, { type Response } from 'supertest';

type StreamingResponse = Response & { setEncoding(encoding: string): void; on(event: string, listener: (chunk?: string) => void): void };

export interface SseFrame {
  readonly event: string | null;
  readonly data: unknown;
}

/** Collects the raw body of a streamed response (supertest buffers text/event-stream otherwise poorly). */
export function collectText(response: Response, done: (err: Error | null, body: string) => void): void {
  const res = response as StreamingResponse;
  let text = '';
  res.setEncoding('utf8');
  res.on('data', (chunk) => {
    text += chunk ?? '';
  });
  res.on('end', () => done(null, text));
}

/**
 * Parses an SSE body exactly as the anchor SPA does: split on a blank line, keep the last piece as
 * partial, read `^event: (.+)$` and the first `^data: (.+)$`; blocks without an event line are kept
 * with `event: null` so data-only streams can be checked too.
 */
export function parseSse(body: string): SseFrame[] {
  const blocks = body.split('\n\n');
  blocks.pop();
  const frames: SseFrame[] = [];
  for (const block of blocks) {
    const event = /^event: (.+)$/m.exec(block)?.[1] ?? null;
    const data = /^data: (.+)$/m.exec(block)?.[1];
    if (data === undefined) continue;
    frames.push({ event, data: JSON.parse(data) as unknown });
  }
  return frames;
}

export function sseText(response: Response): string {
  return response.body as string;
}

/** POSTs `body` to the SSE route `path`, expects a 200 event stream and returns its frames as the SPA parses them. */
export async function postSse(app: NestExpressApplication, path: string, body: unknown): Promise<SseFrame[]> {
  const res = await request(app.getHttpServer()).post(path).send(body as object).buffer(true).parse(collectText).expect(200);
  if (!/^text\/event-stream/.test(String(res.headers['content-type']))) throw new Error(`${path} answered ${String(res.headers['content-type'])}, not an event stream`);
  return parseSse(res.body as string);
}
