import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow, IsInt, IsNumber, IsOptional, Max, Min } from 'class-validator';
import { FuturesDataFieldsDto } from './futures-data-fields.dto';
import {
  ACCOUNT_CHOICES,
  ACCOUNT_STAGES,
  type AccountChoice,
  type AccountStage,
  ENTRY_MODES,
  type EntryMode,
  MLL_TRAIL_MODES,
  type MllTrailMode,
  type RawParams,
  STOP_MODES,
  type StopMode,
  STRATEGY_PRESETS,
  type StrategyPreset,
  TARGET_MODES,
  type TargetMode,
} from '../../../engine';

// The engine fields of the body (symbol, dates, account, stage, strategy, rules) are checked by the
// engine's resolveFuturesConfig in one pass: unknown keys in strategy and rules, types, ranges and the
// rules between fields, every bad field in one 422. The classes below document them for OpenAPI.

export class ScalingTierDto {
  @ApiProperty({ description: 'The tier applies once the previous end-of-day profit is above this (the first tier always).' })
  min_profit: number;

  @ApiProperty({ type: 'integer' })
  max_contracts: number;
}

/** ORB strategy parameters (reference §3.2); every one optional with its default (null or omitted = default). Unknown keys are a 422. */
export class OrbStrategyDto {
  @ApiPropertyOptional({ enum: STRATEGY_PRESETS, nullable: true, description: 'Start from a named parameter set; explicit parameters override its values. classic_orb: the textbook opening-range breakout (see docs/futures.md). Default: none.' })
  preset?: StrategyPreset | null;

  @ApiPropertyOptional({ type: 'integer', description: 'Length of the opening range in 1-minute bars. Default: 15.' })
  opening_range_minutes?: number;

  @ApiPropertyOptional({ type: String, example: '08:30', description: 'First minute of the opening range (HH:MM, America/Chicago). Default: the contract\'s regular-session open (08:30 equity index, 08:00 CL/MCL, 07:20 GC/MGC).' })
  opening_range_start?: string;

  @ApiPropertyOptional({ type: 'integer', description: 'Wilder ATR period over completed regular-session daily bars. Default: 14.' })
  atr_period?: number;

  @ApiPropertyOptional({ type: Boolean, description: 'Trade only when 0.10 ≤ ORW/ATR ≤ 0.50 and ORW ≥ or_min_ticks (a day without ATR history is not valid). Default: true.' })
  width_filter?: boolean;

  @ApiPropertyOptional({ type: Number, description: 'Lower bound of ORW / ATR. Default: 0.10.' })
  or_atr_min?: number;

  @ApiPropertyOptional({ type: Number, description: 'Upper bound of ORW / ATR. Default: 0.50.' })
  or_atr_max?: number;

  @ApiPropertyOptional({ type: 'integer', description: 'Minimum opening-range width in ticks. Default: 4.' })
  or_min_ticks?: number;

  @ApiPropertyOptional({ type: Boolean, description: 'Long only if the prior RTH close > EMA(slow) of daily closes and EMA(fast) > EMA(slow); short mirrored. Default: true.' })
  trend_filter?: boolean;

  @ApiPropertyOptional({ type: 'integer', description: 'Fast daily EMA period. Default: 20.' })
  trend_ema_fast?: number;

  @ApiPropertyOptional({ type: 'integer', description: 'Slow daily EMA period. Default: 50.' })
  trend_ema_slow?: number;

  @ApiPropertyOptional({ type: Boolean, description: 'Percentile rank of ATR over the last vol_lookback sessions must lie in [vol_pct_min, vol_pct_max]. Default: true.' })
  volatility_filter?: boolean;

  @ApiPropertyOptional({ type: 'integer', description: 'Sessions in the percentile window. Default: 252.' })
  vol_lookback?: number;

  @ApiPropertyOptional({ type: 'integer', description: 'ATR values needed before the filter can pass. Default: 20.' })
  vol_min_history?: number;

  @ApiPropertyOptional({ type: Number, description: 'Lowest allowed percentile. Default: 10.' })
  vol_pct_min?: number;

  @ApiPropertyOptional({ type: Number, description: 'Highest allowed percentile. Default: 90.' })
  vol_pct_max?: number;

  @ApiPropertyOptional({ type: Boolean, description: 'Skip the day when |RTH open − prior RTH close| > gap_atr_max × ATR. Default: true.' })
  gap_filter?: boolean;

