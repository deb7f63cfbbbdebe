import type { EngineErrorCode } from '../../engine';
import type { ProblemFieldErrorDto } from './problem-details';

/**
 * Every failure a service can name. The exception filter maps each code to an HTTP status with an
 * exhaustive switch, so adding a code here does not compile until it is mapped.
 */
export type DomainErrorCode =
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'VALIDATION'
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'RATE_LIMITED'
  | 'UPSTREAM_ERROR'
  | 'UPSTREAM_TIMEOUT'
  | 'UNAVAILABLE';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly errors?: ProblemFieldErrorDto[],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class NotFoundError extends DomainError {
  constructor(message: string) {
    super('NOT_FOUND', message);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string) {
    super('CONFLICT', message);
  }
}

export class ValidationError extends DomainError {
  constructor(message: string, errors?: ProblemFieldErrorDto[]) {
    super('VALIDATION', message, errors);
  }

  /** A 422 naming one field. */
  static field(field: string, message: string): ValidationError {
    return new ValidationError(message, [{ field, message }]);
  }
}

/** 503: the server cannot take the request now (draining, job queue unreachable); `Retry-After` says when to try again. */
export class UnavailableError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('UNAVAILABLE', message);
  }
}

/**
 * The one mapping from an error code to an HTTP status: every `DomainError` (a `MarketDataError` included: its
 * reason names a domain code) and every `EngineError`. Exhaustive, so a new code does not compile until mapped.
 */
export function statusForCode(code: DomainErrorCode | EngineErrorCode): number {
  switch (code) {
    case 'NOT_FOUND':
      return 404;
    case 'CONFLICT':
    case 'CANCELLED':
      return 409;
    case 'VALIDATION':
    case 'INVALID_INPUT':
    case 'INSUFFICIENT_DATA':
      return 422;
    case 'BAD_REQUEST':
      return 400;
    case 'UNAUTHORIZED':
      return 401;
    case 'PAYLOAD_TOO_LARGE':
      return 413;
    case 'UNSUPPORTED_MEDIA_TYPE':
      return 415;
    case 'RATE_LIMITED':
      return 429;
    case 'UPSTREAM_ERROR':
      return 502;
    case 'UPSTREAM_TIMEOUT':
      return 504;
    case 'UNAVAILABLE':
      return 503;
    default: {
      const unmapped: never = code;
      throw new Error(`Unmapped error code ${String(unmapped)}`);
    }
  }
}
