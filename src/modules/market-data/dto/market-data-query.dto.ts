import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { ISO_DATE_PATTERN, type ReportPeriod } from '../../../engine';
import type { DataProviderName } from '../market-data.port';
import { DATA_PROVIDER_VALUES } from './data-provider-field.dto';

const PROVIDERS: readonly string[] = DATA_PROVIDER_VALUES;
const PERIODS = ['ttm', 'annual', 'quarterly'];

function dateMessage(field: string): string {
  return `${field} must be a date in the form YYYY-MM-DD`;
}

class ProviderQueryDto {
  @ApiPropertyOptional({ enum: [...PROVIDERS], description: 'Provider to read from; MARKET_DATA_PROVIDER when omitted.' })
  @IsOptional()
  @IsIn([...PROVIDERS], { message: `provider must be one of ${PROVIDERS.join(', ')}` })
  provider?: DataProviderName;
}

export class PricesQueryDto extends ProviderQueryDto {
  @ApiProperty({ example: 'AAPL' })
  @IsString({ message: 'ticker is required' })
  ticker: string;

  @ApiProperty({ example: '2024-01-01' })
  @Matches(ISO_DATE_PATTERN, { message: dateMessage('start_date') })
  start_date: string;

  @ApiProperty({ example: '2024-03-31' })
  @Matches(ISO_DATE_PATTERN, { message: dateMessage('end_date') })
  end_date: string;
}

export class BarsQueryDto extends ProviderQueryDto {
  @ApiProperty({ example: 'ES', description: 'Futures symbol (ES, MES, NQ, MNQ, YM, MYM, RTY, M2K, CL, MCL, GC, MGC for synthetic data).' })
  @IsString({ message: 'symbol is required' })
  symbol: string;

  @ApiPropertyOptional({ example: '2024-03-08', description: 'One trading day; or give start_date and end_date.' })
  @IsOptional()
  @Matches(ISO_DATE_PATTERN, { message: dateMessage('date') })
  date?: string;

  @ApiPropertyOptional({ example: '2024-03-04' })
  @IsOptional()
  @Matches(ISO_DATE_PATTERN, { message: dateMessage('start_date') })
  start_date?: string;

  @ApiPropertyOptional({ example: '2024-03-08' })
  @IsOptional()
  @Matches(ISO_DATE_PATTERN, { message: dateMessage('end_date') })
  end_date?: string;
}

export class TickerAsOfQueryDto extends ProviderQueryDto {
  @ApiProperty({ example: 'AAPL' })
  @IsString({ message: 'ticker is required' })
  ticker: string;

  @ApiProperty({ example: '2024-03-31', description: 'Latest date included (report period, filing date or news date).' })
  @Matches(ISO_DATE_PATTERN, { message: dateMessage('end_date') })
  end_date: string;
}

export class FinancialMetricsQueryDto extends TickerAsOfQueryDto {
  @ApiPropertyOptional({ enum: PERIODS, default: 'ttm' })
  @IsOptional()
  @IsIn(PERIODS, { message: `period must be one of ${PERIODS.join(', ')}` })
  period?: ReportPeriod;

  @ApiPropertyOptional({ default: 10, minimum: 1, maximum: 10000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(10000, { message: 'limit must be at most 10000' })
  limit?: number;
}

export class LineItemsQueryDto extends FinancialMetricsQueryDto {
  @ApiProperty({ example: 'revenue,net_income,free_cash_flow', description: 'Comma-separated line item names.' })
  @IsString({ message: 'line_items is required' })
  line_items: string;
}

export class EventsQueryDto extends TickerAsOfQueryDto {
  @ApiPropertyOptional({ example: '2024-01-01' })
  @IsOptional()
  @Matches(ISO_DATE_PATTERN, { message: dateMessage('start_date') })
  start_date?: string;

  @ApiPropertyOptional({ default: 1000, minimum: 1, maximum: 10000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(10000, { message: 'limit must be at most 10000' })
  limit?: number;
}
