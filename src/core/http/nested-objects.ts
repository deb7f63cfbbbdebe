import { getMetadataStorage, isObject, registerDecorator, ValidationTypes } from 'class-validator';

const RULE_NAME = 'isNestedObject';

type DtoClass = abstract new (...args: never[]) => unknown;

interface NestedMetadata {
  readonly type: string;
  readonly name?: string;
  readonly target: DtoClass | string;
  readonly propertyName: string;
  readonly each?: boolean;
  readonly groups?: string[];
  readonly always?: boolean;
}

/** class-validator's registry of every decorated DTO (pinned 0.15: a Map from class to its metadata). */
function registry(): Map<DtoClass | string, NestedMetadata[]> {
  return (getMetadataStorage() as unknown as { validationMetadatas: Map<DtoClass | string, NestedMetadata[]> }).validationMetadatas;
}

const enforced = new Set<DtoClass | string>();

/**
 * `@ValidateNested()` alone lets an array through where an object belongs (it validates the array's
 * items instead), so `graph_nodes: [[]]` or `strategy: []` passed validation and reached the services as
 * arrays. This gives every `@ValidateNested` property of every DTO, present and future, the rule that its
 * value (each item, with `each: true`) is a plain object, not an array, not null: one rule for the whole
 * pipeline rather than a decorator each DTO could forget. Idempotent; classes loaded later are covered on
 * the next call.
 */
export function enforceNestedObjects(): void {
  for (const [target, metadatas] of registry()) {
    if (enforced.has(target) || typeof target !== 'function') continue;
    enforced.add(target);
    const covered = new Set(metadatas.filter((m) => m.name === RULE_NAME).map((m) => `${m.propertyName}:${String(m.each)}`));
    for (const nested of metadatas.filter((m) => m.type === ValidationTypes.NESTED_VALIDATION)) {
      const each = nested.each === true;
      const key = `${nested.propertyName}:${String(each)}`;
      if (covered.has(key)) continue;
      covered.add(key);
      registerDecorator({
        name: RULE_NAME,
        target,
        propertyName: nested.propertyName,
        options: {
          each,
          groups: nested.groups,
          always: nested.always,
          message: each ? 'each value in $property must be an object' : '$property must be an object',
        },
        validator: { validate: (value: unknown) => isObject(value) && !Array.isArray(value) },
      });
    }
  }
}
