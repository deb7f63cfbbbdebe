import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, Logger, type MessageEvent, type OnModuleInit } from '@nestjs/common';
import { Observable } from 'rxjs';
import { APP_CONFIG, type AppConfig } from '../../config';
import { clientMessage, sseStream, typedEvent } from '../../core/http';
import {
  bestCombination,
  buildSweepReport,
  finishWalkForward,
  ranksBefore,
  resolveSweep,
  type ScoredCombination,
  scoreCombination,
  scoreOptions,
  SweepConfigs,
  SweepData,
  type SweepInput,
  type SweepPlan,
  type SweepScore,
  sessionDates,
  sweepWalkForwardPlan,
  type WalkForwardResult,
} from '../../engine';
import { FlowsService } from '../flows/flows.service';
import { FlowRunsService } from '../flow-runs/flow-runs.service';
import { FlowRunRecorder, NO_RECORDER, type RunRecorder } from '../flow-runs/run-recorder';
import type { JobContext, JobEvent } from '../jobs/job';
import { JobRegistry } from '../jobs/job-registry';
import { JobsService } from '../jobs/jobs.service';
import type { FuturesSweepRequestDto, FuturesSweepResponseDto } from './dto/futures-sweep.dto';
import { FUTURES_SSE_EVENTS } from './futures-sse-events';
import { toFuturesInput } from './futures.mapper';
import { toFuturesSweepResponse } from './futures-sweep.mapper';
import { FuturesService } from './futures.service';

/** The job kind of one part of a sweep (a range of combinations, or the walk-forward's test runs). */
export const FUTURES_SWEEP_PART_JOB = 'futures_sweep_part';
/** The `agent` of sweep progress events. */
export const FUTURES_SWEEP_PROGRESS_AGENT = 'futures_sweep';
/** Parts per executor thread: enough to balance uneven combinations and to report progress often. */
const PARTS_PER_THREAD = 4;
/** Sweeps whose bars an executor keeps (each part of a sweep on that executor reuses them). */
const CACHED_SWEEPS = 2;

/** One part of a sweep as a job: the request (every part validates and loads it the same way) and its task. */
export type SweepPartRequest =
  | { readonly sweep_id: string; readonly request: FuturesSweepRequestDto; readonly task: 'load' }
  | { readonly sweep_id: string; readonly request: FuturesSweepRequestDto; readonly task: 'score'; readonly from: number; readonly to: number }
  | { readonly sweep_id: string; readonly request: FuturesSweepRequestDto; readonly task: 'walk_forward'; readonly chosen: readonly ScoredCombination[] };

/** What a `score` part returns: the scores of its combinations over the range, and its best on each training window. */
export interface ScorePartResult {
  readonly scores: readonly SweepScore[];
  readonly sessions: number;
  readonly data_source: string;
  readonly window_best: readonly (ScoredCombination | null)[];
}

export function toSweepInput(dto: FuturesSweepRequestDto): SweepInput {
  return { base: toFuturesInput(dto), sweep: dto.sweep, objective: dto.objective, train_days: dto.train_days, test_days: dto.test_days, horizon_days: dto.horizon_days };
}

/** `[from, to)` ranges splitting `n` combinations into at most `parts` nearly equal parts. */
export function splitRange(n: number, parts: number): [number, number][] {
  const count = Math.max(1, Math.min(n, parts));
  return Array.from({ length: count }, (_, i) => [Math.floor((i * n) / count), Math.floor(((i + 1) * n) / count)]);
}

/**
 * Parameter sweeps and walk-forward (`POST /futures/sweep`). The request is validated here (422 naming every
 * bad field, 404 for the flow); the grid is split into parts run as jobs on the executors (worker threads, or
 * worker processes behind Redis), each loading the bars once and scoring its combinations; this side merges
 * the parts, reports progress, runs the walk-forward's test windows as a last job, ranks, and records the run.
 */
@Injectable()
export class FuturesSweepService implements OnModuleInit {
  private readonly logger = new Logger(FuturesSweepService.name);
  private readonly data = new Map<string, Promise<{ data: SweepData; dataSource: string }>>();

  constructor(
    private readonly futures: FuturesService,
    private readonly flows: FlowsService,
    private readonly flowRuns: FlowRunsService,
    private readonly jobs: JobsService,
    private readonly registry: JobRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.registry.register<SweepPartRequest>(FUTURES_SWEEP_PART_JOB, (request, context) => this.executePart(request, context));
  }