  @ApiPropertyOptional({ type: Number, description: 'Largest gap as a multiple of ATR. Default: 0.75.' })
  gap_atr_max?: number;

  @ApiPropertyOptional({ type: Boolean, description: 'The break bar must close on the trade\'s side of the session VWAP (from the RTH open). Default: true.' })
  vwap_filter?: boolean;

  @ApiPropertyOptional({ type: 'integer', description: 'A break is a close beyond ORH/ORL by more than this many ticks; the pullback limit sits this many ticks beyond the range. Default: 1.' })
  break_ticks?: number;

  @ApiPropertyOptional({ enum: ENTRY_MODES, description: 'breakout: market at the next open; pullback: limit at ORH+1 tick (ORL−1 tick) filled on a trade-through; pullback_vwap: limit at VWAP; pullback_ema: limit at the EMA of 1-minute closes. Default: pullback.' })
  entry_mode?: EntryMode;

  @ApiPropertyOptional({ type: 'integer', description: 'Bars a pullback order stays live after the break. Default: 30.' })
  pullback_bars?: number;

  @ApiPropertyOptional({ type: 'integer', description: 'EMA period of 1-minute closes for pullback_ema. Default: 20.' })
  pullback_ema_period?: number;

  @ApiPropertyOptional({ type: String, example: '08:30', description: 'No break or entry before this time (HH:MM CT). Default: the opening-range end (08:45).' })
  entry_window_start?: string;

  @ApiPropertyOptional({ type: String, example: '08:30', description: 'No break or entry from this time on; live orders are cancelled. Default: RTH open + 150 min (11:00 equity index).' })
  entry_window_end?: string;

  @ApiPropertyOptional({ enum: STOP_MODES, description: 'midpoint: stop at the OR midpoint ∓ stop_offset_ticks; range_opposite: at the other side of the range ∓ stop_offset_ticks. Default: midpoint.' })
  stop_mode?: StopMode;

  @ApiPropertyOptional({ type: 'integer', description: 'Stop this many ticks beyond its base (below for a long, above for a short); 1R = |entry − stop|. Default: 1.' })
  stop_offset_ticks?: number;

  @ApiPropertyOptional({ enum: TARGET_MODES, description: 'r_multiple: target at entry ± target_r × R; range_multiple: at the broken side ± target_range_multiple × range height. Default: r_multiple.' })
  target_mode?: TargetMode;

  @ApiPropertyOptional({ type: Number, description: 'Target at entry ± target_r × R (must be > 0, or the target would be on the stop side). Default: 2.' })
  target_r?: number;

  @ApiPropertyOptional({ type: Number, description: 'Range heights beyond the broken side (target_mode range_multiple). Default: 2.' })
  target_range_multiple?: number;

  @ApiPropertyOptional({ type: String, example: '08:30', description: 'Flat at the open of this minute (HH:MM CT). Default: RTH close − 5 min (14:55 equity index).' })
  time_exit?: string;

  @ApiPropertyOptional({ type: 'integer', description: 'Daily trade limit: entries per session. Default: 2.' })
  max_trades_per_day?: number;

  @ApiPropertyOptional({ type: Boolean, description: 'At most one long and one short per session. Default: true.' })
  one_trade_per_direction?: boolean;

  @ApiPropertyOptional({ type: Boolean, description: 'After a flat, a later close beyond the range enters again (breaks are looked for only while flat with no working order), up to max_trades_per_day. Default: false (each side breaks once a session).' })
  reentry?: boolean;

  @ApiPropertyOptional({ type: 'integer', description: 'Stop for the day after this many losing trades. Default: 2.' })
  max_losses_per_day?: number;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Stop for the day once the realized day P&L is at or below −this; null = no such stop. Default: 1 % of the account size ($500 on 50K).' })
  max_daily_loss_usd?: number | null;

  @ApiPropertyOptional({ type: Number, description: 'contracts = floor(risk / (R points × point value)), capped by the account; skipped if < 1. Default: 0.5 % of the account size ($250 on 50K).' })
  risk_per_trade_usd?: number;

  @ApiPropertyOptional({ type: 'integer', nullable: true, description: 'Trade this many contracts instead of risk sizing (still capped by the account). Default: null (risk sizing).' })
  fixed_contracts?: number | null;

  @ApiPropertyOptional({ type: Number, description: 'Ticks of slippage on market and stop fills (none on limit fills). Default: 1.' })
  slippage_ticks?: number;

