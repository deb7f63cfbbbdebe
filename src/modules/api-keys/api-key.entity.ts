import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** One stored provider key, encrypted (AES-256-GCM); the plaintext is never a column. */
@Entity({ name: 'api_keys' })
export class ApiKeyEntity {
  @PrimaryGeneratedColumn({ name: 'id' })
  id: number;

  @Column({ name: 'provider', type: 'varchar', length: 100 })
  provider: string;

  @Column({ name: 'key_ciphertext', type: 'bytea' })
  keyCiphertext: Buffer;

  @Column({ name: 'key_iv', type: 'bytea' })
  keyIv: Buffer;

  @Column({ name: 'key_tag', type: 'bytea' })
  keyTag: Buffer;

  @Column({ name: 'key_id', type: 'varchar', length: 32, nullable: true })
  keyId: string | null;

  @Column({ name: 'last4', type: 'varchar', length: 4 })
  last4: string;

  @Column({ name: 'is_active', type: 'boolean', default: true })
  isActive: boolean;

  @Column({ name: 'description', type: 'text', nullable: true })
  description: string | null;

  @Column({ name: 'last_used', type: 'timestamptz', nullable: true })
  lastUsed: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** A row as `RETURNING *` / `SELECT *` gives it. */
export interface ApiKeyRow {
  id: number;
  provider: string;
  key_ciphertext: Buffer;
  key_iv: Buffer;
  key_tag: Buffer;
  key_id: string | null;
  last4: string;
  is_active: boolean;
  description: string | null;
  last_used: Date | null;
  created_at: Date;
  updated_at: Date;
}

export function entityFromRow(row: ApiKeyRow): ApiKeyEntity {
  return Object.assign(new ApiKeyEntity(), {
    id: row.id,
    provider: row.provider,
    keyCiphertext: row.key_ciphertext,
    keyIv: row.key_iv,
    keyTag: row.key_tag,
    keyId: row.key_id,
    last4: row.last4,
    isActive: row.is_active,
    description: row.description,
    lastUsed: row.last_used,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
}
