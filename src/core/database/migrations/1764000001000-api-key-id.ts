import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which secrets key encrypted each stored API key (`key_id`, a fingerprint of the key, never the key):
 * a server started with the wrong SECRETS_KEY says so instead of failing on the GCM tag, and the
 * rotation command can tell rotated rows apart. Also pins the AES-GCM nonce and tag sizes.
 */
export class ApiKeyId1764000001000 implements MigrationInterface {
  name = 'ApiKeyId1764000001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE api_keys ADD COLUMN key_id VARCHAR(32)`);
    await queryRunner.query(
      `ALTER TABLE api_keys ADD CONSTRAINT ck_api_keys_gcm_sizes CHECK (octet_length(key_iv) = 12 AND octet_length(key_tag) = 16)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE api_keys DROP CONSTRAINT ck_api_keys_gcm_sizes`);
    await queryRunner.query(`ALTER TABLE api_keys DROP COLUMN key_id`);
  }
}
