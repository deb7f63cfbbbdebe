import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/core/database/data-source-options';
import { MIGRATIONS } from '../../src/core/database/migrations';
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

(realPostgres ? describe : describe.skip)('migrations on an empty database', () => {
  const name = `hf_migrations_${process.pid}_${Date.now()}`;
  const adminUrl = withDatabase(testDatabaseUrl(), 'postgres');
  let dataSource: DataSource;

  beforeAll(async () => {
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    dataSource = new DataSource({ ...buildDataSourceOptions(withDatabase(testDatabaseUrl(), name), 2), migrationsRun: false });
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource.destroy();
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
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
