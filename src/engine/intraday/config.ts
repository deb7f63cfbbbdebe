import { EngineError, type EngineFieldError } from '../errors';
import { CONTRACT_SPECS, formatMinute, isContractSymbol, parseMinute } from './contracts';
import { CALENDAR_NAMES, type CalendarName, parseCalendarOverride } from './cme-calendar';
import { isoToDay } from './session';
import {
  ACCOUNT_SIZES,
  ACCOUNT_STAGES,
  type AccountSize,
  type AccountStage,
  ENTRY_MODES,
  type FuturesBacktestConfig,
  MLL_TRAIL_MODES,
  type OrbParams,
  type PropFirmRules,
  type ScalingTier,
} from './types';

/** Per-size Topstep numbers (reference §1.2, §1.8). All of them can be overridden per run. */
export interface AccountPreset {
  readonly account_size: AccountSize;
  readonly balance: number;
  readonly profit_target: number;
  readonly max_loss_limit: number;
  readonly daily_loss_limit: number;
  readonly max_contracts: number;
  /**
   * Express-stage scaling plan. 50K is Topstep's published ladder; the 100K/150K balance thresholds
   * were only published as an image, so these are placeholders to override with the current chart.
   */
  readonly scaling_tiers: readonly ScalingTier[];
}

export const ACCOUNT_PRESETS: Readonly<Record<AccountSize, AccountPreset>> = {
  '50K': {
    account_size: '50K',
    balance: 50_000,
    profit_target: 3_000,
    max_loss_limit: 2_000,
    daily_loss_limit: 1_000,
    max_contracts: 5,
    scaling_tiers: [
      { min_profit: 0, max_contracts: 2 },
      { min_profit: 1_500, max_contracts: 3 },
      { min_profit: 2_000, max_contracts: 5 },
    ],
  },
  '100K': {
    account_size: '100K',
    balance: 100_000,
    profit_target: 6_000,
    max_loss_limit: 3_000,
    daily_loss_limit: 2_000,
    max_contracts: 10,
    scaling_tiers: [
      { min_profit: 0, max_contracts: 3 },
      { min_profit: 1_500, max_contracts: 4 },
      { min_profit: 2_000, max_contracts: 5 },
      { min_profit: 3_000, max_contracts: 10 },
    ],
  },
  '150K': {
    account_size: '150K',
    balance: 150_000,
    profit_target: 9_000,
    max_loss_limit: 4_500,
    daily_loss_limit: 3_000,
    max_contracts: 15,
    scaling_tiers: [
      { min_profit: 0, max_contracts: 3 },
      { min_profit: 1_500, max_contracts: 4 },
      { min_profit: 2_000, max_contracts: 5 },
      { min_profit: 3_000, max_contracts: 10 },
      { min_profit: 4_500, max_contracts: 15 },
    ],
  },
};

export const DEFAULT_RISK_SHARE = 0.005;
export const DEFAULT_DAILY_LOSS_SHARE = 0.01;
/** Entry window end = RTH open + this (08:30 → 11:00 for equity index). */
export const DEFAULT_ENTRY_WINDOW_MINUTES = 150;
/** Time exit = RTH close − this (15:00 → 14:55). */
export const DEFAULT_TIME_EXIT_BEFORE_CLOSE = 5;

/** Strategy fields a caller may leave out (contract- and account-dependent ones resolve to null = derived). */
export type OrbParamsInput = { readonly [K in keyof OrbParams]?: OrbParams[K] | null };
export type PropFirmRulesInput = { readonly [K in Exclude<keyof PropFirmRules, 'account_size' | 'stage' | 'start_balance'>]?: PropFirmRules[K] | null };

export interface FuturesBacktestInput {
  readonly symbol: string;
  readonly start_date?: string | null;
  readonly end_date?: string | null;
  readonly account_size?: AccountSize | null;
  readonly stage?: AccountStage | null;
  readonly strategy?: OrbParamsInput | null;
  readonly rules?: PropFirmRulesInput | null;
  /** `cme` (default) or `none`. */
  readonly calendar?: CalendarName | null;
  /** `YYYY-MM-DD=closed|regular|HH:MM`, each a correction of the calendar for one date. */
  readonly calendar_overrides?: readonly string[] | null;
}

