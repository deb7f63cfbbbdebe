import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeOllamaOptions {
  readonly installed?: string[];
  /** Delay between pull progress lines (ms). */
  readonly pullStepMs?: number;
}

/**
 * A loopback stand-in for the Ollama REST API (version, tags, show, delete, streaming pull), so the
 * real HTTP client is exercised end to end.
 */
export class FakeOllama {
  readonly installed: Set<string>;
  readonly pullsAborted: string[] = [];
  readonly pullsStarted: string[] = [];
  private server: Server | null = null;
  private readonly pullStepMs: number;

  constructor(options: FakeOllamaOptions = {}) {
    this.installed = new Set(options.installed ?? ['llama3.1:latest']);
    this.pullStepMs = options.pullStepMs ?? 5;
  }

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

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readJson(req);
    const send = (status: number, payload: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    const model = typeof body.model === 'string' ? body.model : '';
    if (req.method === 'GET' && req.url === '/api/version') return send(200, { version: '0.0.0-fake' });
    if (req.method === 'GET' && req.url === '/api/tags') {
      return send(200, {
        models: [...this.installed].map((name) => ({ name, model: name, size: 4_920_753_328, digest: `sha256:${name.length}`, modified_at: '2026-01-01T00:00:00Z', details: { family: 'llama' } })),
      });
    }
    if (req.method === 'POST' && req.url === '/api/show') {
      if (!this.installed.has(model)) return send(404, { error: `model '${model}' not found` });
      return send(200, { modelfile: `FROM ${model}`, parameters: 'stop "<|eot_id|>"', details: { family: 'llama', parameter_size: '8.0B' } });
    }
    if (req.method === 'DELETE' && req.url === '/api/delete') {
      if (!this.installed.delete(model)) return send(404, { error: `model '${model}' not found` });
      return send(200, {});
    }
    if (req.method === 'POST' && req.url === '/api/pull') return this.pull(model, req, res);
    send(404, { error: 'not found' });
  }

  private async pull(model: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.pullsStarted.push(model);
    let aborted = false;
    res.on('close', () => {
      if (!res.writableFinished) {
        aborted = true;
        this.pullsAborted.push(model);
      }
    });
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    const write = async (line: unknown): Promise<void> => {
      if (aborted) return;
      res.write(`${JSON.stringify(line)}\n`);
      await new Promise((resolve) => setTimeout(resolve, this.pullStepMs));
    };
    if (model.startsWith('missing')) {
      await write({ status: 'pulling manifest' });
      await write({ error: 'pull model manifest: file does not exist' });
      res.end();
      return;
    }
    await write({ status: 'pulling manifest' });
    // Two layers; the first reaches completed == total long before the pull ends (the anchor stopped there).
    for (const completed of [0, 500, 1000]) await write({ status: 'pulling aaa', digest: 'sha256:aaa', total: 1000, completed });
    for (const completed of [0, 1500, 3000]) await write({ status: 'pulling bbb', digest: 'sha256:bbb', total: 3000, completed });
    if (model.startsWith('slow')) for (let i = 0; i < 400 && !aborted; i += 1) await write({ status: 'pulling ccc', digest: 'sha256:ccc', total: 10, completed: 0 });
    await write({ status: 'verifying sha256 digest' });
    await write({ status: 'writing manifest' });
    if (aborted) return;
    this.installed.add(model);
    await write({ status: 'success' });
    res.end();
  }
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  try {
    return text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
  } catch {
    return {};
  }
}
