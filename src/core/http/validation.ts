import { type ArgumentMetadata, ValidationPipe, type ValidationError as ClassValidatorError } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import type { ProblemFieldErrorDto } from './problem-details';
import { ValidationError } from './domain-error';
import { findUnstorableText, unstorableTextMessage } from './input-text';
import { enforceNestedObjects } from './nested-objects';
import { dropUndocumentedNulls } from './undocumented-nulls';

/** Constraints that say what kind of value a field must hold, in priority order: when one fails, it is the only message for that field. */
const TYPE_CONSTRAINTS = ['isArray', 'isString', 'isNumber', 'isInt', 'isBoolean', 'isObject', 'isDateString', 'isISO8601', 'isEnum', 'nestedValidation', 'nestedObject'];

/** A value as a message shows it: a string quoted, anything else as JSON; short, and printable characters only. */
function showValue(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  const printable = text.replace(/[^\x20-\x7e\u00a0-\uffff]|[\ud800-\udfff]/g, '?');
  const short = printable.length > 40 ? `${printable.slice(0, 40)}…` : printable;
  return typeof value === 'string' ? JSON.stringify(short) : short;
}

/**
 * For an `each: true` rule that failed on an array, the index of the first item the rule refuses (class-validator
 * reports the array as a whole). Finds the rule on the error's target class and runs it on each item; null when it
 * cannot tell.
 */
function failingItem(error: ClassValidatorError, constraint: string): { index: number; item: unknown } | null {
  const target = error.target as Record<string, unknown> | undefined;
  if (target === undefined || target === null) return null;
  // The pipe drops the value of an error that has children; the target still holds it.
  const values = 'value' in error ? error.value : target[error.property];
  if (!Array.isArray(values)) return null;
  const storage = getMetadataStorage();
  for (const metadata of storage.getTargetValidationMetadatas(target.constructor, '', true, false)) {
    if (metadata.propertyName !== error.property || metadata.each !== true) continue;
    for (const rule of storage.getTargetValidatorConstraints(metadata.constraintCls)) {
      if (rule.name !== constraint || rule.async) continue;
      for (let index = 0; index < values.length; index += 1) {
        const item = values[index];
        const args = { value: item, constraints: metadata.constraints, targetName: target.constructor.name, object: target, property: error.property };
        if (rule.instance.validate(item, args) === false) return { index, item };
      }
    }
  }
  return null;
}

/**
 * One message for one field: "is required" for a missing one, else the failed type rule if any, else the first
 * rule in source order. A rule applied to each item of an array names the item (`tickers[0]`) and its value.
 */
function fieldMessage(error: ClassValidatorError, field: string, qualify: (message: string) => string): ProblemFieldErrorDto | null {
  const entries = Object.entries(error.constraints ?? {});
  if (entries.length === 0) return null;
  if ('value' in error && error.value === undefined) return { field, message: `${field} is required` };
  // Decorators register bottom-up, so the source's first rule is the last entry.
  const typeRule = TYPE_CONSTRAINTS.find((name) => error.constraints?.[name] !== undefined);
  const [constraint, raw] = typeRule !== undefined ? [typeRule, error.constraints?.[typeRule] ?? ''] : entries[entries.length - 1];
  const message = qualify(raw);
  const failing = failingItem(error, constraint);
  if (failing === null) return { field, message: message.replace(/\$value/g, 'a value') };
  const itemField = `${field}[${failing.index}]`;
  const named = message.startsWith(`each value in ${field} `) ? `${itemField} ${message.slice(`each value in ${field} `.length)}` : message.replace(field, itemField);
  const shown = named.includes('$value') ? named.replace(/"?\$value"?/g, showValue(failing.item)) : `${named}, got ${showValue(failing.item)}`;
  return { field: itemField, message: shown };
}

function flatten(errors: ClassValidatorError[], parent = ''): ProblemFieldErrorDto[] {
  const out: ProblemFieldErrorDto[] = [];
  for (const error of errors) {
    const field = parent === '' ? error.property : /^\d+$/.test(error.property) ? `${parent}[${error.property}]` : `${parent}.${error.property}`;
    // A nested DTO's message may already carry its full path ("strategy.target_r must …"): never prefix it twice.
    const one = fieldMessage(error, field, (message) => (parent === '' || message.startsWith(field) ? message : message.replace(error.property, field)));
    if (one !== null) out.push(one);
    else if (error.children !== undefined && error.children.length > 0) out.push(...flatten(error.children, field));
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
 * transforms to DTO classes, and reports failures as 422 problems listing every invalid field once (see
 * `toValidationError`). The errors keep their target (never sent) so that an `each: true` rule can name its item.
 */
export function createValidationPipe(): ValidationPipe {
  return new AppValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: false,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: true },
    exceptionFactory: toValidationError,
  });
}