/** The fixed part of the §3.2 defaults (times and money depend on the contract and the account). */
export const ORB_DEFAULTS = {
  opening_range_minutes: 15,
  atr_period: 14,
  width_filter: true,
  or_atr_min: 0.1,
  or_atr_max: 0.5,
  or_min_ticks: 4,
  trend_filter: true,
  trend_ema_fast: 20,
  trend_ema_slow: 50,
  volatility_filter: true,
  vol_lookback: 252,
  vol_min_history: 20,
  vol_pct_min: 10,
  vol_pct_max: 90,
  gap_filter: true,
  gap_atr_max: 0.75,
  vwap_filter: true,
  break_ticks: 1,
  entry_mode: 'pullback',
  pullback_bars: 30,
  pullback_ema_period: 20,
  stop_offset_ticks: 1,
  target_r: 2,
  max_trades_per_day: 2,
  one_trade_per_direction: true,
  max_losses_per_day: 2,
  slippage_ticks: 1,
} as const satisfies Partial<OrbParams>;

export const RULE_DEFAULTS = {
  mll_trail_mode: 'eod',
  micro_ratio: 1,
  consistency_max_best_day_share: 0.5,
  consistency_allow_equal: false,
  min_trading_days: 0,
  flat_by: '15:10',
  continue_after_pass: false,
} as const satisfies Partial<PropFirmRules>;

class Checker {
  readonly errors: EngineFieldError[] = [];

  fail(field: string, message: string): void {
    this.errors.push({ field, message: `${field} ${message}` });
  }

  int(field: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): void {
    if (!Number.isInteger(value) || value < min || value > max) this.fail(field, `must be an integer from ${min}${max === Number.MAX_SAFE_INTEGER ? '' : ` to ${max}`}`);
  }

  num(field: string, value: number, min: number, options: { exclusiveMin?: boolean; max?: number } = {}): void {
    const low = options.exclusiveMin === true ? value <= min : value < min;
    if (!Number.isFinite(value) || low || (options.max !== undefined && value > options.max)) {
      const bound = options.exclusiveMin === true ? `greater than ${min}` : `at least ${min}`;
      this.fail(field, `must be a number ${bound}${options.max === undefined ? '' : ` and at most ${options.max}`}`);
    }
  }

  minute(field: string, value: string): number {
    const minute = typeof value === 'string' ? parseMinute(value) : null;
    if (minute === null) this.fail(field, 'must be a time HH:MM (America/Chicago)');
    return minute ?? Number.NaN;
  }

  oneOf<T extends string>(field: string, value: T, allowed: readonly T[]): void {
    if (!allowed.includes(value)) this.fail(field, `must be one of ${allowed.join(', ')}`);
  }
}

function pick<T>(value: T | null | undefined, fallback: T): T {
  return value === null || value === undefined ? fallback : value;
}

/**
 * Merges the defaults of §1.9/§3.2 (contract- and account-dependent ones included) into a complete
 * configuration and checks it, throwing one INVALID_INPUT error that names every bad field.
 */
