import type { ApiKeyEntity } from './api-key.entity';
import type { ApiKeyResponseDto, ApiKeySummaryDto } from './dto/api-key.dto';

/** Keys shorter than this show no last four characters (they would give most of the key away). */
export const LAST4_MIN_KEY_LENGTH = 8;

export function last4Of(key: string): string {
  return key.length >= LAST4_MIN_KEY_LENGTH ? key.slice(-4) : '';
}

export function toApiKeySummary(entity: ApiKeyEntity): ApiKeySummaryDto {
  return {
    id: entity.id,
    provider: entity.provider,
    last4: entity.last4 === '' ? null : entity.last4,
    has_key: true,
    is_active: entity.isActive,
    description: entity.description,
    created_at: entity.createdAt.toISOString(),
    updated_at: entity.updatedAt.toISOString(),
    last_used: entity.lastUsed === null ? null : entity.lastUsed.toISOString(),
  };
}

export function toApiKeyResponse(entity: ApiKeyEntity, keyValue: string): ApiKeyResponseDto {
  const { has_key: _hasKey, ...summary } = toApiKeySummary(entity);
  return { ...summary, key_value: keyValue };
}
