import { type ArgumentMetadata, ValidationPipe, type ValidationError as ClassValidatorError } from '@nestjs/common';
import type { ProblemFieldErrorDto } from './problem-details';
import { ValidationError } from './domain-error';
import { findUnstorableText, unstorableTextMessage } from './input-text';
import { enforceNestedObjects } from './nested-objects';
import { dropUndocumentedNulls } from './undocumented-nulls';

function flatten(errors: ClassValidatorError[], parent = ''): ProblemFieldErrorDto[] {
  const out: ProblemFieldErrorDto[] = [];
  for (const error of errors) {
    const field = parent === '' ? error.property : /^\d+$/.test(error.property) ? `${parent}[${error.property}]` : `${parent}.${error.property}`;
    for (const message of Object.values(error.constraints ?? {})) {
      // A nested DTO's message may already carry its full path ("strategy.target_r must …"): never prefix it twice.
      const qualified = parent === '' || message.startsWith(field) ? message : message.replace(error.property, field);
      out.push({ field, message: qualified });
    }
    if (error.children !== undefined && error.children.length > 0) out.push(...flatten(error.children, field));
  }
  return out;
}

export function toValidationError(errors: ClassValidatorError[]): ValidationError {
  const fieldErrors = flatten(errors);
  const detail =
    fieldErrors.length === 0
      ? 'The request is invalid.'
      : fieldErrors.length === 1
        ? `${fieldErrors[0].message}.`
        : `${fieldErrors.length} fields are invalid: ${fieldErrors.map((e) => e.message).join('; ')}.`;
  return new ValidationError(detail, fieldErrors);
}

/**
 * The global pipe over every body, query and path parameter of every route. Before any DTO runs, a string
 * anywhere in the input holding a NUL character or an unpaired surrogate (PostgreSQL stores neither) is a
 * 422 naming the field, whatever the route and whether or not its DTO looks at that field. Every
 * `@ValidateNested` property must hold an object (see `enforceNestedObjects`), and a `null` the OpenAPI
 * schema does not allow means "absent" (see `dropUndocumentedNulls`).
 */
export class AppValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    enforceNestedObjects();
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param') {
      const found = findUnstorableText(value, metadata.type === 'param' || (metadata.type === 'query' && metadata.data !== undefined) ? (metadata.data ?? '') : '');
      if (found !== null) throw ValidationError.field(found.field, `${unstorableTextMessage(found)}.`);
    }
    const transformed: unknown = await super.transform(value, metadata);
    if (metadata.type === 'body' || metadata.type === 'query') dropUndocumentedNulls(transformed);
    return transformed;
  }
}

/**
 * The global pipe: strips unknown properties (the SPA echoes whole objects back) without rejecting them,
 * transforms to DTO classes, and reports failures as 422 problems listing every field.
 */
export function createValidationPipe(): ValidationPipe {
  return new AppValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: false,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: toValidationError,
  });
}