  /** `POST /futures/sweep`: start, progress per finished part, complete with the ranked sweep (or error) as SSE. */
  async stream(dto: FuturesSweepRequestDto): Promise<Observable<MessageEvent>> {
    const plan = await this.accept(dto);
    const sweepId = randomUUID();
    const request = await this.shipped(dto);
    // What only the bars can tell (a missing file, a bad line, a range without sessions) is refused before the
    // stream starts, as /futures/backtest does: one executor loads the bars (and keeps them for the parts it runs).
    await this.jobs.result({ kind: FUTURES_SWEEP_PART_JOB, request: { sweep_id: sweepId, request, task: 'load' } satisfies SweepPartRequest });
    return sseStream({
      heartbeatMs: this.config.hedgeFund.sseHeartbeatMs,
      frames: (signal) =>
        new Observable((subscriber) => {
          this.run(dto, plan, sweepId, request, signal, (event) => subscriber.next(typedEvent(event))).then(
            (data) => {
              subscriber.next(typedEvent({ type: FUTURES_SSE_EVENTS.complete, data }));
              subscriber.complete();
            },
            (error: unknown) => subscriber.error(error),
          );
        }),
    });
  }

  /** `POST /futures/sweep/report`: the same sweep answered as JSON once it ends. */
  async report(dto: FuturesSweepRequestDto): Promise<FuturesSweepResponseDto> {
    const plan = await this.accept(dto);
    return this.run(dto, plan, randomUUID(), await this.shipped(dto), new AbortController().signal, () => undefined);
  }

  /** The request as the parts get it: a copy, with the bar files shipped through Redis in scale-out mode. */
  private async shipped(dto: FuturesSweepRequestDto): Promise<FuturesSweepRequestDto> {
    return { ...(JSON.parse(JSON.stringify(dto)) as FuturesSweepRequestDto), ...(await this.futures.shippedBarFiles(dto)) };
  }

  /** What can be refused before anything runs: the sweep and base parameters, the range, the flow. */
  private async accept(dto: FuturesSweepRequestDto): Promise<SweepPlan> {
    const plan = resolveSweep(toSweepInput(dto), { requireDates: true });
    this.futures.resolve(dto);
    if (dto.flow_id !== undefined) await this.flows.requireFlow(dto.flow_id);
    this.jobs.assertAccepting();
    return plan;
  }

  private async run(dto: FuturesSweepRequestDto, plan: SweepPlan, sweepId: string, request: FuturesSweepRequestDto, signal: AbortSignal, emit: (event: JobEvent) => void): Promise<FuturesSweepResponseDto> {
    const recorder = await this.record(dto, { ...request });
    const lease = setInterval(() => void recorder.renewLease().catch((error: unknown) => this.logger.warn(`Could not renew the lease of run ${recorder.runId}: ${String(error)}`)), Math.max(1, Math.floor(this.config.jobs.leaseMs / 3)));
    lease.unref();
    try {
      const data = await this.sweep(plan, sweepId, request, recorder, signal, emit);
      await recorder.complete({ ...data });
      return data;
    } catch (error) {
      const message = clientMessage(error, this.logger);
      await (signal.aborted ? recorder.cancel('cancelled: the client disconnected') : recorder.fail(message)).catch((cause: unknown) => this.logger.error(`Could not record the end of run ${recorder.runId}: ${String(cause)}`));
      throw error;
    } finally {
      clearInterval(lease);
    }
  }

  /** The persisted run (with `flow_id`), owned by this process while the parts run; none otherwise. */
  private async record(dto: FuturesSweepRequestDto, request: Record<string, unknown>): Promise<RunRecorder> {
    if (dto.flow_id === undefined) return NO_RECORDER;
    const run = await this.flowRuns.createRun(dto.flow_id, { kind: 'futures_sweep', request_data: request });
    const owner = { workerId: `${hostname()}:${process.pid}:sweep`, leaseMs: this.config.jobs.leaseMs };
    const recorder = await FlowRunRecorder.claim(this.flowRuns, run.id, owner);
    if (recorder === null) throw new Error(`The sweep run ${run.id} could not be claimed`);
    return recorder;
  }

