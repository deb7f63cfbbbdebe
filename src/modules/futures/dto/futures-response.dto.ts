import { ApiProperty } from '@nestjs/swagger';
import { MetricsResponseDto } from '../../metrics/dto/metrics-response.dto';
import { OrbStrategyDto, PropFirmRulesDto } from './futures-backtest-request.dto';

/** A CME contract specification. */
export class ContractSpecResponseDto {
  @ApiProperty({ type: String })
  symbol: string;

  @ApiProperty({ type: String })
  name: string;

  @ApiProperty({ type: String })
  exchange: string;

  @ApiProperty({ type: String, enum: ['equity_index', 'energy', 'metals'] })
  group: string;

  @ApiProperty({ type: Boolean })
  micro: boolean;

  @ApiProperty({ type: Number })
  tick_size: number;

  @ApiProperty({ type: Number })
  tick_value: number;

  @ApiProperty({ type: Number })
  point_value: number;

  @ApiProperty({ type: Number, description: 'Default round-turn fees per contract, USD.' })
  commission_round_turn: number;

  @ApiProperty({ type: 'integer', description: 'Regular-session open, minutes after midnight America/Chicago.' })
  rth_open_minute: number;

  @ApiProperty({ type: 'integer' })
  rth_close_minute: number;

  @ApiProperty({ type: 'integer' })
  globex_open_minute: number;

  @ApiProperty({ type: 'integer' })
  globex_close_minute: number;

}

/** One scaling-plan tier. */
export class ScalingTierResponseDto {
  @ApiProperty({ type: Number })
  min_profit: number;

  @ApiProperty({ type: 'integer' })
  max_contracts: number;

}

/** Topstep numbers of one account size (each can be overridden per run). */
export class AccountPresetResponseDto {
  @ApiProperty({ type: String, enum: ['50K', '100K', '150K'] })
  account_size: string;

  @ApiProperty({ type: Number })
  balance: number;

  @ApiProperty({ type: Number })
  profit_target: number;

  @ApiProperty({ type: Number })
  max_loss_limit: number;

  @ApiProperty({ type: Number })
  daily_loss_limit: number;

  @ApiProperty({ type: 'integer' })
  max_contracts: number;

  @ApiProperty({ type: 'integer', description: 'Default 1: a micro counts as a full lot (10 on TopstepX).' })
  micro_ratio: number;

  @ApiProperty({ type: String, enum: ['eod', 'intraday'] })
  mll_trail_mode: string;

  @ApiProperty({ type: Number })
  consistency_max_best_day_share: number;

  @ApiProperty({ type: String })
  flat_by: string;

  @ApiProperty({ type: Number, description: 'Default risk per trade (0.5 % of the balance).' })
  risk_per_trade_usd: number;

  @ApiProperty({ type: Number, description: 'Default strategy daily stop (1 % of the balance).' })
  max_daily_loss_usd: number;

  @ApiProperty({ type: Number, description: 'Default price of each attempt after the first with attempts reset (list price of a new Combine, May 2024).' })
  reset_fee: number;

  @ApiProperty({ type: () => [ScalingTierResponseDto], description: 'Express-stage scaling plan (100K/150K thresholds are placeholders).' })
  scaling_tiers: ScalingTierResponseDto[];

}

/** The resolved prop-firm rules of a run: the overrides plus the account they apply to. */
export class AccountRulesResponseDto extends PropFirmRulesDto {
  @ApiProperty({ type: String, enum: ['50K', '100K', '150K', 'none'] })
  account_size: string;

  @ApiProperty({ type: String, nullable: true, enum: ['combine', 'xfa'], description: 'Null with account_size none.' })
  stage: string | null;

  @ApiProperty({ type: Number, description: 'Combine: the account size; Express: 0; none: a notional 50,000.' })
  start_balance: number;
}

/** Would the account pass? */
export class FuturesVerdictResponseDto {
  @ApiProperty({ type: String, enum: ['passed', 'failed', 'in_progress', 'not_applicable'], description: 'not_applicable: account_size none (no prop-firm rules).' })
  status: string;

