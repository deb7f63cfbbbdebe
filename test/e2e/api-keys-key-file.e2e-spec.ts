import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config';
import { parseSecretsKeyText } from '../../src/modules/api-keys/secrets/key-file';
import { secretsKeyId } from '../../src/modules/api-keys/secrets/secrets-cipher';
import { createTestApp } from '../support/app';
import { testDatabaseUrl } from '../support/test-database';

const posix = process.platform !== 'win32';

/** Boots the app exactly as createTestApp does, but hands back the boot error (and cleans up) instead of a running app. */
async function bootError(env: Record<string, string>): Promise<unknown> {
  const app = await createApp(loadConfig({ ...process.env, DATABASE_URL: testDatabaseUrl(), LOG_LEVEL: 'silent', ...env }));
  try {
    await app.init();
    return null;
  } catch (error) {
    return error;
  } finally {
    await app.close();
  }
}

describe('API keys without SECRETS_KEY: the generated key file (e2e)', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'hf-key-file-e2e-'));
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('creates DATA_DIR/secrets.key (0600) on the first stored key, and a restarted server reads it back', async () => {
    const env = { SECRETS_KEY: '', DATA_DIR: dataDir };
    const first = await createTestApp({ env });
    const path = join(dataDir, 'secrets.key');
    try {
      await expect(stat(path)).rejects.toMatchObject({ code: 'ENOENT' });
      await first.get(DataSource).query(`DELETE FROM api_keys WHERE provider = 'KEYFILE_API_KEY'`);
      await request(first.getHttpServer()).post('/api-keys').send({ provider: 'KEYFILE_API_KEY', key_value: 'sk-key-file-0001' }).expect(201);
      if (posix) expect((await stat(path)).mode & 0o777).toBe(0o600);
      const key = parseSecretsKeyText(await readFile(path, 'utf8'));
      expect(key).toHaveLength(32);
      const [row] = (await first.get(DataSource).query(`SELECT key_id FROM api_keys WHERE provider = 'KEYFILE_API_KEY'`)) as { key_id: string }[];
      expect(row.key_id).toBe(secretsKeyId(key as Buffer));
    } finally {
      await first.close();
    }
    const second = await createTestApp({ env });
    try {
      const res = await request(second.getHttpServer()).get('/api-keys/KEYFILE_API_KEY').expect(200);
      expect(res.body.key_value).toBe('sk-key-file-0001');
      await request(second.getHttpServer()).delete('/api-keys/KEYFILE_API_KEY').expect(200);
    } finally {
      await second.close();
    }
  });

  (posix ? it : it.skip)('refuses to start when the key file can be read by others', async () => {
    const path = join(dataDir, 'secrets.key');
    await writeFile(path, `${Buffer.alloc(32, 3).toString('base64')}\n`, { mode: 0o600 });
    await chmod(path, 0o640);
    const error = await bootError({ SECRETS_KEY: '', DATA_DIR: dataDir });
    expect((error as Error).message).toBe(
      `Invalid configuration: SECRETS_KEY is unset and the key file ${path} can be read by other users (mode 0640); run "chmod 600 ${path}" or set SECRETS_KEY`,
    );
  });

  it('refuses to start when the key file does not hold a 32-byte key', async () => {
    const path = join(dataDir, 'secrets.key');
    await writeFile(path, 'too-short\n', { mode: 0o600 });
    const error = await bootError({ SECRETS_KEY: '', DATA_DIR: dataDir });
    expect((error as Error).message).toBe(
      `Invalid configuration: SECRETS_KEY is unset and the key file ${path} does not hold a 32-byte key (base64 or 64 hex characters); restore it or set SECRETS_KEY`,
    );
  });

  it('ignores the key file when SECRETS_KEY is set', async () => {
    await writeFile(join(dataDir, 'secrets.key'), 'garbage', { mode: 0o644 });
    await expect(bootError({ SECRETS_KEY: 'c3'.repeat(32), DATA_DIR: dataDir })).resolves.toBeNull();
  });
});
