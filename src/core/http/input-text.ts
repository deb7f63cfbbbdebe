/** Why a string cannot be accepted: PostgreSQL stores neither NUL nor unpaired UTF-16 surrogates. */
export type UnstorableTextReason = 'NUL' | 'surrogate';

export interface UnstorableText {
  /** Dotted path of the string (or of the key) in the input, e.g. `graph_nodes[0].id`. */
  readonly field: string;
  readonly reason: UnstorableTextReason;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** Cheap first look: only a string holding NUL or any surrogate needs the exact check. */
const SUSPECT = /[\u0000\ud800-\udfff]/;

function reasonOf(text: string): UnstorableTextReason | null {
  if (!SUSPECT.test(text)) return null;
  if (text.includes('\u0000')) return 'NUL';
  if (LONE_SURROGATE.test(text)) return 'surrogate';
  return null;
}

/** A place in the input; its dotted path is only spelled out when something is found there. */
interface Place {
  readonly value: unknown;
  readonly parent: Place | null;
  readonly key: string | number | null;
}

function pathOf(place: Place, root: string): string {
  const keys: (string | number)[] = [];
  for (let at: Place | null = place; at !== null && at.key !== null; at = at.parent) keys.push(at.key);
  let path = root;
  for (const key of keys.reverse()) path = typeof key === 'number' ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`;
  return path === '' ? 'body' : path;
}

/**
 * The first place anywhere in `value` (a parsed JSON value) where `check` finds something: a value of the
 * kind `leaf` names (objects and arrays are always walked into), or with `keys` also an object key (reported at
 * its object). Returns the dotted path of that place below `root` (`graph_nodes[0].id`; `body` for the root
 * itself when `root` is empty) and what `check` said, or null. Walks iteratively, so input of any depth is safe;
 * values of other kinds are never visited, and a path is only spelled out for what is found.
 */
export function findInJson<R>(
  value: unknown,
  leaf: 'string' | 'number',
  check: (item: unknown) => R | null,
  root = '',
  keys = false,
): { field: string; found: R } | null {
  const stack: Place[] = [{ value, parent: null, key: null }];
  while (stack.length > 0) {
    const place = stack.pop() as Place;
    const current = place.value;
    const found = check(current);
    if (found !== null) return { field: pathOf(place, root), found };
    if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i -= 1) {
        const child: unknown = current[i];
        if ((child !== null && typeof child === 'object') || typeof child === leaf) stack.push({ value: child, parent: place, key: i });
      }
    } else if (current !== null && typeof current === 'object') {
      const names = Object.keys(current);
      for (let i = names.length - 1; i >= 0; i -= 1) {
        const key = names[i];
        if (keys) {
          const atKey = check(key);
          if (atKey !== null) return { field: pathOf(place, root), found: atKey };
        }
        const child = (current as Record<string, unknown>)[key];
        if ((child !== null && typeof child === 'object') || typeof child === leaf) stack.push({ value: child, parent: place, key });
      }
    }
  }
  return null;
}

const textReason = (item: unknown): UnstorableTextReason | null => (typeof item === 'string' ? reasonOf(item) : null);

/**
 * The first string (value or object key) anywhere in `value` that holds a NUL character or an unpaired
 * surrogate, or null. The depth of a JSON body is bounded before parsing anyway.
 */
export function findUnstorableText(value: unknown, root = ''): UnstorableText | null {
  const hit = findInJson(value, 'string', textReason, root, true);
  return hit === null ? null : { field: hit.field, reason: hit.found };
}

export function unstorableTextMessage({ field, reason }: UnstorableText): string {
  return reason === 'NUL'
    ? `${field} must not contain NUL characters (\\u0000)`
    : `${field} must be valid Unicode text (it holds an unpaired surrogate)`;
}
