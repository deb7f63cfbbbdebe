import {
  ACCOUNT_PRESETS,
  type AccountSize,
  CONTRACT_SPECS,
  DEFAULT_DAILY_LOSS_SHARE,
  DEFAULT_RISK_SHARE,
  type FuturesBacktestInput,
  type FuturesReport,
  parseIsoDay,
  resolveZone,
  type RollRule,
  RULE_DEFAULTS,
  type SpecialDay,
} from '../../engine';
import { ValidationError } from '../../core/http';
import type { MinuteBarFileRequest, MinuteBarOrigin } from '../market-data/market-data.port';
import { toMetricsResponse } from '../metrics/metrics.mapper';
import type { FuturesBacktestRequestDto } from './dto/futures-backtest-request.dto';
import type { AccountPresetResponseDto, ContractSpecResponseDto, FuturesDataResponseDto, FuturesReportResponseDto } from './dto/futures-response.dto';

/** Request DTO → engine input, as received: the engine checks every field (unknown keys included) in one pass. */
export function toFuturesInput(dto: FuturesBacktestRequestDto): FuturesBacktestInput {
  return {
    symbol: dto.symbol,
    start_date: dto.start_date,
    end_date: dto.end_date,
    account_size: dto.account_size,
    stage: dto.stage,
    strategy: dto.strategy,
    rules: dto.rules,
    attempts: dto.attempts,
    reset_fee: dto.reset_fee,
    calendar: dto.calendar,
    calendar_overrides: dto.calendar_overrides,
  };
}

export function toContractResponses(): ContractSpecResponseDto[] {
  return Object.values(CONTRACT_SPECS).map((spec) => ({ ...spec }));
}

export function toAccountPresetResponses(): AccountPresetResponseDto[] {
  return (Object.keys(ACCOUNT_PRESETS) as AccountSize[]).map((size) => {
    const preset = ACCOUNT_PRESETS[size];
    return {
      account_size: preset.account_size,
      balance: preset.balance,
      profit_target: preset.profit_target,
      max_loss_limit: preset.max_loss_limit,
      daily_loss_limit: preset.daily_loss_limit,
      max_contracts: preset.max_contracts,
      micro_ratio: RULE_DEFAULTS.micro_ratio,
      mll_trail_mode: RULE_DEFAULTS.mll_trail_mode,
      consistency_max_best_day_share: RULE_DEFAULTS.consistency_max_best_day_share,
      flat_by: RULE_DEFAULTS.flat_by,
      risk_per_trade_usd: preset.balance * DEFAULT_RISK_SHARE,
      max_daily_loss_usd: preset.balance * DEFAULT_DAILY_LOSS_SHARE,
      reset_fee: preset.reset_fee,
      scaling_tiers: preset.scaling_tiers.map((t) => ({ ...t })),
    };
  });
}

/** What the `data` block is built from: the provider, the bars' origin, and the sessions' calendar. */
export interface FuturesDataUsed {
  readonly provider: string;
  readonly symbol: string;
  readonly origin: MinuteBarOrigin | undefined;
  readonly calendar: string;
  /** The calendar's special days of the prepared sessions (warm-up included; the mapper keeps the range's). */
  readonly specialDays: readonly SpecialDay[];
  readonly startDate: string;
  readonly endDate: string;
}

function clockTime(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/** The report's `data` block: which data the run used. */
export function toFuturesDataResponse(used: FuturesDataUsed): FuturesDataResponseDto {
  const from = parseIsoDay(used.startDate) ?? Number.NEGATIVE_INFINITY;
  const to = parseIsoDay(used.endDate) ?? Number.POSITIVE_INFINITY;
  const continuous = used.origin?.continuous ?? null;
  return {
    provider: used.provider,
    synthetic: used.provider === 'synthetic',
    symbol: used.symbol,
    files: (used.origin?.files ?? []).map((f) => ({ ...f })),
    continuous:
      continuous === null
        ? null
        : {
            roll: continuous.rule.kind,
            roll_days: continuous.rule.kind === 'days_before_expiry' ? continuous.rule.days : null,
            back_adjust: continuous.back_adjust,
            segments: continuous.segments.map((seg) => ({ ...seg })),
            rolls: continuous.rolls.map((r) => ({ ...r })),
          },
    calendar: used.calendar,
    calendar_days: used.specialDays
      .filter((d) => d.day >= from && d.day <= to)
      .map((d) => ({ date: d.date, kind: d.kind, close_time: d.close_minute === null ? null : clockTime(d.close_minute), event: d.event, unconfirmed: d.unconfirmed })),
  };
}

export function toFuturesReportResponse(report: FuturesReport, dataSource: string, runId: number | null, data: FuturesDataResponseDto): FuturesReportResponseDto {
  return {
    symbol: report.symbol,
    contract: { ...report.contract },
    account: { ...report.account, scaling_tiers: report.account.scaling_tiers.map((t) => ({ ...t })) },
    strategy: { ...report.strategy },
    period: { ...report.period },
    verdict: { ...report.verdict },
    rules: report.rules.map((r) => ({ ...r })),
    counters: { ...report.counters },
    metrics: toMetricsResponse(report.metrics),
    attempts_mode: report.attempts_mode,
    reset_fee: report.reset_fee,
    attempts: report.attempts.map((a) => ({ ...a, min_cushion: a.min_cushion === null ? null : { ...a.min_cushion } })),
    reset_fees: report.reset_fees,
    min_cushion: report.min_cushion === null ? null : { ...report.min_cushion },
    start_balance: report.start_balance,
    final_balance: report.final_balance,
    net_pnl: report.net_pnl,
    net_pnl_after_fees: report.net_pnl_after_fees,
    bars_processed: report.bars_processed,
    data_source: dataSource,
    data,
    run_id: runId,
    sessions: report.sessions.map((s) => ({ ...s })),
    trades: report.trades.map((t) => ({ ...t })),
  };
}

/**
 * The csv file a request names (`csv_file`, `csv_format`, `tz`, `contract`), or undefined when it names
 * none (the provider's default file for the resolved `symbol`). An unknown zone is a 422 naming `tz`.
 */
export function toBarFileRequest(dto: FuturesBacktestRequestDto, symbol: string): MinuteBarFileRequest | undefined {
  const rolled = dto.csv_files !== undefined || dto.roll !== undefined || dto.back_adjust !== undefined || dto.roll_days !== undefined;
  if (!rolled && dto.csv_file === undefined && dto.csv_format === undefined && dto.tz === undefined && dto.contract === undefined) return undefined;
  if (dto.tz !== undefined && resolveZone(dto.tz) === null) throw ValidationError.field('tz', `tz "${dto.tz}" is not a time zone (an IANA name such as America/New_York, UTC, or UTC-5).`);
  if (dto.csv_files !== undefined && dto.csv_file !== undefined) throw ValidationError.field('csv_files', 'csv_files: give csv_file (one file) or csv_files (one per contract), not both.');
  const file = dto.csv_file ?? `minute_bars/${symbol}.csv`;
  if (!rolled) return { file, format: dto.csv_format, tz: dto.tz, contract: dto.contract };
  const roll: RollRule = dto.roll === 'days_before_expiry' ? { kind: 'days_before_expiry', days: dto.roll_days ?? 8 } : { kind: 'volume' };
  return { file, files: dto.csv_files ?? [file], format: dto.csv_format, tz: dto.tz, roll, backAdjust: dto.back_adjust };
}
