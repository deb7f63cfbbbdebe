import { type Type } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { toInteger } from './query-transforms';

/** The bounds of one list route's page: `limit` from 1 to `max`, `offset` from 0; 422 outside. */
export interface PageBounds {
  readonly max: number;
  /** The page size when `limit` is absent, as the service applies it (documented only); none: every row. */
  readonly defaultLimit?: number;
  /** Description of `limit` in the OpenAPI document. */
  readonly limitDescription?: string;
}

/** `?limit=&offset=` of a list route, as parsed and validated. */
export interface PageQuery {
  limit?: number;
  offset?: number;
}

/**
 * The one paging query DTO: `class ListThingsQueryDto extends PageQueryDto({ max: 100, defaultLimit: 50 }) {}`,
 * adding the route's own filters. Query strings become integers here (the global pipe does not convert).
 */
export function PageQueryDto(bounds: PageBounds): Type<PageQuery> {
  class PageQueryDtoBase implements PageQuery {
    @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: bounds.max, default: bounds.defaultLimit, description: bounds.limitDescription })
    @IsOptional()
    @Transform(toInteger)
    @IsInt()
    @Min(1)
    @Max(bounds.max)
    limit?: number;

    @ApiPropertyOptional({ type: 'integer', minimum: 0, default: 0 })
    @IsOptional()
    @Transform(toInteger)
    @IsInt()
    @Min(0)
    offset?: number;
  }
  return PageQueryDtoBase;
}
