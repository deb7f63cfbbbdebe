import { IsStorableDecimals } from './decimal-numbers';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsBoolean, IsObject, IsOptional, IsString, Length, MaxLength } from 'class-validator';

export const FLOW_NAME_MAX = 200;
export const FLOW_TAG_MAX = 100;

/** `POST /flows/`: the anchor's FlowCreateRequest. */
export class CreateFlowDto {
  @ApiProperty({ minLength: 1, maxLength: FLOW_NAME_MAX, example: 'Value investors' })
  @IsString()
  @Length(1, FLOW_NAME_MAX)
  name: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  description?: string | null;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'React Flow nodes, stored as sent.' })
  @IsArray()
  @IsObject({ each: true })
  @IsStorableDecimals()
  nodes: Record<string, unknown>[];

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'React Flow edges, stored as sent.' })
  @IsArray()
  @IsObject({ each: true })
  @IsStorableDecimals()
  edges: Record<string, unknown>[];

  @ApiPropertyOptional({ type: Object, additionalProperties: true, nullable: true, example: { x: 0, y: 0, zoom: 1 } })
  @IsOptional()
  @IsObject()
  @IsStorableDecimals()
  viewport?: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: Object, additionalProperties: true, nullable: true, description: 'Node internal state (nodeStates, nodeContextData, …).' })
  @IsOptional()
  @IsObject()
  @IsStorableDecimals()
  data?: Record<string, unknown> | null;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  is_template?: boolean | null;

  @ApiPropertyOptional({ type: [String], nullable: true, description: 'Stored as [] when absent.' })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @MaxLength(FLOW_TAG_MAX, { each: true })
  tags?: string[] | null;
}
