import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/core/database/data-source-options';
import { FlowRunCycleEntity } from '../../src/modules/flow-runs/flow-run-cycle.entity';
import { FlowRunEntity } from '../../src/modules/flow-runs/flow-run.entity';
import { FlowEntity } from '../../src/modules/flows/flow.entity';
import { testDatabaseUrl } from '../support/test-database';

describe('flow entities against the migrated schema', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = new DataSource({ ...buildDataSourceOptions(testDatabaseUrl(), 2), migrationsRun: false, entities: [FlowEntity, FlowRunEntity, FlowRunCycleEntity] });
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource.destroy();
  });

  // The entities map columns, indexes, unique and check constraints; the two foreign keys live only in the
  // migration (the modules' entities do not reference each other), so TypeORM proposes dropping them.
  const FOREIGN_KEYS = [
    'ALTER TABLE "hedge_fund_flow_run_cycles" DROP CONSTRAINT "hedge_fund_flow_run_cycles_flow_run_id_fkey"',
    'ALTER TABLE "hedge_fund_flow_runs" DROP CONSTRAINT "hedge_fund_flow_runs_flow_id_fkey"',
  ];

  it('match the migration: TypeORM would change nothing but the unmapped foreign keys', async () => {
    const sql = await dataSource.driver.createSchemaBuilder().log();
    expect(sql.upQueries.map((q) => q.query).sort()).toEqual(FOREIGN_KEYS);
  });

  it('cascade deletes through both foreign keys', async () => {
    const rows = (await dataSource.query(
      `SELECT conname, confdeltype FROM pg_constraint WHERE contype = 'f' AND conname = ANY($1) ORDER BY conname`,
      [['hedge_fund_flow_run_cycles_flow_run_id_fkey', 'hedge_fund_flow_runs_flow_id_fkey']],
    )) as { conname: string; confdeltype: string }[];
    expect(rows).toEqual([
      { conname: 'hedge_fund_flow_run_cycles_flow_run_id_fkey', confdeltype: 'c' },
      { conname: 'hedge_fund_flow_runs_flow_id_fkey', confdeltype: 'c' },
    ]);
  });
});