export function resolveFuturesConfig(input: FuturesBacktestInput): FuturesBacktestConfig {
  const check = new Checker();
  const symbolText = typeof input.symbol === 'string' ? input.symbol.trim().toUpperCase() : '';
  if (!isContractSymbol(symbolText)) {
    throw new EngineError('INVALID_INPUT', `symbol "${String(input.symbol)}" is not a supported contract (${Object.keys(CONTRACT_SPECS).join(', ')}).`, [
      { field: 'symbol', message: `symbol must be one of ${Object.keys(CONTRACT_SPECS).join(', ')}` },
    ]);
  }
  const contract = CONTRACT_SPECS[symbolText];
  const size = pick(input.account_size, '50K');
  const stage = pick(input.stage, 'combine');
  check.oneOf('account_size', size, ACCOUNT_SIZES);
  check.oneOf('stage', stage, ACCOUNT_STAGES);
  const preset = ACCOUNT_PRESETS[size] ?? ACCOUNT_PRESETS['50K'];

  const startDate = pick(input.start_date, null);
  const endDate = pick(input.end_date, null);
  const startDay = startDate === null ? null : isoToDay(startDate);
  const endDay = endDate === null ? null : isoToDay(endDate);
  if (startDate !== null && startDay === null) check.fail('start_date', 'must be a date YYYY-MM-DD');
  if (endDate !== null && endDay === null) check.fail('end_date', 'must be a date YYYY-MM-DD');
  if (startDay !== null && endDay !== null && startDay > endDay) check.fail('end_date', 'must not be before start_date');

  const s = input.strategy ?? {};
  const orStart = pick(s.opening_range_start, formatMinute(contract.rth_open_minute));
  const orMinutes = pick(s.opening_range_minutes, ORB_DEFAULTS.opening_range_minutes);
  const orStartMinute = parseMinute(orStart) ?? contract.rth_open_minute;
  const strategy: OrbParams = {
    ...ORB_DEFAULTS,
    opening_range_minutes: orMinutes,
    opening_range_start: orStart,
    entry_window_start: pick(s.entry_window_start, formatMinute(orStartMinute + (Number.isInteger(orMinutes) ? orMinutes : 0))),
    entry_window_end: pick(s.entry_window_end, formatMinute(contract.rth_open_minute + DEFAULT_ENTRY_WINDOW_MINUTES)),
    time_exit: pick(s.time_exit, formatMinute(contract.rth_close_minute - DEFAULT_TIME_EXIT_BEFORE_CLOSE)),
    max_daily_loss_usd: preset.balance * DEFAULT_DAILY_LOSS_SHARE,
    risk_per_trade_usd: preset.balance * DEFAULT_RISK_SHARE,
    commission_round_turn: contract.commission_round_turn,
    ...Object.fromEntries(Object.entries(s).filter(([, v]) => v !== null && v !== undefined)),
  } as OrbParams;

  const f = (name: string): string => `strategy.${name}`;
  check.int(f('opening_range_minutes'), strategy.opening_range_minutes, 1, 240);
  check.int(f('atr_period'), strategy.atr_period, 1, 500);
  check.num(f('or_atr_min'), strategy.or_atr_min, 0);
  check.num(f('or_atr_max'), strategy.or_atr_max, 0, { exclusiveMin: true });
  if (strategy.or_atr_max <= strategy.or_atr_min) check.fail(f('or_atr_max'), 'must be greater than strategy.or_atr_min');
  check.int(f('or_min_ticks'), strategy.or_min_ticks, 0);
  check.int(f('trend_ema_fast'), strategy.trend_ema_fast, 1, 1000);
  check.int(f('trend_ema_slow'), strategy.trend_ema_slow, 2, 1000);
  if (strategy.trend_ema_fast >= strategy.trend_ema_slow) check.fail(f('trend_ema_fast'), 'must be shorter than strategy.trend_ema_slow');
  check.int(f('vol_lookback'), strategy.vol_lookback, 2, 5000);
  check.int(f('vol_min_history'), strategy.vol_min_history, 1, 5000);
  if (strategy.vol_min_history > strategy.vol_lookback) check.fail(f('vol_min_history'), 'must not exceed strategy.vol_lookback');
  check.num(f('vol_pct_min'), strategy.vol_pct_min, 0, { max: 100 });
  check.num(f('vol_pct_max'), strategy.vol_pct_max, 0, { max: 100 });
  if (strategy.vol_pct_min > strategy.vol_pct_max) check.fail(f('vol_pct_max'), 'must not be below strategy.vol_pct_min');
  check.num(f('gap_atr_max'), strategy.gap_atr_max, 0, { exclusiveMin: true });
  check.int(f('break_ticks'), strategy.break_ticks, 0, 1000);
  check.oneOf(f('entry_mode'), strategy.entry_mode, ENTRY_MODES);
  check.int(f('pullback_bars'), strategy.pullback_bars, 1, 1440);
  check.int(f('pullback_ema_period'), strategy.pullback_ema_period, 1, 1000);
  check.int(f('stop_offset_ticks'), strategy.stop_offset_ticks, 0, 1000);
  if (!(Number.isFinite(strategy.target_r) && strategy.target_r > 0)) {
    check.fail(f('target_r'), 'must be greater than 0: a target at or behind the entry would sit on the stop side (stop beyond target)');
  }
  check.int(f('max_trades_per_day'), strategy.max_trades_per_day, 1, 100);
  check.int(f('max_losses_per_day'), strategy.max_losses_per_day, 1, 100);
  check.num(f('max_daily_loss_usd'), strategy.max_daily_loss_usd, 0, { exclusiveMin: true });
  check.num(f('risk_per_trade_usd'), strategy.risk_per_trade_usd, 0, { exclusiveMin: true });
  check.num(f('slippage_ticks'), strategy.slippage_ticks, 0, { max: 1000 });
  check.num(f('commission_round_turn'), strategy.commission_round_turn, 0, { max: 1000 });
  for (const flag of ['width_filter', 'trend_filter', 'volatility_filter', 'gap_filter', 'vwap_filter', 'one_trade_per_direction'] as const) {
    if (typeof strategy[flag] !== 'boolean') check.fail(f(flag), 'must be a boolean');
  }

  const rthOpen = contract.rth_open_minute;
  const rthClose = contract.rth_close_minute;
  const session = `${formatMinute(rthOpen)}-${formatMinute(rthClose)} CT`;
  const orStartMin = check.minute(f('opening_range_start'), strategy.opening_range_start);
  const windowStart = check.minute(f('entry_window_start'), strategy.entry_window_start);
  const windowEnd = check.minute(f('entry_window_end'), strategy.entry_window_end);
  const timeExit = check.minute(f('time_exit'), strategy.time_exit);
  const orEnd = orStartMin + strategy.opening_range_minutes;
  if (orStartMin < rthOpen || orEnd > rthClose) check.fail(f('opening_range_start'), `must place the opening range inside the ${symbolText} regular session ${session}`);
  if (windowStart < orEnd || windowStart >= rthClose) check.fail(f('entry_window_start'), `must be at or after the opening range end (${formatMinute(orEnd)}) and inside the session ${session}`);
  if (windowEnd <= windowStart || windowEnd > rthClose) check.fail(f('entry_window_end'), `must be after strategy.entry_window_start and inside the session ${session}`);
  if (timeExit <= windowStart || timeExit > rthClose) check.fail(f('time_exit'), `must be after strategy.entry_window_start and inside the session ${session}`);

  const r = input.rules ?? {};
  const startBalance = stage === 'combine' ? preset.balance : 0;
  const rules: PropFirmRules = {
    account_size: size,
    stage,
    start_balance: startBalance,
    profit_target: stage === 'combine' ? pick(r.profit_target, preset.profit_target) : null,
    max_loss_limit: pick(r.max_loss_limit, preset.max_loss_limit),
    mll_trail_mode: pick(r.mll_trail_mode, RULE_DEFAULTS.mll_trail_mode),
    daily_loss_limit: r.daily_loss_limit === undefined ? preset.daily_loss_limit : r.daily_loss_limit,
    max_contracts: pick(r.max_contracts, preset.max_contracts),
    micro_ratio: pick(r.micro_ratio, RULE_DEFAULTS.micro_ratio),
    scaling_tiers: stage === 'xfa' ? pick(r.scaling_tiers, preset.scaling_tiers) : [],
    consistency_max_best_day_share: r.consistency_max_best_day_share === undefined ? (stage === 'combine' ? RULE_DEFAULTS.consistency_max_best_day_share : null) : r.consistency_max_best_day_share,
    consistency_allow_equal: pick(r.consistency_allow_equal, RULE_DEFAULTS.consistency_allow_equal),
    min_trading_days: pick(r.min_trading_days, RULE_DEFAULTS.min_trading_days),
    flat_by: pick(r.flat_by, RULE_DEFAULTS.flat_by),
    continue_after_pass: pick(r.continue_after_pass, RULE_DEFAULTS.continue_after_pass),
  };
  if (rules.profit_target !== null) check.num('rules.profit_target', rules.profit_target, 0, { exclusiveMin: true });
  check.num('rules.max_loss_limit', rules.max_loss_limit, 0, { exclusiveMin: true });
  check.oneOf('rules.mll_trail_mode', rules.mll_trail_mode, MLL_TRAIL_MODES);
  if (rules.daily_loss_limit !== null) check.num('rules.daily_loss_limit', rules.daily_loss_limit, 0, { exclusiveMin: true });
  check.int('rules.max_contracts', rules.max_contracts, 1, 1000);
  check.int('rules.micro_ratio', rules.micro_ratio, 1, 100);
  rules.scaling_tiers.forEach((tier, i) => {
    check.num(`rules.scaling_tiers[${i}].min_profit`, tier.min_profit, 0);
    check.int(`rules.scaling_tiers[${i}].max_contracts`, tier.max_contracts, 1, 1000);
    if (i > 0 && tier.min_profit <= rules.scaling_tiers[i - 1].min_profit) check.fail(`rules.scaling_tiers[${i}].min_profit`, 'must be above the previous tier');
  });
  if (rules.consistency_max_best_day_share !== null) check.num('rules.consistency_max_best_day_share', rules.consistency_max_best_day_share, 0, { exclusiveMin: true, max: 1 });
  check.int('rules.min_trading_days', rules.min_trading_days, 0, 1000);
  const flatBy = check.minute('rules.flat_by', rules.flat_by);
  if (flatBy <= windowStart) check.fail('rules.flat_by', 'must be after strategy.entry_window_start');

  const calendar = pick(input.calendar, 'cme');
  check.oneOf('calendar', calendar, CALENDAR_NAMES);
  const overrides = (input.calendar_overrides ?? []).map((text) => (typeof text === 'string' ? text.trim() : String(text)));
  overrides.forEach((text, i) => {
    if (parseCalendarOverride(text, isoToDay) === null) check.fail(`calendar_overrides[${i}]`, `"${text}" must be YYYY-MM-DD=closed, YYYY-MM-DD=regular or YYYY-MM-DD=HH:MM (early close, America/Chicago)`);
  });

  if (check.errors.length > 0) {
    const detail = check.errors.length === 1 ? `${check.errors[0].message}.` : `${check.errors.length} fields are invalid: ${check.errors.map((e) => e.message).join('; ')}.`;
    throw new EngineError('INVALID_INPUT', detail, check.errors);
  }
  return { symbol: symbolText, contract, start_date: startDate, end_date: endDate, strategy, rules, calendar, calendar_overrides: overrides };
}
