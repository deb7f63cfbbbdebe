import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { type EmbeddedPostgres, startEmbeddedPostgres } from './embedded-postgres';

/** Runs `work` on a client of `database`, closing the client after it. */
async function withClient<T>(database: EmbeddedPostgres, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: database.url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe('startEmbeddedPostgres: PGlite in a thread of its own', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'hf-embedded-'));
  });

  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('serves SQL while this thread stays free: its timers run during a long statement', async () => {
    const database = await startEmbeddedPostgres({ dataDir: 'memory://', maxConnections: 4 });
    try {
      await withClient(database, async (client) => {
        let ticks = 0;
        const timer = setInterval(() => (ticks += 1), 5);
        const started = performance.now();
        // About a second of work for PostgreSQL; on this thread it would hold the event loop for all of it.
        const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM generate_series(1, 4000000) AS g WHERE g % 7 = 3');
        const elapsed = performance.now() - started;
        clearInterval(timer);
        expect(rows[0].n).toBe(String(Math.floor((4_000_000 - 3) / 7) + 1));
        // This thread's timers fired while the statement ran (on this thread it would have held the event loop
        // throughout: none would). A few is enough, so a loaded machine cannot make the test fail.
        expect(elapsed).toBeGreaterThan(50);
        expect(ticks).toBeGreaterThanOrEqual(3);
      });
    } finally {
      await database.stop();
    }
  }, 60_000);

  it('keeps what it wrote across a stop and a start on the same data dir, and stop() is idempotent', async () => {
    const dataDir = join(root, 'pglite');
    let database = await startEmbeddedPostgres({ dataDir, maxConnections: 4 });
    await withClient(database, async (client) => {
      await client.query('CREATE TABLE kept (v text)');
      await client.query(`INSERT INTO kept VALUES ('across restarts')`);
    });
    await Promise.all([database.stop(), database.stop()]);
    await database.stop();

    database = await startEmbeddedPostgres({ dataDir, maxConnections: 4 });
    try {
      const { rows } = await withClient(database, (client) => client.query<{ v: string }>('SELECT v FROM kept'));
      expect(rows).toEqual([{ v: 'across restarts' }]);
    } finally {
      await database.stop();
    }
  }, 60_000);

  it('rejects with the reason when the cluster cannot be opened, and releases the lock', async () => {
    const dataDir = join(root, 'pglite');
    const start = () => startEmbeddedPostgres({ dataDir, maxConnections: 4 });
    // A data dir that holds something that is not a cluster.
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, 'PG_VERSION'), 'not a version\n');
    await expect(start()).rejects.toThrow(/^The embedded database did not start: /);
    // The lock went with the failure (this process would take over its own lock, so the file itself is checked).
    expect(existsSync(join(root, 'pglite.lock'))).toBe(false);
  }, 60_000);
});
