import { Inject, Injectable, Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { APP_CONFIG, type AppConfig, type FinancialDatasetsConfig } from '../../../config';
import { ApiKeyLookup, FINANCIAL_DATASETS_KEY_NAME } from '../api-key-lookup';
import { MarketDataError } from '../market-data.error';
import { backoffDelay, parseRetryAfter } from './retry';

export interface FinancialDatasetsRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  readonly body?: unknown;
}

type Attempt = { readonly kind: 'ok'; readonly json: unknown } | { readonly kind: 'retry'; readonly error: MarketDataError; readonly waitMs: number | null };

const UPSTREAM = 'financialdatasets';

/**
 * HTTP client of the anchor's data API. Non-blocking (global fetch), one timeout per attempt, bounded
 * retries with exponential backoff and jitter on 429, 5xx, timeouts and network errors, honouring
 * Retry-After; every failure becomes a MarketDataError (never an empty result). The API key is read
 * per request through ApiKeyLookup and never logged.
 */
@Injectable()
export class FinancialDatasetsClient {
  private readonly logger = new Logger(FinancialDatasetsClient.name);
  private readonly settings: FinancialDatasetsConfig;
  /** The wait between attempts, ended early by the caller's signal (tests put a recorder here instead of sleeping). */
  waitBeforeRetry: (ms: number, signal?: AbortSignal) => Promise<unknown> = (ms, signal) => sleep(ms, undefined, { signal });

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly apiKeys: ApiKeyLookup,
  ) {
    this.settings = config.marketData.financialDatasets;
  }

  async request(request: FinancialDatasetsRequest, signal?: AbortSignal): Promise<unknown> {
    const apiKey = await this.apiKeys.getKey(FINANCIAL_DATASETS_KEY_NAME);
    const url = new URL(request.path, `${this.settings.baseUrl}/`);
    for (const [name, value] of Object.entries(request.query ?? {})) if (value !== undefined) url.searchParams.set(name, String(value));
    for (let attempt = 0; ; attempt += 1) {
      signal?.throwIfAborted();
      const outcome = await this.attempt(url, request, apiKey, signal);
      if (outcome.kind === 'ok') return outcome.json;
      if (attempt >= this.settings.maxRetries) throw outcome.error;
      const wait = outcome.waitMs ?? backoffDelay(attempt, this.settings.retryBaseMs, this.settings.retryMaxMs);
      if (wait > this.settings.retryMaxMs) throw outcome.error;
      this.logger.warn(`${request.method} ${url.pathname} failed (${outcome.error.message}); retry ${attempt + 1}/${this.settings.maxRetries} in ${wait} ms`);
      await this.waitBeforeRetry(wait, signal);
    }
  }

  private async attempt(url: URL, request: FinancialDatasetsRequest, apiKey: string | null, signal?: AbortSignal): Promise<Attempt> {
    const timeout = AbortSignal.timeout(this.settings.timeoutMs);
    const combined = signal === undefined ? timeout : AbortSignal.any([signal, timeout]);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (apiKey !== null) headers['X-API-KEY'] = apiKey;
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    let status: number;
    let text: string;
    let retryAfter: string | null;
    try {
      const response = await fetch(url, {
        method: request.method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: combined,
      });
      status = response.status;
      retryAfter = response.headers.get('retry-after');
      text = await response.text();
    } catch (error) {
      signal?.throwIfAborted();
      if (timeout.aborted) {
        return { kind: 'retry', waitMs: null, error: new MarketDataError('TIMEOUT', `${UPSTREAM} did not answer ${url.pathname} within ${this.settings.timeoutMs} ms.`) };
      }
      const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
      return { kind: 'retry', waitMs: null, error: new MarketDataError('UPSTREAM', `${UPSTREAM} could not be reached (${reason}).`) };
    }
    if (status === 429) {
      const waitMs = parseRetryAfter(retryAfter, Date.now());
      const hint = waitMs === null ? '' : ` (Retry-After ${Math.ceil(waitMs / 1000)} s)`;
      return { kind: 'retry', waitMs, error: new MarketDataError('RATE_LIMITED', `${UPSTREAM} rate limit reached${hint}; try again later.`) };
    }
    if (status >= 500) {
      return { kind: 'retry', waitMs: parseRetryAfter(retryAfter, Date.now()), error: new MarketDataError('UPSTREAM', `${UPSTREAM} answered HTTP ${status} for ${url.pathname}.`) };
    }
    if (status === 401 || status === 403) {
      const why = apiKey === null ? 'no API key is configured (set FINANCIAL_DATASETS_API_KEY or store one with /api-keys)' : 'the API key was rejected';
      throw new MarketDataError('UPSTREAM', `${UPSTREAM} refused ${url.pathname} (HTTP ${status}): ${why}.`);
    }
    if (status === 404) throw new MarketDataError('NOT_FOUND', `${UPSTREAM} has no data at ${url.pathname} for this request${upstreamMessage(text)}.`);
    if (status >= 400) throw new MarketDataError('INVALID_REQUEST', `${UPSTREAM} rejected the request (HTTP ${status})${upstreamMessage(text)}.`);
    try {
      return { kind: 'ok', json: JSON.parse(text) as unknown };
    } catch {
      throw new MarketDataError('UPSTREAM', `${UPSTREAM} returned malformed JSON for ${url.pathname}.`);
    }
  }
}

/** The upstream's own error sentence, if its body has one, trimmed (it may help the user fix the ticker). */
function upstreamMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { message?: unknown; error?: unknown; detail?: unknown };
    const message = [body.message, body.error, body.detail].find((m) => typeof m === 'string');
    return typeof message === 'string' ? `: ${message.slice(0, 200)}` : '';
  } catch {
    return '';
  }
}
