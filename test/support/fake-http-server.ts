import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

/** What the fake answers: a status and JSON body, or `hang` (never answers, to exercise timeouts). */
export type FakeReply = { readonly status: number; readonly body?: unknown; readonly headers?: Record<string, string> } | 'hang';

/**
 * A small HTTP server on loopback standing in for an external API (LLM providers, financialdatasets,
 * Ollama), so our real HTTP clients are exercised end to end. It records every request.
 */
export class FakeHttpServer {
  readonly requests: RecordedRequest[] = [];
  private server: Server | null = null;

  constructor(private readonly reply: (request: RecordedRequest) => FakeReply) {}

  get url(): string {
    const address = this.server?.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const recorded = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers };
    this.requests.push(recorded);
    req.resume();
    const reply = this.reply(recorded);
    if (reply === 'hang') return;
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
