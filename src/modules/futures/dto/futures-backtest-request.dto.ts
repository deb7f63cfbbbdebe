import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, Min, ValidateNested } from 'class-validator';
import { FuturesDataFieldsDto } from './futures-data-fields.dto';
import { ACCOUNT_SIZES, ACCOUNT_STAGES, type AccountSize, type AccountStage, ENTRY_MODES, type EntryMode, MLL_TRAIL_MODES, type MllTrailMode } from '../../../engine';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

// Types are checked here; ranges and cross-field rules (stop beyond target, window outside the
// session, negative risk…) are checked by the engine, which names the same fields in its 422.

export class ScalingTierDto {
  @ApiProperty({ description: 'The tier applies once the previous end-of-day profit is above this (the first tier always).' })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'min_profit must be a number' })
  min_profit: number;

  @ApiProperty({ type: 'integer' })
  @IsInt({ message: 'max_contracts must be an integer' })
  max_contracts: number;
}

/** ORB strategy parameters (reference §3.2); every one optional with its default. */
export class OrbStrategyDto {
  @ApiPropertyOptional({ type: 'integer', description: 'Length of the opening range in 1-minute bars. Default: 15.' })
  @IsOptional()
  @IsInt({ message: 'strategy.opening_range_minutes must be an integer' })
  opening_range_minutes?: number;

  @ApiPropertyOptional({ type: String, example: '08:30', description: 'First minute of the opening range (HH:MM, America/Chicago). Default: the contract\'s regular-session open (08:30 equity index, 08:00 CL/MCL, 07:20 GC/MGC).' })
  @IsOptional()
  @Matches(HHMM, { message: 'strategy.opening_range_start must be a time HH:MM (America/Chicago)' })
  opening_range_start?: string;

  @ApiPropertyOptional({ type: 'integer', description: 'Wilder ATR period over completed regular-session daily bars. Default: 14.' })
  @IsOptional()
  @IsInt({ message: 'strategy.atr_period must be an integer' })
  atr_period?: number;

  @ApiPropertyOptional({ type: Boolean, description: 'Trade only when 0.10 ≤ ORW/ATR ≤ 0.50 and ORW ≥ or_min_ticks (a day without ATR history is not valid). Default: true.' })
  @IsOptional()
  @IsBoolean({ message: 'strategy.width_filter must be a boolean' })
  width_filter?: boolean;

  @ApiPropertyOptional({ type: Number, description: 'Lower bound of ORW / ATR. Default: 0.10.' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'strategy.or_atr_min must be a number' })
  or_atr_min?: number;

  @ApiPropertyOptional({ type: Number, description: 'Upper bound of ORW / ATR. Default: 0.50.' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'strategy.or_atr_max must be a number' })
  or_atr_max?: number;

  @ApiPropertyOptional({ type: 'integer', description: 'Minimum opening-range width in ticks. Default: 4.' })
  @IsOptional()
  @IsInt({ message: 'strategy.or_min_ticks must be an integer' })
  or_min_ticks?: number;

  @ApiPropertyOptional({ type: Boolean, description: 'Long only if the prior RTH close > EMA(slow) of daily closes and EMA(fast) > EMA(slow); short mirrored. Default: true.' })
  @IsOptional()
  @IsBoolean({ message: 'strategy.trend_filter must be a boolean' })
  trend_filter?: boolean;

  @ApiPropertyOptional({ type: 'integer', description: 'Fast daily EMA period. Default: 20.' })
  @IsOptional()
  @IsInt({ message: 'strategy.trend_ema_fast must be an integer' })
  trend_ema_fast?: number;

  @ApiPropertyOptional({ type: 'integer', description: 'Slow daily EMA period. Default: 50.' })
  @IsOptional()
  @IsInt({ message: 'strategy.trend_ema_slow must be an integer' })
  trend_ema_slow?: number;

  @ApiPropertyOptional({ type: Boolean, description: 'Percentile rank of ATR over the last vol_lookback sessions must lie in [vol_pct_min, vol_pct_max]. Default: true.' })
  @IsOptional()
  @IsBoolean({ message: 'strategy.volatility_filter must be a boolean' })
  volatility_filter?: boolean;

  @ApiPropertyOptional({ type: 'integer', description: 'Sessions in the percentile window. Default: 252.' })
  @IsOptional()
  @IsInt({ message: 'strategy.vol_lookback must be an integer' })
  vol_lookback?: number;