  @ApiProperty({ type: String, nullable: true, enum: ['max_loss_limit'] })
  rule: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Trading date of the pass or the failure.' })
  date: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'ISO time with the Chicago offset.' })
  time: string | null;

  @ApiProperty({ type: String })
  detail: string;

}

/** One row of the rules table. */
export class RuleCheckResponseDto {
  @ApiProperty({ type: String })
  rule: string;

  @ApiProperty({ type: String })
  description: string;

  @ApiProperty({ oneOf: [{ type: 'number' }, { type: 'string' }], nullable: true, description: 'The rule\'s limit: money, a share, a count, an HH:MM time (flat_by), or null when the rule is off.' })
  limit: number | string | null;

  @ApiProperty({ oneOf: [{ type: 'number' }, { type: 'string' }], nullable: true, description: 'The run\'s value for the rule (see the description), or null when undefined.' })
  value: number | string | null;

  @ApiProperty({ type: String, enum: ['met', 'not_met', 'ok', 'breached', 'soft_breached', 'off'] })
  status: string;

}

/** Dashboard counters (reference §3.3). */
export class FuturesCountersResponseDto {
  @ApiProperty({ type: 'integer', description: 'RTH sessions with every opening-range bar present.' })
  sessions_evaluated: number;

  @ApiProperty({ type: 'integer', description: 'Sessions passing the OR width filter.' })
  or_valid_days: number;

  @ApiProperty({ type: 'integer' })
  opening_range_breaks: number;

  @ApiProperty({ type: 'integer' })
  opening_range_breaks_up: number;

  @ApiProperty({ type: 'integer' })
  opening_range_breaks_down: number;

  @ApiProperty({ type: 'integer', description: 'Breaks every enabled regime filter allowed.' })
  regime_filter_passes: number;

  @ApiProperty({ type: 'integer' })
  trend_pass: number;

  @ApiProperty({ type: 'integer' })
  vol_pass: number;

  @ApiProperty({ type: 'integer' })
  gap_pass: number;

  @ApiProperty({ type: 'integer' })
  vwap_pass: number;

  @ApiProperty({ type: 'integer' })
  regime_blocks: number;

  @ApiProperty({ type: 'integer' })
  pullback_setups: number;

  @ApiProperty({ type: 'integer' })
  pullback_entries: number;

  @ApiProperty({ type: 'integer' })
  pullback_expired: number;

  @ApiProperty({ type: 'integer' })
  pullback_invalidated: number;

  @ApiProperty({ type: 'integer', description: 'Armed orders dropped for another reason (size < 1 contract, DLL breach).' })
  pullback_cancelled: number;

  @ApiProperty({ type: 'integer' })
  breakout_entries: number;

  @ApiProperty({ type: 'integer' })
  entries_skipped_size: number;

  @ApiProperty({ type: 'integer' })
  signals_skipped_busy: number;

  @ApiProperty({ type: 'integer' })
  daily_trade_limit_hits: number;

  @ApiProperty({ type: 'integer' })
  signals_blocked_by_daily_limit: number;

  @ApiProperty({ type: 'integer' })
  signals_blocked_by_dll: number;

  @ApiProperty({ type: 'integer' })
  mll_breaches: number;

  @ApiProperty({ type: 'integer' })
  dll_soft_breaches: number;

  @ApiProperty({ type: 'integer' })
  flat_by_forced_exits: number;

  @ApiProperty({ type: Number, nullable: true })
  best_day_share: number | null;

}

