import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, QueryFailedError, Repository } from 'typeorm';
import type { QueryPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { jsonColumns } from '../../core/database';
import { ConflictError, NotFoundError } from '../../core/http';
import { FlowsService } from '../flows/flows.service';
import type { CreateFlowRunDto } from './dto/create-flow-run.dto';
import type { FlowRunCountResponseDto, FlowRunCycleResponseDto, FlowRunResponseDto, FlowRunSummaryResponseDto } from './dto/flow-run-response.dto';
import type { ListFlowRunCyclesQueryDto, ListFlowRunsQueryDto } from './dto/list-query.dto';
import { CYCLES_PAGE_MAX } from './dto/list-query.dto';
import type { UpdateFlowRunDto } from './dto/update-flow-run.dto';
import { FlowRunCycleEntity } from './flow-run-cycle.entity';
import { FlowRunEntity } from './flow-run.entity';
import { allowedNextStatuses, canTransition, isTerminal, type FlowRunCycleStatus, type FlowRunKind, type FlowRunStatus } from './flow-run-status';
import { FLOW_RUN_SUMMARY_SELECT, toFlowRunCycleResponse, toFlowRunResponse, toFlowRunSummaryResponse } from './flow-runs.mapper';

export const FLOW_RUN_NOT_FOUND = 'Flow run not found';
export const FLOW_RUN_CYCLE_NOT_FOUND = 'Flow run cycle not found';
/** The error of a run whose executor stopped renewing its lease (crashed, killed, or cut off). */
export const WORKER_LOST_MESSAGE = 'worker lost: the process executing this run stopped renewing its lease';
/** The error_message of a run cancelled or failed without a message of its own. */
export const CANCELLED_MESSAGE = 'cancelled before it completed';
export const FAILED_MESSAGE = 'failed (no reason was given)';

const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';

/** What the run and backtest services pass when they start persisting a run. */
export interface NewFlowRun {
  readonly kind?: FlowRunKind;
  readonly request_data?: Record<string, unknown> | null;
}

/** One backtest day or run cycle, as the engine's consumers record it. */
export interface NewFlowRunCycle {
  readonly cycle_number: number;
  readonly started_at?: Date;
  readonly completed_at?: Date | null;
  readonly analyst_signals?: Record<string, unknown> | null;
  readonly trading_decisions?: Record<string, unknown> | null;
  readonly executed_trades?: unknown;
  readonly portfolio_snapshot?: Record<string, unknown> | null;
  readonly performance_metrics?: Record<string, unknown> | null;
  readonly status?: FlowRunCycleStatus;
  readonly error_message?: string | null;
  readonly llm_calls_count?: number;
  readonly api_calls_count?: number;
  readonly estimated_cost?: string | null;
  readonly trigger_reason?: string | null;
  readonly market_conditions?: Record<string, unknown> | null;
}

interface RunChange {
  readonly status?: FlowRunStatus;
  readonly results?: Record<string, unknown>;
  readonly errorMessage?: string;
}

/** Which run a change addresses: by id alone (services), or by id within a flow (HTTP routes). */
interface RunKey {
  readonly id: number;
  readonly flowId?: number;
}

function driverCode(error: unknown): string | undefined {
  return error instanceof QueryFailedError ? (error.driverError as { code?: string }).code : undefined;
}

/**
 * Flow runs and their cycles. The HTTP routes and the job runner share it: run numbers are assigned under
 * a lock on the flow row, status changes follow `flow-run-status.ts`, and a run executed by a job is owned
 * by its executor (`worker_id`) under a lease it renews; a run whose lease expired is marked ERROR by
 * whichever process sweeps first (`markLostRuns`), and a run with a live lease is never touched.
 */
@Injectable()
export class FlowRunsService {
  private readonly logger = new Logger(FlowRunsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(FlowRunEntity) private readonly runs: Repository<FlowRunEntity>,
    @InjectRepository(FlowRunCycleEntity) private readonly cycles: Repository<FlowRunCycleEntity>,
    private readonly flows: FlowsService,
  ) {}

  /**
   * Numbers the run `max + 1` within its flow. Concurrent creates for one flow queue on the flow row's
   * lock (the unique (flow_id, run_number) constraint backs it up); 404 when the flow does not exist.
   */
  async createRun(flowId: number, input: NewFlowRun = {}): Promise<FlowRunResponseDto> {
    return this.dataSource.transaction(async (manager) => {
      await this.flows.requireFlow(flowId, manager, true);
      const [{ next }] = (await manager.query(`SELECT COALESCE(MAX(run_number), 0) + 1 AS next FROM hedge_fund_flow_runs WHERE flow_id = $1`, [flowId])) as {
        next: number;
      }[];
      const run = manager.create(FlowRunEntity, {
        flowId,
        runNumber: next,
        kind: input.kind ?? 'run',
        status: 'IDLE',
        requestData: input.request_data ?? null,
        results: null,
        errorMessage: null,
        startedAt: null,
        completedAt: null,
        workerId: null,
        leaseExpiresAt: null,
      });
      await manager.insert(FlowRunEntity, jsonColumns<FlowRunEntity>(run));
      return toFlowRunResponse(run);
    });
  }

  create(flowId: number, dto: CreateFlowRunDto): Promise<FlowRunResponseDto> {
    return this.createRun(flowId, { kind: dto.kind ?? undefined, request_data: dto.request_data });
  }

  async list(flowId: number, query: ListFlowRunsQueryDto): Promise<FlowRunSummaryResponseDto[]> {
    await this.flows.requireFlow(flowId);
    const runs = await this.runs.find({
      select: FLOW_RUN_SUMMARY_SELECT,
      where: { flowId },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: query.limit ?? 50,
      skip: query.offset ?? 0,
    });
    return runs.map(toFlowRunSummaryResponse);
  }

  /** The newest IN_PROGRESS run of the flow, or null. */
  async active(flowId: number): Promise<FlowRunResponseDto | null> {
    await this.flows.requireFlow(flowId);
    const run = await this.runs.findOne({ where: { flowId, status: 'IN_PROGRESS' }, order: { createdAt: 'DESC', id: 'DESC' } });
    return run === null ? null : toFlowRunResponse(run);
  }

  /** The newest run of the flow, or null. */
  async latest(flowId: number): Promise<FlowRunResponseDto | null> {
    await this.flows.requireFlow(flowId);
    const run = await this.runs.findOne({ where: { flowId }, order: { createdAt: 'DESC', id: 'DESC' } });
    return run === null ? null : toFlowRunResponse(run);
  }

  async count(flowId: number): Promise<FlowRunCountResponseDto> {
    await this.flows.requireFlow(flowId);
    return { flow_id: flowId, total_runs: await this.runs.countBy({ flowId }) };
  }

  async get(flowId: number, runId: number): Promise<FlowRunResponseDto> {
    await this.flows.requireFlow(flowId);
    const run = await this.runs.findOneBy({ id: runId, flowId });
    if (run === null) throw new NotFoundError(FLOW_RUN_NOT_FOUND);
    return toFlowRunResponse(run);
  }

  /** The anchor's PUT: absent or null fields are left unchanged; an illegal status move is a 409. */
  async update(flowId: number, runId: number, dto: UpdateFlowRunDto): Promise<FlowRunResponseDto> {
    await this.flows.requireFlow(flowId);
    return this.change(
      { id: runId, flowId },
      { status: dto.status ?? undefined, results: dto.results ?? undefined, errorMessage: dto.error_message ?? undefined },
    );
  }

  async delete(flowId: number, runId: number): Promise<void> {
    await this.flows.requireFlow(flowId);
    const result = await this.runs.delete({ id: runId, flowId });
    if (result.affected === 0) throw new NotFoundError(FLOW_RUN_NOT_FOUND);
  }

  /** Deletes every run of the flow (and their cycles); returns how many runs went. */
  async deleteAll(flowId: number): Promise<number> {
    await this.flows.requireFlow(flowId);
    const result = await this.runs.delete({ flowId });
    return result.affected ?? 0;
  }

  start(runId: number): Promise<FlowRunResponseDto> {
    return this.change({ id: runId }, { status: 'IN_PROGRESS' });
  }

  complete(runId: number, results: Record<string, unknown>): Promise<FlowRunResponseDto> {
    return this.change({ id: runId }, { status: 'COMPLETE', results });
  }

  fail(runId: number, message: string): Promise<FlowRunResponseDto> {
    return this.change({ id: runId }, { status: 'ERROR', errorMessage: message });
  }

  cancel(runId: number, message?: string): Promise<FlowRunResponseDto> {
    return this.change({ id: runId }, { status: 'CANCELLED', errorMessage: message });
  }

  /** Records one cycle of a run; 404 for an unknown run, 409 when the run already has that cycle number. */
  async addCycle(runId: number, cycle: NewFlowRunCycle): Promise<FlowRunCycleResponseDto> {
    const entity = this.cycles.create({
      flowRunId: runId,
      cycleNumber: cycle.cycle_number,
      ...(cycle.started_at === undefined ? {} : { startedAt: cycle.started_at }),
      completedAt: cycle.completed_at ?? null,
      analystSignals: cycle.analyst_signals ?? null,
      tradingDecisions: cycle.trading_decisions ?? null,
      executedTrades: cycle.executed_trades ?? null,
      portfolioSnapshot: cycle.portfolio_snapshot ?? null,
      performanceMetrics: cycle.performance_metrics ?? null,
      status: cycle.status ?? 'IN_PROGRESS',
      errorMessage: cycle.error_message ?? null,
      llmCallsCount: cycle.llm_calls_count ?? 0,
      apiCallsCount: cycle.api_calls_count ?? 0,
      estimatedCost: cycle.estimated_cost ?? null,
      triggerReason: cycle.trigger_reason ?? null,
      marketConditions: cycle.market_conditions ?? null,
    });
    try {
      await this.cycles.insert(jsonColumns<FlowRunCycleEntity>(entity));
    } catch (error) {
      const code = driverCode(error);
      if (code === FOREIGN_KEY_VIOLATION) throw new NotFoundError(FLOW_RUN_NOT_FOUND);
      if (code === UNIQUE_VIOLATION) throw new ConflictError(`Flow run ${runId} already has a cycle number ${cycle.cycle_number}`);
      throw error;
    }
    return toFlowRunCycleResponse(entity);
  }

  async listCycles(flowId: number, runId: number, query: ListFlowRunCyclesQueryDto): Promise<FlowRunCycleResponseDto[]> {
    await this.requireRun(flowId, runId);
    const cycles = await this.cycles.find({
      where: { flowRunId: runId },
      order: { cycleNumber: 'ASC' },
      take: query.limit ?? CYCLES_PAGE_MAX,
      skip: query.offset ?? 0,
    });
    return cycles.map(toFlowRunCycleResponse);
  }

  async getCycle(flowId: number, runId: number, cycleId: number): Promise<FlowRunCycleResponseDto> {
    await this.requireRun(flowId, runId);
    const cycle = await this.cycles.findOneBy({ id: cycleId, flowRunId: runId });
    if (cycle === null) throw new NotFoundError(FLOW_RUN_CYCLE_NOT_FOUND);
    return toFlowRunCycleResponse(cycle);
  }

  /**
   * The executor takes an IDLE run: IN_PROGRESS, owned by `owner.workerId`, leased for `owner.leaseMs` (by
   * the database clock). False when the run is not IDLE any more (cancelled before a worker picked it up).
   */
  async claim(runId: number, owner: { workerId: string; leaseMs: number }): Promise<boolean> {
    const result = await this.runs
      .createQueryBuilder()
      .update(FlowRunEntity)
      .set({
        status: 'IN_PROGRESS',
        workerId: owner.workerId,
        leaseExpiresAt: () => `now() + make_interval(secs => :leaseSeconds)`,
        startedAt: () => 'COALESCE(started_at, now())',
        updatedAt: () => 'now()',
      })
      .where('id = :runId AND status = :idle', { runId, idle: 'IDLE', leaseSeconds: owner.leaseMs / 1000 })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** Extends the owner's lease; false when the run is no longer IN_PROGRESS under this owner. */
  async renewLease(runId: number, owner: { workerId: string; leaseMs: number }): Promise<boolean> {
    const result = await this.runs
      .createQueryBuilder()
      .update(FlowRunEntity)
      .set({ leaseExpiresAt: () => `now() + make_interval(secs => :leaseSeconds)` })
      .where('id = :runId AND status = :running AND worker_id = :workerId', { runId, running: 'IN_PROGRESS', workerId: owner.workerId, leaseSeconds: owner.leaseMs / 1000 })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** A run whose job was cancelled before an executor claimed it; false when it was claimed already. */
  async cancelIdle(runId: number, message: string): Promise<boolean> {
    return (await this.endRuns({ status: 'CANCELLED', message, where: 'id = :runId AND status = :idle', params: { runId, idle: 'IDLE' } })).length > 0;
  }

  /** Every IN_PROGRESS run whose lease expired becomes ERROR "worker lost"; returns their ids. */
  async markLostRuns(): Promise<number[]> {
    const ids = await this.endRuns({ status: 'ERROR', message: WORKER_LOST_MESSAGE, where: 'status = :running AND lease_expires_at < now()', params: { running: 'IN_PROGRESS' } });
    if (ids.length > 0) this.logger.warn(`Marked ${ids.length} run(s) whose worker was lost as ERROR: ${ids.join(', ')}`);
    return ids;
  }

  /** The runs of an executor known to be gone (its thread died, its stream fell silent) become ERROR now. */
  async markWorkerLost(workerId: string, runIds?: readonly number[]): Promise<number[]> {
    const where = runIds === undefined ? 'status = :running AND worker_id = :workerId' : 'status = :running AND worker_id = :workerId AND id IN (:...runIds)';
    if (runIds !== undefined && runIds.length === 0) return [];
    return this.endRuns({ status: 'ERROR', message: WORKER_LOST_MESSAGE, where, params: { running: 'IN_PROGRESS', workerId, runIds } });
  }

  private async endRuns(input: { status: 'ERROR' | 'CANCELLED'; message: string; where: string; params: Record<string, unknown> }): Promise<number[]> {
    const result = await this.runs
      .createQueryBuilder()
      .update(FlowRunEntity)
      .set({ status: input.status, errorMessage: input.message, completedAt: () => 'COALESCE(completed_at, now())', updatedAt: () => 'now()' })
      .where(input.where, input.params)
      .returning(['id'])
      .execute();
    return (result.raw as { id: number }[]).map((row) => row.id);
  }

  private async requireRun(flowId: number, runId: number): Promise<void> {
    await this.flows.requireFlow(flowId);
    if (!(await this.runs.existsBy({ id: runId, flowId }))) throw new NotFoundError(FLOW_RUN_NOT_FOUND);
  }

  /** Applies a change under a row lock, so two concurrent moves cannot both leave the same status. */
  private change(key: RunKey, change: RunChange): Promise<FlowRunResponseDto> {
    return this.dataSource.transaction(async (manager) => {
      const where = key.flowId === undefined ? { id: key.id } : { id: key.id, flowId: key.flowId };
      const run = await manager.findOne(FlowRunEntity, { where, lock: { mode: 'pessimistic_write' } });
      if (run === null) throw new NotFoundError(FLOW_RUN_NOT_FOUND);
      const set: QueryPartialEntity<FlowRunEntity> = { updatedAt: () => 'now()' };
      if (change.status !== undefined && change.status !== run.status) {
        if (!canTransition(run.status, change.status)) {
          const allowed = allowedNextStatuses(run.status);
          throw new ConflictError(
            `A run cannot move from ${run.status} to ${change.status}; ${allowed.length === 0 ? `${run.status} is final` : `allowed: ${allowed.join(', ')}`}.`,
          );
        }
        set.status = change.status;
        if (change.status === 'IN_PROGRESS' && run.startedAt === null) set.startedAt = () => 'now()';
        if (isTerminal(change.status) && run.completedAt === null) set.completedAt = () => 'now()';
      }
      if (change.results !== undefined) set.results = change.results;
      if (change.errorMessage !== undefined) set.errorMessage = change.errorMessage;
      // A run that ends without succeeding always says why, even when the caller gave no message.
      else if (set.status !== undefined && run.errorMessage === null && (set.status === 'CANCELLED' || set.status === 'ERROR')) {
        set.errorMessage = set.status === 'CANCELLED' ? CANCELLED_MESSAGE : FAILED_MESSAGE;
      }
      await manager.update(FlowRunEntity, { id: run.id }, jsonColumns(set));
      return toFlowRunResponse(await this.reload(manager, run.id));
    });
  }

  private async reload(manager: EntityManager, id: number): Promise<FlowRunEntity> {
    return manager.findOneByOrFail(FlowRunEntity, { id });
  }
}
