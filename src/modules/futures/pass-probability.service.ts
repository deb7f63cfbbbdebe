import { Injectable, type MessageEvent, type OnModuleInit } from '@nestjs/common';
import type { Observable } from 'rxjs';
import {
  buildFuturesReport,
  EngineError,
  horizonCalendarDays,
  passProbability,
  type PassProbabilityInput,
  type PassProbabilityOptions,
  type PassProbabilityProgress,
  resolvePassProbabilityConfig,
  runFuturesBacktestSync,
} from '../../engine';
import type { JobContext } from '../jobs/job';
import { JobRegistry } from '../jobs/job-registry';
import { type JobInput, JobsService } from '../jobs/jobs.service';
import { toMetricsResponse } from '../metrics/metrics.mapper';
import type { PassProbabilityRequestDto } from './dto/pass-probability-request.dto';
import type { PassProbabilityResponseDto } from './dto/pass-probability-response.dto';
import { FUTURES_SSE_EVENTS } from './futures-sse-events';
import { toFuturesInput } from './futures.mapper';
import { DEFAULT_WARMUP_DAYS, FuturesService } from './futures.service';
import { toPassProbabilityResponse } from './pass-probability.mapper';

/** The job kind and the persisted run kind of a pass-probability estimate. */
export const PASS_PROBABILITY_JOB = 'futures_pass_probability';
export const PASS_PROBABILITY_RUN_KIND = 'pass_probability';
/** The `agent` of its progress events. */
export const PASS_PROBABILITY_PROGRESS_AGENT = 'futures_pass_probability';

function toPassProbabilityInput(dto: PassProbabilityRequestDto): PassProbabilityInput {
  return { ...toFuturesInput(dto), method: dto.method, horizon_days: dto.horizon_days, paths: dto.paths, seed: dto.seed, block_days: dto.block_days };
}

function progressStatus(progress: PassProbabilityProgress): string {
  return progress.phase === 'rolling' ? `Rolling starts ${progress.done}/${progress.total}` : `Bootstrap paths ${progress.done}/${progress.total}`;
}

/**
 * `POST /futures/pass-probability`: validates the body (422 naming every bad field, 404 for the flow), then
 * runs the estimate as a job (worker thread or scale-out worker) that loads the bars like a futures backtest,
 * with the horizon's sessions after end_date on top.
 */
@Injectable()
export class PassProbabilityService implements OnModuleInit {
  constructor(
    private readonly futures: FuturesService,
    private readonly jobs: JobsService,
    private readonly registry: JobRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.register<PassProbabilityRequestDto>(PASS_PROBABILITY_JOB, (request, context) => this.execute(request, context));
  }

  /** The job's events as SSE: start, progress, complete (or error); what the bars refuse is a 422 before it (see FuturesService.stream). */
  async stream(dto: PassProbabilityRequestDto): Promise<Observable<MessageEvent>> {
    return this.jobs.streamOnceStarted(await this.submission(dto));
  }

  private resolve(dto: PassProbabilityRequestDto): PassProbabilityOptions {
    const { odds } = resolvePassProbabilityConfig(toPassProbabilityInput(dto), { requireDates: true });
    this.futures.resolve(dto);
    return odds;
  }

  private async submission(dto: PassProbabilityRequestDto): Promise<JobInput> {
    this.resolve(dto);
    return this.futures.jobInput(dto, PASS_PROBABILITY_JOB, PASS_PROBABILITY_RUN_KIND);
  }

  /**
   * The job (executor side): loads the bars, sends `start`, a `progress` every few hundred attempts (the event
   * loop turns between them, so cancels and lease beats get through), and returns the estimate with the
   * metrics of one `attempts: reset` backtest over the range.
   */
  async execute(dto: PassProbabilityRequestDto, context: JobContext): Promise<Record<string, unknown>> {
    const odds = this.resolve(dto);
    const run = await this.futures.prepare(dto, context.signal, odds.method === 'bootstrap' ? 0 : horizonCalendarDays(odds.horizon_days));
    const { config } = run;
    context.emit({
      type: FUTURES_SSE_EVENTS.start,
      symbol: config.symbol,
      start_date: config.start_date,
      end_date: config.end_date,
      sessions: run.sessions,
      method: odds.method,
      horizon_days: odds.horizon_days,
      paths: odds.method === 'rolling' ? 0 : odds.paths,
      run_id: context.runId,
      data_source: run.dataSource,
    });
    const steps = passProbability(run.data, config, odds, { warmupDays: dto.warmup_days ?? DEFAULT_WARMUP_DAYS });
    const cancelled = (): void => {
      if (context.signal.aborted) throw new EngineError('CANCELLED', 'The pass-probability estimate was cancelled.');
    };
    let step = steps.next();
    while (step.done !== true) {
      const progress = step.value;
      context.emit({
        type: FUTURES_SSE_EVENTS.progress,
        agent: PASS_PROBABILITY_PROGRESS_AGENT,
        ticker: config.symbol,
        status: progressStatus(progress),
        timestamp: new Date().toISOString(),
        phase: progress.phase,
        done: progress.done,
        total: progress.total,
      });
      await new Promise((resolve) => setImmediate(resolve));
      cancelled();
      step = steps.next();
    }
    cancelled();
    const history = runFuturesBacktestSync(run.data, { ...config, attempts: 'reset', rules: { ...config.rules, continue_after_pass: false } });
    const metrics = toMetricsResponse(buildFuturesReport(history, { riskFreeRate: run.riskFreeRate }).metrics);
    const response: PassProbabilityResponseDto = toPassProbabilityResponse(step.value, config, metrics, run.dataSource, context.runId);
    return { ...response };
  }
}