/** A closed trade. */
export class FuturesTradeResponseDto {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: 'integer', description: 'The account attempt (1, 2, … with attempts reset).' })
  attempt: number;

  @ApiProperty({ type: String })
  session_date: string;

  @ApiProperty({ type: String, enum: ['long', 'short'] })
  direction: string;

  @ApiProperty({ type: String })
  entry_mode: string;

  @ApiProperty({ type: 'integer' })
  contracts: number;

  @ApiProperty({ type: String })
  entry_time: string;

  @ApiProperty({ type: Number })
  entry_price: number;

  @ApiProperty({ type: Number })
  stop_price: number;

  @ApiProperty({ type: Number })
  target_price: number;

  @ApiProperty({ type: String })
  exit_time: string;

  @ApiProperty({ type: Number })
  exit_price: number;

  @ApiProperty({ type: String, enum: ['stop', 'target', 'time_exit', 'flat_by', 'daily_loss_limit', 'max_loss_limit', 'session_end'] })
  exit_reason: string;

  @ApiProperty({ type: Number })
  risk_usd: number;

  @ApiProperty({ type: Number })
  gross_pnl: number;

  @ApiProperty({ type: Number })
  commission: number;

  @ApiProperty({ type: Number })
  pnl: number;

  @ApiProperty({ type: Number })
  r_multiple: number;

}

/** One simulated session. */
export class FuturesSessionResponseDto {
  @ApiProperty({ type: String })
  date: string;

  @ApiProperty({ type: 'integer', description: 'The account attempt; a new attempt starts at the start balance.' })
  attempt: number;

  @ApiProperty({ type: Number })
  pnl: number;

  @ApiProperty({ type: Number })
  balance: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Maximum-loss-limit floor at the session end; null without an account (account_size none).' })
  mll_floor: number | null;

  @ApiProperty({ type: 'integer' })
  trades: number;

  @ApiProperty({ type: 'integer', nullable: true, description: 'Contracts allowed this session; null without a cap (account_size none).' })
  max_contracts: number | null;

  @ApiProperty({ type: Boolean })
  dll_soft_breach: boolean;

  @ApiProperty({ type: Boolean })
  daily_limit_hit: boolean;

}

/** Requested and simulated range. */
export class FuturesPeriodResponseDto {
  @ApiProperty({ type: String, nullable: true })
  start_date: string | null;

  @ApiProperty({ type: String, nullable: true })
  end_date: string | null;

  @ApiProperty({ type: String, nullable: true })
  first_session: string | null;

  @ApiProperty({ type: String, nullable: true })
  last_session: string | null;

  @ApiProperty({ type: 'integer' })
  sessions_in_range: number;

  @ApiProperty({ type: 'integer', description: 'Fewer than in range when the run stopped at a failure or a pass.' })
  sessions_simulated: number;

}

/** The smallest cushion between equity (open P&L at each bar's worst price, after fees) and the maximum-loss-limit floor. */
export class CushionResponseDto {
  @ApiProperty({ type: Number, description: 'USD; negative when the account went through the floor.' })
  amount: number;

  @ApiProperty({ type: String, description: 'Trading date.' })
  date: string;

  @ApiProperty({ type: String, description: 'ISO time of the bar with the Chicago offset.' })
  time: string;
}

/** One account attempt, from its first session to its pass, its failure, or the end of the range. */
export class FuturesAttemptResponseDto {
  @ApiProperty({ type: 'integer' })
  attempt: number;

  @ApiProperty({ type: String })
  start_date: string;

  @ApiProperty({ type: String })
  end_date: string;

  @ApiProperty({ type: String, enum: ['passed', 'failed', 'open'] })
  outcome: string;

  @ApiProperty({ type: String, nullable: true, description: 'Trading date of the pass or the failure.' })
  outcome_date: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'ISO time with the Chicago offset of the pass (session end) or the failure.' })
  outcome_time: string | null;

  @ApiProperty({ type: 'integer' })
  sessions: number;

  @ApiProperty({ type: 'integer' })
  trading_days: number;

  @ApiProperty({ type: 'integer' })
  trades: number;

  @ApiProperty({ type: Number })
  net_pnl: number;

  @ApiProperty({ type: Number })
  end_balance: number;

  @ApiProperty({ type: () => CushionResponseDto, nullable: true })
  min_cushion: CushionResponseDto | null;

  @ApiProperty({ type: Number, description: 'Fee paid to start this attempt: 0 for the first.' })
  reset_fee: number;
}

/** One minute-bar file the run read. */
export class FuturesDataFileResponseDto {
  @ApiProperty({ type: String, description: 'The file as the request named it (inside the market-data directory).' })
  name: string;

