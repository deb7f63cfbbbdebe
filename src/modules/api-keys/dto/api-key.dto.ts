import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { CHECKABLE_KEY_NAMES, PROVIDER_NAME_PATTERN, PROVIDER_NAME_RULE } from '../providers';

export const KEY_VALUE_MAX = 4096;
export const DESCRIPTION_MAX = 2000;
export const BULK_MAX = 100;

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class CreateApiKeyDto {
  @ApiProperty({ example: 'OPENAI_API_KEY', maxLength: 100, description: 'Free-form name; the SPA and the LLM layer use environment-variable names.' })
  @IsString()
  @Matches(PROVIDER_NAME_PATTERN, { message: PROVIDER_NAME_RULE })
  provider: string;

  @ApiProperty({ example: 'sk-…', minLength: 1, maxLength: KEY_VALUE_MAX, description: 'The secret; surrounding whitespace is trimmed. Stored encrypted, never echoed.' })
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'key_value must not be empty' })
  @MaxLength(KEY_VALUE_MAX)
  key_value: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: DESCRIPTION_MAX, description: 'Omitted keeps the stored description; null clears it.' })
  @IsOptional()
  @IsString()
  @MaxLength(DESCRIPTION_MAX)
  description?: string | null;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  is_active?: boolean | null;
}

export class UpdateApiKeyDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: KEY_VALUE_MAX, description: 'A new secret (trimmed); omitted keeps the stored one.' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'key_value must not be empty' })
  @MaxLength(KEY_VALUE_MAX)
  key_value?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: DESCRIPTION_MAX, description: 'Omitted keeps the stored description; null clears it.' })
  @IsOptional()
  @IsString()
  @MaxLength(DESCRIPTION_MAX)
  description?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  is_active?: boolean | null;
}

export class BulkCreateApiKeysDto {
  @ApiProperty({ type: [CreateApiKeyDto], maxItems: BULK_MAX, description: 'Stored all together or not at all.' })
  @IsArray()
  @ArrayMaxSize(BULK_MAX)
  @ValidateNested({ each: true })
  @Type(() => CreateApiKeyDto)
  api_keys: CreateApiKeyDto[];
}

export class TestApiKeyDto {
  @ApiProperty({ enum: CHECKABLE_KEY_NAMES, example: 'OPENAI_API_KEY' })
  @IsString()
  @IsIn(CHECKABLE_KEY_NAMES, { message: `provider must be one of ${CHECKABLE_KEY_NAMES.join(', ')}` })
  provider: string;

  @ApiPropertyOptional({ maxLength: KEY_VALUE_MAX, description: 'The key to check; omitted checks the stored key (or the environment variable).' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'key_value must not be empty' })
  @MaxLength(KEY_VALUE_MAX)
  key_value?: string;
}

export class ListApiKeysQueryDto {
  @ApiPropertyOptional({ default: false, description: 'Include deactivated keys.' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value))
  @IsBoolean({ message: 'include_inactive must be true or false' })
  include_inactive?: boolean;
}

/** A stored key without its secret: what lists, writes and deactivation answer. */
export class ApiKeySummaryDto {
  @ApiProperty({ example: 1 })
  id: number;

  @ApiProperty({ example: 'OPENAI_API_KEY' })
  provider: string;

  @ApiProperty({ type: String, nullable: true, example: 'x9Qz', description: 'Last four characters of the key; null for keys shorter than 8 characters.' })
  last4: string | null;

  @ApiProperty({ example: true, description: 'Always true (anchor compatibility).' })
  has_key: boolean;

  @ApiProperty()
  is_active: boolean;

  @ApiProperty({ type: String, nullable: true })
  description: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  created_at: string;

  @ApiProperty({ type: String, format: 'date-time' })
  updated_at: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  last_used: string | null;
}

/** The anchor's ApiKeyResponse: the one answer that carries the plaintext (the SPA fills its field from it). */
export class ApiKeyResponseDto extends OmitType(ApiKeySummaryDto, ['has_key'] as const) {
  @ApiProperty({ example: 'sk-…' })
  key_value: string;
}

export class ApiKeyTestResultDto {
  @ApiProperty({ description: 'Whether the provider accepted the key.' })
  valid: boolean;

  @ApiProperty({ example: 'OPENAI_API_KEY' })
  provider: string;

  @ApiProperty({ example: 'OpenAI accepted the key.' })
  detail: string;
}

export class ApiKeyMessageDto {
  @ApiProperty({ example: 'API key deleted successfully' })
  message: string;
}
