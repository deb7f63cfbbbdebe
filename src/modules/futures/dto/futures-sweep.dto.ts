import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow } from 'class-validator';
import { MAX_SWEEP_COMBINATIONS, PASS_PROBABILITY_DEFAULTS, PASS_PROBABILITY_LIMITS, SWEEP_OBJECTIVES, type SweepObjective } from '../../../engine';
import { FuturesBacktestRequestDto } from './futures-backtest-request.dto';

// The sweep fields are checked by the engine's resolveSweep in one pass (keys, values, grid size, objective,
// walk-forward lengths): every bad field in one 422. The classes below document them for OpenAPI.

const PARAMETER_VALUE = { oneOf: [{ type: 'number' }, { type: 'string' }, { type: 'boolean' }], nullable: true };

/** One swept parameter: a strategy or rules key and the values to try. */
export class SweepAxisDto {
  @ApiProperty({ type: String, example: 'target_r', description: 'A strategy parameter or a rule (`scaling_tiers` excepted), bare or prefixed `strategy.` / `rules.`. An unknown key is a 422 naming it.' })
  key: string;

  @ApiProperty({ type: 'array', items: PARAMETER_VALUE, example: [1.5, 2, 3], description: 'Values of the parameter, each checked like the parameter itself (a bad one is a 422 naming it).' })
  values: (number | string | boolean | null)[];
}

/** The body of `POST /futures/sweep`: a backtest body (the base every combination starts from) plus the grid. */
export class FuturesSweepRequestDto extends FuturesBacktestRequestDto {
  @ApiProperty({
    type: [SweepAxisDto],
    description: `The grid: every combination of the values (the last parameter varies fastest), at most ${MAX_SWEEP_COMBINATIONS.toLocaleString('en-US')} combinations (more is a 422 giving the count).`,
  })
  @Allow()
  sweep: unknown;

  @ApiPropertyOptional({
    enum: SWEEP_OBJECTIVES,
    default: 'net_pnl',
    description: 'Ranking, best first: p_pass (the rolling pass probability of `POST /futures/pass-probability`: every session starts a fresh Combine for horizon_days sessions, each attempt confined to the range; needs an account with a profit target), net_pnl, profit_factor, sharpe. Undefined values rank last.',
  })
  @Allow()
  objective?: SweepObjective | null;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: PASS_PROBABILITY_LIMITS.horizon_days.min,
    maximum: PASS_PROBABILITY_LIMITS.horizon_days.max,
    default: PASS_PROBABILITY_DEFAULTS.horizon_days,
    description: 'With objective p_pass: sessions each rolling attempt may take (as `POST /futures/pass-probability`).',
  })
  @Allow()
  horizon_days?: number | null;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 5000, description: 'Walk-forward: trading sessions each combination is judged on (with test_days).' })
  @Allow()
  train_days?: number | null;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 5000, description: 'Walk-forward: trading sessions the best combination of the training window then trades (with train_days); windows roll forward by test_days.' })
  @Allow()
  test_days?: number | null;
}

/** Scores of one combination over one date range. */
export class SweepScoreDto {
  @ApiProperty({ type: Number, nullable: true, description: 'With objective p_pass: the rolling pass probability (every session of the range starts a fresh account for horizon_days sessions, each attempt confined to the range); null otherwise or when no attempt could be counted.' })
  p_pass: number | null;

  @ApiProperty({ type: 'integer', description: 'Rolling starts counted in p_pass (0 when it was not computed).' })
  p_pass_starts: number;

  @ApiProperty({ type: Number, description: 'Net P&L of every trade (after commissions), USD.' })
  net_pnl: number;

  @ApiProperty({ type: Number, description: 'net_pnl less the reset fees, USD.' })
  net_pnl_after_fees: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Gross profit / gross loss; null without a losing trade.' })
  profit_factor: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Daily Sharpe ratio (√252, rf 0) of the equity (account size + P&L − reset fees); null with fewer than 2 returns or zero volatility.' })
  sharpe: number | null;

  @ApiProperty({ type: 'integer' })
  trades: number;

  @ApiProperty({ type: 'integer', description: 'Sessions simulated.' })
  sessions: number;

  @ApiProperty({ type: 'integer', description: 'The run\'s own account attempts (a fresh account after each pass or failure).' })
  attempts: number;

  @ApiProperty({ type: 'integer' })
  passed: number;

  @ApiProperty({ type: 'integer' })
  failed: number;
}

const PARAMS_SCHEMA = { type: 'object', additionalProperties: PARAMETER_VALUE, example: { target_r: 2 } } as const;

/** A combination's parameters and scores in the ranking. */
export class SweepRankRowDto {
  @ApiProperty({ type: 'integer', description: '1 = best by the objective.' })
  rank: number;

  @ApiProperty({ type: 'integer', description: 'Index of the combination in the grid (mixed radix, the last parameter fastest).' })
  index: number;

  @ApiProperty({ ...PARAMS_SCHEMA, description: 'The swept parameters of this combination.' })
  params: Record<string, unknown>;

  @ApiProperty({ type: () => SweepScoreDto })
  score: SweepScoreDto;
}

export class SweepParameterDto {
  @ApiProperty({ type: String })
  key: string;

  @ApiProperty({ type: String, enum: ['strategy', 'rules'] })
  group: 'strategy' | 'rules';

  @ApiProperty({ type: 'array', items: PARAMETER_VALUE })
  values: unknown[];
}

export class SweepPeriodDto {
  @ApiProperty({ type: String, nullable: true })
  start_date: string | null;

  @ApiProperty({ type: String, nullable: true })
  end_date: string | null;

