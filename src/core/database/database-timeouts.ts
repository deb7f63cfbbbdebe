import { Client, type ClientConfig } from 'pg';

/** Bounds on every wait for the database, so an outage answers 503 instead of hanging requests. */
export interface DatabaseTimeouts {
  /** Opening a TCP connection and the PostgreSQL handshake (DATABASE_CONNECT_TIMEOUT_MS). */
  readonly connectTimeoutMs: number;
  /** Waiting for a free pooled connection, a new one's connect included (DATABASE_ACQUIRE_TIMEOUT_MS). */
  readonly acquireTimeoutMs: number;
  /** One statement: the server cancels it (statement_timeout); the client gives up a second later (DATABASE_STATEMENT_TIMEOUT_MS). */
  readonly statementTimeoutMs: number;
}

export const DEFAULT_DATABASE_TIMEOUTS: DatabaseTimeouts = { connectTimeoutMs: 5_000, acquireTimeoutMs: 5_000, statementTimeoutMs: 30_000 };

/** How much longer the client waits for an answer than the server's own statement timeout. */
const CLIENT_READ_MARGIN_MS = 1_000;

const READ_TIMEOUT = 'Query read timeout';

type QueryCallback = (error: Error | null, result?: unknown) => void;

/**
 * The pg client the pool creates: its own connect timeout, and a connection that stopped answering (a
 * query past the client-side read timeout: packets dropped, server hung) is destroyed rather than handed
 * back to the pool, so the next request gets a fresh connection once the database is back.
 */
export function timeoutAwareClient(timeouts: DatabaseTimeouts): typeof Client {
  return class TimeoutAwareClient extends Client {
    constructor(config?: string | ClientConfig) {
      const base: ClientConfig = typeof config === 'string' ? { connectionString: config } : { ...config };
      super({
        ...base,
        connectionTimeoutMillis: timeouts.connectTimeoutMs,
        statement_timeout: timeouts.statementTimeoutMs,
        query_timeout: timeouts.statementTimeoutMs + CLIENT_READ_MARGIN_MS,
        keepAlive: true,
      });
    }

    override query(...args: unknown[]): never {
      const discardOnReadTimeout = (error: unknown): void => {
        if (error instanceof Error && error.message === READ_TIMEOUT) (this as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
      };
      const last = args.length - 1;
      if (typeof args[last] === 'function') {
        const callback = args[last] as QueryCallback;
        args[last] = (error: Error | null, result?: unknown) => {
          if (error !== null) discardOnReadTimeout(error);
          callback(error, result);
        };
      }
      const result = (Client.prototype.query as (...a: unknown[]) => unknown).apply(this, args);
      if (result instanceof Promise) {
        return result.catch((error: unknown) => {
          discardOnReadTimeout(error);
          throw error;
        }) as never;
      }
      return result as never;
    }
  };
}
