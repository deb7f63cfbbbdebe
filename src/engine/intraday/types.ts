import type { CalendarName } from './cme-calendar';
import type { ContractSpec, ContractSymbol } from './contracts';

export type EntryMode = 'breakout' | 'pullback' | 'pullback_vwap' | 'pullback_ema';
export const ENTRY_MODES: readonly EntryMode[] = ['breakout', 'pullback', 'pullback_vwap', 'pullback_ema'];

export type StopMode = 'midpoint' | 'range_opposite';
export const STOP_MODES: readonly StopMode[] = ['midpoint', 'range_opposite'];
export type TargetMode = 'r_multiple' | 'range_multiple';
export const TARGET_MODES: readonly TargetMode[] = ['r_multiple', 'range_multiple'];
export type StrategyPreset = 'classic_orb';
export const STRATEGY_PRESETS: readonly StrategyPreset[] = ['classic_orb'];

export type AccountSize = '50K' | '100K' | '150K';
export const ACCOUNT_SIZES: readonly AccountSize[] = ['50K', '100K', '150K'];
/** A prop-firm account size, or `none`: no prop-firm rules at all (pure strategy research). */
export type AccountChoice = AccountSize | 'none';
export const ACCOUNT_CHOICES: readonly AccountChoice[] = [...ACCOUNT_SIZES, 'none'];
export type AccountStage = 'combine' | 'xfa';
export const ACCOUNT_STAGES: readonly AccountStage[] = ['combine', 'xfa'];
export type MllTrailMode = 'eod' | 'intraday';
export const MLL_TRAIL_MODES: readonly MllTrailMode[] = ['eod', 'intraday'];

/** ORB strategy parameters (reference §3.2); times are `HH:MM` in America/Chicago. */
export interface OrbParams {
  /** The preset the parameters started from (explicit parameters override its values), or null. */
  readonly preset: StrategyPreset | null;
  readonly opening_range_minutes: number;
  readonly opening_range_start: string;
  readonly atr_period: number;
  readonly width_filter: boolean;
  readonly or_atr_min: number;
  readonly or_atr_max: number;
  readonly or_min_ticks: number;
  readonly trend_filter: boolean;
  readonly trend_ema_fast: number;
  readonly trend_ema_slow: number;
  readonly volatility_filter: boolean;
  readonly vol_lookback: number;
  readonly vol_min_history: number;
  readonly vol_pct_min: number;
  readonly vol_pct_max: number;
  readonly gap_filter: boolean;
  readonly gap_atr_max: number;
  readonly vwap_filter: boolean;
  readonly break_ticks: number;
  readonly entry_mode: EntryMode;
  readonly pullback_bars: number;
  readonly pullback_ema_period: number;
  readonly entry_window_start: string;
  readonly entry_window_end: string;
  /** `midpoint`: ORM ∓ offset; `range_opposite`: the other side of the range ∓ offset. */
  readonly stop_mode: StopMode;
  readonly stop_offset_ticks: number;
  /** `r_multiple`: entry ± target_r × R; `range_multiple`: the broken side ± target_range_multiple × range height. */
  readonly target_mode: TargetMode;
  readonly target_r: number;
  readonly target_range_multiple: number;
  readonly time_exit: string;
  readonly max_trades_per_day: number;
  readonly one_trade_per_direction: boolean;
  /** After a flat, a later close beyond the range is a new break (up to max_trades_per_day). */
  readonly reentry: boolean;
  readonly max_losses_per_day: number;
  /** Null: no realized-loss stop for the day. */
  readonly max_daily_loss_usd: number | null;
  readonly risk_per_trade_usd: number;
  /** A fixed size instead of risk sizing (still capped by the account), or null. */
  readonly fixed_contracts: number | null;
  readonly slippage_ticks: number;
  readonly commission_round_turn: number;
}

export interface ScalingTier {
  /** The tier applies once the end-of-day profit (balance − start) is above this (the first tier always). */
  readonly min_profit: number;
  readonly max_contracts: number;
}

/** Prop-firm account rules (reference §1.9). Money in USD. */
export interface PropFirmRules {
  readonly account_size: AccountChoice;
  /** Null with account_size none. */
  readonly stage: AccountStage | null;
  readonly start_balance: number;
  /** Null in the Express stage (no target). */
  readonly profit_target: number | null;
  /** Null with account_size none (no floor). */
  readonly max_loss_limit: number | null;
  readonly mll_trail_mode: MllTrailMode;
  /** Null switches the daily loss limit off (TopstepX since 2024-08-25). */
  readonly daily_loss_limit: number | null;
  /** Maximum open contracts in minis; a micro counts 1/micro_ratio of a lot. Null: no cap (account_size none). */
  readonly max_contracts: number | null;
  readonly micro_ratio: number;
  /** Empty outside the Express stage. */
  readonly scaling_tiers: readonly ScalingTier[];
  /** Null switches the consistency target off. */
  readonly consistency_max_best_day_share: number | null;
  readonly consistency_allow_equal: boolean;
  readonly min_trading_days: number;
  /** Null: no flat-by time (account_size none; the strategy's time exit still applies). */
  readonly flat_by: string | null;
  /** Keep trading after the target is reached (the verdict stays `passed`). */
  readonly continue_after_pass: boolean;
}

