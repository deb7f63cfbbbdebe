import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Pass-probability estimates are persisted runs too: `hedge_fund_flow_runs.kind` allows `pass_probability`.
 * (A later migration that changes this check must keep every kind listed here.)
 */
export class PassProbabilityRuns1764000015000 implements MigrationInterface {
  name = 'PassProbabilityRuns1764000015000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE hedge_fund_flow_runs DROP CONSTRAINT ck_hedge_fund_flow_runs_kind`);
    await queryRunner.query(`ALTER TABLE hedge_fund_flow_runs ADD CONSTRAINT ck_hedge_fund_flow_runs_kind CHECK (kind IN ('run', 'backtest', 'futures_backtest', 'futures_sweep', 'pass_probability'))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM hedge_fund_flow_runs WHERE kind = 'pass_probability'`);
    await queryRunner.query(`ALTER TABLE hedge_fund_flow_runs DROP CONSTRAINT ck_hedge_fund_flow_runs_kind`);
    await queryRunner.query(`ALTER TABLE hedge_fund_flow_runs ADD CONSTRAINT ck_hedge_fund_flow_runs_kind CHECK (kind IN ('run', 'backtest', 'futures_backtest', 'futures_sweep'))`);
  }
}