  private async sweep(plan: SweepPlan, sweepId: string, request: FuturesSweepRequestDto, recorder: RunRecorder, signal: AbortSignal, emit: (event: JobEvent) => void): Promise<FuturesSweepResponseDto> {
    const total = plan.grid.size;
    const { symbol } = plan.config;
    const timestamp = (): string => new Date().toISOString();
    emit({
      type: FUTURES_SSE_EVENTS.start,
      symbol,
      start_date: plan.config.start_date,
      end_date: plan.config.end_date,
      objective: plan.objective,
      combinations: total,
      parameters: plan.grid.axes.map((a) => ({ key: a.key, group: a.group, values: a.values })),
      walk_forward: plan.walk_forward,
      run_id: recorder.runId,
    });
    const progress = (done: number, status: string, phase: 'grid' | 'walk_forward'): void =>
      emit({ type: FUTURES_SSE_EVENTS.progress, agent: FUTURES_SWEEP_PROGRESS_AGENT, ticker: symbol, status, timestamp: timestamp(), analysis: null, phase, done, total });

    // One failing part stops the others.
    const work = new AbortController();
    const onAbort = (): void => work.abort(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      const ranges = splitRange(total, Math.max(1, this.config.jobs.threads) * PARTS_PER_THREAD);
      let done = 0;
      const parts = await Promise.all(
        ranges.map(async ([from, to]) => {
          const part = await this.jobs.result<ScorePartResult>({ kind: FUTURES_SWEEP_PART_JOB, request: { sweep_id: sweepId, request, task: 'score', from, to } satisfies SweepPartRequest }, work.signal).catch((error: unknown) => {
            work.abort(error);
            throw error;
          });
          done += to - from;
          progress(done, `Evaluated ${done}/${total} combinations`, 'grid');
          await recorder.cycle({ trigger_reason: `combinations ${from + 1}-${to} of ${total}`, performance_metrics: { evaluated: to - from } });
          return part;
        }),
      );
      const scores = parts.flatMap((p) => p.scores);
      let walkForward: WalkForwardResult | null = null;
      if (plan.walk_forward !== null) {
        const windows = parts[0].window_best.length;
        const chosen = Array.from({ length: windows }, (_, w) => bestCombination(parts.map((p) => p.window_best[w]).filter((c): c is ScoredCombination => c !== null), plan.objective) as ScoredCombination);
        progress(total, `Trading the best combination of each of ${windows} training windows on its test window`, 'walk_forward');
        walkForward = await this.jobs.result<WalkForwardResult>({ kind: FUTURES_SWEEP_PART_JOB, request: { sweep_id: sweepId, request, task: 'walk_forward', chosen } satisfies SweepPartRequest }, work.signal);
        await recorder.cycle({ trigger_reason: 'walk-forward test windows', performance_metrics: { ...walkForward.degradation } });
      }
      return toFuturesSweepResponse(buildSweepReport(plan, scores, parts[0].sessions, walkForward), parts[0].data_source, recorder.runId);
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  /** The job (executor side) of one part: the bars loaded (`load`, before the stream), its combinations' scores and training-window bests, or the walk-forward's test runs. */
  async executePart(part: SweepPartRequest, context: JobContext): Promise<Record<string, unknown>> {
    const dto = part.request;
    const plan = resolveSweep(toSweepInput(dto), { requireDates: true });
    const { data, dataSource } = await this.loadData(part.sweep_id, dto, context.signal);
    if (part.task === 'load') return { sessions: sessionDates(data, plan.config).length, data_source: dataSource };
    const configs = new SweepConfigs(plan.base, plan.grid);
    const windows = sweepWalkForwardPlan(data, plan);
    if (part.task === 'walk_forward') {
      if (windows === null) throw new Error('A walk_forward part of a sweep without train_days/test_days');
      return { ...finishWalkForward(data, configs, scoreOptions(plan), windows, part.chosen) };
    }
    const scores: SweepScore[] = [];
    const best: (ScoredCombination | null)[] = (windows?.windows ?? []).map(() => null);
    const options = scoreOptions(plan);
    for (let i = part.from; i < part.to; i += 1) {
      scores.push(scoreCombination(data, configs.at(i), options));
      windows?.windows.forEach((window, w) => {
        const candidate = { index: i, score: scoreCombination(data, configs.at(i), options, window.train) };
        const current = best[w];
        if (current === null || ranksBefore(candidate, current, plan.objective)) best[w] = candidate;
      });
      context.signal.throwIfAborted();
      // Lease beats, cancels and other jobs of this executor get their turn between combinations.
      await new Promise((resolve) => setImmediate(resolve));
    }
    const result: ScorePartResult = { scores, sessions: sessionDates(data, plan.config).length, data_source: dataSource, window_best: best };
    return { ...result };
  }

  /** The sweep's bars, loaded once per executor and shared by every part of the sweep it runs. */
  private loadData(sweepId: string, dto: FuturesSweepRequestDto, signal: AbortSignal): Promise<{ data: SweepData; dataSource: string }> {
    let entry = this.data.get(sweepId);
    if (entry === undefined) {
      entry = this.futures.prepare(dto, signal).then((run) => ({ data: SweepData.of(run.data, run.config), dataSource: run.dataSource }));
      this.data.set(sweepId, entry);
      entry.catch(() => this.data.delete(sweepId));
      for (const key of this.data.keys()) if (this.data.size > CACHED_SWEEPS) this.data.delete(key);
    }
    return entry;
  }
}
