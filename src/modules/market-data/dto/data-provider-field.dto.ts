import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { DataProviderName } from '../market-data.port';

export const DATA_PROVIDER_VALUES: readonly DataProviderName[] = ['synthetic', 'csv', 'financialdatasets'];

/**
 * The `data_provider` field of run and backtest bodies: extend this class (or copy the property) so the
 * body names the provider its market data comes from; pass it on as `{ provider: body.data_provider }`.
 */
export class DataProviderFieldDto {
  @ApiPropertyOptional({ enum: DATA_PROVIDER_VALUES, description: 'Market-data provider for this run; MARKET_DATA_PROVIDER when omitted.' })
  @IsOptional()
  @IsIn(DATA_PROVIDER_VALUES, { message: `data_provider must be one of ${DATA_PROVIDER_VALUES.join(', ')}` })
  data_provider?: DataProviderName;
}