  @ApiProperty({ type: String, enum: ['ninjatrader', 'tradingview', 'databento', 'generic'], description: 'The format read (detected, or forced by csv_format).' })
  format: string;

  @ApiProperty({ type: String, enum: ['open', 'close'], description: 'Which end of its minute each stamp marks.' })
  stamp: string;

  @ApiProperty({ type: String, nullable: true, description: 'Zone applied to stamps written without one (tz, or the format\'s default); null when every stamp carried its own.' })
  time_zone: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The contract read from the file (a multi-contract file, or one file of a rolled series); null when the file names none.' })
  contract: string | null;

  @ApiProperty({ type: 'integer', description: 'Lines read as bars.' })
  rows: number;
}

/** One contract's stretch of a continuous series. */
export class FuturesDataSegmentResponseDto {
  @ApiProperty({ type: String, example: 'ESM4' })
  contract: string;

  @ApiProperty({ type: String, format: 'date' })
  last_trading_day: string;

  @ApiProperty({ type: String, format: 'date', description: 'First trade date taken from this contract.' })
  first_date: string;

  @ApiProperty({ type: String, format: 'date' })
  last_date: string;

  @ApiProperty({ type: 'integer' })
  sessions: number;

  @ApiProperty({ type: Number, description: 'Points added to this segment\'s prices by the back-adjustment (0 for the last segment, and without back-adjustment).' })
  adjustment: number;
}

/** One roll of a continuous series. */
export class FuturesDataRollResponseDto {
  @ApiProperty({ type: String, format: 'date', description: 'First trade date on the new contract.' })
  date: string;

  @ApiProperty({ type: String, example: 'ESH4' })
  from: string;

  @ApiProperty({ type: String, example: 'ESM4' })
  to: string;

  @ApiProperty({ type: Number, description: 'New minus old close at the last minute both traded before the roll, points.' })
  gap: number;

  @ApiProperty({ type: String, format: 'date-time', description: 'That minute (bar open, UTC).' })
  measured_at: string;
}

/** How per-contract files were spliced into the series the run traded. */
export class FuturesDataContinuousResponseDto {
  @ApiProperty({ type: String, enum: ['volume', 'days_before_expiry'] })
  roll: string;

  @ApiProperty({ type: 'integer', nullable: true, description: 'Trading days before expiry of a days_before_expiry roll; null for volume.' })
  roll_days: number | null;

  @ApiProperty({ type: String, enum: ['none', 'difference'] })
  back_adjust: string;

  @ApiProperty({ type: () => [FuturesDataSegmentResponseDto] })
  segments: FuturesDataSegmentResponseDto[];

  @ApiProperty({ type: () => [FuturesDataRollResponseDto] })
  rolls: FuturesDataRollResponseDto[];
}

/** A date of the range the exchange calendar skipped or shortened. */
export class FuturesCalendarDayResponseDto {
  @ApiProperty({ type: String, format: 'date' })
  date: string;

  @ApiProperty({ type: String, enum: ['closed', 'holiday_halt', 'early_close'], description: 'closed and holiday_halt: no regular session (skipped); early_close: shortened, flat-by moved to the close.' })
  kind: string;

  @ApiProperty({ type: String, nullable: true, example: '12:15', description: 'When trading stopped (America/Chicago, HH:MM); null when closed.' })
  close_time: string | null;

  @ApiProperty({ type: String, example: 'Thanksgiving (Friday)' })
  event: string;

  @ApiProperty({ type: Boolean, description: 'The time or the closure comes from one source only (see docs/futures.md): verify it, or correct it with calendar_overrides.' })
  unconfirmed: boolean;
}

/** Which data the run used. */
export class FuturesDataResponseDto {
  @ApiProperty({ type: String, enum: ['synthetic', 'csv', 'financialdatasets'], description: 'The market-data provider.' })
  provider: string;

  @ApiProperty({ type: Boolean, description: 'True for the built-in generator: not market history.' })
  synthetic: boolean;

  @ApiProperty({ type: String, example: 'MES' })
  symbol: string;

  @ApiProperty({ type: () => [FuturesDataFileResponseDto], description: 'The files read ([] for synthetic bars).' })
  files: FuturesDataFileResponseDto[];

