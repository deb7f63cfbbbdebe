import { DomainError, type DomainErrorCode } from '../../core/http';

/** Why a market-data request failed; each reason maps to one problem-details status. */
export type MarketDataErrorReason = 'NOT_FOUND' | 'INVALID_REQUEST' | 'INVALID_DATA' | 'UPSTREAM' | 'TIMEOUT' | 'RATE_LIMITED' | 'UNAVAILABLE';

function codeFor(reason: MarketDataErrorReason): DomainErrorCode {
  switch (reason) {
    case 'NOT_FOUND':
      return 'NOT_FOUND';
    case 'INVALID_REQUEST':
    case 'INVALID_DATA':
      return 'VALIDATION';
    case 'UPSTREAM':
      return 'UPSTREAM_ERROR';
    case 'TIMEOUT':
      return 'UPSTREAM_TIMEOUT';
    case 'RATE_LIMITED':
      return 'RATE_LIMITED';
    case 'UNAVAILABLE':
      return 'UNAVAILABLE';
    default: {
      const unmapped: never = reason;
      throw new Error(`Unmapped market-data error reason ${String(unmapped)}`);
    }
  }
}

/** A typed market-data failure: providers never answer a failure with an empty result. */
export class MarketDataError extends DomainError {
  constructor(
    readonly reason: MarketDataErrorReason,
    message: string,
    field?: string,
  ) {
    super(codeFor(reason), message, field === undefined ? undefined : [{ field, message }]);
    this.name = 'MarketDataError';
  }
}
