import type { DataSource } from 'typeorm';
import type { SecretsCipher } from './secrets-cipher';

export interface RotationResult {
  /** Rows re-encrypted from the old key to the new one. */
  readonly rotated: number;
  /** Rows already sealed with the new key (a rotation that was run before). */
  readonly alreadyCurrent: number;
}

interface SealedRow {
  id: number;
  provider: string;
  key_ciphertext: Buffer;
  key_iv: Buffer;
  key_tag: Buffer;
  key_id: string | null;
}

/**
 * Re-encrypts every stored API key from `from` to `to` in one transaction: if any row does not decrypt
 * with either key, nothing changes. Rows are locked, so a server writing keys meanwhile waits.
 */
export async function rotateSecrets(dataSource: DataSource, from: SecretsCipher, to: SecretsCipher): Promise<RotationResult> {
  if (from.keyId === to.keyId) throw new Error('The new secrets key is the current one: nothing to rotate');
  return dataSource.transaction(async (manager) => {
    const rows = (await manager.query(
      `SELECT id, provider, key_ciphertext, key_iv, key_tag, key_id FROM api_keys ORDER BY id FOR UPDATE`,
    )) as SealedRow[];
    let rotated = 0;
    let alreadyCurrent = 0;
    for (const row of rows) {
      const sealed = { ciphertext: row.key_ciphertext, iv: row.key_iv, tag: row.key_tag, keyId: row.key_id };
      if (row.key_id === to.keyId) {
        to.open(sealed, row.provider);
        alreadyCurrent += 1;
        continue;
      }
      const resealed = to.seal(from.open(sealed, row.provider), row.provider);
      await manager.query(`UPDATE api_keys SET key_ciphertext = $2, key_iv = $3, key_tag = $4, key_id = $5 WHERE id = $1`, [
        row.id,
        resealed.ciphertext,
        resealed.iv,
        resealed.tag,
        resealed.keyId,
      ]);
      rotated += 1;
    }
    return { rotated, alreadyCurrent };
  });
}
