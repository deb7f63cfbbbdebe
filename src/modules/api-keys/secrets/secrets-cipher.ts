import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export const SECRETS_KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** What is stored for one secret: AES-256-GCM ciphertext, its nonce and tag, and the id of the key. */
export interface SealedSecret {
  readonly ciphertext: Buffer;
  readonly iv: Buffer;
  readonly tag: Buffer;
  readonly keyId: string;
}

/** Thrown when a sealed secret does not open: another key sealed it, or the row was tampered with. */
export class SecretDecryptionError extends Error {
  constructor(
    readonly context: string,
    readonly sealedWith: string | null,
    readonly expected: string,
  ) {
    super(
      sealedWith !== null && sealedWith !== expected
        ? `the secret "${context}" was encrypted with another secrets key (id ${sealedWith}; the configured key is ${expected})`
        : `the secret "${context}" does not decrypt with the configured secrets key (id ${expected}): wrong key or altered row`,
    );
    this.name = 'SecretDecryptionError';
  }
}

/**
 * A public, non-reversible id of a secrets key (16 hex characters of a domain-separated SHA-256), so
 * rows can say which key sealed them without revealing anything about it.
 */
export function secretsKeyId(key: Buffer): string {
  return createHash('sha256').update('hedge-fund/secrets-key-id/v1\0').update(key).digest('hex').slice(0, 16);
}

/**
 * AES-256-GCM with a random 96-bit nonce per secret. The `context` (the provider name for API keys) is
 * bound as additional authenticated data, so a ciphertext copied onto another row does not decrypt.
 */
export class SecretsCipher {
  readonly keyId: string;

  constructor(private readonly key: Buffer) {
    if (key.length !== SECRETS_KEY_BYTES) throw new Error(`A secrets key has ${SECRETS_KEY_BYTES} bytes, got ${key.length}`);
    this.keyId = secretsKeyId(key);
  }

  seal(plaintext: string, context: string): SealedSecret {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return { ciphertext, iv, tag: cipher.getAuthTag(), keyId: this.keyId };
  }

  open(sealed: Omit<SealedSecret, 'keyId'> & { keyId: string | null }, context: string): string {
    if (sealed.keyId !== null && sealed.keyId !== this.keyId) throw new SecretDecryptionError(context, sealed.keyId, this.keyId);
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(sealed.tag);
      return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretDecryptionError(context, sealed.keyId, this.keyId);
    }
  }
}
