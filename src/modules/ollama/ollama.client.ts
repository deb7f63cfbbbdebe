import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config';
import { DomainError } from '../../core/http';

export interface OllamaModelSummary {
  readonly name: string;
  readonly model: string;
  readonly size: number | null;
  readonly digest: string | null;
  readonly modified_at: string | null;
  readonly details: Record<string, unknown> | null;
}

/** One line of Ollama's NDJSON pull stream. */
export interface OllamaPullChunk {
  readonly status?: string;
  readonly digest?: string;
  readonly total?: number;
  readonly completed?: number;
  readonly error?: string;
}

export class OllamaUnavailableError extends DomainError {
  constructor(baseUrl: string, reason: string) {
    super('UNAVAILABLE', `The Ollama server at ${baseUrl} does not answer (${reason}). Start it first.`);
  }
}

/** HTTP adapter for the Ollama REST API (https://github.com/ollama/ollama/blob/main/docs/api.md). */
@Injectable()
export class OllamaClient {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get baseUrl(): string {
    return this.config.ollama.baseUrl;
  }

  async version(): Promise<string> {
    const body = (await this.request('GET', '/api/version')) as { version?: unknown };
    return typeof body.version === 'string' ? body.version : 'unknown';
  }

  async listModels(): Promise<OllamaModelSummary[]> {
    const body = (await this.request('GET', '/api/tags')) as { models?: unknown };
    if (!Array.isArray(body.models)) throw new DomainError('UPSTREAM_ERROR', 'Ollama answered /api/tags without a models list.');
    return body.models.map((raw: Record<string, unknown>) => ({
      name: String(raw.name ?? raw.model ?? ''),
      model: String(raw.model ?? raw.name ?? ''),
      size: typeof raw.size === 'number' ? raw.size : null,
      digest: typeof raw.digest === 'string' ? raw.digest : null,
      modified_at: typeof raw.modified_at === 'string' ? raw.modified_at : null,
      details: typeof raw.details === 'object' && raw.details !== null ? (raw.details as Record<string, unknown>) : null,
    }));
  }

  /** `null` when the server does not know the model. */
  async showModel(name: string): Promise<Record<string, unknown> | null> {
    try {
      return (await this.request('POST', '/api/show', { model: name })) as Record<string, unknown>;
    } catch (error) {
      if (error instanceof DomainError && error.code === 'NOT_FOUND') return null;
      throw error;
    }
  }

  /** `false` when the model was not there. */
  async deleteModel(name: string): Promise<boolean> {
    try {
      await this.request('DELETE', '/api/delete', { model: name });
      return true;
    } catch (error) {
      if (error instanceof DomainError && error.code === 'NOT_FOUND') return false;
      throw error;
    }
  }

  /** Streams the pull progress; aborting `signal` cancels the download on the server side too. */
  async *pull(name: string, signal: AbortSignal): AsyncGenerator<OllamaPullChunk> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}/api/pull`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: name, stream: true }),
        signal,
      });
    } catch (error) {
      if (signal.aborted) return;
      throw new OllamaUnavailableError(this.baseUrl, (error as Error).message);
    }
    if (!response.ok || response.body === null) {
      throw new DomainError('UPSTREAM_ERROR', `Ollama refused to pull ${name}: HTTP ${response.status} ${await safeText(response)}`);
    }
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let newline = buffer.indexOf('\n');
        while (newline >= 0) {
          const line = buffer.slice(0, newline).trim();
          buffer = buffer.slice(newline + 1);
          if (line !== '') yield parseChunk(line);
          newline = buffer.indexOf('\n');
        }
      }
    } catch (error) {
      if (signal.aborted) return;
      throw new DomainError('UPSTREAM_ERROR', `The pull stream of ${name} broke: ${(error as Error).message}`);
    }
    if (buffer.trim() !== '') yield parseChunk(buffer.trim());
  }

  private async request(method: string, path: string, body?: unknown): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: body === undefined ? undefined : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.config.ollama.timeoutMs),
      });
    } catch (error) {
      const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${this.config.ollama.timeoutMs} ms` : (error as Error).message;
      throw new OllamaUnavailableError(this.baseUrl, reason);
    }
    if (response.status === 404) throw new DomainError('NOT_FOUND', `Ollama: ${await safeText(response)}`);
    if (!response.ok) throw new DomainError('UPSTREAM_ERROR', `Ollama answered ${method} ${path} with HTTP ${response.status}: ${await safeText(response)}`);
    const text = await response.text();
    if (text.trim() === '') return {};
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new DomainError('UPSTREAM_ERROR', `Ollama answered ${method} ${path} with malformed JSON.`);
    }
  }
}

function parseChunk(line: string): OllamaPullChunk {
  try {
    return JSON.parse(line) as OllamaPullChunk;
  } catch {
    return { error: `malformed progress line from Ollama: ${line.slice(0, 200)}` };
  }
}

async function safeText(response: Response): Promise<string> {
  try {
    const text = (await response.text()).slice(0, 300);
    try {
      const parsed = JSON.parse(text) as { error?: unknown };
      if (typeof parsed.error === 'string') return parsed.error;
    } catch {
      // not JSON
    }
    return text;
  } catch {
    return '';
  }
}
