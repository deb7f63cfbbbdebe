import { DECORATORS } from '@nestjs/swagger';

function documentsNull(target: object, property: string): boolean {
  const options = Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES, target, property) as { nullable?: boolean } | undefined;
  return options?.nullable === true;
}

/**
 * A `null` sent for a DTO property whose OpenAPI schema does not say `nullable` means "absent": the
 * property is removed after validation (a required one has already failed it). Services then meet one
 * way of leaving a field out, not two: `rules: null` or `api_keys: null` used to reach code written for
 * `undefined`. Walks nested DTO instances (and arrays of them) without recursion.
 */
export function dropUndocumentedNulls(value: unknown): void {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (Array.isArray(current)) {
      stack.push(...current);
      continue;
    }
    if (current === null || typeof current !== 'object' || Object.getPrototypeOf(current) === Object.prototype) continue;
    const record = current as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const child = record[key];
      if (child === null) {
        if (!documentsNull(current, key)) delete record[key];
      } else if (typeof child === 'object') {
        stack.push(child);
      }
    }
  }
}
