import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config';
import { NotFoundError, ValidationError } from '../../core/http';
import { type ApiKeyEntity, type ApiKeyRow, entityFromRow } from './api-key.entity';
import { last4Of, toApiKeyResponse, toApiKeySummary } from './api-keys.mapper';
import type { ApiKeyResponseDto, ApiKeySummaryDto, ApiKeyTestResultDto, CreateApiKeyDto, UpdateApiKeyDto } from './dto/api-key.dto';
import { KeyCheckClient } from './key-check.client';
import { findCheckableProvider, PROVIDER_NAME_PATTERN } from './providers';
import type { SealedSecret } from './secrets/secrets-cipher';
import { SecretsVault } from './secrets/secrets-vault';

const NOT_FOUND = 'API key not found';

/**
 * One statement, so overlapping requests for the same provider serialise on the row lock and the last
 * one to arrive wins; `xmax = 0` tells an insert from an update. An omitted description ($9 false)
 * keeps the stored one (the SPA posts on every keystroke without it).
 */
const UPSERT_SQL = `
  INSERT INTO api_keys (provider, key_ciphertext, key_iv, key_tag, key_id, last4, is_active, description)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
  ON CONFLICT (provider) DO UPDATE SET
    key_ciphertext = EXCLUDED.key_ciphertext,
    key_iv = EXCLUDED.key_iv,
    key_tag = EXCLUDED.key_tag,
    key_id = EXCLUDED.key_id,
    last4 = EXCLUDED.last4,
    is_active = EXCLUDED.is_active,
    description = CASE WHEN $9::boolean THEN EXCLUDED.description ELSE api_keys.description END,
    updated_at = now()
  RETURNING *, (xmax = 0) AS inserted`;

interface SealedInput {
  readonly provider: string;
  readonly sealed: SealedSecret;
  readonly last4: string;
  readonly isActive: boolean;
  readonly description: string | null;
  readonly setDescription: boolean;
}

export interface UpsertOutcome {
  readonly key: ApiKeySummaryDto;
  readonly created: boolean;
}

/** Printable ASCII without spaces: what an API key sent in an HTTP header can hold. */
const HEADER_SAFE_KEY = /^[\x21-\x7e]+$/;

