import { ApiProperty } from '@nestjs/swagger';

export class DatabaseHealthDto {
  @ApiProperty({ enum: ['up', 'down'] })
  status: 'up' | 'down';

  @ApiProperty({ enum: ['postgres', 'embedded'], description: 'A PostgreSQL server (DATABASE_URL) or the embedded PGlite.' })
  kind: 'postgres' | 'embedded';

  @ApiProperty({ nullable: true, type: Number, description: 'Round trip of SELECT 1 in milliseconds; null when down.' })
  latency_ms: number | null;
}

export class HealthResponseDto {
  @ApiProperty({ enum: ['ok', 'error'] })
  status: 'ok' | 'error';

  @ApiProperty({ example: '0.1.0' })
  version: string;

  @ApiProperty({ description: 'Seconds since the process started serving.' })
  uptime_seconds: number;

  @ApiProperty({ type: DatabaseHealthDto })
  database: DatabaseHealthDto;
}

export class LivenessResponseDto {
  @ApiProperty({ enum: ['ok'] })
  status: 'ok';

  @ApiProperty({ example: '0.1.0' })
  version: string;

  @ApiProperty({ description: 'Seconds since the process started serving.' })
  uptime_seconds: number;
}

/** `GET /health/ping`. */
export class PongResponseDto {
  @ApiProperty({ example: 'pong' })
  message: string;
}

/** `GET /`: the anchor's welcome message. */
export class WelcomeResponseDto {
  @ApiProperty({ example: 'Welcome to AI Hedge Fund API' })
  message: string;
}
