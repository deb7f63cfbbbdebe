import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { BAR_FILE_FORMATS, CALENDAR_NAMES, type CalendarName } from '../../../engine';
import { DataProviderFieldDto } from '../../market-data/dto/data-provider-field.dto';

export const CSV_FORMAT_VALUES = ['auto', ...BAR_FILE_FORMATS] as const;

/**
 * Where a futures run's minute bars come from: `data_provider`, and with the csv provider a file the
 * user uploaded to market-data (POST /storage/upload?directory=market-data) in any supported format.
 */
export class FuturesDataFieldsDto extends DataProviderFieldDto {
  @ApiPropertyOptional({
    example: 'ES 06-24.Last.txt',
    description: 'csv provider: the minute-bar file to read, a path inside the market-data directory (an upload). Default: minute_bars/<SYMBOL>.csv.',
  })
  @IsOptional()
  @IsString({ message: 'csv_file must be a string' })
  @MaxLength(300, { message: 'csv_file must be at most 300 characters' })
  csv_file?: string;

  @ApiPropertyOptional({
    enum: CSV_FORMAT_VALUES,
    default: 'auto',
    description: 'Format of the file: auto (detected from the first line), ninjatrader (yyyyMMdd HHmmss;o;h;l;c;v, stamped at the bar close), tradingview (time,open,high,low,close,Volume; unix seconds at the bar open), databento (OHLCV-1m CSV, ts_event at the bar open), generic (timestamp,open,high,low,close,volume).',
  })
  @IsOptional()
  @IsIn(CSV_FORMAT_VALUES, { message: `csv_format must be one of ${CSV_FORMAT_VALUES.join(', ')}` })
  csv_format?: (typeof CSV_FORMAT_VALUES)[number];

  @ApiPropertyOptional({
    example: 'America/New_York',
    description: 'Time zone of stamps written without an offset: NinjaTrader files (default UTC, as NinjaTrader 8 exports) and naive ISO times (default America/Chicago). IANA name, UTC, or a fixed offset such as UTC-5.',
  })
  @IsOptional()
  @IsString({ message: 'tz must be a string' })
  @MaxLength(64, { message: 'tz must be at most 64 characters' })
  tz?: string;

  @ApiPropertyOptional({ example: 'ESM4', description: 'The contract to keep from a file holding several (the Databento symbol column).' })
  @IsOptional()
  @IsString({ message: 'contract must be a string' })
  @Matches(/^[A-Za-z0-9 ._-]{1,32}$/, { message: 'contract must be 1-32 letters, digits, spaces, dots, dashes or underscores' })
  contract?: string;

  @ApiPropertyOptional({
    enum: CALENDAR_NAMES,
    default: 'cme',
    description: 'Exchange calendar: cme skips holiday sessions (closures and holiday halts) and shortens early-close days, moving flat-by to the close; none treats every day with bars as a regular day.',
  })
  @IsOptional()
  @IsIn(CALENDAR_NAMES, { message: `calendar must be one of ${CALENDAR_NAMES.join(', ')}` })
  calendar?: CalendarName;

  @ApiPropertyOptional({
    type: [String],
    example: ['2024-12-24=regular', '2026-04-03=closed', '2025-11-28=12:00'],
    description: 'Corrections of the calendar, one date each: YYYY-MM-DD=closed, =regular, or =HH:MM (early close, America/Chicago).',
  })
  @IsOptional()
  @IsArray({ message: 'calendar_overrides must be an array of strings' })
  @ArrayMaxSize(500, { message: 'calendar_overrides must have at most 500 entries' })
  @IsString({ each: true, message: 'calendar_overrides must be an array of strings' })
  calendar_overrides?: string[];
}