@Injectable()
export class ApiKeysService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly vault: SecretsVault,
    private readonly keyCheck: KeyCheckClient,
  ) {}

  async upsert(dto: CreateApiKeyDto): Promise<UpsertOutcome> {
    const input = await this.sealInput(dto);
    const row = await this.upsertSealed(this.dataSource.manager, input);
    return { key: toApiKeySummary(entityFromRow(row)), created: row.inserted };
  }

  /** All or nothing: one transaction, rows locked in provider order so concurrent bulks cannot deadlock. */
  async bulkUpsert(items: readonly CreateApiKeyDto[]): Promise<ApiKeySummaryDto[]> {
    const firstIndex = new Map<string, number>();
    items.forEach((item, index) => {
      const first = firstIndex.get(item.provider);
      if (first !== undefined) {
        throw ValidationError.field(`api_keys[${index}].provider`, `api_keys[${index}].provider repeats ${item.provider} of api_keys[${first}]`);
      }
      firstIndex.set(item.provider, index);
    });
    const inputs = await Promise.all(items.map((item) => this.sealInput(item)));
    const ordered = [...inputs].sort((a, b) => (a.provider < b.provider ? -1 : a.provider > b.provider ? 1 : 0));
    const stored = await this.dataSource.transaction(async (manager) => {
      const rows = new Map<string, ApiKeyRow>();
      for (const input of ordered) rows.set(input.provider, await this.upsertSealed(manager, input));
      return rows;
    });
    return inputs.map((input) => toApiKeySummary(entityFromRow(stored.get(input.provider) as ApiKeyRow)));
  }

  async list(includeInactive: boolean): Promise<ApiKeySummaryDto[]> {
    const rows = (await this.dataSource.query(
      `SELECT * FROM api_keys WHERE is_active OR $1::boolean ORDER BY provider`,
      [includeInactive],
    )) as ApiKeyRow[];
    return rows.map((row) => toApiKeySummary(entityFromRow(row)));
  }

  /** The active key with its plaintext (the anchor's GET, which the SPA uses to fill its form). */
  async getActive(provider: string): Promise<ApiKeyResponseDto> {
    const [row] = (await this.dataSource.query(`SELECT * FROM api_keys WHERE provider = $1 AND is_active`, [provider])) as ApiKeyRow[];
    if (row === undefined) throw new NotFoundError(NOT_FOUND);
    const entity = entityFromRow(row);
    return toApiKeyResponse(entity, this.openKey(entity));
  }

  async update(provider: string, dto: UpdateApiKeyDto): Promise<ApiKeySummaryDto> {
    const newKey = typeof dto.key_value === 'string' ? dto.key_value : null;
    const sealed = newKey === null ? null : await this.vault.seal(newKey, provider);
    const [rows] = (await this.dataSource.query(
      `UPDATE api_keys SET
         key_ciphertext = COALESCE($2, key_ciphertext),
         key_iv = COALESCE($3, key_iv),
         key_tag = COALESCE($4, key_tag),
         key_id = CASE WHEN $2::bytea IS NULL THEN key_id ELSE $5 END,
         last4 = COALESCE($6, last4),
         is_active = COALESCE($7, is_active),
         description = CASE WHEN $8::boolean THEN $9 ELSE description END,
         updated_at = now()
       WHERE provider = $1
       RETURNING *`,
      [
        provider,
        sealed?.ciphertext ?? null,
        sealed?.iv ?? null,
        sealed?.tag ?? null,
        sealed?.keyId ?? null,
        newKey === null ? null : last4Of(newKey),
        dto.is_active ?? null,
        dto.description !== undefined,
        dto.description ?? null,
      ],
    )) as [ApiKeyRow[], number];
    if (rows[0] === undefined) throw new NotFoundError(NOT_FOUND);
    return toApiKeySummary(entityFromRow(rows[0]));
  }

  async remove(provider: string): Promise<void> {
    const [, affected] = (await this.dataSource.query(`DELETE FROM api_keys WHERE provider = $1`, [provider])) as [unknown, number];
    if (affected === 0) throw new NotFoundError(NOT_FOUND);
  }

  async deactivate(provider: string): Promise<ApiKeySummaryDto> {
    const [rows] = (await this.dataSource.query(
      `UPDATE api_keys SET is_active = false, updated_at = now() WHERE provider = $1 RETURNING *`,
      [provider],
    )) as [ApiKeyRow[], number];
    if (rows[0] === undefined) throw new NotFoundError(NOT_FOUND);
    return toApiKeySummary(entityFromRow(rows[0]));
  }

  async touchLastUsed(provider: string): Promise<void> {
    const [, affected] = (await this.dataSource.query(`UPDATE api_keys SET last_used = now() WHERE provider = $1 AND is_active`, [provider])) as [
      unknown,
      number,
    ];
    if (affected === 0) throw new NotFoundError(NOT_FOUND);
  }

  /** Checks a key (given, or else the stored/environment one) against the provider's API. */
  async test(provider: string, keyValue: string | undefined): Promise<ApiKeyTestResultDto> {
    const checkable = findCheckableProvider(provider);
    if (checkable === undefined) throw ValidationError.field('provider', `provider ${provider} cannot be tested`);
    const key = keyValue ?? (await this.lookup(provider, false));
    if (key === null) {
      throw new NotFoundError(`There is no key to test for ${provider}: none is stored and the ${provider} environment variable is unset.`);
    }
    // A key travels in an HTTP header: anything outside printable ASCII cannot be sent, so nothing is called.
    if (!HEADER_SAFE_KEY.test(key)) {
      const source = keyValue === undefined ? `The stored ${provider} key` : 'key_value';
      throw ValidationError.field('key_value', `${source} holds characters outside printable ASCII, which no provider accepts; check the key for pasted spaces or symbols.`);
    }
    const outcome = await this.keyCheck.check(checkable, key);
    return { valid: outcome.valid, provider, detail: outcome.detail };
  }

  /**
   * The key the LLM and market-data layers use: the active stored key (marking it used), else the
   * environment variable of the same name, else null.
   */
  async getKey(name: string): Promise<string | null> {
    return this.lookup(name, true);
  }

  private async lookup(name: string, markUsed: boolean): Promise<string | null> {
    if (!PROVIDER_NAME_PATTERN.test(name)) return null;
    const sql = markUsed
      ? `UPDATE api_keys SET last_used = now() WHERE provider = $1 AND is_active RETURNING *`
      : `SELECT * FROM api_keys WHERE provider = $1 AND is_active`;
    const result: unknown = await this.dataSource.query(sql, [name]);
    // UPDATE answers [rows, affected]; SELECT answers rows.
    const rows = markUsed ? (result as [ApiKeyRow[], number])[0] : (result as ApiKeyRow[]);
    if (rows[0] !== undefined) return this.openKey(entityFromRow(rows[0]));
    return this.config.providers.environmentKeys.get(name) ?? null;
  }

  private openKey(entity: ApiKeyEntity): string {
    return this.vault.open({ ciphertext: entity.keyCiphertext, iv: entity.keyIv, tag: entity.keyTag, keyId: entity.keyId }, entity.provider);
  }

  private async sealInput(dto: CreateApiKeyDto): Promise<SealedInput> {
    return {
      provider: dto.provider,
      sealed: await this.vault.seal(dto.key_value, dto.provider),
      last4: last4Of(dto.key_value),
      isActive: dto.is_active ?? true,
      description: dto.description ?? null,
      setDescription: dto.description !== undefined,
    };
  }

  private async upsertSealed(manager: EntityManager, input: SealedInput): Promise<ApiKeyRow & { inserted: boolean }> {
    const [row] = (await manager.query(UPSERT_SQL, [
      input.provider,
      input.sealed.ciphertext,
      input.sealed.iv,
      input.sealed.tag,
      input.sealed.keyId,
      input.last4,
      input.isActive,
      input.description,
      input.setDescription,
    ])) as (ApiKeyRow & { inserted: boolean })[];
    return row;
  }
}
