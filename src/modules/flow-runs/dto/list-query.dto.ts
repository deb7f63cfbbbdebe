import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { toInteger } from '../../../core/http';

/** `GET /flows/{flow_id}/runs/?limit=50&offset=0` (the anchor's bounds: 422 outside). */
export class ListFlowRunsQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50 })
  @IsOptional()
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Transform(toInteger)
  @IsInt()
  @Min(0)
  offset?: number;
}

export const CYCLES_PAGE_MAX = 1000;

/** `GET /flows/{flow_id}/runs/{run_id}/cycles/` in cycle order. */
export class ListFlowRunCyclesQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: CYCLES_PAGE_MAX, default: CYCLES_PAGE_MAX })
  @IsOptional()
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(CYCLES_PAGE_MAX)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Transform(toInteger)
  @IsInt()
  @Min(0)
  offset?: number;
}
