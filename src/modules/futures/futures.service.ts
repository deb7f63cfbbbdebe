import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config';
import { ValidationError } from '../../core/http';
import {
  buildFuturesReport,
  type FuturesBacktestConfig,
  type FuturesEngineEvent,
  isoToDay,
  dayToIso,
  prepareFuturesData,
  type PreparedFuturesData,
  resolveFuturesConfig,
  runFuturesBacktest,
  sessionsInRange,
} from '../../engine';
import { FlowRunsService } from '../flow-runs/flow-runs.service';
import { MarketDataPort } from '../market-data/market-data.port';
import type { FuturesBacktestRequestDto } from './dto/futures-backtest-request.dto';
import type { AccountPresetResponseDto, ContractSpecResponseDto, FuturesReportResponseDto } from './dto/futures-response.dto';
import { toAccountPresetResponses, toBarFileRequest, toContractResponses, toFuturesInput, toFuturesReportResponse } from './futures.mapper';

const DEFAULT_WARMUP_DAYS = 100;
/** Sessions between two turns of the event loop, so frames flush and a disconnect is seen mid-run. */
const SESSIONS_PER_TURN = 20;

/** A validated request with its bars loaded and (with a flow_id) its run created: ready to stream. */
export interface PreparedFuturesRun {
  readonly config: FuturesBacktestConfig;
  readonly data: PreparedFuturesData;
  readonly sessions: number;
  readonly dataSource: string;
  readonly runId: number | null;
  readonly riskFreeRate: number;
}

@Injectable()
export class FuturesService {
  private readonly logger = new Logger(FuturesService.name);

  constructor(
    private readonly marketData: MarketDataPort,
    private readonly flowRuns: FlowRunsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  contracts(): ContractSpecResponseDto[] {
    return toContractResponses();
  }

  accounts(): AccountPresetResponseDto[] {
    return toAccountPresetResponses();
  }

  /**
   * Everything that can fail with a clean 4xx before a stream starts: parameters (engine validation,
   * 422 naming the field), the bar fetch (warm-up included, fitted into the provider's range limit),
   * an empty range, and the flow of a persisted run (404).
   */
  async prepare(dto: FuturesBacktestRequestDto, signal?: AbortSignal): Promise<PreparedFuturesRun> {
    const config = resolveFuturesConfig(toFuturesInput(dto), { requireDates: true });
    const startDate = config.start_date as string;
    const endDate = config.end_date as string;
    const startDay = isoToDay(startDate) as number;
    const endDay = isoToDay(endDate) as number;
    const maxRange = this.config.marketData.maxMinuteRangeDays;
    if (endDay - startDay + 1 > maxRange) {
      throw ValidationError.field('end_date', `end_date: the range is longer than the ${maxRange} days one request may ask for.`);
    }
    const warmup = Math.max(0, Math.min(dto.warmup_days ?? DEFAULT_WARMUP_DAYS, maxRange - (endDay - startDay + 1)));
    const dataSource = dto.data_provider ?? this.config.marketData.provider;
    const bars = await this.marketData.getMinuteBars(config.symbol, dayToIso(startDay - warmup), endDate, { provider: dto.data_provider, signal, barFile: toBarFileRequest(dto, config.symbol) });
    const data = prepareFuturesData(bars, config);
    const sessions = sessionsInRange(data, config);
    if (sessions === 0) throw ValidationError.field('start_date', `start_date: no ${config.symbol} regular-session bars between ${startDate} and ${endDate}.`);
    let runId: number | null = null;
    if (dto.flow_id !== undefined) {
      const run = await this.flowRuns.createRun(dto.flow_id, { kind: 'futures_backtest', request_data: { ...dto } as unknown as Record<string, unknown> });
      runId = run.id;
    }
    return { config, data, sessions, dataSource, runId, riskFreeRate: dto.risk_free_rate ?? 0 };
  }

  /**
   * Runs a prepared backtest, yielding the engine's events; returns the report. A persisted run is
   * started, gets one cycle per session, and ends COMPLETE, ERROR or CANCELLED (abort).
   */
  async *execute(run: PreparedFuturesRun, signal?: AbortSignal): AsyncGenerator<FuturesEngineEvent, FuturesReportResponseDto, void> {
    const { runId } = run;
    if (runId !== null) await this.flowRuns.start(runId);
    try {
      const generator = runFuturesBacktest(run.data, run.config, { signal });
      let sessionTrades: unknown[] = [];
      let step = await generator.next();
      while (step.done !== true) {
        const event = step.value;
        if (event.type === 'trade') sessionTrades.push(event.trade);
        else if (runId !== null) {
          await this.flowRuns.addCycle(runId, {
            cycle_number: event.index,
            completed_at: new Date(),
            executed_trades: sessionTrades,
            portfolio_snapshot: { ...event.row },
            status: 'COMPLETED',
            trigger_reason: `session ${event.row.date}`,
          });
          sessionTrades = [];
        }
        if (event.type === 'session' && event.index % SESSIONS_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
        yield event;
        step = await generator.next();
      }
      const report = toFuturesReportResponse(buildFuturesReport(step.value, { riskFreeRate: run.riskFreeRate }), run.dataSource, runId);
      if (runId !== null) await this.flowRuns.complete(runId, report as unknown as Record<string, unknown>);
      return report;
    } catch (error) {
      if (runId !== null) await this.finishFailedRun(runId, error, signal);
      throw error;
    }
  }

  async report(dto: FuturesBacktestRequestDto): Promise<FuturesReportResponseDto> {
    const run = await this.prepare(dto);
    const generator = this.execute(run);
    let step = await generator.next();
    while (step.done !== true) step = await generator.next();
    return step.value;
  }

  private async finishFailedRun(runId: number, error: unknown, signal?: AbortSignal): Promise<void> {
    try {
      if (signal?.aborted === true) await this.flowRuns.cancel(runId, 'cancelled: the client disconnected');
      else await this.flowRuns.fail(runId, error instanceof Error ? error.message : String(error));
    } catch (persistError) {
      this.logger.error({ run_id: runId, err: persistError instanceof Error ? persistError.message : String(persistError) }, 'Could not record the end of a futures run');
    }
  }
}
