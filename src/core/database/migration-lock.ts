import { type DataSource, type Migration, MigrationExecutor, type QueryRunner } from 'typeorm';

/**
 * The PostgreSQL advisory lock every process of this application takes around its migrations (one number,
 * any value no other lock of the database uses). Advisory locks are per database, so two applications on
 * two databases of one server do not wait for each other.
 */
export const MIGRATION_LOCK_KEY = 4_217_330_921;

/** How often a process that waits for another one's migrations asks again for the lock. */
const LOCK_POLL_MS = 200;

export interface MigrationLockOptions {
  /** How long to wait for another process's migrations before giving up with an error (default 5 minutes). */
  readonly waitMs?: number;
  /** Told once when another process holds the lock, so a slow boot says why. */
  readonly onWait?: () => void;
}

/**
 * Applies the pending migrations (each in its own transaction) while holding the migration lock: two
 * processes booting at once on a fresh database (an API and a worker, two replicas) run them one after the
 * other, and the second finds nothing pending. TypeORM 1.x takes no lock of its own, hence this.
 *
 * The lock is a session lock taken with `pg_try_advisory_lock`, polled every 200 ms rather than blocking in
 * `pg_advisory_lock`, so no statement waits past the connection's statement timeout; the migrations run on
 * the same connection (the embedded database has a pool of one). A process that dies holding the lock
 * loses its session, which releases the lock.
 *
 * @returns the migrations this process applied, in order (empty when another process applied them).
 * @throws Error when the lock stays taken for `waitMs`, or the error of a failing migration.
 */
export async function runMigrationsLocked(dataSource: DataSource, options: MigrationLockOptions = {}): Promise<Migration[]> {
  return withMigrationLock(dataSource, options, (runner) => {
    const executor = new MigrationExecutor(dataSource, runner);
    executor.transaction = 'each';
    return executor.executePendingMigrations();
  });
}

/** Reverts the last applied migration while holding the migration lock (see `runMigrationsLocked`). */
export async function revertLastMigrationLocked(dataSource: DataSource, options: MigrationLockOptions = {}): Promise<void> {
  await withMigrationLock(dataSource, options, (runner) => {
    const executor = new MigrationExecutor(dataSource, runner);
    executor.transaction = 'each';
    return executor.undoLastMigration();
  });
}

async function withMigrationLock<T>(dataSource: DataSource, options: MigrationLockOptions, work: (runner: QueryRunner) => Promise<T>): Promise<T> {
  const waitMs = options.waitMs ?? 300_000;
  const runner = dataSource.createQueryRunner();
  try {
    await acquire(runner, waitMs, options.onWait);
    try {
      return await work(runner);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}

async function acquire(runner: QueryRunner, waitMs: number, onWait: (() => void) | undefined): Promise<void> {
  const giveUpAt = performance.now() + waitMs;
  let told = false;
  for (;;) {
    const [row] = (await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [MIGRATION_LOCK_KEY])) as { locked: boolean }[];
    if (row.locked) return;
    if (performance.now() >= giveUpAt) {
      throw new Error(`Another process has held the migration lock (advisory lock ${MIGRATION_LOCK_KEY}) for ${Math.round(waitMs / 1000)} s; is a migration stuck?`);
    }
    if (!told) {
      told = true;
      onWait?.();
    }
    await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
  }
}
