import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { BACK_ADJUSTMENTS, type BackAdjustment, BAR_FILE_FORMATS, CALENDAR_NAMES, type CalendarName } from '../../../engine';

export const ROLL_RULES = ['volume', 'days_before_expiry'] as const;
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

  @ApiPropertyOptional({
    type: [String],
    example: ['ESH4.csv', 'ESM4.csv'],
    description: 'csv provider: one file per contract (named after it: ESM4.csv, ESM2024.csv, ES 06-24.Last.txt, or with a Databento symbol column), spliced into a continuous series by roll.',
  })
  @IsOptional()
  @IsArray({ message: 'csv_files must be an array of file names' })
  @ArrayMinSize(1, { message: 'csv_files must name at least one file' })
  @ArrayMaxSize(60, { message: 'csv_files must name at most 60 files' })
  @IsString({ each: true, message: 'csv_files must be an array of file names' })
  @MaxLength(300, { each: true, message: 'csv_files entries must be at most 300 characters' })
  csv_files?: string[];

  @ApiPropertyOptional({
    enum: ROLL_RULES,
    description: 'How contract files are spliced: volume (switch the session after the next contract out-traded the front) or days_before_expiry (roll_days calendar days before the front\'s last trading day). Default volume when csv_files is given; also rolls the contracts of one multi-contract csv_file.',
  })
  @IsOptional()
  @IsIn(ROLL_RULES, { message: `roll must be one of ${ROLL_RULES.join(', ')}` })
  roll?: (typeof ROLL_RULES)[number];

  @ApiPropertyOptional({ type: 'integer', default: 8, minimum: 0, maximum: 366, description: 'Calendar days before the last trading day for roll days_before_expiry (8 = CME\'s equity roll Thursday).' })
  @IsOptional()
  @IsInt({ message: 'roll_days must be an integer' })
  @Min(0, { message: 'roll_days must not be less than 0' })
  @Max(366, { message: 'roll_days must not be greater than 366' })
  roll_days?: number;

  @ApiPropertyOptional({ enum: BACK_ADJUSTMENTS, default: 'none', description: 'difference adds each roll\'s price gap to all earlier bars (P&L in points unchanged, tick grid kept); none splices raw prices.' })
  @IsOptional()
  @IsIn(BACK_ADJUSTMENTS, { message: `back_adjust must be one of ${BACK_ADJUSTMENTS.join(', ')}` })
  back_adjust?: BackAdjustment;
}
