import { IsStorableDecimals } from './decimal-numbers';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsBoolean, IsObject, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { FLOW_NAME_MAX, FLOW_TAG_MAX } from './create-flow.dto';

/**
 * `PUT /flows/{id}`: every field optional; an absent or `null` field is left unchanged (the SPA sends
 * `description: null` when it echoes a flow back), so a field cannot be cleared, as in the anchor.
 */
export class UpdateFlowDto {
  @ApiPropertyOptional({ type: String, nullable: true, minLength: 1, maxLength: FLOW_NAME_MAX })
  @IsOptional()
  @IsString()
  @Length(1, FLOW_NAME_MAX)
  name?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  description?: string | null;

  @ApiPropertyOptional({ type: 'array', items: { type: 'object', additionalProperties: true }, nullable: true })
  @IsOptional()
  @IsArray()
  @IsObject({ each: true })
  @IsStorableDecimals()
  nodes?: Record<string, unknown>[] | null;

  @ApiPropertyOptional({ type: 'array', items: { type: 'object', additionalProperties: true }, nullable: true })
  @IsOptional()
  @IsArray()
  @IsObject({ each: true })
  @IsStorableDecimals()
  edges?: Record<string, unknown>[] | null;

  @ApiPropertyOptional({ type: Object, additionalProperties: true, nullable: true })
  @IsOptional()
  @IsObject()
  @IsStorableDecimals()
  viewport?: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: Object, additionalProperties: true, nullable: true })
  @IsOptional()
  @IsObject()
  @IsStorableDecimals()
  data?: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: Boolean, nullable: true })
  @IsOptional()
  @IsBoolean()
  is_template?: boolean | null;

  @ApiPropertyOptional({ type: [String], nullable: true })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @MaxLength(FLOW_TAG_MAX, { each: true })
  tags?: string[] | null;
}
