import { ValidationError } from '../../core/http';
import { formatIsoDay, parseIsoDay } from '../../engine';
import { MarketDataError } from '../market-data/market-data.error';
import type { DataProviderName, MarketDataPort } from '../market-data/market-data.port';
import {
  DEFAULT_CAPITAL,
  type HedgeFundBacktestRequestDto,
  type HedgeFundRequestBaseDto,
  type HedgeFundRunRequestDto,
} from './dto/hedge-fund-request.dto';

export const DEFAULT_RUN_LOOKBACK_DAYS = 90;
export const MAX_BACKTEST_DAYS = 3660;
const DAY_MS = 86_400_000;

export interface SeedPosition {
  readonly ticker: string;
  readonly quantity: number;
  readonly trade_price: number;
}

/** A run or backtest request after defaults and the checks the DTO cannot express. */
export interface HedgeFundJob {
  readonly kind: 'run' | 'backtest';
  readonly tickers: readonly string[];
  readonly start_date: string;
  readonly end_date: string;
  readonly initial_cash: number;
  readonly margin_requirement: number;
  readonly positions: readonly SeedPosition[];
  readonly data_provider: DataProviderName | undefined;
  readonly flow_id: number | undefined;
  /** Backtests: the ticker to compare against, if any. */
  readonly benchmark?: string;
  /** The request as stored with a persisted run: everything but the API keys. */
  readonly request_data: Record<string, unknown>;
}

function requireDate(field: string, value: string): number {
  const day = parseIsoDay(value);
  if (day === null) throw ValidationError.field(field, `${field} must be a real calendar date YYYY-MM-DD, got "${value}"`);
  return day;
}

function commonChecks(dto: HedgeFundRequestBaseDto): SeedPosition[] {
  const tickers = new Set(dto.tickers);
  const positions = dto.portfolio_positions ?? [];
  const seen = new Set<string>();
  positions.forEach((position, index) => {
    const field = `portfolio_positions[${index}].ticker`;
    if (!tickers.has(position.ticker)) throw ValidationError.field(field, `${field} "${position.ticker}" is not one of the requested tickers`);
    if (seen.has(position.ticker)) throw ValidationError.field(field, `${field} "${position.ticker}" appears more than once`);
    seen.add(position.ticker);
  });
  if (dto.api_keys !== undefined) {
    for (const [provider, key] of Object.entries(dto.api_keys)) {
      if (typeof key !== 'string') throw ValidationError.field(`api_keys.${provider}`, `api_keys.${provider} must be a string`);
    }
  }
  return positions.map((p) => ({ ticker: p.ticker, quantity: p.quantity, trade_price: p.trade_price }));
}

function requestData(dto: HedgeFundRequestBaseDto, resolved: Record<string, unknown>): Record<string, unknown> {
  const { api_keys: _secret, ...rest } = dto;
  return JSON.parse(JSON.stringify({ ...rest, ...resolved })) as Record<string, unknown>;
}

function checkOrder(startDay: number, endDay: number, start: string, end: string): void {
  if (startDay > endDay) throw ValidationError.field('start_date', `start_date ${start} is after end_date ${end}`);
}

/** `POST /hedge-fund/run`: end_date defaults to today (UTC), start_date to 90 days earlier. */
export function prepareRunJob(dto: HedgeFundRunRequestDto, today: Date): HedgeFundJob {
  const positions = commonChecks(dto);
  const endDay = dto.end_date === undefined ? Math.floor(today.getTime() / DAY_MS) : requireDate('end_date', dto.end_date);
  const startDay = dto.start_date === undefined ? endDay - DEFAULT_RUN_LOOKBACK_DAYS : requireDate('start_date', dto.start_date);
  const start = formatIsoDay(startDay);
  const end = formatIsoDay(endDay);
  checkOrder(startDay, endDay, start, end);
  const initialCash = dto.initial_cash ?? DEFAULT_CAPITAL;
  const margin = dto.margin_requirement ?? 0;
  return {
    kind: 'run',
    tickers: dto.tickers,
    start_date: start,
    end_date: end,
    initial_cash: initialCash,
    margin_requirement: margin,
    positions,
    data_provider: dto.data_provider,
    flow_id: dto.flow_id,
    request_data: requestData(dto, { start_date: start, end_date: end, initial_cash: initialCash, margin_requirement: margin }),
  };
}

/** `POST /hedge-fund/backtest`: both dates required, at most ten years apart. */
export function prepareBacktestJob(dto: HedgeFundBacktestRequestDto): HedgeFundJob {
  const positions = commonChecks(dto);
  const startDay = requireDate('start_date', dto.start_date);
  const endDay = requireDate('end_date', dto.end_date);
  checkOrder(startDay, endDay, dto.start_date, dto.end_date);
  if (endDay - startDay > MAX_BACKTEST_DAYS) {
    throw ValidationError.field('end_date', `The backtest spans ${endDay - startDay} days; at most ${MAX_BACKTEST_DAYS} are allowed`);
  }
  const initialCash = dto.initial_capital ?? DEFAULT_CAPITAL;
  const margin = dto.margin_requirement ?? 0;
  return {
    kind: 'backtest',
    tickers: dto.tickers,
    start_date: dto.start_date,
    end_date: dto.end_date,
    initial_cash: initialCash,
    margin_requirement: margin,
    positions,
    data_provider: dto.data_provider,
    flow_id: dto.flow_id,
    benchmark: dto.benchmark,
    request_data: requestData(dto, { initial_capital: initialCash, margin_requirement: margin }),
  };
}

/**
 * Before a backtest's stream starts: a 422 naming `benchmark` when the job's data provider has no prices for
 * the benchmark ticker in the backtest's range (the synthetic provider knows every well-formed ticker; the csv
 * provider needs its file; financialdatasets must answer). Other data failures keep their own status.
 */
export async function assertBenchmarkKnown(job: HedgeFundJob, port: MarketDataPort): Promise<void> {
  if (job.benchmark === undefined) return;
  const name = job.benchmark;
  let found: number;
  try {
    found = (await port.getPrices(name, job.start_date, job.end_date, { provider: job.data_provider })).length;
  } catch (error) {
    if (error instanceof MarketDataError && error.reason === 'NOT_FOUND') throw ValidationError.field('benchmark', `benchmark "${name}" is unknown to the data provider: ${error.message}`);
    throw error;
  }
  if (found === 0) throw ValidationError.field('benchmark', `benchmark "${name}" has no prices between ${job.start_date} and ${job.end_date}`);
}
