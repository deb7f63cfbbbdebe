/**
 * Bad-input cases generated from the app's own OpenAPI document: every operation × a catalogue of bad
 * values (malformed JSON, wrong types, null at every level, arrays of arrays, NUL, huge strings, deep
 * nesting, bad encodings and content types, bad path ids). Nothing here names a route: new routes are
 * picked up from the document.
 */
import type { RawRequest } from './raw-http';

export interface Schema {
  readonly $ref?: string;
  readonly type?: string;
  readonly format?: string;
  readonly enum?: readonly unknown[];
  readonly example?: unknown;
  readonly default?: unknown;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly minItems?: number;
  readonly nullable?: boolean;
  readonly items?: Schema;
  readonly properties?: Record<string, Schema>;
  readonly required?: readonly string[];
  readonly allOf?: readonly Schema[];
  readonly oneOf?: readonly Schema[];
  readonly anyOf?: readonly Schema[];
}

interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly required?: boolean;
  readonly schema?: Schema;
}

interface OperationObject {
  readonly parameters?: readonly Parameter[];
  readonly requestBody?: { readonly content?: Record<string, { readonly schema?: Schema }> };
}

export interface OpenApiDocument {
  readonly paths: Record<string, Record<string, OperationObject>>;
  readonly components?: { readonly schemas?: Record<string, Schema> };
}

export interface Operation {
  readonly method: string;
  /** The templated path, e.g. `/flows/{flow_id}/runs/{run_id}`. */
  readonly path: string;
  readonly pathParams: readonly Parameter[];
  readonly queryParams: readonly Parameter[];
  readonly contentTypes: readonly string[];
  readonly bodySchema: Schema | null;
}

export interface FuzzCase {
  readonly operation: Operation;
  readonly name: string;
  readonly request: RawRequest;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const DATE = '2024-01-02';
const NUL = 'x\u0000y';
const HUGE_STRING_BYTES = 20_000;
/** Nesting that overflowed the stack of the validation pipe (a 3 KB body). */
export const DEEP_NESTING = 1500;

export function operationsOf(document: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (operation === undefined) continue;
      const parameters = operation.parameters ?? [];
      const content = operation.requestBody?.content ?? {};
      const contentTypes = Object.keys(content);
      const json = content['application/json'] ?? Object.values(content)[0];
      operations.push({
        method: method.toUpperCase(),
        path,
        pathParams: parameters.filter((p) => p.in === 'path'),
        queryParams: parameters.filter((p) => p.in === 'query'),
        contentTypes,
        bodySchema: json?.schema === undefined ? null : json.schema,
      });
    }
  }
  return operations;
}

export class SchemaResolver {
  constructor(private readonly document: OpenApiDocument) {}

  resolve(schema: Schema | undefined): Schema {
    if (schema === undefined) return {};
    if (schema.$ref !== undefined) {
      const name = schema.$ref.replace('#/components/schemas/', '');
      return this.resolve(this.document.components?.schemas?.[name]);
    }
    if (schema.allOf !== undefined) {
      const parts = schema.allOf.map((part) => this.resolve(part));
      return {
        ...schema,
        allOf: undefined,
        type: 'object',
        properties: Object.assign({}, ...parts.map((p) => p.properties ?? {}), schema.properties ?? {}) as Record<string, Schema>,
        required: [...parts.flatMap((p) => p.required ?? []), ...(schema.required ?? [])],
      };
    }
    const alternative = schema.oneOf?.[0] ?? schema.anyOf?.[0];
    if (alternative !== undefined) return this.resolve(alternative);
    return schema;
  }

  /** A value the schema accepts, as far as the document says (examples, defaults, bounds). */
  sample(input: Schema | undefined, depth = 0): unknown {
    const schema = this.resolve(input);
    if (depth > 8) return null;
    if (schema.enum !== undefined && schema.enum.length > 0) return schema.enum[0];
    if (schema.example !== undefined) return typeof schema.example === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(schema.example) ? DATE : schema.example;
    if (schema.default !== undefined) return schema.default;
    const type = schema.type ?? (schema.properties !== undefined ? 'object' : undefined);
    switch (type) {
      case 'string':
        if (schema.format === 'date') return DATE;
        if (schema.format === 'date-time') return `${DATE}T00:00:00Z`;
        return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
      case 'integer':
      case 'number':
        return schema.minimum !== undefined && schema.minimum > 1 ? schema.minimum : 1;
      case 'boolean':
        return true;
      case 'array':
        return [this.sample(schema.items, depth + 1)];
      case 'object': {
        const out: Record<string, unknown> = {};
        for (const [key, property] of Object.entries(schema.properties ?? {})) out[key] = this.sample(property, depth + 1);
        return out;
      }
      default:
        return 'x';
    }
  }

