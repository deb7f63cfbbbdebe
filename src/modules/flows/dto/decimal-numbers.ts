import { ValidateBy, type ValidationArguments } from 'class-validator';

/**
 * The size of a number a flow may hold, zero apart. PostgreSQL keeps a jsonb number as a decimal and prints
 * it without an exponent, so `5e-324` comes back as 326 characters and `1e308` as 309: a saved flow of such
 * numbers would be answered tens of times larger than it was sent. Within these bounds a number prints in
 * at most ~60 characters; a graph's positions, zoom levels and settings are far inside them.
 */
export const FLOW_NUMBER_MIN = 1e-24;
export const FLOW_NUMBER_MAX = 1e32;

/** The path (below the property) and value of the first number of `value` outside the bounds, or null. */
export function firstOutOfBoundsNumber(value: unknown): { path: string; value: number } | null {
  const stack: { value: unknown; path: string }[] = [{ value, path: '' }];
  while (stack.length > 0) {
    const item = stack.pop() as { value: unknown; path: string };
    const current = item.value;
    if (typeof current === 'number') {
      const size = Math.abs(current);
      if (current !== 0 && (size < FLOW_NUMBER_MIN || size >= FLOW_NUMBER_MAX)) return { path: item.path, value: current };
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i -= 1) stack.push({ value: current[i], path: `${item.path}[${i}]` });
    } else if (current !== null && typeof current === 'object') {
      const keys = Object.keys(current);
      for (let i = keys.length - 1; i >= 0; i -= 1) stack.push({ value: (current as Record<string, unknown>)[keys[i]], path: `${item.path}.${keys[i]}` });
    }
  }
  return null;
}

/** Every number anywhere in the property is 0 or between FLOW_NUMBER_MIN and FLOW_NUMBER_MAX in size; the message names the first that is not. */
export function IsStorableDecimals(): PropertyDecorator {
  return ValidateBy({
    name: 'isStorableDecimals',
    validator: {
      validate: (value: unknown) => firstOutOfBoundsNumber(value) === null,
      defaultMessage: (args?: ValidationArguments) => {
        const found = firstOutOfBoundsNumber(args?.value);
        const where = `${args?.property ?? 'value'}${found?.path ?? ''}`;
        return `${where} is ${String(found?.value)}; a number in a flow must be 0 or between 1e-24 and 1e32 in size (it is stored as a decimal)`;
      },
    },
  });
}
