import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The anchor's tables (flows, runs, cycles, api keys) with the constraints it lacked. */
export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE hedge_fund_flows (
        id           SERIAL PRIMARY KEY,
        created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
        updated_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
        name         VARCHAR(200) NOT NULL,
        description  TEXT,
        nodes        JSONB NOT NULL DEFAULT '[]'::jsonb,
        edges        JSONB NOT NULL DEFAULT '[]'::jsonb,
        viewport     JSONB,
        data         JSONB,
        is_template  BOOLEAN NOT NULL DEFAULT false,
        tags         JSONB NOT NULL DEFAULT '[]'::jsonb,
        CONSTRAINT hedge_fund_flows_nodes_array CHECK (jsonb_typeof(nodes) = 'array'),
        CONSTRAINT hedge_fund_flows_edges_array CHECK (jsonb_typeof(edges) = 'array')
      )`);
    await queryRunner.query(`CREATE INDEX ix_hedge_fund_flows_updated_at ON hedge_fund_flows (updated_at DESC, id DESC)`);

    await queryRunner.query(`
      CREATE TABLE hedge_fund_flow_runs (
        id               SERIAL PRIMARY KEY,
        flow_id          INTEGER NOT NULL REFERENCES hedge_fund_flows (id) ON DELETE CASCADE,
        created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
        updated_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
        status           VARCHAR(20) NOT NULL DEFAULT 'IDLE',
        kind             VARCHAR(20) NOT NULL DEFAULT 'run',
        started_at       TIMESTAMPTZ,
        completed_at     TIMESTAMPTZ,
        trading_mode     VARCHAR(50) NOT NULL DEFAULT 'one-time',
        schedule         VARCHAR(50),
        duration         VARCHAR(50),
        request_data     JSONB,
        initial_portfolio JSONB,
        final_portfolio  JSONB,
        results          JSONB,
        error_message    TEXT,
        run_number       INTEGER NOT NULL,
        CONSTRAINT uq_hedge_fund_flow_runs_flow_run_number UNIQUE (flow_id, run_number),
        CONSTRAINT ck_hedge_fund_flow_runs_status CHECK (status IN ('IDLE', 'IN_PROGRESS', 'COMPLETE', 'ERROR', 'CANCELLED')),
        CONSTRAINT ck_hedge_fund_flow_runs_kind CHECK (kind IN ('run', 'backtest', 'futures_backtest')),
        CONSTRAINT ck_hedge_fund_flow_runs_run_number CHECK (run_number >= 1)
      )`);
    await queryRunner.query(`CREATE INDEX ix_hedge_fund_flow_runs_flow_created ON hedge_fund_flow_runs (flow_id, created_at DESC, id DESC)`);
    await queryRunner.query(`CREATE INDEX ix_hedge_fund_flow_runs_status ON hedge_fund_flow_runs (status)`);

    await queryRunner.query(`
      CREATE TABLE hedge_fund_flow_run_cycles (
        id                  SERIAL PRIMARY KEY,
        flow_run_id         INTEGER NOT NULL REFERENCES hedge_fund_flow_runs (id) ON DELETE CASCADE,
        cycle_number        INTEGER NOT NULL,
        created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
        started_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
        completed_at        TIMESTAMPTZ,
        analyst_signals     JSONB,
        trading_decisions   JSONB,
        executed_trades     JSONB,
        portfolio_snapshot  JSONB,
        performance_metrics JSONB,
        status              VARCHAR(50) NOT NULL DEFAULT 'IN_PROGRESS',
        error_message       TEXT,
        llm_calls_count     INTEGER NOT NULL DEFAULT 0,
        api_calls_count     INTEGER NOT NULL DEFAULT 0,
        estimated_cost      VARCHAR(20),
        trigger_reason      VARCHAR(100),
        market_conditions   JSONB,
        CONSTRAINT uq_hedge_fund_flow_run_cycles_number UNIQUE (flow_run_id, cycle_number),
        CONSTRAINT ck_hedge_fund_flow_run_cycles_status CHECK (status IN ('IN_PROGRESS', 'COMPLETED', 'ERROR'))
      )`);

    await queryRunner.query(`
      CREATE TABLE api_keys (
        id             SERIAL PRIMARY KEY,
        created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
        updated_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
        provider       VARCHAR(100) NOT NULL,
        key_ciphertext BYTEA NOT NULL,
        key_iv         BYTEA NOT NULL,
        key_tag        BYTEA NOT NULL,
        last4          VARCHAR(4) NOT NULL,
        is_active      BOOLEAN NOT NULL DEFAULT true,
        description    TEXT,
        last_used      TIMESTAMPTZ,
        CONSTRAINT uq_api_keys_provider UNIQUE (provider)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE api_keys`);
    await queryRunner.query(`DROP TABLE hedge_fund_flow_run_cycles`);
    await queryRunner.query(`DROP TABLE hedge_fund_flow_runs`);
    await queryRunner.query(`DROP TABLE hedge_fund_flows`);
  }
}
