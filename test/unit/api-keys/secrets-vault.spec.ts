// The vault of a worker thread or scale-out worker boots before the API has stored its first secret, so
// it finds no key file; it must still open what the API seals afterwards (found as a fresh-clone CI failure).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../src/config';
import { DomainError } from '../../../src/core/http';
import { SecretsVault } from '../../../src/modules/api-keys/secrets/secrets-vault';

describe('SecretsVault across processes on one DATA_DIR', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hf-vault-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const vault = async (): Promise<SecretsVault> => {
    const booted = new SecretsVault(loadConfig({ DATA_DIR: dir }));
    await booted.onModuleInit();
    return booted;
  };

  it('opens a secret sealed by another vault that created the key file after this one booted', async () => {
    const reader = await vault();
    const writer = await vault();
    const sealed = await writer.seal('sk-test-123', 'OPENAI_API_KEY');
    expect(reader.open(sealed, 'OPENAI_API_KEY')).toBe('sk-test-123');
  });

  it('still refuses with a clear reason when no key file has ever been written', async () => {
    const reader = await vault();
    const sealed = { ciphertext: Buffer.from('x'), iv: Buffer.alloc(12), tag: Buffer.alloc(16), keyId: null };
    expect(() => reader.open(sealed, 'OPENAI_API_KEY')).toThrow(DomainError);
    expect(() => reader.open(sealed, 'OPENAI_API_KEY')).toThrow(/no key file/);
  });
});