  @ApiPropertyOptional({ type: 'integer', description: 'ATR values needed before the filter can pass. Default: 20.' })
  @IsOptional()
  @IsInt({ message: 'strategy.vol_min_history must be an integer' })
  vol_min_history?: number;

  @ApiPropertyOptional({ type: Number, description: 'Lowest allowed percentile. Default: 10.' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'strategy.vol_pct_min must be a number' })
  vol_pct_min?: number;

  @ApiPropertyOptional({ type: Number, description: 'Highest allowed percentile. Default: 90.' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'strategy.vol_pct_max must be a number' })
  vol_pct_max?: number;

  @ApiPropertyOptional({ type: Boolean, description: 'Skip the day when |RTH open − prior RTH close| > gap_atr_max × ATR. Default: true.' })
  @IsOptional()
  @IsBoolean({ message: 'strategy.gap_filter must be a boolean' })
  gap_filter?: boolean;

  @ApiPropertyOptional({ type: Number, description: 'Largest gap as a multiple of ATR. Default: 0.75.' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'strategy.gap_atr_max must be a number' })
  gap_atr_max?: number;

  @ApiPropertyOptional({ type: Boolean, description: 'The break bar must close on the trade\'s side of the session VWAP (from the RTH open). Default: true.' })
  @IsOptional()
  @IsBoolean({ message: 'strategy.vwap_filter must be a boolean' })
  vwap_filter?: boolean;

  @ApiPropertyOptional({ type: 'integer', description: 'A break is a close beyond ORH/ORL by more than this many ticks; the pullback limit sits this many ticks beyond the range. Default: 1.' })
  @IsOptional()
  @IsInt({ message: 'strategy.break_ticks must be an integer' })
  break_ticks?: number;

  @ApiPropertyOptional({ enum: ENTRY_MODES, description: 'breakout: market at the next open; pullback: limit at ORH+1 tick (ORL−1 tick) filled on a trade-through; pullback_vwap: limit at VWAP; pullback_ema: limit at the EMA of 1-minute closes. Default: pullback.' })
  @IsOptional()
  @IsIn(ENTRY_MODES, { message: `strategy.entry_mode must be one of ${ENTRY_MODES.join(', ')}` })
  entry_mode?: EntryMode;

  @ApiPropertyOptional({ type: 'integer', description: 'Bars a pullback order stays live after the break. Default: 30.' })
  @IsOptional()
  @IsInt({ message: 'strategy.pullback_bars must be an integer' })
  pullback_bars?: number;

  @ApiPropertyOptional({ type: 'integer', description: 'EMA period of 1-minute closes for pullback_ema. Default: 20.' })
  @IsOptional()
  @IsInt({ message: 'strategy.pullback_ema_period must be an integer' })
  pullback_ema_period?: number;

  @ApiPropertyOptional({ type: String, example: '08:30', description: 'No break or entry before this time (HH:MM CT). Default: the opening-range end (08:45).' })
  @IsOptional()
  @Matches(HHMM, { message: 'strategy.entry_window_start must be a time HH:MM (America/Chicago)' })
  entry_window_start?: string;

  @ApiPropertyOptional({ type: String, example: '08:30', description: 'No break or entry from this time on; live orders are cancelled. Default: RTH open + 150 min (11:00 equity index).' })
  @IsOptional()
  @Matches(HHMM, { message: 'strategy.entry_window_end must be a time HH:MM (America/Chicago)' })
  entry_window_end?: string;

  @ApiPropertyOptional({ type: 'integer', description: 'Stop = OR midpoint − this many ticks (long), + for short; 1R = |entry − stop|. Default: 1.' })
  @IsOptional()
  @IsInt({ message: 'strategy.stop_offset_ticks must be an integer' })
  stop_offset_ticks?: number;

  @ApiPropertyOptional({ type: Number, description: 'Target at entry ± target_r × R (must be > 0, or the target would be on the stop side). Default: 2.' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'strategy.target_r must be a number' })
  target_r?: number;

  @ApiPropertyOptional({ type: String, example: '08:30', description: 'Flat at the open of this minute (HH:MM CT). Default: RTH close − 5 min (14:55 equity index).' })
  @IsOptional()
  @Matches(HHMM, { message: 'strategy.time_exit must be a time HH:MM (America/Chicago)' })
  time_exit?: string;

