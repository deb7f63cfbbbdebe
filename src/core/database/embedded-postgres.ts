import { randomBytes } from 'node:crypto';
import { closeSync, cpSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { startThread } from '../threads';
import type { PgliteThreadData, PgliteThreadMessage, PgliteThreadRequest } from './pglite-thread';

export interface EmbeddedPostgres {
  /** postgres:// URL of the local socket server (127.0.0.1, ephemeral port). */
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * A template cluster: a data dir made once (initdb, then `prepare`), closed cleanly and never opened again, only
 * copied into new data dirs instead of running initdb (seconds of WASM) and whatever `prepare` does.
 */
export interface EmbeddedTemplate {
  /** Folder of the templates: one per PGlite version and key. */
  readonly dir: string;
  /** Names what `prepare` puts in (e.g. a hash of the migrations): a template made with another key is not used. */
  readonly key: string;
  /** Brings a newly initialised template up to date over its postgres:// URL (the migrations) before it is closed. */
  readonly prepare?: (url: string) => Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Directory holding the cluster; `memory://` for a throwaway in-memory database. */
  readonly dataDir: string;
  /** Socket connections allowed at once; keep at least twice the pool size (reconnects overlap closes). */
  readonly maxConnections: number;
  /** The template a new (empty) data dir starts as a copy of (see {@link ensureTemplate}). Null or undefined: initdb in the data dir. */
  readonly template?: EmbeddedTemplate | null;
}

export class EmbeddedDatabaseLockedError extends Error {
  constructor(readonly lockFile: string, readonly pid: number) {
    super(
      `The embedded database in ${lockFile.replace(/[/\\]pglite\.lock$/, '')} is in use by another process (pid ${pid}). ` +
        'Stop that process, point DATA_DIR at another directory, or set DATABASE_URL to use a PostgreSQL server.',
    );
    this.name = 'EmbeddedDatabaseLockedError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes an exclusive lock file beside the cluster; a stale lock (dead pid) is taken over. Returns its release. */
function acquireLock(lockFile: string): () => void {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(lockFile, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let held = true;
      // Released once: a second call must not remove a lock another process has taken since.
      return () => {
        if (held) rmSync(lockFile, { force: true });
        held = false;
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number.parseInt(readFileSync(lockFile, 'utf8').trim(), 10);
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) throw new EmbeddedDatabaseLockedError(lockFile, pid);
      rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`Could not take the embedded database lock ${lockFile}`);
}

/** The installed PGlite's version: a template made by another version is not used. */
function pgliteVersion(): string {
  const manifest = join(dirname(require.resolve('@electric-sql/pglite')), '..', 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

function isCluster(dir: string): boolean {
  return existsSync(join(dir, 'PG_VERSION'));
}

/** A template's folder name: `pglite-<PGlite version>-<key>` (a key of letters, digits, `.`, `_` and `-`). */
export function templateName(key: string): string {
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(key)) throw new Error(`An embedded template key is 1-64 letters, digits, . _ -, got "${key}"`);
  return `pglite-${pgliteVersion()}-${key}`;
}

/** Where the template cluster of this PGlite version and `template.key` is, made or not. */
function templatePath(template: EmbeddedTemplate): string {
  return join(template.dir, templateName(template.key));
}

/**
 * The template cluster of this PGlite version and `template.key` under `template.dir`, made on first use: initdb
 * and `prepare` run in a private folder, which is renamed into place once closed, so a concurrent maker or a
 * crash never leaves a half-made template. Returns its path.
 */
export async function ensureTemplate(template: EmbeddedTemplate): Promise<string> {
  const path = templatePath(template);
  if (isCluster(path)) return path;
  mkdirSync(template.dir, { recursive: true, mode: 0o700 });
  const making = `${path}.making-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    const server = await serve(making, 4);
    try {
      await template.prepare?.(server.url);
    } finally {
      await server.stop();
    }
    try {
      renameSync(making, path);
    } catch (error) {
      // Another process made it first (the target exists and is not empty): use theirs.
      if (!isCluster(path)) throw error;
    }
  } finally {
    rmSync(making, { recursive: true, force: true });
  }
  return path;
}

/** True when `dir` holds nothing (or does not exist): a data dir a template may be copied into. */
function isEmptyDir(dir: string): boolean {
  try {
    return readdirSync(dir).length === 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
}

/**
 * PGlite on `dataDir` (initdb when it is empty) served on 127.0.0.1 through pglite-socket, in a thread of its own
 * (pglite-thread.ts); no lock taken. Rejects with the thread's error when the cluster cannot be opened. Once it
 * serves, the thread stopping by itself (a crash of PostgreSQL in WebAssembly) ends the process with an error: the
 * server cannot go on without its database.
 */
async function serve(dataDir: string, maxConnections: number): Promise<EmbeddedPostgres> {
  const thread = startThread(__dirname, 'pglite-thread', { workerData: { dataDir, maxConnections } satisfies PgliteThreadData });
  const url = await new Promise<string>((resolve, reject) => {
    const settle = (outcome: () => void): void => {
      thread.off('message', onMessage).off('error', onError).off('exit', onExit);
      outcome();
    };
    const onMessage = (message: PgliteThreadMessage): void => {
      if (message.type === 'ready') settle(() => resolve(message.url));
      if (message.type === 'failed') settle(() => reject(new Error(`The embedded database did not start: ${message.message}`)));
    };
    const onError = (error: Error): void => settle(() => reject(error));
    const onExit = (code: number): void => settle(() => reject(new Error(`The embedded database thread exited (code ${code}) before it served`)));
    thread.on('message', onMessage).on('error', onError).on('exit', onExit);
  }).catch(async (error: unknown) => {
    await thread.terminate();
    throw error;
  });
  let exited = false;
  let stopped: Promise<void> | undefined;
  let threadError: Error | undefined;
  thread.on('error', (error: Error) => (threadError = error));
  const lost = (code: number): void => {
    process.nextTick(() => {
      const reason = threadError === undefined ? `exit code ${code}` : threadError.message;
      throw new Error(`The embedded database thread stopped unexpectedly (${reason}); the server cannot go on without its database`);
    });
  };
  thread.once('exit', (code) => {
    exited = true;
    if (stopped === undefined) lost(code);
  });
  return {
    url,
    stop() {
      stopped ??= new Promise<void>((resolve, reject) => {
        if (exited) {
          resolve();
          return;
        }
        let failure: Error | undefined;
        thread.on('message', (message: PgliteThreadMessage) => {
          if (message.type === 'failed') failure = new Error(`The embedded database did not stop cleanly: ${message.message}`);
        });
        thread.once('exit', () => {
          const error = failure ?? threadError;
          if (error === undefined) resolve();
          else reject(error);
        });
        thread.postMessage({ type: 'stop' } satisfies PgliteThreadRequest);
      });
      return stopped;
    },
  };
}

/**
 * Starts PGlite (PostgreSQL compiled to WASM) in a thread of this process and serves it on 127.0.0.1 through
 * pglite-socket, so TypeORM uses its ordinary `postgres` driver: one code path for embedded and real.
 * A data dir on disk is locked against a second process; an empty one starts as a copy of the template.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const inMemory = options.dataDir.startsWith('memory://');
  let releaseLock = (): void => undefined;
  if (!inMemory) {
    mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    releaseLock = acquireLock(join(options.dataDir, '..', 'pglite.lock'));
  }
  try {
    if (!inMemory && options.template !== undefined && options.template !== null && isEmptyDir(options.dataDir)) {
      // A template made already is copied at once, without an await: main.ts starts the database before it loads
      // the application synchronously, and the database's thread should start before that, not after.
      const made = templatePath(options.template);
      cpSync(isCluster(made) ? made : await ensureTemplate(options.template), options.dataDir, { recursive: true });
    }
    const server = await serve(options.dataDir, options.maxConnections);
    return {
      url: server.url,
      async stop() {
        try {
          await server.stop();
        } finally {
          releaseLock();
        }
      },
    };
  } catch (error) {
    releaseLock();
    throw error;
  }
}
