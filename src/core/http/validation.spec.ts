import type { ValidationError as ClassValidatorError } from '@nestjs/common';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import type { ProblemFieldErrorDto } from './problem-details';
import { createValidationPipe, toValidationError } from './validation';

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

describe('the global validation pipe', () => {
  class Item {
    @IsString()
    @Length(1, 20)
    label!: string;
  }
  class Body {
    @IsArray()
    @ArrayMinSize(1)
    @ArrayMaxSize(3)
    @IsString({ each: true })
    @Matches(/^[A-Z]+$/, { each: true, message: 'each value in $property must be upper-case letters, got "$value"' })
    tickers!: string[];

    @IsString()
    @Length(1, 200)
    name!: string;

    @IsOptional()
    @IsString({ each: true })
    @MaxLength(3, { each: true })
    tags?: string[];

    @IsOptional()
    @ValidateNested({ each: true })
    @Type(() => Item)
    items?: Item[];
  }

  async function errorsOf(value: unknown): Promise<{ detail: string; errors: ProblemFieldErrorDto[] }> {
    try {
      await createValidationPipe().transform(value, { type: 'body', metatype: Body });
    } catch (error) {
      return { detail: (error as Error).message, errors: (error as { errors: ProblemFieldErrorDto[] }).errors };
    }
    throw new Error('expected the body to be refused');
  }

  it('names the failing array item by index and shows its value, never a placeholder', async () => {
    const { errors } = await errorsOf({ tickers: ['OK', 'AA PL'], name: 'x', tags: ['abc', 'abcd'] });
    expect(errors).toEqual([
      { field: 'tickers[1]', message: 'tickers[1] must be upper-case letters, got "AA PL"' },
      { field: 'tags[1]', message: 'tags[1] must be shorter than or equal to 3 characters, got "abcd"' },
    ]);
  });

  it('says a missing field is required, once, and gives one message per invalid field', async () => {
    expect(await errorsOf({})).toEqual({
      detail: '2 fields are invalid: tickers is required; name is required.',
      errors: [
        { field: 'tickers', message: 'tickers is required' },
        { field: 'name', message: 'name is required' },
      ],
    });
    expect((await errorsOf({ tickers: 'AAPL', name: 'x' })).errors).toEqual([{ field: 'tickers', message: 'tickers must be an array' }]);
    expect((await errorsOf({ tickers: ['A'], name: '' })).errors).toEqual([{ field: 'name', message: 'name must be longer than or equal to 1 characters' }]);
    expect((await errorsOf({ tickers: ['A'], name: 'x', items: [{ label: '' }, {}] })).errors).toEqual([
      { field: 'items[0].label', message: 'items[0].label must be longer than or equal to 1 characters' },
      { field: 'items[1].label', message: 'items[1].label is required' },
    ]);
  });

  it('never echoes unprintable bytes of an item', async () => {
    const { errors } = await errorsOf({ tickers: ['\u001cPNG\u0007'], name: 'x' });
    expect(errors).toEqual([{ field: 'tickers[0]', message: 'tickers[0] must be upper-case letters, got "?PNG?"' }]);
  });
});
