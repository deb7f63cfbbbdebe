import type { TransformFnParams } from 'class-transformer';

/**
 * Query-string helpers: the global pipe does no implicit conversion, so each query DTO says how its
 * strings become values. Anything unparseable is passed through unchanged for the validators to reject
 * with a message naming the field.
 */
export function toInteger({ value }: TransformFnParams): unknown {
  return typeof value === 'string' && /^[+-]?\d{1,15}$/.test(value.trim()) ? Number(value.trim()) : value;
}

export function toBoolean({ value }: TransformFnParams): unknown {
  if (typeof value !== 'string') return value;
  const normalised = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(normalised)) return true;
  if (['false', '0', 'no', 'off'].includes(normalised)) return false;
  return value;
}
