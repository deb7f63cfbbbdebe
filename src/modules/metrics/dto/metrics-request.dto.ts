import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNumberString, IsOptional } from 'class-validator';

// The JSON body is documented here but validated by MetricsService row by row (class-validator over a
// million nested objects would cost seconds; the engine names the first offending row instead).

export class EquityPointDto {
  @ApiProperty({ example: '2024-01-02', description: 'Calendar date YYYY-MM-DD; strictly increasing.' })
  date: string;

  @ApiProperty({ example: 100000, description: 'End-of-day value, finite and > 0. The first point is the starting value.' })
  value: number;
}

export class ClosedTradeDto {
  @ApiProperty({ example: 125.5, description: 'Profit or loss net of fees (money).' })
  pnl: number;

  @ApiPropertyOptional({ example: 250, nullable: true, type: Number, description: 'Money at risk when opened (> 0); enables expectancy in R.' })
  risk?: number | null;

  @ApiPropertyOptional({ example: '2024-01-02' })
  entry_date?: string;

  @ApiProperty({ example: '2024-01-03', description: 'Orders the trades for streaks.' })
  exit_date: string;

  @ApiPropertyOptional({ example: 'MES' })
  ticker?: string;
}

export class PositionExposureDto {
  @ApiProperty({ example: 'AAPL' })
  ticker: string;

  @ApiProperty({ example: 100, description: 'Long quantity (>= 0).' })
  long: number;

  @ApiProperty({ example: 0, description: 'Short quantity (>= 0).' })
  short: number;

  @ApiProperty({ example: 187.5, description: 'Current price (> 0), times the multiplier for futures.' })
  price: number;
}

export class MetricsRequestDto {
  @ApiProperty({
    type: [EquityPointDto],
    description: 'Equity curve, oldest first, at least 2 points. Also accepted in columns: {"dates": [...], "values": [...]}.',
  })
  equity: EquityPointDto[];

  @ApiPropertyOptional({ type: [ClosedTradeDto] })
  trades?: ClosedTradeDto[];

  @ApiPropertyOptional({ type: [PositionExposureDto], description: 'Open positions for the exposure figures.' })
  positions?: PositionExposureDto[];

  @ApiPropertyOptional({ example: 0, description: 'Annual risk-free rate as a fraction (0.04 = 4 %); default 0.' })
  risk_free_rate?: number;

  @ApiPropertyOptional({ example: 252, description: 'Periods per year for annualising; default 252.' })
  periods_per_year?: number;

  @ApiPropertyOptional({ example: true, description: 'Include the daily_pnl series (default true).' })
  include_daily_pnl?: boolean;
}

export class MetricsQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Include the daily_pnl series (default true; a JSON body field wins).' })
  @IsOptional()
  @IsIn(['true', 'false'])
  include_daily_pnl?: 'true' | 'false';

  @ApiPropertyOptional({ example: '0.04', description: 'Annual risk-free rate for CSV uploads (JSON bodies carry it in the body).' })
  @IsOptional()
  @IsNumberString()
  risk_free_rate?: string;

  @ApiPropertyOptional({ example: '252', description: 'Periods per year for CSV uploads.' })
  @IsOptional()
  @IsNumberString()
  periods_per_year?: string;
}
