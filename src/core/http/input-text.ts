/** Why a string cannot be accepted: PostgreSQL stores neither NUL nor unpaired UTF-16 surrogates. */
export type UnstorableTextReason = 'NUL' | 'surrogate';

export interface UnstorableText {
  /** Dotted path of the string (or of the key) in the input, e.g. `graph_nodes[0].id`. */
  readonly field: string;
  readonly reason: UnstorableTextReason;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function reasonOf(text: string): UnstorableTextReason | null {
  if (text.includes('\u0000')) return 'NUL';
  if (LONE_SURROGATE.test(text)) return 'surrogate';
  return null;
}

function join(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent === '' ? key : `${parent}.${key}`;
}

/**
 * The first string (value or object key) anywhere in `value` that holds a NUL character or an unpaired
 * surrogate, or null. Walks iteratively, so input of any depth is safe; the depth of a JSON body is
 * bounded before parsing anyway.
 */
export function findUnstorableText(value: unknown, root = ''): UnstorableText | null {
  const stack: { value: unknown; path: string }[] = [{ value, path: root }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop() as { value: unknown; path: string };
    if (typeof current === 'string') {
      const reason = reasonOf(current);
      if (reason !== null) return { field: path === '' ? 'body' : path, reason };
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i -= 1) stack.push({ value: current[i], path: join(path, i) });
    } else if (current !== null && typeof current === 'object') {
      const entries = Object.entries(current);
      for (let i = entries.length - 1; i >= 0; i -= 1) {
        const [key, child] = entries[i];
        const keyReason = reasonOf(key);
        if (keyReason !== null) return { field: path === '' ? 'body' : path, reason: keyReason };
        stack.push({ value: child, path: join(path, key) });
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
