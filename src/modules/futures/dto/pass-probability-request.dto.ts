import { ApiPropertyOptional } from '@nestjs/swagger';
import { Allow } from 'class-validator';
import { PASS_PROBABILITY_DEFAULTS, PASS_PROBABILITY_LIMITS, PASS_PROBABILITY_METHODS, type PassProbabilityMethod } from '../../../engine';
import { FuturesBacktestRequestDto } from './futures-backtest-request.dto';

// The estimate's fields are checked by the engine's resolvePassProbabilityConfig together with the backtest
// fields, so one 422 names every bad field of the body.

/** The body of `POST /futures/pass-probability`: a futures backtest body plus the estimate's parameters. */
export class PassProbabilityRequestDto extends FuturesBacktestRequestDto {
  @ApiPropertyOptional({
    enum: PASS_PROBABILITY_METHODS,
    default: PASS_PROBABILITY_DEFAULTS.method,
    description: 'rolling: every session of the range starts a fresh account; bootstrap: resampled blocks of whole sessions; both.',
  })
  @Allow()
  method?: PassProbabilityMethod;

  @ApiPropertyOptional({
    type: 'integer',
    default: PASS_PROBABILITY_DEFAULTS.horizon_days,
    minimum: PASS_PROBABILITY_LIMITS.horizon_days.min,
    maximum: PASS_PROBABILITY_LIMITS.horizon_days.max,
    description: 'Trading days (sessions) an attempt may take from its first session; undecided by then it is open.',
  })
  @Allow()
  horizon_days?: number;

  @ApiPropertyOptional({ type: 'integer', default: PASS_PROBABILITY_DEFAULTS.paths, minimum: PASS_PROBABILITY_LIMITS.paths.min, maximum: PASS_PROBABILITY_LIMITS.paths.max, description: 'Bootstrap paths (attempts on resampled sessions).' })
  @Allow()
  paths?: number;

  @ApiPropertyOptional({ type: 'integer', default: PASS_PROBABILITY_DEFAULTS.seed, minimum: PASS_PROBABILITY_LIMITS.seed.min, maximum: PASS_PROBABILITY_LIMITS.seed.max, description: 'Seed of the bootstrap (the same seed gives the same answer).' })
  @Allow()
  seed?: number;

  @ApiPropertyOptional({
    type: 'integer',
    default: PASS_PROBABILITY_DEFAULTS.block_days,
    minimum: PASS_PROBABILITY_LIMITS.block_days.min,
    maximum: PASS_PROBABILITY_LIMITS.block_days.max,
    description: 'Consecutive sessions per resampled block (keeps streaks and volatility clusters together).',
  })
  @Allow()
  block_days?: number;
}
