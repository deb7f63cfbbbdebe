import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { FLOW_NAME_MAX } from './create-flow.dto';
import { PageQueryDto, toBoolean } from '../../../core/http';

export const FLOWS_PAGE_MAX = 1000;

/** `GET /flows/`: the anchor's `include_templates`, plus optional paging and a name filter. */
export class ListFlowsQueryDto extends PageQueryDto({ max: FLOWS_PAGE_MAX, limitDescription: 'Page size; all flows when absent (the anchor does not page).' }) {
  @ApiPropertyOptional({ default: true, description: 'Include flows marked as templates.' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  include_templates?: boolean;

  @ApiPropertyOptional({ maxLength: FLOW_NAME_MAX, description: 'Case-insensitive substring of the name (% and _ match themselves).' })
  @IsOptional()
  @IsString()
  @MaxLength(FLOW_NAME_MAX)
  search?: string;
}
