import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';

/** Ollama model names: `name[:tag]`, optionally namespaced (`library/name:tag`). */
export const MODEL_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._\-/]*(:[A-Za-z0-9._-]+)?$/;

export class ModelNameDto {
  @ApiProperty({ example: 'llama3.1:latest' })
  @IsString()
  @Length(1, 200)
  @Matches(MODEL_NAME_PATTERN, { message: 'model_name must look like name or name:tag' })
  model_name: string;
}

export class OllamaStatusDto {
  @ApiProperty({ description: 'An ollama binary is on PATH, or a server answers.' })
  installed: boolean;

  @ApiProperty({ description: 'The server at server_url answers.' })
  running: boolean;

  @ApiProperty({ type: [String], example: ['llama3.1:latest'] })
  available_models: string[];

  @ApiProperty({ example: 'http://127.0.0.1:11434' })
  server_url: string;

  @ApiProperty({ nullable: true, type: String })
  error: string | null;
}

export class SuccessMessageDto {
  @ApiProperty()
  success: boolean;

  @ApiProperty()
  message: string;
}

export class ModelEntryDto {
  @ApiProperty({ example: '[meta] llama3.1 (8B)' })
  display_name: string;

  @ApiProperty({ example: 'llama3.1:latest' })
  model_name: string;

  @ApiProperty({ example: 'Ollama' })
  provider: string;
}

export class InstalledModelDto {
  @ApiProperty({ example: 'llama3.1:latest' })
  name: string;

  @ApiProperty({ nullable: true, type: Number, description: 'Bytes on disk.' })
  size: number | null;

  @ApiProperty({ nullable: true, type: String })
  digest: string | null;

  @ApiProperty({ nullable: true, type: String })
  modified_at: string | null;

  @ApiProperty({ nullable: true, type: Object, additionalProperties: true })
  details: Record<string, unknown> | null;
}

export type DownloadState = 'starting' | 'downloading' | 'completed' | 'error' | 'cancelled';

export class DownloadProgressDto {
  @ApiProperty({ enum: ['starting', 'downloading', 'completed', 'error', 'cancelled'] })
  status: DownloadState;

  @ApiPropertyOptional({ description: '0..100 over all layers seen so far.' })
  percentage?: number;

  @ApiPropertyOptional()
  message?: string;

  @ApiPropertyOptional({ description: "Ollama's own phase text (pulling manifest, pulling <digest>, verifying…)." })
  phase?: string;

  @ApiPropertyOptional()
  bytes_downloaded?: number;

  @ApiPropertyOptional()
  total_bytes?: number;

  @ApiPropertyOptional()
  error?: string;
}