  @ApiProperty({ type: 'integer', description: 'Trading sessions in the range.' })
  sessions: number;
}

/** A window of whole trading sessions, both dates included. */
export class SessionWindowDto {
  @ApiProperty({ type: String })
  start_date: string;

  @ApiProperty({ type: String })
  end_date: string;

  @ApiProperty({ type: 'integer' })
  sessions: number;
}

export class ChosenCombinationDto {
  @ApiProperty({ type: 'integer' })
  index: number;

  @ApiProperty(PARAMS_SCHEMA)
  params: Record<string, unknown>;
}

export class WalkForwardStepDto {
  @ApiProperty({ type: 'integer' })
  index: number;

  @ApiProperty({ type: () => SessionWindowDto })
  train: SessionWindowDto;

  @ApiProperty({ type: () => SessionWindowDto })
  test: SessionWindowDto;

  @ApiProperty({ type: () => ChosenCombinationDto, description: 'The best combination on the training window by the objective.' })
  chosen: ChosenCombinationDto;

  @ApiProperty({ type: () => SweepScoreDto, description: 'Its scores on the training window.' })
  in_sample: SweepScoreDto;

  @ApiProperty({ type: () => SweepScoreDto, description: 'Its scores on the test window (a fresh run from the first test session).' })
  out_of_sample: SweepScoreDto;
}

export class EquityDayDto {
  @ApiProperty({ type: String })
  date: string;

  @ApiProperty({ type: Number, description: 'The session\'s P&L after any reset fee, USD.' })
  pnl: number;

  @ApiProperty({ type: Number, description: 'Stitched equity after the session, USD.' })
  equity: number;
}

/** The stitched out-of-sample run: its window of sessions, then its scores. */
export class StitchedResultDto extends SessionWindowDto {
  @ApiProperty({ type: 'integer' })
  trades: number;

  @ApiProperty({ type: Number })
  net_pnl: number;

  @ApiProperty({ type: Number })
  net_pnl_after_fees: number;

  @ApiProperty({ type: Number, nullable: true })
  profit_factor: number | null;

  @ApiProperty({ type: Number, nullable: true })
  sharpe: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'With objective p_pass: the test windows\' rolling pass probabilities weighted by their counted starts; null otherwise.' })
  p_pass: number | null;

  @ApiProperty({ type: Number, description: 'The account size the stitched equity starts from.' })
  start_equity: number;

  @ApiProperty({ type: Number })
  end_equity: number;

  @ApiProperty({ type: [EquityDayDto], description: 'Every out-of-sample session in order.' })
  daily: EquityDayDto[];
}

export class PnlDegradationDto {
  @ApiProperty({ type: Number, nullable: true })
  in_sample: number | null;

  @ApiProperty({ type: Number, nullable: true })
  out_of_sample: number | null;

  @ApiProperty({ type: Number, nullable: true })
  degradation: number | null;

  @ApiProperty({ type: Number, nullable: true })
  efficiency: number | null;
}

export class DegradationDto {
  @ApiProperty({ enum: SWEEP_OBJECTIVES })
  objective: SweepObjective;

  @ApiProperty({ type: Number, nullable: true, description: 'Mean over windows of the chosen combination\'s objective on its training window (net_pnl: per session).' })
  in_sample: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'The same on its test window.' })
  out_of_sample: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'in_sample − out_of_sample.' })
  degradation: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'degradation / |in_sample| × 100.' })
  degradation_pct: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'out_of_sample / in_sample (walk-forward efficiency); null unless in_sample > 0.' })
  efficiency: number | null;

  @ApiProperty({ type: () => PnlDegradationDto, description: 'Net P&L per session in and out of sample, whatever the objective.' })
  net_pnl_per_session: PnlDegradationDto;
}

export class WalkForwardResponseDto {
  @ApiProperty({ type: 'integer' })
  train_days: number;

  @ApiProperty({ type: 'integer' })
  test_days: number;

  @ApiProperty({ enum: SWEEP_OBJECTIVES })
  objective: SweepObjective;

  @ApiProperty({ type: [WalkForwardStepDto] })
  windows: WalkForwardStepDto[];

  @ApiProperty({ type: () => StitchedResultDto, description: 'The test windows\' runs one after another on one equity curve.' })
  stitched: StitchedResultDto;

  @ApiProperty({ type: () => DegradationDto })
  degradation: DegradationDto;
}

/** The answer of a sweep (`complete.data` of `POST /futures/sweep`, and `POST /futures/sweep/report`). */
export class FuturesSweepResponseDto {
  @ApiProperty({ type: String })
  symbol: string;

  @ApiProperty({ enum: SWEEP_OBJECTIVES })
  objective: SweepObjective;

  @ApiProperty({ type: 'integer' })
  combinations: number;

  @ApiProperty({ type: [SweepParameterDto] })
  parameters: SweepParameterDto[];

  @ApiProperty({ type: () => SweepPeriodDto })
  period: SweepPeriodDto;

  @ApiProperty({ type: [SweepRankRowDto], description: 'Every combination over the whole range, best first.' })
  ranking: SweepRankRowDto[];

  @ApiProperty({ type: () => SweepRankRowDto })
  best: SweepRankRowDto;

  @ApiProperty({ type: () => WalkForwardResponseDto, nullable: true, description: 'With train_days and test_days; null otherwise.' })
  walk_forward: WalkForwardResponseDto | null;

  @ApiProperty({ type: String, description: 'Where the bars came from (synthetic, csv, …).' })
  data_source: string;

  @ApiProperty({ type: 'integer', nullable: true, description: 'The persisted run (with flow_id), else null.' })
  run_id: number | null;
}