  @ApiPropertyOptional({ type: Number, description: 'Round-turn commission and fees per contract, USD. Default: the contract\'s ($5.00 minis, $1.50 micros).' })
  commission_round_turn?: number;
}

/** Prop-firm rule overrides (reference §1.9); defaults come from the account size and stage. */
export class PropFirmRulesDto {
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Net profit needed to pass. Default: 3,000 / 6,000 / 9,000 (Combine; none in the Express stage).' })
  profit_target?: number | null;

  @ApiPropertyOptional({ type: Number, description: 'Trailing maximum loss limit: the floor sits this far under the high-water mark and locks at the start balance. Default: 2,000 / 3,000 / 4,500 (null in a report with account_size none).' })
  max_loss_limit?: number | null;

  @ApiPropertyOptional({ enum: MLL_TRAIL_MODES, description: 'eod: the floor trails end-of-day balances; intraday: it trails the peak equity including open P&L. Default: eod.' })
  mll_trail_mode?: MllTrailMode;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Soft breach: flatten and stop for the day at −this (realized + open P&L vs the prior end-of-day balance). Default: 1,000 / 2,000 / 3,000; null = off (TopstepX).' })
  daily_loss_limit?: number | null;

  @ApiPropertyOptional({ type: 'integer', description: 'Maximum open contracts in minis. Default: 5 / 10 / 15 (null in a report with account_size none: no cap).' })
  max_contracts?: number | null;

  @ApiPropertyOptional({ type: 'integer', description: 'Micros allowed per mini of the contract cap. Default: 1 (a micro counts as a full lot; 10 on TopstepX).' })
  micro_ratio?: number;

  @ApiPropertyOptional({ type: () => [ScalingTierDto], description: 'Express-stage scaling plan by previous end-of-day profit. Default: 50K: 2 → 3 above $1,500 → 5 above $2,000 (Express stage only; 100K/150K thresholds are placeholders).' })
  scaling_tiers?: ScalingTierDto[];

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'The best day must stay below this share of the total profit. Default: 0.5 (Combine); null = off.' })
  consistency_max_best_day_share?: number | null;

  @ApiPropertyOptional({ type: Boolean, description: 'Count a best-day share exactly at the limit as a pass. Default: false.' })
  consistency_allow_equal?: boolean;

  @ApiPropertyOptional({ type: 'integer', description: 'Sessions with a trade required before a pass. Default: 0.' })
  min_trading_days?: number;

  @ApiPropertyOptional({ type: String, example: '08:30', description: 'Positions are forced flat at this time (HH:MM CT) if the time exit has not closed them. Default: 15:10 (null in a report with account_size none).' })
  flat_by?: string | null;

  @ApiPropertyOptional({ type: Boolean, description: 'Keep trading after the pass (the verdict keeps the pass date). Default: false.' })
  continue_after_pass?: boolean;
}

/** The body of both backtest routes; the data fields (`data_provider`, `csv_file`, …) pick the minute bars. */
export class FuturesBacktestRequestDto extends FuturesDataFieldsDto {
  @ApiProperty({ type: String, example: 'MES', description: 'ES, MES, NQ, MNQ, YM, MYM, RTY, M2K, CL, MCL, GC or MGC.' })
  @Allow()
  symbol: unknown;

  @ApiProperty({ type: String, example: '2024-01-02', description: 'First trading date (America/Chicago), YYYY-MM-DD.' })
  @Allow()
  start_date: unknown;

  @ApiProperty({ type: String, example: '2024-03-29', description: 'Last trading date, YYYY-MM-DD.' })
  @Allow()
  end_date: unknown;

  @ApiPropertyOptional({ enum: ACCOUNT_CHOICES, default: '50K', description: 'Prop-firm account size, or none: no prop-firm rules at all (pure strategy research; `rules` must then be empty).' })
  @Allow()
  account_size?: AccountChoice | null;

  @ApiPropertyOptional({ enum: ACCOUNT_STAGES, default: 'combine', description: 'combine: Trading Combine; xfa: Express Funded Account (balance starts at $0).' })
  @Allow()
  stage?: AccountStage | null;

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

  @ApiPropertyOptional({ type: () => OrbStrategyDto, description: 'Strategy parameters; an unknown key is a 422 naming it.' })
  @Allow()
  strategy?: RawParams | null;

  @ApiPropertyOptional({ type: () => PropFirmRulesDto, description: 'Prop-firm rule overrides; an unknown key is a 422 naming it.' })
  @Allow()
  rules?: RawParams | null;
}
