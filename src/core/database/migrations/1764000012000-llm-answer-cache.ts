import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Model answers by provider, model, prompt hash and answer-schema version: a re-run with the same facts
 * (a backtest above all) reads its answers here instead of paying for them again, and gets the same ones.
 */
export class LlmAnswerCache1764000012000 implements MigrationInterface {
  name = 'LlmAnswerCache1764000012000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE llm_answer_cache (
        provider           VARCHAR(40) NOT NULL,
        model              VARCHAR(200) NOT NULL,
        prompt_hash        CHAR(64) NOT NULL,
        schema_version     VARCHAR(60) NOT NULL,
        answer             JSONB NOT NULL,
        prompt_tokens      INTEGER NOT NULL DEFAULT 0,
        completion_tokens  INTEGER NOT NULL DEFAULT 0,
        created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
        CONSTRAINT pk_llm_answer_cache PRIMARY KEY (provider, model, prompt_hash, schema_version),
        CONSTRAINT ck_llm_answer_cache_hash CHECK (prompt_hash ~ '^[0-9a-f]{64}$'),
        CONSTRAINT ck_llm_answer_cache_tokens CHECK (prompt_tokens >= 0 AND completion_tokens >= 0)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE llm_answer_cache`);
  }
}
