import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cache of the HTTP market-data providers: rows by natural key (a price bar by its date), the date
 * ranges already fetched per (provider, dataset, ticker) so a later overlapping request fetches only
 * the gap, and whole responses of the limit-based look-ups keyed by their request.
 */
export class MarketDataCache1764000002000 implements MigrationInterface {
  name = 'MarketDataCache1764000002000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE market_data_cache_rows (
        provider     VARCHAR(40) NOT NULL,
        dataset      VARCHAR(40) NOT NULL,
        ticker       VARCHAR(20) NOT NULL,
        natural_key  VARCHAR(200) NOT NULL,
        row_date     DATE NOT NULL,
        payload      JSONB NOT NULL,
        fetched_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
        CONSTRAINT pk_market_data_cache_rows PRIMARY KEY (provider, dataset, ticker, natural_key),
        CONSTRAINT ck_market_data_cache_rows_payload CHECK (jsonb_typeof(payload) = 'object')
      )`);
    await queryRunner.query(`CREATE INDEX ix_market_data_cache_rows_date ON market_data_cache_rows (provider, dataset, ticker, row_date)`);
    await queryRunner.query(`
      CREATE TABLE market_data_cache_coverage (
        id          SERIAL PRIMARY KEY,
        provider    VARCHAR(40) NOT NULL,
        dataset     VARCHAR(40) NOT NULL,
        ticker      VARCHAR(20) NOT NULL,
        start_date  DATE NOT NULL,
        end_date    DATE NOT NULL,
        fetched_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
        CONSTRAINT ck_market_data_cache_coverage_range CHECK (end_date >= start_date)
      )`);
    await queryRunner.query(`CREATE INDEX ix_market_data_cache_coverage_key ON market_data_cache_coverage (provider, dataset, ticker, start_date)`);
    await queryRunner.query(`
      CREATE TABLE market_data_cache_responses (
        provider     VARCHAR(40) NOT NULL,
        dataset      VARCHAR(40) NOT NULL,
        request_key  VARCHAR(1000) NOT NULL,
        payload      JSONB NOT NULL,
        fetched_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
        CONSTRAINT pk_market_data_cache_responses PRIMARY KEY (provider, dataset, request_key)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE market_data_cache_responses`);
    await queryRunner.query(`DROP TABLE market_data_cache_coverage`);
    await queryRunner.query(`DROP TABLE market_data_cache_rows`);
  }
}
