import { randomBytes } from 'node:crypto';
import { readFileSync, statSync, type Stats } from 'node:fs';
import { link, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ConfigError } from '../../../config';
import { SECRETS_KEY_BYTES } from './secrets-cipher';

export const KEY_FILE_NAME = 'secrets.key';

export function keyFilePath(dataDir: string): string {
  return join(dataDir, KEY_FILE_NAME);
}

/** 64 hex characters or base64 of 32 bytes (the SECRETS_KEY format); `null` when it is neither. */
export function parseSecretsKeyText(text: string): Buffer | null {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) return null;
  const key = Buffer.from(trimmed, 'base64');
  return key.length === SECRETS_KEY_BYTES ? key : null;
}

function checkPrivate(path: string, mode: number): void {
  // POSIX permission bits mean nothing on Windows; there the file inherits the directory's ACL.
  if (process.platform === 'win32') return;
  if ((mode & 0o077) !== 0) {
    const octal = (mode & 0o777).toString(8).padStart(4, '0');
    throw new ConfigError(
      'SECRETS_KEY',
      `is unset and the key file ${path} can be read by other users (mode ${octal}); run "chmod 600 ${path}" or set SECRETS_KEY`,
    );
  }
}

/**
 * Reads the generated key file; `null` when there is none. Refuses (ConfigError) a file others can read
 * or one that does not hold exactly one 32-byte key, so the server does not start on a doubtful key.
 */
export async function readKeyFile(path: string): Promise<Buffer | null> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  checkKeyFile(path, info);
  return parseKeyFile(path, await readFile(path, 'utf8'));
}

/**
 * `readKeyFile` without awaiting: for a reader that found no file at boot and must see one another
 * process or thread created since (the worker threads and scale-out workers open what the API sealed).
 */
export function readKeyFileSync(path: string): Buffer | null {
  let info;
  try {
    info = statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  checkKeyFile(path, info);
  return parseKeyFile(path, readFileSync(path, 'utf8'));
}

function checkKeyFile(path: string, info: Stats): void {
  if (!info.isFile()) throw new ConfigError('SECRETS_KEY', `is unset and ${path} is not a regular file`);
  checkPrivate(path, info.mode);
}

function parseKeyFile(path: string, text: string): Buffer {
  const key = parseSecretsKeyText(text);
  if (key === null) {
    throw new ConfigError(
      'SECRETS_KEY',
      `is unset and the key file ${path} does not hold a ${SECRETS_KEY_BYTES}-byte key (base64 or 64 hex characters); restore it or set SECRETS_KEY`,
    );
  }
  return key;
}

async function writePrivateFile(path: string, content: string): Promise<void> {
  const handle = await open(path, 'wx', 0o600);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function temporaryPath(path: string): string {
  return `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
}

/**
 * Creates the key file with a new random key, mode 0600, atomically: written beside it, then hard-linked
 * into place, so a crash leaves no half-written key and a concurrent creator's key wins cleanly.
 */
export async function createKeyFile(path: string): Promise<Buffer> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const key = randomBytes(SECRETS_KEY_BYTES);
  const temporary = temporaryPath(path);
  await writePrivateFile(temporary, `${key.toString('base64')}\n`);
  try {
    await link(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const existing = await readKeyFile(path);
    if (existing === null) throw error;
    return existing;
  } finally {
    await unlink(temporary);
  }
  return key;
}

/** Replaces the key file with `key` (mode 0600) in one rename. */
export async function replaceKeyFile(path: string, key: Buffer): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = temporaryPath(path);
  await writePrivateFile(temporary, `${key.toString('base64')}\n`);
  await rename(temporary, path);
}
