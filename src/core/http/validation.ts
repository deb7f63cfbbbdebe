import { ValidationPipe, type ValidationError as ClassValidatorError } from '@nestjs/common';
import type { ProblemFieldErrorDto } from './problem-details';
import { ValidationError } from './domain-error';

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
 * The global pipe: strips unknown properties (the SPA echoes whole objects back) without rejecting them,
 * transforms to DTO classes, and reports failures as 422 problems listing every field.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: false,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: toValidationError,
  });
}
