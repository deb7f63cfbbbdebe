import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

class SourceDto {
  @ApiProperty({ enum: ['synthetic', 'csv', 'financialdatasets'] })
  provider: string;

  @ApiProperty({ description: 'True when the data is generated (the synthetic provider), not observed.' })
  synthetic: boolean;
}

export class PriceBarDto {
  @ApiProperty({ example: '2024-01-02', description: 'Trading date.' })
  time: string;

  @ApiProperty() open: number;
  @ApiProperty() high: number;
  @ApiProperty() low: number;
  @ApiProperty() close: number;
  @ApiProperty() volume: number;
}

export class PricesResponseDto extends SourceDto {
  @ApiProperty({ example: 'AAPL' })
  ticker: string;

  @ApiProperty({ type: [PriceBarDto] })
  prices: PriceBarDto[];
}

export class MinuteBarDto {
  @ApiProperty({ example: '2024-03-08T14:30:00.000Z', description: 'Bar open time, UTC.' })
  time: string;

  @ApiProperty({ example: 1709908200000, description: 'Bar open time, epoch milliseconds.' })
  time_ms: number;

  @ApiProperty() open: number;
  @ApiProperty() high: number;
  @ApiProperty() low: number;
  @ApiProperty() close: number;
  @ApiProperty() volume: number;
}

export class BarsResponseDto extends SourceDto {
  @ApiProperty({ example: 'ES' })
  symbol: string;

  @ApiProperty({ example: 'America/Chicago', description: 'Time zone the sessions are defined in.' })
  time_zone: string;

  @ApiProperty({ example: '2024-03-08' })
  start_date: string;

  @ApiProperty({ example: '2024-03-08' })
  end_date: string;

  @ApiProperty({ type: [MinuteBarDto] })
  bars: MinuteBarDto[];
}

export class FinancialMetricsResponseDto extends SourceDto {
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'financialdatasets financial_metrics objects (about 40 nullable ratios).' })
  financial_metrics: object[];
}

export class LineItemsResponseDto extends SourceDto {
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: '{ticker, report_period, period, currency, …requested items}.' })
  search_results: object[];
}

export class InsiderTradesResponseDto extends SourceDto {
  @ApiProperty({ type: 'array', items: { type: 'object' } })
  insider_trades: object[];
}

export class NewsResponseDto extends SourceDto {
  @ApiProperty({ type: 'array', items: { type: 'object' } })
  news: object[];
}

export class MarketCapResponseDto extends SourceDto {
  @ApiProperty({ example: 'AAPL' })
  ticker: string;

  @ApiProperty({ example: '2024-03-28' })
  end_date: string;

  @ApiPropertyOptional({ type: Number, nullable: true })
  market_cap: number | null;
}
