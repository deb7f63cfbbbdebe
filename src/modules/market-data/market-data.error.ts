import { DomainError, type DomainErrorCode } from '../../core/http';

/** Why a market-data request failed; each reason maps to one problem-details status. */
export type MarketDataErrorReason = 'NOT_FOUND' | 'INVALID_REQUEST' | 'INVALID_DATA' | 'UPSTREAM' | 'TIMEOUT' | 'RATE_LIMITED' | 'UNAVAILABLE';

/** The domain code of each reason (statusForCode then gives the HTTP status, as for every DomainError). */
const CODE_OF_REASON: Readonly<Record<MarketDataErrorReason, DomainErrorCode>> = {
  NOT_FOUND: 'NOT_FOUND',
  INVALID_REQUEST: 'VALIDATION',
  INVALID_DATA: 'VALIDATION',
  UPSTREAM: 'UPSTREAM_ERROR',
  TIMEOUT: 'UPSTREAM_TIMEOUT',
  RATE_LIMITED: 'RATE_LIMITED',
  UNAVAILABLE: 'UNAVAILABLE',
};

/** A typed market-data failure: providers never answer a failure with an empty result. */
export class MarketDataError extends DomainError {
  constructor(
    readonly reason: MarketDataErrorReason,
    message: string,
    field?: string,
  ) {
    super(CODE_OF_REASON[reason], message, field === undefined ? undefined : [{ field, message }]);
    this.name = 'MarketDataError';
  }
}
