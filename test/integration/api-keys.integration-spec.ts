import { createDecipheriv } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { runRotateSecrets } from '../../src/cli/rotate-secrets';
import { loadConfig } from '../../src/config';
import { ApiKeysService } from '../../src/modules/api-keys/api-keys.service';
import { parseSecretsKeyText } from '../../src/modules/api-keys/secrets/key-file';
import { rotateSecrets } from '../../src/modules/api-keys/secrets/rotate-secrets';
import { SecretsCipher, secretsKeyId } from '../../src/modules/api-keys/secrets/secrets-cipher';
import { createTestApp } from '../support/app';
import { testDatabaseUrl } from '../support/test-database';

const KEY = Buffer.alloc(32, 0x11);
const NEXT_KEY = Buffer.alloc(32, 0x22);

interface RawRow {
  provider: string;
  key_ciphertext: Buffer;
  key_iv: Buffer;
  key_tag: Buffer;
  key_id: string | null;
  last4: string;
  last_used: Date | null;
}

/** Decrypts a raw row with node:crypto directly, independent of the code under test. */
function decryptRow(row: RawRow, key: Buffer): string {
  const decipher = createDecipheriv('aes-256-gcm', key, row.key_iv);
  decipher.setAAD(Buffer.from(row.provider));
  decipher.setAuthTag(row.key_tag);
  return Buffer.concat([decipher.update(row.key_ciphertext), decipher.final()]).toString('utf8');
}

