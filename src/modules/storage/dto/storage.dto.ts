import { ApiProperty } from '@nestjs/swagger';
import { IsObject, IsString, Length, Matches } from 'class-validator';

/** A bare file name: no directories, no leading dot, a short safe alphabet. */
export const SAFE_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,150}$/;

export class SaveJsonDto {
  @ApiProperty({ example: 'run_2026-01-02_09h30m00s.json', description: 'Bare file name (letters, digits, . _ -); .json is appended when missing.' })
  @IsString()
  @Length(1, 151)
  @Matches(SAFE_FILE_NAME, { message: 'filename must be a bare file name of letters, digits, dots, dashes and underscores' })
  filename: string;

  @ApiProperty({ type: Object, additionalProperties: true, description: 'Any JSON object; written pretty-printed.' })
  @IsObject()
  data: Record<string, unknown>;
}

export class SaveJsonResponseDto {
  @ApiProperty()
  success: boolean;

  @ApiProperty({ example: 'File saved successfully to outputs/run_2026-01-02_09h30m00s.json' })
  message: string;

  @ApiProperty({ example: 'run_2026-01-02_09h30m00s.json' })
  filename: string;
}

export class UploadResponseDto {
  @ApiProperty({ example: 'bars-mes-2024.csv' })
  filename: string;

  @ApiProperty({ enum: ['uploads', 'market-data'] })
  directory: string;

  @ApiProperty({ example: 'market-data/bars-mes-2024.csv', description: 'Path relative to the data directory.' })
  path: string;

  @ApiProperty()
  size: number;

  @ApiProperty({ example: 'text/csv' })
  content_type: string;
}