  @ApiPropertyOptional({ type: 'integer', description: 'Daily trade limit: entries per session. Default: 2.' })
  @IsOptional()
  @IsInt({ message: 'strategy.max_trades_per_day must be an integer' })
  max_trades_per_day?: number;

  @ApiPropertyOptional({ type: Boolean, description: 'At most one long and one short per session. Default: true.' })
  @IsOptional()
  @IsBoolean({ message: 'strategy.one_trade_per_direction must be a boolean' })
  one_trade_per_direction?: boolean;

  @ApiPropertyOptional({ type: 'integer', description: 'Stop for the day after this many losing trades. Default: 2.' })
  @IsOptional()
  @IsInt({ message: 'strategy.max_losses_per_day must be an integer' })
  max_losses_per_day?: number;

  @ApiPropertyOptional({ type: Number, description: 'Stop for the day once the realized day P&L is at or below −this. Default: 1 % of the account size ($500 on 50K).' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'strategy.max_daily_loss_usd must be a number' })
  max_daily_loss_usd?: number;

  @ApiPropertyOptional({ type: Number, description: 'contracts = floor(risk / (R points × point value)), capped by the account; skipped if < 1. Default: 0.5 % of the account size ($250 on 50K).' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'strategy.risk_per_trade_usd must be a number' })
  risk_per_trade_usd?: number;

  @ApiPropertyOptional({ type: Number, description: 'Ticks of slippage on market and stop fills (none on limit fills). Default: 1.' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'strategy.slippage_ticks must be a number' })
  slippage_ticks?: number;

  @ApiPropertyOptional({ type: Number, description: 'Round-turn commission and fees per contract, USD. Default: the contract\'s ($5.00 minis, $1.50 micros).' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'strategy.commission_round_turn must be a number' })
  commission_round_turn?: number;
}

/** Prop-firm rule overrides (reference §1.9); defaults come from the account size and stage. */
export class PropFirmRulesDto {
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Net profit needed to pass. Default: 3,000 / 6,000 / 9,000 (Combine; none in the Express stage).' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'rules.profit_target must be a number' })
  profit_target?: number | null;

  @ApiPropertyOptional({ type: Number, description: 'Trailing maximum loss limit: the floor sits this far under the high-water mark and locks at the start balance. Default: 2,000 / 3,000 / 4,500.' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'rules.max_loss_limit must be a number' })
  max_loss_limit?: number;

  @ApiPropertyOptional({ enum: MLL_TRAIL_MODES, description: 'eod: the floor trails end-of-day balances; intraday: it trails the peak equity including open P&L. Default: eod.' })
  @IsOptional()
  @IsIn(MLL_TRAIL_MODES, { message: `rules.mll_trail_mode must be one of ${MLL_TRAIL_MODES.join(', ')}` })
  mll_trail_mode?: MllTrailMode;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Soft breach: flatten and stop for the day at −this (realized + open P&L vs the prior end-of-day balance). Default: 1,000 / 2,000 / 3,000; null = off (TopstepX).' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'rules.daily_loss_limit must be a number' })
  daily_loss_limit?: number | null;

  @ApiPropertyOptional({ type: 'integer', description: 'Maximum open contracts in minis. Default: 5 / 10 / 15.' })
  @IsOptional()
  @IsInt({ message: 'rules.max_contracts must be an integer' })
  max_contracts?: number;

  @ApiPropertyOptional({ type: 'integer', description: 'Micros allowed per mini of the contract cap. Default: 1 (a micro counts as a full lot; 10 on TopstepX).' })
  @IsOptional()
  @IsInt({ message: 'rules.micro_ratio must be an integer' })
  micro_ratio?: number;