  @ApiProperty({ type: () => FuturesDataContinuousResponseDto, nullable: true, description: 'Per-contract files rolled into one series; null otherwise.' })
  continuous: FuturesDataContinuousResponseDto | null;

  @ApiProperty({ type: String, enum: ['cme', 'none'], description: 'The exchange calendar applied to the sessions.' })
  calendar: string;

  @ApiProperty({ type: () => [FuturesCalendarDayResponseDto], description: 'The dates of start_date … end_date whose sessions in the data the calendar skipped or shortened, in order (a holiday the data has no bars for is not listed).' })
  calendar_days: FuturesCalendarDayResponseDto[];
}

/** The report of a futures backtest. */
export class FuturesReportResponseDto {
  @ApiProperty({ type: String })
  symbol: string;

  @ApiProperty({ type: () => ContractSpecResponseDto })
  contract: ContractSpecResponseDto;

  @ApiProperty({ type: () => AccountRulesResponseDto, description: 'The resolved prop-firm rules (every field present).' })
  account: AccountRulesResponseDto;

  @ApiProperty({ type: () => OrbStrategyDto, description: 'The resolved strategy parameters (every field present, preset applied).' })
  strategy: OrbStrategyDto;

  @ApiProperty({ type: () => FuturesPeriodResponseDto })
  period: FuturesPeriodResponseDto;

  @ApiProperty({ type: () => FuturesVerdictResponseDto })
  verdict: FuturesVerdictResponseDto;

  @ApiProperty({ type: () => [RuleCheckResponseDto] })
  rules: RuleCheckResponseDto[];

  @ApiProperty({ type: () => FuturesCountersResponseDto })
  counters: FuturesCountersResponseDto;

  @ApiProperty({ type: () => MetricsResponseDto, description: 'The metrics engine report (as POST /metrics answers it) over the daily equity (account size + P&L) and the trades.' })
  metrics: MetricsResponseDto;

  @ApiProperty({ type: String, enum: ['single', 'reset'], description: 'single: one account, the run stops at its pass or failure; reset: a fresh account on the next session after each.' })
  attempts_mode: string;

  @ApiProperty({ type: Number, description: 'USD charged for each attempt after the first.' })
  reset_fee: number;

  @ApiProperty({ type: () => [FuturesAttemptResponseDto], description: 'Every account attempt (one unless attempts_mode is reset).' })
  attempts: FuturesAttemptResponseDto[];

  @ApiProperty({ type: Number, description: 'Reset fees paid over the run.' })
  reset_fees: number;

  @ApiProperty({ type: () => CushionResponseDto, nullable: true, description: 'Smallest cushion to the maximum-loss-limit floor over the run; null without a floor.' })
  min_cushion: CushionResponseDto | null;

  @ApiProperty({ type: Number, description: 'The start balance of an account (each attempt starts there).' })
  start_balance: number;

  @ApiProperty({ type: Number, description: 'Balance of the last attempt\'s account.' })
  final_balance: number;

  @ApiProperty({ type: Number, description: 'Net P&L of every trade of every attempt.' })
  net_pnl: number;

  @ApiProperty({ type: Number, description: 'net_pnl − reset_fees.' })
  net_pnl_after_fees: number;

  @ApiProperty({ type: 'integer' })
  bars_processed: number;

  @ApiProperty({ type: String, description: 'Where the minute bars came from (synthetic data is labelled so).' })
  data_source: string;

  @ApiProperty({ type: () => FuturesDataResponseDto, description: 'Which data the run used: provider, files and formats, rolls of a continuous series, calendar days skipped or shortened.' })
  data: FuturesDataResponseDto;

  @ApiProperty({ type: Number, nullable: true, description: 'Flow run id when the request named a flow_id.' })
  run_id: number | null;

  @ApiProperty({ type: () => [FuturesSessionResponseDto] })
  sessions: FuturesSessionResponseDto[];

  @ApiProperty({ type: () => [FuturesTradeResponseDto] })
  trades: FuturesTradeResponseDto[];

}
