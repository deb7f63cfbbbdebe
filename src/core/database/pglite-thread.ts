// The embedded database's thread: PGlite (PostgreSQL compiled to WebAssembly) and its pglite-socket server run
// here, off the process's main thread (embedded-postgres.ts starts it). Their work no longer shares the main
// thread's event loop with the HTTP server: the cluster opens while the main thread loads the application, and
// every statement runs on this thread. The main thread reaches it through the socket, as it would a PostgreSQL
// server.
import '../compile-cache';
import { parentPort, workerData } from 'node:worker_threads';

/** What the main thread gives the thread. */
export interface PgliteThreadData {
  /** Directory holding the cluster (initdb when empty), or `memory://`. */
  readonly dataDir: string;
  /** Socket connections allowed at once. */
  readonly maxConnections: number;
}

/** What the thread tells the main thread. Once stopped, it ends (the main thread sees the thread exit). */
export type PgliteThreadMessage = { readonly type: 'ready'; readonly url: string } | { readonly type: 'failed'; readonly message: string };

/** What the main thread tells the thread. */
export interface PgliteThreadRequest {
  readonly type: 'stop';
}

/** Tells the main thread why the thread could not start or stop, and lets the thread end. */
function fail(port: NonNullable<typeof parentPort>, error: unknown): void {
  port.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies PgliteThreadMessage);
  port.close();
}

async function main(port: NonNullable<typeof parentPort>, data: PgliteThreadData): Promise<void> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const db = await PGlite.create(data.dataDir);
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: data.maxConnections });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    throw error;
  }
  const [host, portNumber] = server.getServerConn().split(':');
  port.on('message', (request: PgliteThreadRequest) => {
    if (request.type !== 'stop') return;
    void (async () => {
      try {
        await server.stop();
      } finally {
        await db.close();
      }
      port.close();
    })().catch((error: unknown) => fail(port, error));
  });
  port.postMessage({ type: 'ready', url: `postgres://postgres:postgres@${host}:${portNumber}/postgres` } satisfies PgliteThreadMessage);
}

if (parentPort !== null) {
  const port = parentPort;
  main(port, workerData as PgliteThreadData).catch((error: unknown) => fail(port, error));
}
