import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A run may be a futures sweep (`POST /futures/sweep` with a `flow_id`): the kind check admits `futures_sweep`. */
export class FuturesSweepRuns1764000014000 implements MigrationInterface {
  name = 'FuturesSweepRuns1764000014000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE hedge_fund_flow_runs DROP CONSTRAINT ck_hedge_fund_flow_runs_kind`);
    await queryRunner.query(`ALTER TABLE hedge_fund_flow_runs ADD CONSTRAINT ck_hedge_fund_flow_runs_kind CHECK (kind IN ('run', 'backtest', 'futures_backtest', 'futures_sweep'))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM hedge_fund_flow_runs WHERE kind = 'futures_sweep'`);
    await queryRunner.query(`ALTER TABLE hedge_fund_flow_runs DROP CONSTRAINT ck_hedge_fund_flow_runs_kind`);
    await queryRunner.query(`ALTER TABLE hedge_fund_flow_runs ADD CONSTRAINT ck_hedge_fund_flow_runs_kind CHECK (kind IN ('run', 'backtest', 'futures_backtest'))`);
  }
}