  @ApiPropertyOptional({ type: () => [ScalingTierDto], description: 'Express-stage scaling plan by previous end-of-day profit. Default: 50K: 2 → 3 above $1,500 → 5 above $2,000 (Express stage only; 100K/150K thresholds are placeholders).' })
  @IsOptional()
  @IsArray({ message: 'rules.scaling_tiers must be an array' })
  @ValidateNested({ each: true })
  @Type(() => ScalingTierDto)
  scaling_tiers?: ScalingTierDto[];

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'The best day must stay below this share of the total profit. Default: 0.5 (Combine); null = off.' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'rules.consistency_max_best_day_share must be a number' })
  consistency_max_best_day_share?: number | null;

  @ApiPropertyOptional({ type: Boolean, description: 'Count a best-day share exactly at the limit as a pass. Default: false.' })
  @IsOptional()
  @IsBoolean({ message: 'rules.consistency_allow_equal must be a boolean' })
  consistency_allow_equal?: boolean;

  @ApiPropertyOptional({ type: 'integer', description: 'Sessions with a trade required before a pass. Default: 0.' })
  @IsOptional()
  @IsInt({ message: 'rules.min_trading_days must be an integer' })
  min_trading_days?: number;

  @ApiPropertyOptional({ type: String, example: '08:30', description: 'Positions are forced flat at this time (HH:MM CT) if the time exit has not closed them. Default: 15:10.' })
  @IsOptional()
  @Matches(HHMM, { message: 'rules.flat_by must be a time HH:MM (America/Chicago)' })
  flat_by?: string;

  @ApiPropertyOptional({ type: Boolean, description: 'Keep trading after the pass (the verdict keeps the pass date). Default: false.' })
  @IsOptional()
  @IsBoolean({ message: 'rules.continue_after_pass must be a boolean' })
  continue_after_pass?: boolean;
}

/** The body of both backtest routes; the data fields (`data_provider`, `csv_file`, …) pick the minute bars. */
export class FuturesBacktestRequestDto extends FuturesDataFieldsDto {
  @ApiProperty({ example: 'MES', description: 'ES, MES, NQ, MNQ, YM, MYM, RTY, M2K, CL, MCL, GC or MGC.' })
  @IsString({ message: 'symbol must be a string' })
  symbol: string;

  @ApiProperty({ example: '2024-01-02', description: 'First trading date (America/Chicago).' })
  @Matches(DATE, { message: 'start_date must be a date in the form YYYY-MM-DD' })
  start_date: string;

  @ApiProperty({ example: '2024-03-29', description: 'Last trading date.' })
  @Matches(DATE, { message: 'end_date must be a date in the form YYYY-MM-DD' })
  end_date: string;

  @ApiPropertyOptional({ enum: ACCOUNT_SIZES, default: '50K' })
  @IsOptional()
  @IsIn(ACCOUNT_SIZES, { message: `account_size must be one of ${ACCOUNT_SIZES.join(', ')}` })
  account_size?: AccountSize;

  @ApiPropertyOptional({ enum: ACCOUNT_STAGES, default: 'combine', description: 'combine: Trading Combine; xfa: Express Funded Account (balance starts at $0).' })
  @IsOptional()
  @IsIn(ACCOUNT_STAGES, { message: `stage must be one of ${ACCOUNT_STAGES.join(', ')}` })
  stage?: AccountStage;

  @ApiPropertyOptional({ type: 'integer', default: 100, minimum: 0, maximum: 400, description: 'Calendar days of bars fetched before start_date to warm up the daily indicators (ATR, EMAs, ATR percentile); shortened to fit the provider range limit.' })
  @IsOptional()
  @IsInt({ message: 'warmup_days must be an integer' })
  @Min(0, { message: 'warmup_days must not be less than 0' })
  @Max(400, { message: 'warmup_days must not be greater than 400' })
  warmup_days?: number;

  @ApiPropertyOptional({ type: Number, default: 0, description: 'Annual risk-free rate (fraction) for Sharpe and Sortino.' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'risk_free_rate must be a number' })
  @Min(-0.5, { message: 'risk_free_rate must not be less than -0.5' })
  @Max(1, { message: 'risk_free_rate must not be greater than 1' })
  risk_free_rate?: number;

  @ApiPropertyOptional({ type: 'integer', description: 'Persist the run under this flow (kind futures_backtest), like hedge-fund runs.' })
  @IsOptional()
  @IsInt({ message: 'flow_id must be an integer' })
  @Min(1, { message: 'flow_id must not be less than 1' })
  flow_id?: number;

  @ApiPropertyOptional({ type: () => OrbStrategyDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => OrbStrategyDto)
  strategy?: OrbStrategyDto;

  @ApiPropertyOptional({ type: () => PropFirmRulesDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => PropFirmRulesDto)
  rules?: PropFirmRulesDto;
}
