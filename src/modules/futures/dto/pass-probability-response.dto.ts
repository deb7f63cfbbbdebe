import { ApiProperty } from '@nestjs/swagger';
import { PASS_PROBABILITY_METHODS, type PassProbabilityMethod } from '../../../engine';
import { MetricsResponseDto } from '../../metrics/dto/metrics-response.dto';

const OUTCOMES = ['passed', 'failed', 'open'] as const;

/** Sessions to pass over the attempts that passed (linear-interpolation percentiles). */
export class DaysToPassResponseDto {
  @ApiProperty({ type: Number, description: 'Median trading days from the first session to the passing one, both included.' })
  p50: number;

  @ApiProperty({ type: Number, description: '90th percentile.' })
  p90: number;

  @ApiProperty({ type: Number })
  mean: number;
}

/** One rolling start: a fresh account from start_date for at most horizon_days sessions. */
export class RollingStartResponseDto {
  @ApiProperty({ type: String, example: '2024-01-02' })
  start_date: string;

  @ApiProperty({ enum: OUTCOMES })
  outcome: 'passed' | 'failed' | 'open';

  @ApiProperty({ type: String, description: 'The session it passed or failed on; the horizon end when open. Equals the verdict date of POST /futures/backtest/report from start_date to horizon_end.' })
  end_date: string;

  @ApiProperty({ type: String, description: 'The horizon\'s last session (horizon_days sessions from the start, past end_date when the data go on).' })
  horizon_end: string;

  @ApiProperty({ type: 'integer', description: 'Sessions from start_date to end_date, both included.' })
  trading_days: number;

  @ApiProperty({ type: 'integer', description: 'Sessions with a trade.' })
  days_traded: number;

  @ApiProperty({ type: Number, description: 'Balance − start balance at end_date, USD.' })
  net_pnl: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Smallest equity − loss-limit floor over the attempt, USD (negative through the floor).' })
  min_cushion: number | null;

  @ApiProperty({ type: Boolean, description: 'False when the data ended before the horizon with the attempt still open: listed, not counted.' })
  horizon_complete: boolean;
}

/** Outcome shares (fractions that sum to 1) and what passing costs. */
class OutcomeOddsResponseDto {
  @ApiProperty({ type: Number, description: 'Share of the counted attempts that passed (0–1).' })
  p_pass: number;

  @ApiProperty({ type: Number, description: 'Share that hit the maximum loss limit.' })
  p_fail: number;

  @ApiProperty({ type: Number, description: 'Share still open at the horizon; p_pass + p_fail + p_open = 1.' })
  p_open: number;

  @ApiProperty({ type: () => DaysToPassResponseDto, nullable: true, description: 'Null when no attempt passed.' })
  days_to_pass: DaysToPassResponseDto | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Reset fees expected before the passing attempt, USD: reset_fee × (1 − p_pass) / p_pass (a reset after every attempt that does not pass within the horizon). Null when none passed.' })
  expected_cost_to_pass: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Attempts expected up to and including the pass: 1 / p_pass. Null when none passed.' })
  expected_attempts_to_pass: number | null;
}

export class RollingPassProbabilityResponseDto extends OutcomeOddsResponseDto {
  @ApiProperty({ type: () => [RollingStartResponseDto], description: 'Every session of the range, in order.' })
  starts: RollingStartResponseDto[];

  @ApiProperty({ type: 'integer', description: 'Starts counted in the odds (all but open ones whose horizon ran past the data).' })
  starts_counted: number;
}

export class BootstrapPassProbabilityResponseDto extends OutcomeOddsResponseDto {
  @ApiProperty({ type: 'integer' })
  paths: number;

  @ApiProperty({ type: 'integer' })
  seed: number;

  @ApiProperty({ type: 'integer', description: 'Sessions per block (at most the sessions pooled).' })
  block_days: number;

  @ApiProperty({ type: 'integer', description: 'Sessions of the range the blocks are drawn from.' })
  sessions_pooled: number;

  @ApiProperty({ type: Number, description: 'Standard error of p_pass: √(p(1 − p) / paths).' })
  p_pass_standard_error: number;
}

/** The answer of POST /futures/pass-probability (`complete.data`; a persisted run's results). */
export class PassProbabilityResponseDto {
  @ApiProperty({ type: String, example: 'MES' })
  symbol: string;

  @ApiProperty({ type: String, description: 'The account size (50K, 100K, 150K).' })
  account_size: string;

  @ApiProperty({ enum: PASS_PROBABILITY_METHODS })
  method: PassProbabilityMethod;

  @ApiProperty({ type: 'integer' })
  horizon_days: number;

  @ApiProperty({ type: Number, description: 'USD per attempt after the first.' })
  reset_fee: number;

  @ApiProperty({ type: String, nullable: true, description: 'The range\'s first session.' })
  first_session: string | null;

  @ApiProperty({ type: String, nullable: true })
  last_session: string | null;

  @ApiProperty({ type: () => RollingPassProbabilityResponseDto, nullable: true, description: 'Null with method bootstrap.' })
  rolling: RollingPassProbabilityResponseDto | null;

  @ApiProperty({ type: () => BootstrapPassProbabilityResponseDto, nullable: true, description: 'Null with method rolling.' })
  bootstrap: BootstrapPassProbabilityResponseDto | null;

  @ApiProperty({ type: () => MetricsResponseDto, description: 'Metrics of one backtest over the range with attempts: reset (fresh accounts back to back, reset fees counted): the equity curve of the run\'s report page.' })
  metrics: MetricsResponseDto;

  @ApiProperty({ type: String, example: 'synthetic' })
  data_source: string;

  @ApiProperty({ type: 'integer', nullable: true, description: 'The persisted run (with flow_id), else null.' })
  run_id: number | null;
}
