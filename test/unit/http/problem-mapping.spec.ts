// One mapping from the errors services and the engine throw to problem details (statusForCode).
import { DomainError, toProblemInit, tooLargeDetail, ValidationError } from '../../../src/core/http';
import { EngineError } from '../../../src/engine';
import { MarketDataError } from '../../../src/modules/market-data/market-data.error';

describe('problem mapping', () => {
  it.each([
    [new EngineError('INVALID_INPUT', 'bad curve', [{ field: 'equity', message: 'too short' }]), 422, [{ field: 'equity', message: 'too short' }]],
    [new EngineError('INSUFFICIENT_DATA', 'no bars'), 422, []],
    [new EngineError('CANCELLED', 'stopped'), 409, []],
    [new DomainError('CONFLICT', 'taken'), 409, undefined],
    [ValidationError.field('limit', 'limit must be ≤ 100'), 422, [{ field: 'limit', message: 'limit must be ≤ 100' }]],
    [new MarketDataError('NOT_FOUND', 'no such ticker', 'ticker'), 404, [{ field: 'ticker', message: 'no such ticker' }]],
    [new MarketDataError('INVALID_DATA', 'bad file'), 422, undefined],
    [new MarketDataError('TIMEOUT', 'slow vendor'), 504, undefined],
    [new MarketDataError('UPSTREAM', 'vendor said 500'), 502, undefined],
    [new MarketDataError('RATE_LIMITED', 'slow down'), 429, undefined],
  ])('%p → %d', (error, status, errors) => {
    expect(toProblemInit(error)).toEqual({ status, detail: error.message, errors });
  });

  it('prints the 413 text from the limit it is given', () => {
    expect(tooLargeDetail('The request body', 2 * 1024 * 1024)).toBe('The request body is larger than the 2 MB limit.');
    expect(tooLargeDetail('An uploaded file', 1.5 * 1024 * 1024, ' of POST /metrics (METRICS_BODY_LIMIT_MB)')).toBe(
      'An uploaded file is larger than the 1.5 MB limit of POST /metrics (METRICS_BODY_LIMIT_MB).',
    );
  });
});
