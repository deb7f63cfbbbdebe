import { Inject, Injectable, type MessageEvent, type OnModuleInit } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { APP_CONFIG, type AppConfig } from '../../config';
import { ValidationError } from '../../core/http';
import {
  buildFuturesReport,
  type FuturesBacktestConfig,
  parseIsoDay,
  formatIsoDay,
  formatUsd,
  prepareFuturesData,
  type PreparedFuturesData,
  resolveFuturesConfig,
  runFuturesBacktest,
  sessionsInRange,
} from '../../engine';
import { FlowsService } from '../flows/flows.service';
import type { FlowRunKind } from '../flow-runs/flow-run-status';
import type { JobContext } from '../jobs/job';
import { JobRegistry } from '../jobs/job-registry';
import { type JobInput, JobsService } from '../jobs/jobs.service';
import { type JobFileRef, JobFileStore } from '../jobs/job-files';
import { MarketDataPort, type MinuteBarFileRequest, type MinuteBarOrigin } from '../market-data/market-data.port';
import type { FuturesBacktestRequestDto } from './dto/futures-backtest-request.dto';
import type { AccountPresetResponseDto, ContractSpecResponseDto, FuturesDataResponseDto, FuturesReportResponseDto } from './dto/futures-response.dto';
import { FUTURES_PROGRESS_AGENT, FUTURES_SSE_EVENTS } from './futures-sse-events';
import { toAccountPresetResponses, toBarFileRequest, toContractResponses, toFuturesDataResponse, toFuturesInput, toFuturesReportResponse } from './futures.mapper';

/** The job kind of a futures backtest (see JobRegistry). */
export const FUTURES_BACKTEST_JOB = 'futures_backtest';

/** Calendar days of bars fetched before start_date when the request does not say (`warmup_days`). */
export const DEFAULT_WARMUP_DAYS = 100;
/** Sessions between two turns of the event loop, so frames flush and a disconnect is seen mid-run. */
const SESSIONS_PER_TURN = 20;

/**
 * A request as its job carries it in scale-out mode: the bar files it reads, read by the API that accepted
 * it and shipped through Redis (see JobFileStore), for a worker that does not share the API's disk.
 */
export type WithShippedBarFiles<Request> = Request & { readonly bar_file_refs?: readonly JobFileRef[] };

/** A validated request with its bars loaded: ready to run. */
export interface PreparedFuturesRun {
  readonly config: FuturesBacktestConfig;
  readonly data: PreparedFuturesData;
  readonly sessions: number;
  readonly dataSource: string;
  /** Where the bars came from (the files read), when the provider read files. */
  readonly origin: MinuteBarOrigin | undefined;
  readonly riskFreeRate: number;
}

/** The report's `data` block of a prepared run. */
export function dataUsed(run: PreparedFuturesRun): FuturesDataResponseDto {
  return toFuturesDataResponse({
    provider: run.dataSource,
    symbol: run.config.symbol,
    origin: run.origin,
    calendar: run.config.calendar ?? 'cme',
    specialDays: run.data.table.specialDays,
    startDate: run.config.start_date as string,
    endDate: run.config.end_date as string,
  });
}

/**
 * Futures backtests as jobs: `stream` and `report` validate the request (422 naming the field, 404 for the
 * flow) and submit it; `execute` loads the bars and runs the strategy in a worker thread or process.
 */
@Injectable()
export class FuturesService implements OnModuleInit {
  constructor(
    private readonly marketData: MarketDataPort,
    private readonly flows: FlowsService,
    private readonly jobs: JobsService,
    private readonly registry: JobRegistry,
    private readonly files: JobFileStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.registry.register<FuturesBacktestRequestDto>(FUTURES_BACKTEST_JOB, (request, context) => this.execute(request, context));
  }

  contracts(): ContractSpecResponseDto[] {
    return toContractResponses();
  }

  accounts(): AccountPresetResponseDto[] {
    return toAccountPresetResponses();
  }

  /**
   * `POST /futures/backtest`: the job's events as SSE (see the controller for the frames). The response waits
   * for the job's `start`, so what only the bars can refuse (no session in the range, a bad file) is a 422.
   */
  async stream(dto: FuturesBacktestRequestDto): Promise<Observable<MessageEvent>> {
    return this.jobs.streamOnceStarted(await this.submission(dto));
  }

  /** `POST /futures/backtest/report`: the same job, answered as the report once it ends. */
  async report(dto: FuturesBacktestRequestDto): Promise<FuturesReportResponseDto> {
    return this.jobs.result<FuturesReportResponseDto>(await this.submission(dto));
  }

  /** What can be refused before the job: the parameters (422 naming the field) and the flow of a persisted run (404). */
  private async submission(dto: FuturesBacktestRequestDto): Promise<JobInput> {
    this.resolve(dto);
    return this.jobInput(dto, FUTURES_BACKTEST_JOB, 'futures_backtest');
  }

  /**
   * The job of a futures request its service has resolved (its own fields, then the backtest's): the flow of a
   * persisted run (404) and the jobs' admission checked, the request copied with its bar files shipped (scale-out),
   * and the run to record under `runKind` when the request names a flow.
   */
  async jobInput(dto: FuturesBacktestRequestDto, kind: string, runKind: FlowRunKind): Promise<JobInput> {
    if (dto.flow_id !== undefined) await this.flows.requireFlow(dto.flow_id);
    this.jobs.assertAccepting();
    const request = JSON.parse(JSON.stringify(dto)) as Record<string, unknown>;
    return {
      kind,
      request: { ...request, ...(await this.shippedBarFiles(dto)) },
      persist: dto.flow_id === undefined ? undefined : { flowId: dto.flow_id, runKind, requestData: request },
    };
  }

