import { createDecipheriv, createHash } from 'node:crypto';
import { SecretDecryptionError, SecretsCipher, secretsKeyId } from '../../../src/modules/api-keys/secrets/secrets-cipher';

const KEY = Buffer.alloc(32, 7);
const OTHER_KEY = Buffer.alloc(32, 9);

describe('SecretsCipher (AES-256-GCM)', () => {
  const cipher = new SecretsCipher(KEY);

  it('seals to a 12-byte nonce, a 16-byte tag and a ciphertext that plain node:crypto opens with the provider as AAD', () => {
    const sealed = cipher.seal('sk-live-0123456789', 'OPENAI_API_KEY');
    expect(sealed.iv).toHaveLength(12);
    expect(sealed.tag).toHaveLength(16);
    expect(sealed.ciphertext.includes(Buffer.from('sk-live'))).toBe(false);
    // Independent decryption, written against the GCM definition rather than through our class.
    const decipher = createDecipheriv('aes-256-gcm', KEY, sealed.iv);
    decipher.setAAD(Buffer.from('OPENAI_API_KEY'));
    decipher.setAuthTag(sealed.tag);
    expect(Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString()).toBe('sk-live-0123456789');
  });

  it('round-trips unicode and uses a fresh nonce every time', () => {
    const a = cipher.seal('ключ-🔑', 'X');
    const b = cipher.seal('ключ-🔑', 'X');
    expect(a.iv.equals(b.iv)).toBe(false);
    expect(a.ciphertext.equals(b.ciphertext)).toBe(false);
    expect(cipher.open(a, 'X')).toBe('ключ-🔑');
  });

  it('refuses a ciphertext moved to another provider (AAD), a flipped bit and a flipped tag', () => {
    const sealed = cipher.seal('secret-value', 'GROQ_API_KEY');
    expect(() => cipher.open(sealed, 'OPENAI_API_KEY')).toThrow(SecretDecryptionError);
    const flipped = Buffer.from(sealed.ciphertext);
    flipped[0] ^= 1;
    expect(() => cipher.open({ ...sealed, ciphertext: flipped }, 'GROQ_API_KEY')).toThrow(/wrong key or altered row/);
    const badTag = Buffer.from(sealed.tag);
    badTag[15] ^= 0x80;
    expect(() => cipher.open({ ...sealed, tag: badTag }, 'GROQ_API_KEY')).toThrow(SecretDecryptionError);
  });

  it('names both key ids when another key sealed the secret, and never the key itself', () => {
    const sealed = new SecretsCipher(OTHER_KEY).seal('v', 'P');
    let message = '';
    try {
      cipher.open(sealed, 'P');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(`the secret "P" was encrypted with another secrets key (id ${secretsKeyId(OTHER_KEY)}; the configured key is ${secretsKeyId(KEY)})`);
    expect(message).not.toContain(KEY.toString('hex'));
    expect(message).not.toContain(KEY.toString('base64'));
  });

  it('derives the key id as 16 hex characters of a domain-separated SHA-256', () => {
    const expected = createHash('sha256').update(Buffer.concat([Buffer.from('hedge-fund/secrets-key-id/v1\0'), KEY])).digest('hex').slice(0, 16);
    expect(secretsKeyId(KEY)).toBe(expected);
    expect(cipher.keyId).toBe(expected);
    expect(secretsKeyId(OTHER_KEY)).not.toBe(expected);
  });

  it('rejects a key that is not 32 bytes', () => {
    expect(() => new SecretsCipher(Buffer.alloc(16))).toThrow('A secrets key has 32 bytes, got 16');
  });
});
