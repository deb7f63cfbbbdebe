import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Run ownership: the executor that claimed a run (`worker_id`) and until when its lease holds
 * (`lease_expires_at`, renewed while it works). A run IN_PROGRESS whose lease expired lost its worker.
 */
export class RunLeases1764000013000 implements MigrationInterface {
  name = 'RunLeases1764000013000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE hedge_fund_flow_runs ADD COLUMN worker_id VARCHAR(200)`);
    await queryRunner.query(`ALTER TABLE hedge_fund_flow_runs ADD COLUMN lease_expires_at TIMESTAMPTZ`);
    await queryRunner.query(`CREATE INDEX ix_hedge_fund_flow_runs_lease ON hedge_fund_flow_runs (lease_expires_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX ix_hedge_fund_flow_runs_lease`);
    await queryRunner.query(`ALTER TABLE hedge_fund_flow_runs DROP COLUMN lease_expires_at`);
    await queryRunner.query(`ALTER TABLE hedge_fund_flow_runs DROP COLUMN worker_id`);
  }
}
