import type { ValidationError as ClassValidatorError } from '@nestjs/common';
import { toValidationError } from './validation';

describe('toValidationError', () => {
  it('qualifies a nested message with its path once, whether or not the DTO already wrote the path', () => {
    const nested = (message: string): ClassValidatorError => ({ property: 'strategy', children: [{ property: 'target_r', constraints: { isNumber: message }, children: [] }] });
    expect(toValidationError([nested('target_r must be a number')]).errors).toEqual([{ field: 'strategy.target_r', message: 'strategy.target_r must be a number' }]);
    expect(toValidationError([nested('strategy.target_r must be a number')]).errors).toEqual([{ field: 'strategy.target_r', message: 'strategy.target_r must be a number' }]);
  });

  it('lists every field in the detail', () => {
    const error = toValidationError([
      { property: 'a', constraints: { isInt: 'a must be an integer' }, children: [] },
      { property: 'b', constraints: { isString: 'b must be a string' }, children: [] },
    ]);
    expect(error.message).toBe('2 fields are invalid: a must be an integer; b must be a string.');
  });
});
