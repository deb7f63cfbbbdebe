import { Agent, request as httpRequest } from 'node:http';

export interface RawRequest {
  readonly method: string;
  /** Path and query exactly as sent (already percent-encoded, or deliberately not). */
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
  /** Declares this Content-Length but sends only `body` (to test limits without sending the bytes). */
  readonly declaredLength?: number;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  /** The body as text (an event stream is cut after its headers and yields ''). */
  readonly text: string;
}

/**
 * One HTTP request with full control over the bytes (supertest and fetch normalise paths, headers and
 * encodings). An event stream is closed as soon as its headers arrive, which cancels the server's work.
 */
export async function rawRequest(baseUrl: string, spec: RawRequest, agent?: Agent, timeoutMs = 30_000): Promise<RawResponse> {
  try {
    return await sendOnce(baseUrl, spec, agent, timeoutMs);
  } catch (error) {
    // A keep-alive socket the server closed as idle just as this request went out on it: the request never reached
    // the server, so it is sent again on a fresh connection (Node's documented `reusedSocket` retry). On a busy
    // machine the gap between two requests can outlast the server's keep-alive timeout.
    if ((error as StaleSocketError).staleSocket === true) return sendOnce(baseUrl, spec, agent, timeoutMs);
    throw error;
  }
}

type StaleSocketError = NodeJS.ErrnoException & { staleSocket?: boolean };

function sendOnce(baseUrl: string, spec: RawRequest, agent: Agent | undefined, timeoutMs: number): Promise<RawResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const body = spec.body === undefined ? undefined : Buffer.isBuffer(spec.body) ? spec.body : Buffer.from(spec.body, 'utf8');
    const headers: Record<string, string | number> = { ...spec.headers };
    if (body !== undefined || spec.declaredLength !== undefined) headers['content-length'] = spec.declaredLength ?? body?.length ?? 0;
    const req = httpRequest({ host: url.hostname, port: url.port, method: spec.method, path: spec.path, headers, agent, insecureHTTPParser: true }, (res) => {
      const chunks: Buffer[] = [];
      if ((res.headers['content-type'] ?? '').startsWith('text/event-stream')) {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: '' });
        res.destroy();
        return;
      }
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    let answered = false;
    req.on('response', () => (answered = true));
    req.on('error', (error: StaleSocketError) => {
      // The server may answer (413, 415) and close before the declared body was sent.
      if (spec.declaredLength !== undefined && (error.code === 'EPIPE' || error.code === 'ECONNRESET')) return;
      if (req.reusedSocket && !answered && error.code === 'ECONNRESET') error.staleSocket = true;
      reject(error);
    });
    if (body !== undefined) req.write(body);
    if (spec.declaredLength === undefined) req.end();
  });
}
