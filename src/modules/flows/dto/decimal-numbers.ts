import { ValidateBy, type ValidationArguments } from 'class-validator';
import { findInJson } from '../../../core/http/input-text';

/**
 * The size of a number a flow may hold, zero apart. PostgreSQL keeps a jsonb number as a decimal and prints
 * it without an exponent, so `5e-324` comes back as 326 characters and `1e308` as 309: a saved flow of such
 * numbers would be answered tens of times larger than it was sent. Within these bounds a number prints in
 * at most ~60 characters; a graph's positions, zoom levels and settings are far inside them.
 */
export const FLOW_NUMBER_MIN = 1e-24;
export const FLOW_NUMBER_MAX = 1e32;

/** `item` when it is a number outside the bounds (zero apart), else null. */
function outOfBounds(item: unknown): number | null {
  if (typeof item !== 'number' || item === 0) return null;
  const size = Math.abs(item);
  return size < FLOW_NUMBER_MIN || size >= FLOW_NUMBER_MAX ? item : null;
}

/** Every number anywhere in the property is 0 or between FLOW_NUMBER_MIN and FLOW_NUMBER_MAX in size; the message names the first that is not. */
export function IsStorableDecimals(): PropertyDecorator {
  return ValidateBy({
    name: 'isStorableDecimals',
    validator: {
      validate: (value: unknown) => findInJson(value, 'number', outOfBounds) === null,
      defaultMessage: (args?: ValidationArguments) => {
        const hit = findInJson(args?.value, 'number', outOfBounds, args?.property ?? 'value');
        return `${hit?.field} is ${String(hit?.found)}; a number in a flow must be 0 or between 1e-24 and 1e32 in size (it is stored as a decimal)`;
      },
    },
  });
}
