import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DataProviderFieldDto } from './data-provider-field.dto';

describe('DataProviderFieldDto', () => {
  it('accepts the three providers and an absent field', async () => {
    for (const body of [{ data_provider: 'synthetic' }, { data_provider: 'csv' }, { data_provider: 'financialdatasets' }, {}]) {
      expect(await validate(plainToInstance(DataProviderFieldDto, body))).toEqual([]);
    }
  });

  it('rejects another name with a message naming the field', async () => {
    const [error] = await validate(plainToInstance(DataProviderFieldDto, { data_provider: 'yahoo' }));
    expect(error.property).toBe('data_provider');
    expect(Object.values(error.constraints ?? {})).toEqual(['data_provider must be one of synthetic, csv, financialdatasets']);
  });
});
