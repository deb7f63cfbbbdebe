/** Failure codes of the pure engine; the HTTP layer maps each to a status. */
export type EngineErrorCode = 'INVALID_INPUT' | 'INSUFFICIENT_DATA' | 'CANCELLED';

export interface EngineFieldError {
  readonly field: string;
  readonly message: string;
}

export class EngineError extends Error {
  constructor(
    readonly code: EngineErrorCode,
    message: string,
    readonly errors: readonly EngineFieldError[] = [],
  ) {
    super(message);
    this.name = 'EngineError';
  }
}
