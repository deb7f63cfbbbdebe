import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, type OperationObject, type ResponseObject, SwaggerModule } from '@nestjs/swagger';
import type { AppConfig } from '../../config';
import { PUBLIC_PATHS } from './bearer-auth';
import { ProblemDetailsDto } from './problem-details';

/** The name of the bearer security scheme in the document. */
export const BEARER_SCHEME = 'bearer';

/** The tags in the order the manual shows them, each with its description; every operation has one of these. */
export const API_TAGS: readonly { readonly name: string; readonly description: string }[] = [
  {
    name: 'futures',
    description:
      'Prop-firm futures backtests on 1-minute bars (opening-range strategies, evaluation rules, funded-account metrics): ' +
      'as an SSE stream or as one JSON report, plus contracts, pass probability and parameter sweeps.',
  },
  {
    name: 'metrics',
    description:
      'Every performance and funded-account metric of an equity curve (plus trades and positions), from JSON or CSV; ' +
      'percent fields end in `_pct`; undefined values are null with a reason in `metric_notes`.',
  },
  { name: 'hedge-fund', description: 'The anchor SPA\'s agent graph: the analysts, a run and a day-by-day backtest, streamed as SSE.' },
  { name: 'flows', description: 'Saved React Flow graphs (the SPA\'s flows): create, list, search, update, duplicate, delete.' },
  { name: 'flow-runs', description: 'The runs of a flow, with their request, status, results and per-day cycles.' },
  { name: 'reports', description: 'Self-contained HTML tearsheets of persisted runs and of posted equity curves.' },
  { name: 'market-data', description: 'Daily prices, fundamentals, news and 1-minute futures bars from the configured provider.' },
  { name: 'api-keys', description: 'Provider API keys, encrypted at rest; lists never return a secret.' },
  { name: 'language-models', description: 'The models the LLM agents can use, by provider.' },
  { name: 'ollama', description: 'A local Ollama server: status, start and stop, models, pulls streamed as SSE.' },
  { name: 'storage', description: 'File uploads under the data directory (sanitized names, size and type limits).' },
  { name: 'health', description: 'Liveness and readiness; public even when AUTH_TOKEN is set.' },
];

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

function problem(description: string): ResponseObject {
  const schema = { $ref: `#/components/schemas/${ProblemDetailsDto.name}` };
  return { description, content: { 'application/problem+json': { schema } } };
}

/** Every operation of the document, with its path and method. */
export function operationsOf(document: OpenAPIObject): { path: string; method: string; operation: OperationObject }[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const operation = (item as Record<string, OperationObject | undefined>)[method];
      return operation === undefined ? [] : [{ path, method, operation }];
    }),
  );
}

/**
 * Adds the errors the shared pipeline answers for every route, where the controllers did not describe them more
 * precisely: 401 wherever the bearer token applies (every route but health, when AUTH_TOKEN is set), 413 and 422
 * wherever a body is read, 422 wherever a path or query parameter is validated.
 */
export function documentPipelineErrors(document: OpenAPIObject, config: AppConfig): OpenAPIObject {
  const limitMb = Math.round(config.http.bodyLimitBytes / (1024 * 1024));
  for (const { path, operation } of operationsOf(document)) {
    const responses = operation.responses as Record<string, ResponseObject>;
    // Every error is answered as problem details, whatever the route produces when it succeeds (an SSE stream, a
    // page) and whether or not its controller named the body.
    for (const [status, response] of Object.entries(responses)) {
      if (/^[45]\d\d$/.test(status)) responses[status] = problem(response.description);
    }
    if (PUBLIC_PATHS.test(path)) operation.security = [];
    else {
      operation.security = [{ [BEARER_SCHEME]: [] }];
      responses['401'] ??= problem('The server has AUTH_TOKEN set and the request has no valid `Authorization: Bearer <token>` header.');
    }
    const parameters = (operation.parameters ?? []) as { in?: string }[];
    if (operation.requestBody !== undefined) {
      responses['400'] ??= problem('The body cannot be read: malformed JSON, JSON that is not an object or array, or nested deeper than JSON_MAX_DEPTH.');
      responses['413'] ??= problem(`The body exceeds its limit (${limitMb} MB for JSON bodies).`);
      responses['415'] ??= problem('The body has a Content-Type (or encoding) this operation does not take.');
      responses['422'] ??= problem('The body is not valid; `detail` says why and `errors[]` names each field.');
    } else if (parameters.some((parameter) => parameter.in === 'path' || parameter.in === 'query')) {
      responses['422'] ??= problem('A path or query parameter is not valid; `errors[]` names it.');
    }
  }
  return document;
}

/** The OpenAPI document of the whole application, served at /docs (UI) and /docs-json. */
export function buildOpenApiDocument(app: INestApplication, config: AppConfig): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Hedge Fund Backend')
    .setDescription(
      'AI hedge fund workbench API (compatible with the virattt/ai-hedge-fund SPA) and a prop-firm futures backtester. ' +
        'Errors are RFC 9457 problem details (application/problem+json) whose `detail` is a readable sentence; ' +
        'invalid input is a 422 with `errors[]`. When the server has AUTH_TOKEN set, every route but /health* needs ' +
        '`Authorization: Bearer <token>`: use "Authorize" on this page once, and its calls carry the token.',
    )
    .setVersion(config.version)
    // addSecurity, not addBearerAuth: that one labels the token a JWT, and AUTH_TOKEN is an opaque string.
    .addSecurity(BEARER_SCHEME, { type: 'http', scheme: 'bearer', description: 'The AUTH_TOKEN of the server (an opaque string of 16+ characters).' });
  for (const tag of API_TAGS) builder.addTag(tag.name, tag.description);
  return documentPipelineErrors(SwaggerModule.createDocument(app, builder.build(), { extraModels: [ProblemDetailsDto] }), config);
}

/**
 * Serves the UI at /docs and the document at /docs-json; the UI keeps the token given to "Authorize" across reloads.
 * The document is built by the first request for either (about 50 ms that every start paid before).
 */
export function serveOpenApi(app: INestApplication, config: AppConfig): void {
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app, config), {
    jsonDocumentUrl: 'docs-json',
    swaggerOptions: { persistAuthorization: true },
  });
}

/** One frame of a captured SSE stream: the event name (null for a data-only frame) and its JSON. */
export interface SseExampleFrame {
  readonly event: string | null;
  readonly data: unknown;
}

/** The text of an SSE stream as the server writes it (`event`, `id`, one-line `data`), for an OpenAPI example. */
export function sseExampleText(frames: readonly SseExampleFrame[]): string {
  return frames.map((frame, i) => `${frame.event === null ? '' : `event: ${frame.event}\nid: ${i + 1}\n`}data: ${JSON.stringify(frame.data)}\n\n`).join('');
}
