import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config';
import { DomainError } from '../../core/http';
import type { CheckableProvider } from './providers';

export interface KeyCheckOutcome {
  readonly valid: boolean;
  readonly detail: string;
}

/** Statuses meaning the provider refused the key itself (Google answers 400 for a malformed key). */
const REJECTED = new Set([400, 401, 403]);
/** Statuses that only come after authentication: the key is good, the account is limited. */
const ACCEPTED_BUT_LIMITED = new Set([402, 429]);

function failureReason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}

/** Asks a provider whether it accepts a key, with one cheap authenticated GET and a timeout. */
@Injectable()
export class KeyCheckClient {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async check(provider: CheckableProvider, key: string): Promise<KeyCheckOutcome> {
    const timeoutMs = this.config.providers.keyTestTimeoutMs;
    const url = `${this.config.providers.baseUrls[provider.baseUrl]}${provider.check.path}`;
    let status: number;
    try {
      const response = await fetch(url, {
        method: 'GET',
        headers: { accept: 'application/json', ...provider.check.headers(key) },
        // A redirect could carry the key header to another host: treat it as a failure instead.
        redirect: 'error',
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = response.status;
      await response.body?.cancel();
    } catch (error) {
      if ((error as Error).name === 'TimeoutError') {
        throw new DomainError('UPSTREAM_TIMEOUT', `${provider.displayName} did not answer within ${timeoutMs} ms; the key could not be checked.`);
      }
      throw new DomainError('UPSTREAM_ERROR', `${provider.displayName} could not be reached (${failureReason(error)}); the key could not be checked.`);
    }
    if (status >= 200 && status < 300) return { valid: true, detail: `${provider.displayName} accepted the key.` };
    if (REJECTED.has(status)) return { valid: false, detail: `${provider.displayName} rejected the key (HTTP ${status}).` };
    if (ACCEPTED_BUT_LIMITED.has(status)) {
      return { valid: true, detail: `${provider.displayName} accepted the key but limits the account (HTTP ${status}: quota, credits or rate limit).` };
    }
    throw new DomainError('UPSTREAM_ERROR', `${provider.displayName} answered HTTP ${status}; the key could not be checked.`);
  }
}