describe('API keys on PostgreSQL (integration)', () => {
  let app: NestExpressApplication;
  let service: ApiKeysService;
  let dataSource: DataSource;
  let dataDir: string;

  const rawRows = async (): Promise<RawRow[]> => (await dataSource.query(`SELECT * FROM api_keys ORDER BY provider`)) as RawRow[];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'hf-api-keys-int-'));
    app = await createTestApp({ env: { SECRETS_KEY: KEY.toString('hex'), DATA_DIR: dataDir, DEEPSEEK_API_KEY: 'env-deepseek-key', MISTRAL_API_KEY: 'env-mistral-key', OPENAI_API_KEY: '' } });
    service = app.get(ApiKeysService);
    dataSource = app.get(DataSource);
  });

  afterAll(async () => {
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    await dataSource.query('DELETE FROM api_keys');
  });

  it('stores only ciphertext: the raw row holds no plaintext and opens with the key and the provider as AAD', async () => {
    const plaintext = 'sk-proj-plaintext-never-stored-9876';
    await service.upsert({ provider: 'OPENAI_API_KEY', key_value: plaintext });
    const [row] = await rawRows();
    expect(row.key_iv).toHaveLength(12);
    expect(row.key_tag).toHaveLength(16);
    expect(row.key_id).toBe(secretsKeyId(KEY));
    expect(row.last4).toBe('9876');
    const everyColumn = (await dataSource.query(`SELECT row_to_json(k)::text AS json, encode(key_ciphertext, 'escape') AS raw FROM api_keys k`)) as {
      json: string;
      raw: string;
    }[];
    expect(everyColumn[0].json).not.toContain('plaintext-never');
    expect(everyColumn[0].raw).not.toContain('plaintext-never');
    expect(row.key_ciphertext.includes(Buffer.from(plaintext))).toBe(false);
    expect(decryptRow(row, KEY)).toBe(plaintext);
  });

  it('keeps one row under 40 concurrent upserts of one provider; the upsert after them wins', async () => {
    const values = Array.from({ length: 40 }, (_, i) => `sk-concurrent-${i}`);
    const outcomes = await Promise.all(values.map((key_value) => service.upsert({ provider: 'GROQ_API_KEY', key_value })));
    expect(outcomes.filter((o) => o.created)).toHaveLength(1);
    const rows = await rawRows();
    expect(rows).toHaveLength(1);
    expect(values).toContain(decryptRow(rows[0], KEY));
    await service.upsert({ provider: 'GROQ_API_KEY', key_value: 'sk-last-one' });
    expect(decryptRow((await rawRows())[0], KEY)).toBe('sk-last-one');
  });

  it('bulk is all or nothing: one item the database refuses rolls back the others, including updates', async () => {
    await service.upsert({ provider: 'A_KEY', key_value: 'a-original-value' });
    await expect(
      service.bulkUpsert([
        { provider: 'A_KEY', key_value: 'a-replaced-value' },
        { provider: 'B_KEY', key_value: 'b-new-value' },
        // Past the DTO this name would be refused; here only the VARCHAR(100) column stops it.
        { provider: `C${'x'.repeat(100)}`, key_value: 'c-value' },
      ]),
    ).rejects.toThrow(/too long/);
    const rows = await rawRows();
    expect(rows.map((r) => r.provider)).toEqual(['A_KEY']);
    expect(decryptRow(rows[0], KEY)).toBe('a-original-value');
  });

  it('getKey: the active stored key first (stamping last_used), then the named environment variable, else null', async () => {
    await service.upsert({ provider: 'DEEPSEEK_API_KEY', key_value: 'stored-deepseek-key' });
    expect((await rawRows())[0].last_used).toBeNull();
    await expect(service.getKey('DEEPSEEK_API_KEY')).resolves.toBe('stored-deepseek-key');
    expect((await rawRows())[0].last_used).toBeInstanceOf(Date);
    await service.deactivate('DEEPSEEK_API_KEY');
    await expect(service.getKey('DEEPSEEK_API_KEY')).resolves.toBe('env-deepseek-key');
    await expect(service.getKey('OPENAI_API_KEY')).resolves.toBeNull();
    // Only the provider-key variables of the configuration are a fallback, not any variable of the environment.
    await expect(service.getKey('MISTRAL_API_KEY')).resolves.toBeNull();
    await expect(service.getKey('PATH')).resolves.toBeNull();
    await expect(service.getKey('not a name')).resolves.toBeNull();
  });

  describe('rotation', () => {
    it('re-encrypts every row to the new key in one go; a second run finds them current', async () => {
      await service.bulkUpsert([
        { provider: 'A_KEY', key_value: 'value-a-123' },
        { provider: 'B_KEY', key_value: 'value-b-456' },
      ]);
      const result = await rotateSecrets(dataSource, new SecretsCipher(KEY), new SecretsCipher(NEXT_KEY));
      expect(result).toEqual({ rotated: 2, alreadyCurrent: 0 });
      const rows = await rawRows();
      expect(rows.map((r) => [r.key_id, decryptRow(r, NEXT_KEY)])).toEqual([
        [secretsKeyId(NEXT_KEY), 'value-a-123'],
        [secretsKeyId(NEXT_KEY), 'value-b-456'],
      ]);
      expect(() => decryptRow(rows[0], KEY)).toThrow();
      await expect(rotateSecrets(dataSource, new SecretsCipher(KEY), new SecretsCipher(NEXT_KEY))).resolves.toEqual({ rotated: 0, alreadyCurrent: 2 });
    });

    it('changes nothing when one row does not decrypt', async () => {
      await service.bulkUpsert([
        { provider: 'A_KEY', key_value: 'value-a-123' },
        { provider: 'B_KEY', key_value: 'value-b-456' },
      ]);
      await dataSource.query(`UPDATE api_keys SET key_tag = decode(repeat('00', 16), 'hex') WHERE provider = 'B_KEY'`);
      await expect(rotateSecrets(dataSource, new SecretsCipher(KEY), new SecretsCipher(NEXT_KEY))).rejects.toThrow('the secret "B_KEY" does not decrypt');
      const rows = await rawRows();
      expect(rows.map((r) => r.key_id)).toEqual([secretsKeyId(KEY), secretsKeyId(KEY)]);
      expect(decryptRow(rows[0], KEY)).toBe('value-a-123');
    });

    it('npm run secrets:rotate -- --write-key-file: rotates and writes the new key file', async () => {
      await service.upsert({ provider: 'A_KEY', key_value: 'value-a-123' });
      const lines: string[] = [];
      const config = loadConfig({
        DATABASE_URL: testDatabaseUrl(),
        SECRETS_KEY: KEY.toString('hex'),
        NEW_SECRETS_KEY: NEXT_KEY.toString('base64'),
        DATA_DIR: dataDir,
      });
      await expect(runRotateSecrets(config, ['--write-key-file'], (line) => lines.push(line))).resolves.toBe(0);
      expect(lines).toEqual([
        `Re-encrypted 1 API key(s) from key id ${secretsKeyId(KEY)} to ${secretsKeyId(NEXT_KEY)}.`,
        `Wrote the new key to ${join(dataDir, 'secrets.key')}; unset SECRETS_KEY so the server reads it.`,
      ]);
      expect(parseSecretsKeyText(await readFile(join(dataDir, 'secrets.key'), 'utf8'))?.equals(NEXT_KEY)).toBe(true);
      expect(decryptRow((await rawRows())[0], NEXT_KEY)).toBe('value-a-123');
    });

    it('the command refuses a missing or malformed NEW_SECRETS_KEY and unknown flags', async () => {
      const base = { DATABASE_URL: testDatabaseUrl(), SECRETS_KEY: KEY.toString('hex'), DATA_DIR: dataDir };
      await expect(runRotateSecrets(loadConfig(base), [], () => undefined)).rejects.toThrow('Invalid configuration: NEW_SECRETS_KEY must be set');
      await expect(runRotateSecrets(loadConfig({ ...base, NEW_SECRETS_KEY: 'short' }), [], () => undefined)).rejects.toThrow(
        'Invalid configuration: NEW_SECRETS_KEY must be 32 bytes',
      );
      const printed: string[] = [];
      await expect(runRotateSecrets(loadConfig(base), ['--force'], (line) => printed.push(line))).resolves.toBe(2);
      expect(printed[0]).toMatch(/^usage: NEW_SECRETS_KEY=<key> npm run secrets:rotate/);
    });
  });
});
