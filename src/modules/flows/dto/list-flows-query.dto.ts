import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { FLOW_NAME_MAX } from './create-flow.dto';
import { toBoolean, toInteger } from '../../../core/http';

export const FLOWS_PAGE_MAX = 1000;

/** `GET /flows/`: the anchor's `include_templates`, plus optional paging and a name filter. */
export class ListFlowsQueryDto {
  @ApiPropertyOptional({ default: true, description: 'Include flows marked as templates.' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  include_templates?: boolean;

  @ApiPropertyOptional({ minimum: 1, maximum: FLOWS_PAGE_MAX, description: 'Page size; all flows when absent (the anchor does not page).' })
  @IsOptional()
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(FLOWS_PAGE_MAX)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Transform(toInteger)
  @IsInt()
  @Min(0)
  offset?: number;

  @ApiPropertyOptional({ maxLength: FLOW_NAME_MAX, description: 'Case-insensitive substring of the name (% and _ match themselves).' })
  @IsOptional()
  @IsString()
  @MaxLength(FLOW_NAME_MAX)
  search?: string;
}
