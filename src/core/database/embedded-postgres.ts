import { randomBytes } from 'node:crypto';
import { closeSync, cpSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface EmbeddedPostgres {
  /** postgres:// URL of the local socket server (127.0.0.1, ephemeral port). */
  readonly url: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Directory holding the cluster; `memory://` for a throwaway in-memory database. */
  readonly dataDir: string;
  /** Socket connections allowed at once; keep at least twice the pool size (reconnects overlap closes). */
  readonly maxConnections: number;
  /**
   * Folder of the initialised-cluster template (see {@link ensureTemplate}); a new data dir starts as a copy of
   * it instead of running initdb (seconds of WASM). Null or undefined: initdb in the data dir.
   */
  readonly templateDir?: string | null;
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

/** Takes an exclusive lock file beside the cluster; a stale lock (dead pid) is taken over. */
function acquireLock(lockFile: string): () => void {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(lockFile, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockFile, { force: true });
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

/**
 * The template cluster of this PGlite version under `templateDir`: a data dir initialised once (initdb, closed
 * cleanly) and never opened again, only copied. Made on first use in a private folder and renamed into place,
 * so a concurrent maker or a crash never leaves a half-made template. Returns its path.
 */
export async function ensureTemplate(templateDir: string): Promise<string> {
  const template = join(templateDir, `pglite-${pgliteVersion()}`);
  if (isCluster(template)) return template;
  mkdirSync(templateDir, { recursive: true, mode: 0o700 });
  const making = `${template}.making-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    const db = await PGlite.create(making);
    await db.close();
    try {
      renameSync(making, template);
    } catch (error) {
      // Another process made it first (the target exists and is not empty): use theirs.
      if (!isCluster(template)) throw error;
    }
  } finally {
    rmSync(making, { recursive: true, force: true });
  }
  return template;
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
 * Starts PGlite (PostgreSQL compiled to WASM) in this process and serves it on 127.0.0.1 through
 * pglite-socket, so TypeORM uses its ordinary `postgres` driver: one code path for embedded and real.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const inMemory = options.dataDir.startsWith('memory://');
  let releaseLock = (): void => undefined;
  if (!inMemory) {
    mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    releaseLock = acquireLock(join(options.dataDir, '..', 'pglite.lock'));
  }
  try {
    if (!inMemory && options.templateDir !== undefined && options.templateDir !== null && isEmptyDir(options.dataDir)) {
      cpSync(await ensureTemplate(options.templateDir), options.dataDir, { recursive: true });
    }
    const { PGlite } = await import('@electric-sql/pglite');
    const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
    const db = await PGlite.create(options.dataDir);
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: options.maxConnections });
    await server.start();
    const [host, port] = server.getServerConn().split(':');
    let stopped = false;
    return {
      url: `postgres://postgres:postgres@${host}:${port}/postgres`,
      async stop() {
        if (stopped) return;
        stopped = true;
        try {
          await server.stop();
          await db.close();
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
