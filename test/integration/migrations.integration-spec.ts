import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/core/database/data-source-options';
import { MIGRATION_LOCK_KEY, runMigrationsLocked } from '../../src/core/database/migration-lock';
import { MIGRATIONS } from '../../src/core/database/migrations';
import { buildDist, type ServiceProcess, startApi, startWorker } from '../support/processes';
import { testDatabaseUrl, withDatabase } from '../support/test-database';

const EXPECTED_TABLES = ['api_keys', 'hedge_fund_flow_run_cycles', 'hedge_fund_flow_runs', 'hedge_fund_flows'];

async function publicTables(dataSource: DataSource): Promise<string[]> {
  const rows = (await dataSource.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name <> 'schema_migrations' ORDER BY table_name`,
  )) as { table_name: string }[];
  return rows.map((r) => r.table_name);
}

/** Needs its own empty database, which only a PostgreSQL server can give (PGlite has one database). */
const realPostgres = process.env.TEST_DATABASE_KIND === 'postgres';

async function adminQuery(sql: string): Promise<void> {
  const admin = new Client({ connectionString: withDatabase(testDatabaseUrl(), 'postgres') });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** A fresh empty database for one describe block: its URL, created before and dropped after. */
function freshDatabase(label: string): () => string {
  const name = `hf_${label}_${process.pid}_${randomUUID().slice(0, 8)}`;
  beforeAll(() => adminQuery(`CREATE DATABASE "${name}"`));
  afterAll(() => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  return () => withDatabase(testDatabaseUrl(), name);
}

async function appliedMigrationNames(url: string): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return ((await client.query(`SELECT name FROM schema_migrations ORDER BY id`)).rows as { name: string }[]).map((r) => r.name);
  } finally {
    await client.end();
  }
}

(realPostgres ? describe : describe.skip)('migrations on an empty database', () => {
  const url = freshDatabase('migrations');
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = new DataSource(buildDataSourceOptions(url(), 2));
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource.destroy();
  });

  it('applies every migration, then reverts them all to an empty schema', async () => {
    expect(await publicTables(dataSource)).toEqual([]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    expect(applied.map((m) => m.name)).toEqual(MIGRATIONS.map((m) => new m().name));
    expect(await publicTables(dataSource)).toEqual(expect.arrayContaining(EXPECTED_TABLES));
    expect(await dataSource.showMigrations()).toBe(false);

    for (let i = 0; i < MIGRATIONS.length; i += 1) await dataSource.undoLastMigration({ transaction: 'each' });
    expect(await publicTables(dataSource)).toEqual([]);
  });

  it('enforces the run constraints the anchor lacked', async () => {
    await dataSource.runMigrations({ transaction: 'each' });
    const [flow] = (await dataSource.query(`INSERT INTO hedge_fund_flows (name) VALUES ('f') RETURNING id`)) as { id: number }[];
    await dataSource.query(`INSERT INTO hedge_fund_flow_runs (flow_id, run_number) VALUES ($1, 1)`, [flow.id]);
    await expect(dataSource.query(`INSERT INTO hedge_fund_flow_runs (flow_id, run_number) VALUES ($1, 1)`, [flow.id])).rejects.toThrow(/unique/i);
    await expect(dataSource.query(`INSERT INTO hedge_fund_flow_runs (flow_id, run_number, status) VALUES ($1, 2, 'DONE')`, [flow.id])).rejects.toThrow(/check/i);
    await dataSource.query(`DELETE FROM hedge_fund_flows WHERE id = $1`, [flow.id]);
    const [{ count }] = (await dataSource.query(`SELECT count(*)::int AS count FROM hedge_fund_flow_runs`)) as { count: number }[];
    expect(count).toBe(0);
  });
});

(realPostgres ? describe : describe.skip)('two processes migrating one fresh database at once', () => {
  const ALL = MIGRATIONS.map((m) => new m().name);

  describe('two data sources in this process', () => {
    const url = freshDatabase('migration_lock');
    const sources: DataSource[] = [];
    afterAll(() => Promise.all(sources.map((s) => s.destroy())));

    it('one applies every migration, the other waits on the lock and finds nothing pending', async () => {
      sources.push(new DataSource(buildDataSourceOptions(url(), 2)), new DataSource(buildDataSourceOptions(url(), 2)));
      await Promise.all(sources.map((s) => s.initialize()));
      const waited: number[] = [];
      const applied = await Promise.all(sources.map((s, i) => runMigrationsLocked(s, { onWait: () => waited.push(i) })));
      const counts = applied.map((list) => list.length).sort();
      expect(counts).toEqual([0, ALL.length]);
      expect(applied.flat().map((m) => m.name)).toEqual(ALL);
      expect(waited).toHaveLength(1);
      expect(await appliedMigrationNames(url())).toEqual(ALL);
    });
  });

  describe('an API and a worker booting together (dist/main.js, dist/worker.js)', () => {
    const url = freshDatabase('boot_race');
    beforeAll(() => buildDist(), 180_000);

    it('both wait on the migration lock, both come up, every migration is applied once by one of them', async () => {
      const env = {
        DATABASE_URL: url(),
        REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/5',
        JOB_QUEUE_PREFIX: `hf-migration-race-${process.pid}-${randomUUID().slice(0, 8)}`,
      };
      // The test holds the lock until both processes have asked for it, so their migrations surely overlap.
      const holder = new Client({ connectionString: url() });
      await holder.connect();
      await holder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      const starting = Promise.allSettled([startApi(env), startWorker(env)]);
      const askers = async (): Promise<number> =>
        Number(
          (
            await holder.query(`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE '%pg_try_advisory_lock%'`)
          ).rows[0].n,
        );
      while ((await askers()) < 2) await new Promise((resolve) => setTimeout(resolve, 100));
      await holder.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
      await holder.end();

      const started = await starting;
      const processes: ServiceProcess[] = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value.process] : []));
      try {
        const [api, worker] = started.map((s) => {
          if (s.status === 'rejected') throw s.reason;
          return s.value;
        });
        expect(await appliedMigrationNames(url())).toEqual(ALL);
        const migrating = [api.process, worker.process].filter((p) => p.output.some((line) => line.includes('Applied migrations')));
        expect(migrating).toHaveLength(1);
        const created = await fetch(`${(api as { url: string }).url}/flows/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'race', nodes: [], edges: [] }) });
        expect(await created.json()).toMatchObject({ name: 'race', id: expect.any(Number) });
      } finally {
        await Promise.all(processes.map((p) => p.stop()));
      }
    }, 180_000);
  });
});
