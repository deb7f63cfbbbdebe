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
 * The first string (value or object key) anywhere in `value` that holds a NUL character or an unpaired
 * surrogate, or null. Walks iteratively, so input of any depth is safe; the depth of a JSON body is
 * bounded before parsing anyway.
 */
export function findUnstorableText(value: unknown, root = ''): UnstorableText | null {
  const stack: Place[] = [{ value, parent: null, key: null }];
  while (stack.length > 0) {
    const place = stack.pop() as Place;
    const current = place.value;
    if (typeof current === 'string') {
      const reason = reasonOf(current);
      if (reason !== null) return { field: pathOf(place, root), reason };
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i -= 1) stack.push({ value: current[i], parent: place, key: i });
    } else if (current !== null && typeof current === 'object') {
      const keys = Object.keys(current);
      for (let i = keys.length - 1; i >= 0; i -= 1) {
        const key = keys[i];
        const keyReason = reasonOf(key);
        if (keyReason !== null) return { field: pathOf(place, root), reason: keyReason };
        const child = (current as Record<string, unknown>)[key];
        if (child !== null && (typeof child === 'object' || typeof child === 'string')) stack.push({ value: child, parent: place, key });
      }
    }
  }
  return null;
}

export function unstorableTextMessage({ field, reason }: UnstorableText): string {
  return reason === 'NUL'
    ? `${field} must not contain NUL characters (\\u0000)`
    : `${field} must be valid Unicode text (it holds an unpaired surrogate)`;
}
