import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  /** The request body as text ('' when there was none). */
  readonly body: string;
}

/**
 * What the fake answers: a status and JSON body; a status and a body streamed in chunks (server-sent
 * events, NDJSON: the chunks are written as given, `chunkDelayMs` apart); or `hang` (never answers, to
 * exercise timeouts and cancellation).
 */
export type FakeReply =
  | { readonly status: number; readonly body?: unknown; readonly headers?: Record<string, string> }
  | { readonly status: number; readonly chunks: readonly string[]; readonly headers?: Record<string, string>; readonly chunkDelayMs?: number }
  | 'hang';

/**
 * A small HTTP server on loopback standing in for an external API (LLM providers, financialdatasets,
 * Ollama), so our real HTTP clients are exercised end to end. It records every request (with its body)
 * and counts the connections the client closed before the answer was complete.
 */
export class FakeHttpServer {
  readonly requests: RecordedRequest[] = [];
  /** Requests whose client went away before the answer was complete (cancelled or timed-out calls). */
  closedByClient = 0;
  private server: Server | null = null;
  private readonly closeWaiters: (() => void)[] = [];

  constructor(private readonly reply: (request: RecordedRequest) => FakeReply | Promise<FakeReply>) {}

  get url(): string {
    const address = this.server?.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** Resolves once `count` requests in all have been closed by the client before their answer ended. */
  async waitForClientClose(count = 1): Promise<void> {
    while (this.closedByClient < count) await new Promise<void>((resolve) => this.closeWaiters.push(resolve));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.on('close', () => {
      if (res.writableFinished) return;
      this.closedByClient += 1;
      for (const wake of this.closeWaiters.splice(0)) wake();
    });
    let body = '';
    req.setEncoding('utf8');
    for await (const chunk of req) body += chunk as string;
    const recorded: RecordedRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body };
    this.requests.push(recorded);
    const reply = await this.reply(recorded);
    if (reply === 'hang' || res.destroyed) return;
    if ('chunks' in reply) {
      res.writeHead(reply.status, { 'content-type': 'text/event-stream', ...reply.headers });
      for (const chunk of reply.chunks) {
        if (res.destroyed) return;
        res.write(chunk);
        if (reply.chunkDelayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, reply.chunkDelayMs));
      }
      res.end();
      return;
    }
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    res.end(JSON.stringify(reply.body ?? {}));
  }
}

/** A loopback port nothing listens on (bound, then released). */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