  /**
   * Every place a value can go in a body of this schema, as paths into the sample (`['graph_nodes', 0, 'id']`),
   * the root included.
   */
  sites(input: Schema | undefined, prefix: (string | number)[] = [], depth = 0): (string | number)[][] {
    const schema = this.resolve(input);
    const out: (string | number)[][] = [prefix];
    if (depth > 6) return out;
    if (schema.type === 'array' && schema.items !== undefined) out.push(...this.sites(schema.items, [...prefix, 0], depth + 1));
    for (const [key, property] of Object.entries(schema.properties ?? {})) out.push(...this.sites(property, [...prefix, key], depth + 1));
    return out;
  }
}

function nested(depth: number, open: string, close: string, inner = '0'): string {
  return `${open.repeat(depth)}${inner}${close.repeat(depth)}`;
}

/** Values no field of any schema should turn into a 5xx. */
export const BAD_VALUES: readonly (readonly [string, unknown])[] = [
  ['null', null],
  ['array of arrays', [[]]],
  ['array of nulls', [null]],
  ['empty array', []],
  ['empty object', {}],
  ['object of arrays', { a: [[]] }],
  ['NUL string', NUL],
  ['array of NUL strings', [NUL]],
  ['huge string', 'x'.repeat(HUGE_STRING_BYTES)],
  ['huge number', 1e308],
  ['negative number', -1],
  ['fraction', 0.5],
  ['boolean', true],
  ['wrong-type string', 'not-a-number'],
  ['lone surrogate', '\ud800'],
  ['deep nesting', JSON.parse(nested(60, '[', ']'))],
];

/**
 * The values sent at nested places (deeper than the top-level fields): the ones that found defects there
 * (null, arrays of arrays, NUL, wrong types), so large nested schemas (strategy and rule parameters) do not
 * multiply the run time by the whole catalogue.
 */
const NESTED_LABELS = new Set(['null', 'array of arrays', 'empty object', 'NUL string', 'lone surrogate', 'wrong-type string', 'huge number']);
export const NESTED_BAD_VALUES = BAD_VALUES.filter(([label]) => NESTED_LABELS.has(label));

/** Raw JSON bodies that are not valid JSON objects. */
const RAW_BODIES: readonly (readonly [string, string])[] = [
  ['malformed JSON', '{"a": '],
  ['trailing garbage', '{} x'],
  ['top-level null', 'null'],
  ['top-level array', '[]'],
  ['top-level number', '1'],
  ['top-level string', '"s"'],
  ['NUL byte in JSON', '{"a":"\u0000"}'],
  ['escaped NUL key', '{"\\u0000":1}'],
  ['deeply nested arrays', nested(DEEP_NESTING, '[', ']')],
  ['deeply nested objects', nested(DEEP_NESTING, '{"a":', '}', '1')],
  ['deeply nested in a field', `{"data":${nested(DEEP_NESTING, '{"a":', '}', '1')},"nodes":${nested(DEEP_NESTING, '[', ']')}}`],
  ['__proto__ key', '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}'],
];

const BAD_PATH_VALUES: readonly (readonly [string, string])[] = [
  ['zero', '0'],
  ['negative', '-1'],
  ['over int32', '2147483648'],
  ['huge integer', '99999999999999999999999'],
  ['fraction', '1.5'],
  ['word', 'abc'],
  ['NUL', 'a%00b'],
  ['bare NUL', '%00'],
  ['bad percent-encoding', '%E0%A4%A'],
  ['invalid UTF-8', '%C3%28'],
  ['percent garbage', '%ZZ'],
  ['long', 'a'.repeat(4000)],
  ['dot-dot', '..%2F..%2Fetc%2Fpasswd'],
  ['emoji', '%F0%9F%98%80'],
];

const BAD_QUERY_VALUES: readonly (readonly [string, string])[] = [
  ...BAD_PATH_VALUES,
  ['empty', ''],
  ['brackets', '[]'],
  ['true', 'true'],
];

function setAt(target: unknown, path: readonly (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const container: Record<string | number, unknown> | unknown[] =
    typeof head === 'number' ? (Array.isArray(target) ? [...(target as unknown[])] : []) : target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...(target as object) } : {};
  (container as Record<string | number, unknown>)[head] = setAt((container as Record<string | number, unknown>)[head], rest, value);
  return container;
}

export function samplePath(operation: Operation, resolver: SchemaResolver, overrides: Record<string, string> = {}): string {
  let path = operation.path;
  for (const param of operation.pathParams) {
    const value = overrides[param.name] ?? encodeURIComponent(String(resolver.sample(param.schema)));
    path = path.replace(`{${param.name}}`, value);
  }
  return path;
}

function sampleQuery(operation: Operation, resolver: SchemaResolver): Record<string, string> {
  const query: Record<string, string> = {};
  for (const param of operation.queryParams) if (param.required === true) query[param.name] = encodeURIComponent(String(resolver.sample(param.schema)));
  return query;
}