export type ExitReason = 'stop' | 'target' | 'time_exit' | 'flat_by' | 'daily_loss_limit' | 'max_loss_limit' | 'session_end';

export interface FuturesTrade {
  readonly id: number;
  readonly session_date: string;
  readonly direction: 'long' | 'short';
  readonly entry_mode: EntryMode;
  readonly contracts: number;
  readonly entry_time: string;
  readonly entry_price: number;
  readonly stop_price: number;
  readonly target_price: number;
  readonly exit_time: string;
  readonly exit_price: number;
  readonly exit_reason: ExitReason;
  /** Initial risk: |entry − stop| × point value × contracts. */
  readonly risk_usd: number;
  readonly gross_pnl: number;
  readonly commission: number;
  readonly pnl: number;
  readonly r_multiple: number;
}

export interface FuturesSessionRow {
  readonly date: string;
  readonly pnl: number;
  readonly balance: number;
  /** Null without a maximum loss limit (account_size none). */
  readonly mll_floor: number | null;
  readonly trades: number;
  /** Contracts allowed this session; null without a cap (account_size none). */
  readonly max_contracts: number | null;
  readonly dll_soft_breach: boolean;
  readonly daily_limit_hit: boolean;
}

export interface FuturesCounters {
  sessions_evaluated: number;
  or_valid_days: number;
  opening_range_breaks: number;
  opening_range_breaks_up: number;
  opening_range_breaks_down: number;
  regime_filter_passes: number;
  trend_pass: number;
  vol_pass: number;
  gap_pass: number;
  vwap_pass: number;
  regime_blocks: number;
  pullback_setups: number;
  pullback_entries: number;
  pullback_expired: number;
  pullback_invalidated: number;
  pullback_cancelled: number;
  breakout_entries: number;
  entries_skipped_size: number;
  signals_skipped_busy: number;
  daily_trade_limit_hits: number;
  signals_blocked_by_daily_limit: number;
  signals_blocked_by_dll: number;
  mll_breaches: number;
  dll_soft_breaches: number;
  flat_by_forced_exits: number;
  best_day_share: number | null;
}

/** `not_applicable`: account_size none, no prop-firm rules to pass or fail. */
export type VerdictStatus = 'passed' | 'failed' | 'in_progress' | 'not_applicable';

export interface FuturesVerdict {
  readonly status: VerdictStatus;
  /** The rule that failed the account, when failed. */
  readonly rule: 'max_loss_limit' | null;
  /** Trading date and Chicago time of the pass or the failure. */
  readonly date: string | null;
  readonly time: string | null;
  readonly detail: string;
}

export type RuleStatus = 'met' | 'not_met' | 'ok' | 'breached' | 'soft_breached' | 'off';

export interface RuleCheck {
  readonly rule: string;
  readonly description: string;
  readonly limit: number | string | null;
  readonly value: number | string | null;
  readonly status: RuleStatus;
}

export interface FuturesBacktestConfig {
  readonly symbol: ContractSymbol;
  readonly contract: ContractSpec;
  /** Trading dates (America/Chicago); earlier sessions only warm the daily indicators up. */
  readonly start_date: string | null;
  readonly end_date: string | null;
  readonly strategy: OrbParams;
  readonly rules: PropFirmRules;
  /** Exchange calendar shaping the sessions: `cme` (holidays skipped, early closes shortened) or `none`. */
  readonly calendar: CalendarName;
  /** Corrections of single dates: `YYYY-MM-DD=closed|regular|HH:MM` (early close, CT). */
  readonly calendar_overrides: readonly string[];
}

export interface FuturesBacktestResult {
  readonly config: FuturesBacktestConfig;
  readonly verdict: FuturesVerdict;
  readonly rules_table: readonly RuleCheck[];
  readonly counters: FuturesCounters;
  readonly sessions: readonly FuturesSessionRow[];
  readonly trades: readonly FuturesTrade[];
  readonly start_balance: number;
  readonly final_balance: number;
  readonly net_pnl: number;
  readonly bars_processed: number;
  /** Sessions in the requested range (the run stops early on a failure or a pass). */
  readonly sessions_in_range: number;
}

export interface FuturesSessionEvent {
  readonly type: 'session';
  readonly index: number;
  readonly total: number;
  readonly row: FuturesSessionRow;
}

export interface FuturesTradeEvent {
  readonly type: 'trade';
  readonly trade: FuturesTrade;
}

export type FuturesEngineEvent = FuturesSessionEvent | FuturesTradeEvent;