  /**
   * API side, scale-out mode: `bar_file_refs` for the job's request, the bar files the request reads (csv
   * provider) read here and shipped through Redis, so a worker on another machine reads what this API was
   * given. A missing file is a 404 and a path outside market-data a 422, before any job. Without REDIS_URL
   * nothing (worker threads share this disk).
   */
  async shippedBarFiles(dto: FuturesBacktestRequestDto): Promise<{ readonly bar_file_refs?: readonly JobFileRef[] }> {
    if (!this.files.shipsFiles) return {};
    const { config } = this.resolve(dto);
    const contents = await this.marketData.readMinuteBarFiles(config.symbol, { provider: dto.data_provider, barFile: toBarFileRequest(dto, config.symbol) });
    if (contents.length === 0) return {};
    return { bar_file_refs: await Promise.all(contents.map((c) => this.files.put(c.name, c.bytes))) };
  }

  /** Executor side: the bar-file request, with the content shipped by the accepting API when there is any. */
  private async barFileOf(dto: WithShippedBarFiles<FuturesBacktestRequestDto>, symbol: string): Promise<MinuteBarFileRequest | undefined> {
    const barFile = toBarFileRequest(dto, symbol);
    const refs = dto.bar_file_refs;
    if (refs === undefined || refs.length === 0) return barFile;
    const contents = await Promise.all(refs.map(async (ref) => ({ name: ref.name, bytes: await this.files.get(ref) })));
    return { ...(barFile ?? { file: `minute_bars/${symbol}.csv` }), contents };
  }

  /** The parameters (engine validation, 422 naming every bad field) and the range (at most FUTURES_MAX_RANGE_DAYS). */
  resolve(dto: FuturesBacktestRequestDto): { config: FuturesBacktestConfig; startDate: string; endDate: string; startDay: number; rangeDays: number } {
    const config = resolveFuturesConfig(toFuturesInput(dto), { requireDates: true });
    const startDate = config.start_date as string;
    const endDate = config.end_date as string;
    const startDay = parseIsoDay(startDate) as number;
    const rangeDays = (parseIsoDay(endDate) as number) - startDay + 1;
    const maxRange = this.config.futures.maxRangeDays;
    if (rangeDays > maxRange) {
      throw ValidationError.field('end_date', `end_date: the range spans ${rangeDays} days; one request may ask for at most ${maxRange} (FUTURES_MAX_RANGE_DAYS).`);
    }
    return { config, startDate, endDate, startDay, rangeDays };
  }

  /**
   * The parameters, the bar fetch (the warm-up on top of the range, and `extendDays` calendar days after it
   * for analyses that look past end_date) and an empty range, checked where the job runs.
   */
  async prepare(dto: FuturesBacktestRequestDto, signal?: AbortSignal, extendDays = 0): Promise<PreparedFuturesRun> {
    const { config, startDate, endDate, startDay, rangeDays } = this.resolve(dto);
    const warmup = dto.warmup_days ?? DEFAULT_WARMUP_DAYS;
    const dataSource = dto.data_provider ?? this.config.marketData.provider;
    const fetchEnd = extendDays === 0 ? endDate : formatIsoDay(startDay + rangeDays - 1 + extendDays);
    const bars = await this.marketData.getMinuteBars(config.symbol, formatIsoDay(startDay - warmup), fetchEnd, {
      provider: dto.data_provider,
      signal,
      barFile: await this.barFileOf(dto, config.symbol),
      maxRangeDays: rangeDays + warmup + extendDays,
    });
    const data = prepareFuturesData(bars, config);
    const sessions = sessionsInRange(data, config);
    if (sessions === 0) throw ValidationError.field('start_date', `start_date: no ${config.symbol} regular-session bars between ${startDate} and ${endDate}.`);
    return { config, data, sessions, dataSource, origin: bars.origin, riskFreeRate: dto.risk_free_rate ?? 0 };
  }

  /**
   * The job (executor side): loads the bars, sends `start`, then a `trade` as each closes and a `progress`
   * per session (one cycle each when persisted), and returns the report.
   */
  async execute(dto: FuturesBacktestRequestDto, context: JobContext): Promise<Record<string, unknown>> {
    const run = await this.prepare(dto, context.signal);
    const { symbol } = run.config;
    const timestamp = (): string => new Date().toISOString();
    context.emit({ type: FUTURES_SSE_EVENTS.start, symbol, start_date: run.config.start_date, end_date: run.config.end_date, sessions: run.sessions, run_id: context.runId, data_source: run.dataSource });
    const generator = runFuturesBacktest(run.data, run.config, { signal: context.signal });
    let sessionTrades: unknown[] = [];
    let step = await generator.next();
    while (step.done !== true) {
      const event = step.value;
      if (event.type === 'trade') {
        sessionTrades.push(event.trade);
        context.emit({ type: FUTURES_SSE_EVENTS.trade, trade: event.trade, timestamp: timestamp() });
      } else {
        context.emit({
          type: FUTURES_SSE_EVENTS.progress,
          agent: FUTURES_PROGRESS_AGENT,
          ticker: symbol,
          status: `Completed ${event.row.date} (${event.index}/${event.total}) - Balance: ${formatUsd(event.row.balance)}`,
          timestamp: timestamp(),
          analysis: JSON.stringify(event.row),
          index: event.index,
          total: event.total,
          session: event.row,
        });
        await context.cycle({ executed_trades: sessionTrades, portfolio_snapshot: { ...event.row }, trigger_reason: `session ${event.row.date}` });
        sessionTrades = [];
        if (event.index % SESSIONS_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      step = await generator.next();
    }
    return { ...toFuturesReportResponse(buildFuturesReport(step.value, { riskFreeRate: run.riskFreeRate }), run.dataSource, context.runId, dataUsed(run)) };
  }
}