function withQuery(path: string, query: Record<string, string>, raw = ''): string {
  const parts = Object.entries(query).map(([k, v]) => `${k}=${v}`);
  if (raw !== '') parts.push(raw);
  return parts.length === 0 ? path : `${path}?${parts.join('&')}`;
}

const JSON_HEADERS = { 'content-type': 'application/json' };

export function casesFor(operation: Operation, resolver: SchemaResolver): FuzzCase[] {
  const cases: FuzzCase[] = [];
  const add = (name: string, request: RawRequest): void => {
    cases.push({ operation, name, request });
  };
  const query = sampleQuery(operation, resolver);
  const basePath = withQuery(samplePath(operation, resolver), query);
  const acceptsJson = operation.contentTypes.includes('application/json');
  const sampleBody = operation.bodySchema === null ? undefined : resolver.sample(operation.bodySchema);
  const jsonBody = sampleBody === undefined ? undefined : JSON.stringify(sampleBody);

  for (const param of operation.pathParams) {
    for (const [label, value] of BAD_PATH_VALUES) {
      add(`path ${param.name}: ${label}`, { method: operation.method, path: withQuery(samplePath(operation, resolver, { [param.name]: value }), query), headers: jsonBody === undefined ? {} : JSON_HEADERS, body: jsonBody });
    }
  }
  for (const param of operation.queryParams) {
    const others = Object.fromEntries(Object.entries(query).filter(([k]) => k !== param.name));
    const path = samplePath(operation, resolver);
    const send = (label: string, raw: string): void =>
      add(`query ${param.name}: ${label}`, { method: operation.method, path: withQuery(path, others, raw), headers: jsonBody === undefined ? {} : JSON_HEADERS, body: jsonBody });
    for (const [label, value] of BAD_QUERY_VALUES) send(label, `${param.name}=${value}`);
    send('repeated', `${param.name}=1&${param.name}=2`);
    send('object syntax', `${param.name}[a]=1`);
    send('no value', param.name);
  }

  if (acceptsJson && operation.bodySchema !== null) {
    for (const site of resolver.sites(operation.bodySchema)) {
      for (const [label, value] of site.length <= 1 ? BAD_VALUES : NESTED_BAD_VALUES) {
        const body = JSON.stringify(setAt(sampleBody, site, value));
        add(`body ${site.length === 0 ? '(root)' : site.join('.')}: ${label}`, { method: operation.method, path: basePath, headers: JSON_HEADERS, body });
      }
    }
  }
  if (operation.method !== 'GET' && operation.method !== 'DELETE') {
    for (const [label, body] of RAW_BODIES) add(`raw body: ${label}`, { method: operation.method, path: basePath, headers: JSON_HEADERS, body });
    const body = jsonBody ?? '{}';
    add('Content-Encoding gzip on a plain body', { method: operation.method, path: basePath, headers: { ...JSON_HEADERS, 'content-encoding': 'gzip' }, body });
    add('Content-Encoding br', { method: operation.method, path: basePath, headers: { ...JSON_HEADERS, 'content-encoding': 'br' }, body });
    add('Content-Encoding deflate on a plain body', { method: operation.method, path: basePath, headers: { ...JSON_HEADERS, 'content-encoding': 'deflate' }, body });
    add('unknown Content-Encoding', { method: operation.method, path: basePath, headers: { ...JSON_HEADERS, 'content-encoding': 'x-unknown' }, body });
    add('unsupported charset', { method: operation.method, path: basePath, headers: { 'content-type': 'application/json; charset=utf-7' }, body });
    add('text/plain body', { method: operation.method, path: basePath, headers: { 'content-type': 'text/plain' }, body });
    add('form-encoded body', { method: operation.method, path: basePath, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'name=x&nodes=1&provider=OPENAI_API_KEY&key_value=k' });
    add('body without a content type', { method: operation.method, path: basePath, body });
    add('multipart without a boundary', { method: operation.method, path: basePath, headers: { 'content-type': 'multipart/form-data' }, body: 'garbage' });
    add('truncated multipart', {
      method: operation.method,
      path: basePath,
      headers: { 'content-type': 'multipart/form-data; boundary=XYZ' },
      body: '--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a\u0000.csv"\r\nContent-Type: text/csv\r\n\r\na,b\r\n',
    });
    add('multipart binary file named .csv', {
      method: operation.method,
      path: basePath,
      headers: { 'content-type': 'multipart/form-data; boundary=XYZ' },
      body: Buffer.concat([
        Buffer.from('--XYZ\r\nContent-Disposition: form-data; name="file"; filename="\u00e9t\u00e9 \u6570\u636e.csv"\r\nContent-Type: text/csv\r\n\r\n'),
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]),
        Buffer.from('\r\n--XYZ--\r\n'),
      ]),
    });
    add('body over the limit (declared)', { method: operation.method, path: basePath, headers: JSON_HEADERS, body: '{', declaredLength: 2048 * 1024 * 1024 });
  }
  return cases;
}
