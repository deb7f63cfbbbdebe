import type { QueryDeepPartialEntity, QueryPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

/**
 * Passes entity values holding JSON (typed `Record<string, unknown>`, stored as jsonb) to TypeORM's
 * insert/update, whose deep-partial type cannot see through `unknown`.
 */
export function jsonColumns<T>(values: QueryPartialEntity<T>): QueryDeepPartialEntity<T> {
  return values as QueryDeepPartialEntity<T>;
}
