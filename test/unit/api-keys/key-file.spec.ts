import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../../src/config';
import { createKeyFile, parseSecretsKeyText, readKeyFile, replaceKeyFile } from '../../../src/modules/api-keys/secrets/key-file';

const posix = process.platform !== 'win32';

describe('secrets key file', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hf-keyfile-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('parses 64 hex characters or base64 of exactly 32 bytes, and nothing else', () => {
    const key = Buffer.from(Array.from({ length: 32 }, (_, i) => i));
    expect(parseSecretsKeyText(key.toString('hex'))?.equals(key)).toBe(true);
    expect(parseSecretsKeyText(`${key.toString('base64')}\n`)?.equals(key)).toBe(true);
    expect(parseSecretsKeyText(Buffer.alloc(31).toString('base64'))).toBeNull();
    expect(parseSecretsKeyText('not a key!')).toBeNull();
    expect(parseSecretsKeyText('')).toBeNull();
  });

  it('answers null when there is no key file', async () => {
    await expect(readKeyFile(join(dir, 'secrets.key'))).resolves.toBeNull();
  });

  it('creates a 0600 file (and its directory) holding the returned key in base64, then reads it back', async () => {
    const path = join(dir, 'nested', 'secrets.key');
    const key = await createKeyFile(path);
    expect(key).toHaveLength(32);
    expect(await readFile(path, 'utf8')).toBe(`${key.toString('base64')}\n`);
    if (posix) expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await readKeyFile(path))?.equals(key)).toBe(true);
  });

  it('gives every concurrent creator the same key', async () => {
    const path = join(dir, 'secrets.key');
    const keys = await Promise.all(Array.from({ length: 8 }, () => createKeyFile(path)));
    const onDisk = await readKeyFile(path);
    for (const key of keys) expect(key.equals(onDisk as Buffer)).toBe(true);
  });

  (posix ? it : it.skip)('refuses a key file that group or others can read, naming the file and the fix', async () => {
    const path = join(dir, 'secrets.key');
    await createKeyFile(path);
    await chmod(path, 0o644);
    const error = await readKeyFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(
      `Invalid configuration: SECRETS_KEY is unset and the key file ${path} can be read by other users (mode 0644); run "chmod 600 ${path}" or set SECRETS_KEY`,
    );
  });

  it('refuses a key file of the wrong length', async () => {
    const path = join(dir, 'secrets.key');
    await writeFile(path, `${Buffer.alloc(16, 1).toString('base64')}\n`, { mode: 0o600 });
    await expect(readKeyFile(path)).rejects.toThrow(`the key file ${path} does not hold a 32-byte key`);
  });

  it('replaces the key file atomically, keeping mode 0600', async () => {
    const path = join(dir, 'secrets.key');
    await createKeyFile(path);
    const next = Buffer.alloc(32, 5);
    await replaceKeyFile(path, next);
    expect((await readKeyFile(path))?.equals(next)).toBe(true);
    if (posix) expect((await stat(path)).mode & 0o777).toBe(0o600);
  });
});
