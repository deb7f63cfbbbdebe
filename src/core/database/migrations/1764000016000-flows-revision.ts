import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `hedge_fund_flows_revision`: one row whose `revision` goes up by one in every statement that inserts, updates,
 * deletes or truncates flows (a statement trigger, in the writer's own transaction). A reader that sees the same
 * revision in its snapshot sees the same flows, so an answer built from the flows can be kept and reused until the
 * revision moves, by any process sharing the database (FlowsService keeps its lists this way).
 * The row lock serialises the transactions that write flows: each holds it from its write to its commit.
 */
export class FlowsRevision1764000016000 implements MigrationInterface {
  name = 'FlowsRevision1764000016000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE hedge_fund_flows_revision (only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row), revision bigint NOT NULL)`);
    await queryRunner.query(`INSERT INTO hedge_fund_flows_revision (only_row, revision) VALUES (true, 1)`);
    await queryRunner.query(
      `CREATE FUNCTION hedge_fund_flows_next_revision() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         UPDATE hedge_fund_flows_revision SET revision = revision + 1;
         RETURN NULL;
       END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER hedge_fund_flows_next_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON hedge_fund_flows
       FOR EACH STATEMENT EXECUTE FUNCTION hedge_fund_flows_next_revision()`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER hedge_fund_flows_next_revision ON hedge_fund_flows`);
    await queryRunner.query(`DROP FUNCTION hedge_fund_flows_next_revision()`);
    await queryRunner.query(`DROP TABLE hedge_fund_flows_revision`);
  }
}
