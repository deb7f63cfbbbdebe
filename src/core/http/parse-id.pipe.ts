import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { ValidationError } from './domain-error';

const INT32_MAX = 2_147_483_647;

/**
 * Parses an integer path id (the anchor's ids are PostgreSQL `integer`s). Anything else is a 422
 * naming the parameter, never a 500 from an out-of-range value reaching the database.
 */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, number> {
  transform(value: string, metadata: ArgumentMetadata): number {
    const name = metadata.data ?? 'id';
    const parsed = /^\+?\d{1,10}$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isInteger(parsed) || parsed < 1 || parsed > INT32_MAX) {
      throw ValidationError.field(name, `${name} must be an integer between 1 and ${INT32_MAX}`);
    }
    return parsed;
  }
}
