import { EventEmitter } from 'node:events';
import type { MessagePort } from 'node:worker_threads';

/**
 * The database of a worker thread, served by the main thread's connection pool over a MessagePort.
 *
 * Why not a connection of the thread's own: the embedded PGlite is one session behind its socket, and
 * pglite-socket interleaves the protocol messages of concurrent connections (stack notes: "one pooled
 * connection"). So every query of every thread goes through the main thread's pool: with PGlite that is
 * its single connection (a thread's transaction holds it from BEGIN to COMMIT, as a checkout of the pool
 * does), with PostgreSQL the ordinary pool. The thread side is a `pg` look-alike handed to TypeORM as its
 * `driver`; only what TypeORM's postgres driver uses is implemented: `Pool#connect/end/on`, and the
 * client's `query` (promise or callback) and `release`.
 */

interface PgResult {
  readonly command: string;
  readonly rowCount: number | null;
  readonly rows: Record<string, unknown>[];
}

/** The part of `pg.Pool` the host needs. */
export interface HostPool {
  connect(): Promise<{ query(text: string, values?: unknown[]): Promise<PgResult>; release(error?: Error | boolean): void }>;
}

type Request =
  | { readonly op: 'connect'; readonly client: number }
  | { readonly op: 'query'; readonly client: number; readonly query: number; readonly text: string; readonly values?: unknown[] }
  | { readonly op: 'release'; readonly client: number; readonly broken: boolean };

type Reply =
  | { readonly op: 'connected'; readonly client: number; readonly error?: Record<string, unknown> }
  | { readonly op: 'result'; readonly query: number; readonly result?: PgResult; readonly error?: Record<string, unknown> };

/** A structured clone turns a Buffer into a Uint8Array; `pg` and our code expect Buffers. */
function revive(value: unknown): unknown {
  return value instanceof Uint8Array && !Buffer.isBuffer(value) ? Buffer.from(value.buffer, value.byteOffset, value.byteLength) : value;
}

function errorFields(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const fields: Record<string, unknown> = { message: error.message, name: error.name };
  for (const key of ['code', 'detail', 'hint', 'position', 'schema', 'table', 'column', 'dataType', 'constraint', 'severity', 'routine']) {
    const value = (error as unknown as Record<string, unknown>)[key];
    if (value !== undefined) fields[key] = value;
  }
  return fields;
}

function toError(fields: Record<string, unknown>): Error {
  return Object.assign(new Error(String(fields.message)), fields);
}

/**
 * Main thread: serves one thread's port from `pool`. Returns a function that releases every connection
 * the thread still holds (call it when the thread exits: a dead thread's transaction is rolled back).
 */
export function servePoolBridge(pool: HostPool, port: MessagePort): () => void {
  const clients = new Map<number, Awaited<ReturnType<HostPool['connect']>>>();
  const reply = (message: Reply): void => port.postMessage(message);
  port.on('message', (request: Request) => {
    switch (request.op) {
      case 'connect':
        pool.connect().then(
          (client) => {
            clients.set(request.client, client);
            reply({ op: 'connected', client: request.client });
          },
          (error: unknown) => reply({ op: 'connected', client: request.client, error: errorFields(error) }),
        );
        break;
      case 'query': {
        const client = clients.get(request.client);
        if (client === undefined) {
          reply({ op: 'result', query: request.query, error: { message: 'The connection was released' } });
          break;
        }
        client.query(request.text, request.values?.map(revive)).then(
          (result) => reply({ op: 'result', query: request.query, result: { command: result.command, rowCount: result.rowCount, rows: result.rows } }),
          (error: unknown) => reply({ op: 'result', query: request.query, error: errorFields(error) }),
        );
        break;
      }
      case 'release': {
        const client = clients.get(request.client);
        clients.delete(request.client);
        client?.release(request.broken ? new Error('released broken by the worker thread') : undefined);
        break;
      }
    }
  });
  return () => {
    for (const client of clients.values()) client.release(new Error('the worker thread exited'));
    clients.clear();
    port.close();
  };
}

type Callback = (error: Error | null, result?: PgResult) => void;

class BridgeClient extends EventEmitter {
  constructor(
    private readonly bridge: PoolBridgeClient,
    readonly id: number,
  ) {
    super();
  }

  query(text: string, valuesOrCallback?: unknown[] | Callback, callback?: Callback): Promise<PgResult> | undefined {
    const values = Array.isArray(valuesOrCallback) ? valuesOrCallback : undefined;
    const done = typeof valuesOrCallback === 'function' ? valuesOrCallback : callback;
    const result = this.bridge.query(this.id, text, values);
    if (done === undefined) return result;
    result.then((value) => done(null, value), (error: Error) => done(error));
    return undefined;
  }

  release(error?: Error | boolean): void {
    this.bridge.release(this.id, error !== undefined && error !== false);
  }
}

/** Worker thread: the client side of the bridge (see `bridgeDriver`). */
class PoolBridgeClient {
  private nextId = 1;
  private readonly connecting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  private readonly queries = new Map<number, { resolve: (result: PgResult) => void; reject: (error: Error) => void }>();

  constructor(private readonly port: MessagePort) {
    port.on('message', (reply: Reply) => {
      if (reply.op === 'connected') {
        const waiter = this.connecting.get(reply.client);
        this.connecting.delete(reply.client);
        if (reply.error === undefined) waiter?.resolve();
        else waiter?.reject(toError(reply.error));
      } else {
        const waiter = this.queries.get(reply.query);
        this.queries.delete(reply.query);
        if (reply.error !== undefined) waiter?.reject(toError(reply.error));
        else if (reply.result !== undefined) waiter?.resolve({ ...reply.result, rows: reply.result.rows.map((row) => this.reviveRow(row)) });
      }
    });
  }

  async connect(): Promise<BridgeClient> {
    const id = this.nextId++;
    await new Promise<void>((resolve, reject) => {
      this.connecting.set(id, { resolve, reject });
      this.send({ op: 'connect', client: id });
    });
    return new BridgeClient(this, id);
  }

  query(client: number, text: string, values?: unknown[]): Promise<PgResult> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.queries.set(id, { resolve, reject });
      this.send({ op: 'query', client, query: id, text, values });
    });
  }

  release(client: number, broken: boolean): void {
    this.send({ op: 'release', client, broken });
  }

  private send(request: Request): void {
    this.port.postMessage(request);
  }

  private reviveRow(row: Record<string, unknown>): Record<string, unknown> {
    for (const key of Object.keys(row)) row[key] = revive(row[key]);
    return row;
  }
}

/** The `pg` look-alike for TypeORM's `driver` option in a worker thread. */
export function bridgeDriver(port: MessagePort): object {
  const bridge = new PoolBridgeClient(port);
  class Pool extends EventEmitter {
    connect(callback?: (error: Error | null, client?: BridgeClient, release?: (error?: Error | boolean) => void) => void): Promise<BridgeClient> | undefined {
      const connected = bridge.connect();
      if (callback === undefined) return connected;
      connected.then(
        (client) => callback(null, client, (error) => client.release(error)),
        (error: Error) => callback(error),
      );
      return undefined;
    }

    end(callback?: (error?: Error) => void): Promise<void> | undefined {
      port.close();
      if (callback === undefined) return Promise.resolve();
      callback();
      return undefined;
    }
  }
  return { Pool };
}
