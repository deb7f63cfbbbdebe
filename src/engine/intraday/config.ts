import { EngineError, type EngineFieldError } from '../errors';
import { CALENDAR_NAMES, type CalendarName, parseCalendarOverride } from './cme-calendar';
import { type ContractSpec, CONTRACT_SPECS, formatMinute, isContractSymbol, parseMinute } from './contracts';
import { parseIsoDay } from '../civil-days';
import {
  ACCOUNT_CHOICES,
  ACCOUNT_STAGES,
  ATTEMPTS_MODES,
  type AttemptsMode,
  type AccountChoice,
  type AccountSize,
  type AccountStage,
  ENTRY_MODES,
  type FuturesBacktestConfig,
  MLL_TRAIL_MODES,
  type OrbParams,
  type PropFirmRules,
  type ScalingTier,
  STOP_MODES,
  STRATEGY_PRESETS,
  type StrategyPreset,
  TARGET_MODES,
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
  /** Price of a fresh Combine after a pass or a failure (`attempts: reset`): the monthly list price, May 2024 (§1.2). */
  readonly reset_fee: number;
}

export const ACCOUNT_PRESETS: Readonly<Record<AccountSize, AccountPreset>> = {
  '50K': {
    account_size: '50K',
    balance: 50_000,
    profit_target: 3_000,
    max_loss_limit: 2_000,
    daily_loss_limit: 1_000,
    max_contracts: 5,
    reset_fee: 49,
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
    reset_fee: 99,
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
    reset_fee: 149,
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
/** Notional balance of `account_size: none` (equity curve, percentage metrics, default risk sizing). */
export const NO_ACCOUNT_BALANCE = 50_000;

/** Strategy fields a caller may set: null or omitted means the default (null switches the nullable ones off). */
export type OrbParamsInput = { readonly [K in keyof OrbParams]?: OrbParams[K] | null };
export type PropFirmRulesInput = { readonly [K in Exclude<keyof PropFirmRules, 'account_size' | 'stage' | 'start_balance'>]?: PropFirmRules[K] | null };

/** A parameter object as it arrives from JSON or the command line: its keys and types are checked here. */
export type RawParams = Readonly<Record<string, unknown>>;

/**
 * A backtest request before validation. Every field is checked by `resolveFuturesConfig`, which reports
 * every bad field at once (unknown keys in `strategy` and `rules` included), so callers pass what they
 * received without checking it first.
 */
export interface FuturesBacktestInput {
  readonly symbol: unknown;
  readonly start_date?: unknown;
  readonly end_date?: unknown;
  /** `50K` (default), `100K`, `150K`, or `none`. */
  readonly account_size?: unknown;
  readonly stage?: unknown;
  readonly strategy?: RawParams | OrbParamsInput | null;
  readonly rules?: RawParams | PropFirmRulesInput | null;
  /** `single` (default) or `reset`: a fresh account on the next session after each pass or failure. */
  readonly attempts?: unknown;
  /** USD per attempt after the first; default the account's `reset_fee`. */
  readonly reset_fee?: unknown;
  /** `cme` (default) or `none`. */
  readonly calendar?: unknown;
  /** `YYYY-MM-DD=closed|regular|HH:MM`, each a correction of the calendar for one date. */
  readonly calendar_overrides?: unknown;
}

export interface ResolveOptions {
  /** start_date and end_date must be given (HTTP); the CLI may leave them open with a CSV file. */
  readonly requireDates?: boolean;
}

/** The fixed part of the §3.2 defaults (times and money depend on the contract and the account). */
export const ORB_DEFAULTS = {
  preset: null,
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
  stop_mode: 'midpoint',
  stop_offset_ticks: 1,
  target_mode: 'r_multiple',
  target_r: 2,
  target_range_multiple: 2,
  max_trades_per_day: 2,
  one_trade_per_direction: true,
  reentry: false,
  max_losses_per_day: 2,
  fixed_contracts: null,
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

/**
 * Strategy presets: a named set of parameters, applied over the defaults; explicit parameters override it.
 * `classic_orb` is the textbook opening-range breakout (docs/futures.md): first 15 minutes of the regular
 * session, market entry on the next open after a close beyond the range, stop at the other side, target two
 * range heights beyond the broken side, re-entry after a flat up to 2 entries a day, flat 5 minutes before
 * the close, 1 contract, $4.00 round turn, no slippage, no filters.
 */
export function strategyPreset(preset: StrategyPreset, contract: ContractSpec): Partial<OrbParams> {
  switch (preset) {
    case 'classic_orb':
      return {
        opening_range_minutes: 15,
        width_filter: false,
        trend_filter: false,
        volatility_filter: false,
        gap_filter: false,
        vwap_filter: false,
        break_ticks: 0,
        entry_mode: 'breakout',
        entry_window_end: formatMinute(contract.rth_close_minute - DEFAULT_TIME_EXIT_BEFORE_CLOSE),
        time_exit: formatMinute(contract.rth_close_minute - DEFAULT_TIME_EXIT_BEFORE_CLOSE),
        stop_mode: 'range_opposite',
        stop_offset_ticks: 0,
        target_mode: 'range_multiple',
        target_range_multiple: 2,
        reentry: true,
        max_trades_per_day: 2,
        one_trade_per_direction: false,
        max_losses_per_day: 2,
        max_daily_loss_usd: null,
        fixed_contracts: 1,
        commission_round_turn: 4,
        slippage_ticks: 0,
      };
  }
}

type ParamSpec =
  | { readonly kind: 'int'; readonly min: number; readonly max: number; readonly nullable?: true }
  | { readonly kind: 'number'; readonly min: number; readonly max?: number; readonly exclusiveMin?: true; readonly nullable?: true; readonly rangeMessage?: string }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'enum'; readonly values: readonly string[]; readonly nullable?: true }
  | { readonly kind: 'time' };

const int = (min: number, max = 1_000_000, nullable?: true): ParamSpec => ({ kind: 'int', min, max, nullable });
const bool: ParamSpec = { kind: 'boolean' };
const time: ParamSpec = { kind: 'time' };

/** Type and range of every strategy parameter (nullable ones take null as "off"). */
const STRATEGY_SPECS: Readonly<Record<keyof OrbParams, ParamSpec>> = {
  preset: { kind: 'enum', values: STRATEGY_PRESETS, nullable: true },
  opening_range_minutes: int(1, 240),
  opening_range_start: time,
  atr_period: int(1, 500),
  width_filter: bool,
  or_atr_min: { kind: 'number', min: 0 },
  or_atr_max: { kind: 'number', min: 0, exclusiveMin: true },
  or_min_ticks: int(0),
  trend_filter: bool,
  trend_ema_fast: int(1, 1000),
  trend_ema_slow: int(2, 1000),
  volatility_filter: bool,
  vol_lookback: int(2, 5000),
  vol_min_history: int(1, 5000),
  vol_pct_min: { kind: 'number', min: 0, max: 100 },
  vol_pct_max: { kind: 'number', min: 0, max: 100 },
  gap_filter: bool,
  gap_atr_max: { kind: 'number', min: 0, exclusiveMin: true },
  vwap_filter: bool,
  break_ticks: int(0, 1000),
  entry_mode: { kind: 'enum', values: ENTRY_MODES },
  pullback_bars: int(1, 1440),
  pullback_ema_period: int(1, 1000),
  entry_window_start: time,
  entry_window_end: time,
  stop_mode: { kind: 'enum', values: STOP_MODES },
  stop_offset_ticks: int(0, 1000),
  target_mode: { kind: 'enum', values: TARGET_MODES },
  target_r: { kind: 'number', min: 0, exclusiveMin: true, rangeMessage: 'must be greater than 0: a target at or behind the entry would sit on the stop side (stop beyond target)' },
  target_range_multiple: { kind: 'number', min: 0, exclusiveMin: true, max: 100 },
  time_exit: time,
  max_trades_per_day: int(1, 100),
  one_trade_per_direction: bool,
  reentry: bool,
  max_losses_per_day: int(1, 100),
  max_daily_loss_usd: { kind: 'number', min: 0, exclusiveMin: true, nullable: true },
  risk_per_trade_usd: { kind: 'number', min: 0, exclusiveMin: true },
  fixed_contracts: int(1, 1000, true),
  slippage_ticks: int(0, 1000),
  commission_round_turn: { kind: 'number', min: 0, max: 1000 },
};

type RuleKey = keyof PropFirmRulesInput;

/** Type and range of every rule override; `scaling_tiers` is checked on its own. */
const RULE_SPECS: Readonly<Record<Exclude<RuleKey, 'scaling_tiers'>, ParamSpec>> = {
  profit_target: { kind: 'number', min: 0, exclusiveMin: true },
  max_loss_limit: { kind: 'number', min: 0, exclusiveMin: true },
  mll_trail_mode: { kind: 'enum', values: MLL_TRAIL_MODES },
  daily_loss_limit: { kind: 'number', min: 0, exclusiveMin: true, nullable: true },
  max_contracts: int(1, 1000),
  micro_ratio: int(1, 100),
  consistency_max_best_day_share: { kind: 'number', min: 0, exclusiveMin: true, max: 1, nullable: true },
  consistency_allow_equal: bool,
  min_trading_days: int(0, 1000),
  flat_by: time,
  continue_after_pass: bool,
};

export const STRATEGY_PARAMETERS = Object.keys(STRATEGY_SPECS) as (keyof OrbParams)[];
export const RULE_PARAMETERS = [...Object.keys(RULE_SPECS), 'scaling_tiers'] as RuleKey[];

class Checker {
  readonly errors: EngineFieldError[] = [];
  private readonly bad = new Set<string>();

  fail(field: string, message: string): void {
    this.errors.push({ field, message: `${field} ${message}` });
    this.bad.add(field);
  }

  /** True when none of the fields has an error (cross-field rules are checked only on valid inputs). */
  ok(...fields: string[]): boolean {
    return fields.every((f) => !this.bad.has(f));
  }

  /** Whether `value` fits `spec`; reports the field when it does not. Null is valid for nullable specs. */
  value(field: string, value: unknown, spec: ParamSpec): boolean {
    if (value === null && 'nullable' in spec && spec.nullable === true) return true;
    switch (spec.kind) {
      case 'int':
        if (typeof value !== 'number' || !Number.isFinite(value)) return this.reject(field, 'must be a number');
        if (!Number.isInteger(value) || value < spec.min || value > spec.max) return this.reject(field, `must be an integer from ${spec.min}${spec.max === 1_000_000 ? '' : ` to ${spec.max}`}`);
        return true;
      case 'number': {
        if (typeof value !== 'number' || !Number.isFinite(value)) return this.reject(field, 'must be a number');
        const low = spec.exclusiveMin === true ? value <= spec.min : value < spec.min;
        if (low || (spec.max !== undefined && value > spec.max)) {
          const bound = spec.exclusiveMin === true ? `greater than ${spec.min}` : `at least ${spec.min}`;
          return this.reject(field, spec.rangeMessage ?? `must be a number ${bound}${spec.max === undefined ? '' : ` and at most ${spec.max}`}`);
        }
        return true;
      }
      case 'boolean':
        return typeof value === 'boolean' || this.reject(field, 'must be a boolean (true or false)');
      case 'enum':
        return (typeof value === 'string' && spec.values.includes(value)) || this.reject(field, `must be one of ${spec.values.join(', ')}`);
      case 'time':
        return (typeof value === 'string' && parseMinute(value) !== null) || this.reject(field, 'must be a time HH:MM (America/Chicago)');
    }
  }

  private reject(field: string, message: string): false {
    this.fail(field, message);
    return false;
  }

  /**
   * The keys of a parameter object, each checked against `known`: an unknown key is reported with the
   * closest known name. Returns the object's entries that are known, or null when `raw` is not an object.
   */
  keys(prefix: string, raw: unknown, known: readonly string[]): [string, unknown][] | null {
    if (raw === null || raw === undefined) return [];
    if (typeof raw !== 'object' || Array.isArray(raw)) {
      this.fail(prefix, 'must be an object of parameters');
      return null;
    }
    const entries: [string, unknown][] = [];
    for (const [key, value] of Object.entries(raw)) {
      if (known.includes(key)) entries.push([key, value]);
      else this.fail(`${prefix}.${key}`, `is not a known ${prefix === 'strategy' ? 'strategy parameter' : 'rule'}${suggestion(key, known)}`);
    }
    return entries;
  }
}

/** `; did you mean target_r?` for a name within two edits of a known one. */
function suggestion(key: string, known: readonly string[]): string {
  let best = '';
  let bestDistance = 3;
  for (const name of known) {
    const distance = editDistance(key, name);
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  return best === '' ? '' : ` (did you mean ${best}?)`;
}

/** Levenshtein distance (small strings: parameter names). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) current.push(Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
    previous = current;
  }
  return previous[b.length];
}

function pick<T>(value: T | null | undefined, fallback: T): T {
  return value === null || value === undefined ? fallback : value;
}

/** A date field: null/undefined stays null (unless required); anything else must be a real YYYY-MM-DD. */
function dateField(check: Checker, field: string, value: unknown, required: boolean): string | null {
  if (value === null || value === undefined) {
    if (required) check.fail(field, 'is required (a date YYYY-MM-DD)');
    return null;
  }
  if (typeof value !== 'string' || parseIsoDay(value) === null) {
    check.fail(field, 'must be a date YYYY-MM-DD');
    return null;
  }
  return value;
}

/** Explicit values that fit their spec; a bad one is reported and left out (its default applies to later checks). */
function validEntries(check: Checker, prefix: string, entries: readonly [string, unknown][], specs: Readonly<Record<string, ParamSpec>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    const spec = specs[key];
    if (value === undefined || (value === null && !('nullable' in spec && spec.nullable === true))) continue;
    if (check.value(`${prefix}.${key}`, value, spec)) out[key] = value;
  }
  return out;
}

function resolveStrategy(check: Checker, raw: unknown, contract: ContractSpec, balance: number): OrbParams {
  const entries = check.keys('strategy', raw, STRATEGY_PARAMETERS) ?? [];
  const explicit = validEntries(check, 'strategy', entries, STRATEGY_SPECS);
  const preset = (explicit.preset ?? null) as StrategyPreset | null;
  const presetValues = preset === null ? {} : strategyPreset(preset, contract);
  const orStart = (explicit.opening_range_start ?? presetValues.opening_range_start ?? formatMinute(contract.rth_open_minute)) as string;
  const orMinutes = (explicit.opening_range_minutes ?? presetValues.opening_range_minutes ?? ORB_DEFAULTS.opening_range_minutes) as number;
  return {
    ...ORB_DEFAULTS,
    opening_range_start: orStart,
    entry_window_start: formatMinute((parseMinute(orStart) ?? contract.rth_open_minute) + orMinutes),
    entry_window_end: formatMinute(contract.rth_open_minute + DEFAULT_ENTRY_WINDOW_MINUTES),
    time_exit: formatMinute(contract.rth_close_minute - DEFAULT_TIME_EXIT_BEFORE_CLOSE),
    max_daily_loss_usd: balance * DEFAULT_DAILY_LOSS_SHARE,
    risk_per_trade_usd: balance * DEFAULT_RISK_SHARE,
    commission_round_turn: contract.commission_round_turn,
    ...presetValues,
    ...explicit,
    preset,
  } as OrbParams;
}

function checkStrategyRelations(check: Checker, strategy: OrbParams, contract: ContractSpec): void {
  const f = (name: keyof OrbParams): string => `strategy.${name}`;
  if (check.ok(f('or_atr_min'), f('or_atr_max')) && strategy.or_atr_max <= strategy.or_atr_min) check.fail(f('or_atr_max'), 'must be greater than strategy.or_atr_min');
  if (check.ok(f('trend_ema_fast'), f('trend_ema_slow')) && strategy.trend_ema_fast >= strategy.trend_ema_slow) check.fail(f('trend_ema_fast'), 'must be shorter than strategy.trend_ema_slow');
  if (check.ok(f('vol_min_history'), f('vol_lookback')) && strategy.vol_min_history > strategy.vol_lookback) check.fail(f('vol_min_history'), 'must not exceed strategy.vol_lookback');
  if (check.ok(f('vol_pct_min'), f('vol_pct_max')) && strategy.vol_pct_min > strategy.vol_pct_max) check.fail(f('vol_pct_max'), 'must not be below strategy.vol_pct_min');

  const times = [f('opening_range_start'), f('opening_range_minutes'), f('entry_window_start'), f('entry_window_end'), f('time_exit')];
  if (!check.ok(...times)) return;
  const rthOpen = contract.rth_open_minute;
  const rthClose = contract.rth_close_minute;
  const session = `${formatMinute(rthOpen)}-${formatMinute(rthClose)} CT`;
  const orStart = parseMinute(strategy.opening_range_start) as number;
  const windowStart = parseMinute(strategy.entry_window_start) as number;
  const windowEnd = parseMinute(strategy.entry_window_end) as number;
  const timeExit = parseMinute(strategy.time_exit) as number;
  const orEnd = orStart + strategy.opening_range_minutes;
  if (orStart < rthOpen || orEnd > rthClose) check.fail(f('opening_range_start'), `must place the opening range inside the ${contract.symbol} regular session ${session}`);
  if (windowStart < orEnd || windowStart >= rthClose) check.fail(f('entry_window_start'), `must be at or after the opening range end (${formatMinute(orEnd)}) and inside the session ${session}`);
  if (windowEnd <= windowStart || windowEnd > rthClose) check.fail(f('entry_window_end'), `must be after strategy.entry_window_start and inside the session ${session}`);
  if (timeExit <= windowStart || timeExit > rthClose) check.fail(f('time_exit'), `must be after strategy.entry_window_start and inside the session ${session}`);
}

/** The rules of `account_size: none`: nothing to pass or fail, no floor, no caps, no flat-by time. */
function noAccountRules(): PropFirmRules {
  return {
    account_size: 'none',
    stage: null,
    start_balance: NO_ACCOUNT_BALANCE,
    profit_target: null,
    max_loss_limit: null,
    mll_trail_mode: RULE_DEFAULTS.mll_trail_mode,
    daily_loss_limit: null,
    max_contracts: null,
    micro_ratio: RULE_DEFAULTS.micro_ratio,
    scaling_tiers: [],
    consistency_max_best_day_share: null,
    consistency_allow_equal: RULE_DEFAULTS.consistency_allow_equal,
    min_trading_days: 0,
    flat_by: null,
    continue_after_pass: false,
  };
}

function resolveScalingTiers(check: Checker, raw: unknown): ScalingTier[] | null {
  if (!Array.isArray(raw)) {
    check.fail('rules.scaling_tiers', 'must be an array of {min_profit, max_contracts}');
    return null;
  }
  const tiers: ScalingTier[] = [];
  raw.forEach((tier: unknown, i) => {
    const field = `rules.scaling_tiers[${i}]`;
    const entries = check.keys(field, tier, ['min_profit', 'max_contracts']);
    if (entries === null) return;
    const values = Object.fromEntries(entries);
    const okProfit = check.value(`${field}.min_profit`, values.min_profit ?? 'missing', { kind: 'number', min: 0 });
    const okContracts = check.value(`${field}.max_contracts`, values.max_contracts ?? 'missing', int(1, 1000));
    if (!okProfit || !okContracts) return;
    if (tiers.length > 0 && (values.min_profit as number) <= tiers[tiers.length - 1].min_profit) check.fail(`${field}.min_profit`, 'must be above the previous tier');
    tiers.push({ min_profit: values.min_profit as number, max_contracts: values.max_contracts as number });
  });
  return tiers;
}

function resolveRules(check: Checker, raw: unknown, size: AccountSize, stage: AccountStage): PropFirmRules {
  const preset = ACCOUNT_PRESETS[size];
  const entries = check.keys('rules', raw, RULE_PARAMETERS) ?? [];
  const tiersEntry = entries.find(([key]) => key === 'scaling_tiers');
  const r = validEntries(
    check,
    'rules',
    entries.filter(([key]) => key !== 'scaling_tiers'),
    RULE_SPECS,
  ) as PropFirmRulesInput;
  const tiers = tiersEntry === undefined || tiersEntry[1] === null || tiersEntry[1] === undefined ? null : resolveScalingTiers(check, tiersEntry[1]);
  const startBalance = stage === 'combine' ? preset.balance : 0;
  return {
    account_size: size,
    stage,
    start_balance: startBalance,
    profit_target: stage === 'combine' ? pick(r.profit_target, preset.profit_target) : null,
    max_loss_limit: pick(r.max_loss_limit, preset.max_loss_limit),
    mll_trail_mode: pick(r.mll_trail_mode, RULE_DEFAULTS.mll_trail_mode),
    daily_loss_limit: r.daily_loss_limit === undefined ? preset.daily_loss_limit : r.daily_loss_limit,
    max_contracts: pick(r.max_contracts, preset.max_contracts),
    micro_ratio: pick(r.micro_ratio, RULE_DEFAULTS.micro_ratio),
    scaling_tiers: stage === 'xfa' ? (tiers ?? preset.scaling_tiers) : [],
    consistency_max_best_day_share: r.consistency_max_best_day_share === undefined ? (stage === 'combine' ? RULE_DEFAULTS.consistency_max_best_day_share : null) : r.consistency_max_best_day_share,
    consistency_allow_equal: pick(r.consistency_allow_equal, RULE_DEFAULTS.consistency_allow_equal),
    min_trading_days: pick(r.min_trading_days, RULE_DEFAULTS.min_trading_days),
    flat_by: pick(r.flat_by, RULE_DEFAULTS.flat_by),
    continue_after_pass: pick(r.continue_after_pass, RULE_DEFAULTS.continue_after_pass),
  };
}

/**
 * Merges the defaults of §1.9/§3.2 (contract- and account-dependent ones included), a strategy preset and
 * the explicit parameters into a complete configuration, and checks it: unknown keys in `strategy` and
 * `rules`, types ("must be a number"), ranges and the rules between fields. Throws one INVALID_INPUT
 * error naming every bad field.
 */
export function resolveFuturesConfig(input: FuturesBacktestInput, options: ResolveOptions = {}): FuturesBacktestConfig {
  const check = new Checker();
  const symbolText = typeof input.symbol === 'string' ? input.symbol.trim().toUpperCase() : '';
  const symbolKnown = isContractSymbol(symbolText);
  if (!symbolKnown) check.fail('symbol', `must be one of ${Object.keys(CONTRACT_SPECS).join(', ')}, got "${String(input.symbol)}"`);
  const contract = symbolKnown ? CONTRACT_SPECS[symbolText] : CONTRACT_SPECS.ES;

  const sizeValue = pick(input.account_size, '50K');
  const size: AccountChoice = check.value('account_size', sizeValue, { kind: 'enum', values: ACCOUNT_CHOICES }) ? (sizeValue as AccountChoice) : '50K';
  const stageValue = input.stage ?? null;
  let stage: AccountStage = 'combine';
  if (stageValue !== null && check.value('stage', stageValue, { kind: 'enum', values: ACCOUNT_STAGES })) {
    if (size === 'none') check.fail('stage', 'does not apply with account_size none (no prop-firm account)');
    else stage = stageValue as AccountStage;
  }

  const startDate = dateField(check, 'start_date', input.start_date, options.requireDates === true);
  const endDate = dateField(check, 'end_date', input.end_date, options.requireDates === true);
  if (startDate !== null && endDate !== null && startDate > endDate) check.fail('end_date', 'must not be before start_date');

  const balance = size === 'none' ? NO_ACCOUNT_BALANCE : ACCOUNT_PRESETS[size].balance;
  const strategy = resolveStrategy(check, input.strategy, contract, balance);
  if (symbolKnown) checkStrategyRelations(check, strategy, contract);

  let rules: PropFirmRules;
  if (size === 'none') {
    for (const [key] of check.keys('rules', input.rules, RULE_PARAMETERS) ?? []) check.fail(`rules.${key}`, 'does not apply with account_size none (no prop-firm rules)');
    rules = noAccountRules();
  } else {
    rules = resolveRules(check, input.rules, size, stage);
    if (rules.flat_by !== null && check.ok('rules.flat_by', 'strategy.entry_window_start') && (parseMinute(rules.flat_by) as number) <= (parseMinute(strategy.entry_window_start) ?? 0)) {
      check.fail('rules.flat_by', 'must be after strategy.entry_window_start');
    }
  }

  const attemptsValue = pick(input.attempts, 'single');
  const attempts: AttemptsMode = check.value('attempts', attemptsValue, { kind: 'enum', values: ATTEMPTS_MODES }) ? (attemptsValue as AttemptsMode) : 'single';
  if (attempts === 'reset' && size === 'none') check.fail('attempts', 'reset needs a prop-firm account (account_size none has nothing to pass or fail)');
  if (attempts === 'reset' && rules.continue_after_pass) check.fail('rules.continue_after_pass', 'cannot be combined with attempts reset (a pass ends an attempt)');
  const resetFeeValue = input.reset_fee ?? null;
  const resetFee = resetFeeValue !== null && check.value('reset_fee', resetFeeValue, { kind: 'number', min: 0, max: 100_000 }) ? (resetFeeValue as number) : size === 'none' ? 0 : ACCOUNT_PRESETS[size].reset_fee;

  const calendarValue = pick(input.calendar, 'cme');
  const calendar = check.value('calendar', calendarValue, { kind: 'enum', values: CALENDAR_NAMES }) ? (calendarValue as CalendarName) : 'cme';
  const rawOverrides = input.calendar_overrides ?? [];
  const overrides = Array.isArray(rawOverrides) ? rawOverrides.map((text: unknown) => (typeof text === 'string' ? text.trim() : String(text))) : [];
  if (!Array.isArray(rawOverrides)) check.fail('calendar_overrides', 'must be an array of YYYY-MM-DD=closed|regular|HH:MM strings');
  overrides.forEach((text, i) => {
    if (parseCalendarOverride(text, parseIsoDay) === null) check.fail(`calendar_overrides[${i}]`, `"${text}" must be YYYY-MM-DD=closed, YYYY-MM-DD=regular or YYYY-MM-DD=HH:MM (early close, America/Chicago)`);
  });

  if (check.errors.length > 0) {
    const detail = check.errors.length === 1 ? `${check.errors[0].message}.` : `${check.errors.length} fields are invalid: ${check.errors.map((e) => e.message).join('; ')}.`;
    throw new EngineError('INVALID_INPUT', detail, check.errors);
  }
  return { symbol: contract.symbol, contract, start_date: startDate, end_date: endDate, strategy, rules, attempts, reset_fee: resetFee, calendar, calendar_overrides: overrides };
}
