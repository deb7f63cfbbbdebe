import type { ArgumentMetadata } from '@nestjs/common';
import type { TransformFnParams } from 'class-transformer';
import { ParseIdPipe, toBoolean, toInteger, ValidationError } from '../../src/core/http';

const META: ArgumentMetadata = { type: 'param', data: 'flow_id' };

describe('ParseIdPipe', () => {
  const pipe = new ParseIdPipe();

  it.each([
    ['1', 1],
    ['42', 42],
    ['+7', 7],
    ['2147483647', 2147483647],
  ])('parses %s', (raw, id) => {
    expect(pipe.transform(raw, META)).toBe(id);
  });

  it.each(['0', '-1', '1.5', '1e3', 'abc', '', ' 1', '2147483648', '99999999999'])('rejects %j with a 422 naming the parameter', (raw) => {
    let thrown: unknown;
    try {
      pipe.transform(raw, META);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    expect((thrown as ValidationError).errors).toEqual([{ field: 'flow_id', message: 'flow_id must be an integer between 1 and 2147483647' }]);
  });
});

describe('query transforms', () => {
  const params = (value: unknown) => ({ value }) as TransformFnParams;

  it.each([
    ['10', 10],
    [' 3 ', 3],
    ['-2', -2],
    ['1.5', '1.5'],
    ['ten', 'ten'],
    [undefined, undefined],
  ])('toInteger(%j) → %j', (raw, expected) => {
    expect(toInteger(params(raw))).toBe(expected);
  });

  it.each([
    ['true', true],
    ['TRUE', true],
    ['1', true],
    ['false', false],
    ['0', false],
    ['no', false],
    ['maybe', 'maybe'],
    [undefined, undefined],
  ])('toBoolean(%j) → %j', (raw, expected) => {
    expect(toBoolean(params(raw))).toBe(expected);
  });
});
