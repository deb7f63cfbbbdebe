import type { RunRecorder } from './run-stream';

export type FlowRunKind = 'run' | 'backtest';

/** One cycle row: a backtest day, or the single decision of a run. */
export interface RunCycleRecord {
  readonly analyst_signals: Record<string, unknown>;
  readonly trading_decisions: Record<string, unknown>;
  readonly executed_trades: Record<string, unknown>;
  readonly portfolio_snapshot: Record<string, unknown>;
  readonly performance_metrics: Record<string, unknown> | null;
  readonly trigger_reason: string;
}

/**
 * What the hedge-fund module needs from flow-run persistence (the flows module's FlowRunsService is bound
 * to this token). `createRun` throws a 404 domain error when the flow does not exist.
 */
export abstract class FlowRunsPort {
  abstract createRun(flowId: number, input: { kind: FlowRunKind; request_data: Record<string, unknown> }): Promise<{ id: number }>;
  abstract start(runId: number): Promise<unknown>;
  abstract complete(runId: number, results: Record<string, unknown>): Promise<unknown>;
  abstract fail(runId: number, message: string): Promise<unknown>;
  abstract cancel(runId: number): Promise<unknown>;
  abstract addCycle(
    runId: number,
    cycle: RunCycleRecord & { cycle_number: number; status: 'COMPLETED'; started_at: Date; completed_at: Date },
  ): Promise<unknown>;
}

/** A run's recorder with cycles: persisted under a flow, or a no-op. */
export interface CycleRecorder extends RunRecorder {
  cycle(record: RunCycleRecord): Promise<void>;
}

export const NO_CYCLE_RECORDER: CycleRecorder = {
  runId: null,
  begin: async () => undefined,
  complete: async () => undefined,
  fail: async () => undefined,
  cancel: async () => undefined,
  cycle: async () => undefined,
};

/** Where a persisted run's flow is checked before the stream starts (the flows module's FlowsService). */
export abstract class FlowLookupPort {
  /** Throws a 404 domain error when the flow does not exist. */
  abstract requireFlow(flowId: number): Promise<void>;
}

/**
 * Records one persisted run. The run row is created when the stream actually starts (so a client that
 * leaves before that leaves no IDLE run behind), set IN_PROGRESS, given a cycle per day (or per run),
 * then its end state. Until the row exists there is nothing to record.
 */
export class FlowRunRecorder implements CycleRecorder {
  private id: number | null = null;
  private cycles = 0;
  private cycleStarted: Date;

  constructor(
    private readonly runs: FlowRunsPort,
    private readonly flowId: number,
    private readonly kind: FlowRunKind,
    private readonly requestData: Record<string, unknown>,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.cycleStarted = clock();
  }

  get runId(): number | null {
    return this.id;
  }

  async begin(): Promise<void> {
    const run = await this.runs.createRun(this.flowId, { kind: this.kind, request_data: this.requestData });
    this.id = run.id;
    await this.runs.start(run.id);
    this.cycleStarted = this.clock();
  }

  async cycle(record: RunCycleRecord): Promise<void> {
    if (this.id === null) return;
    this.cycles += 1;
    const completed = this.clock();
    await this.runs.addCycle(this.id, { ...record, cycle_number: this.cycles, status: 'COMPLETED', started_at: this.cycleStarted, completed_at: completed });
    this.cycleStarted = completed;
  }

  async complete(results: Record<string, unknown>): Promise<void> {
    if (this.id !== null) await this.runs.complete(this.id, results);
  }

  async fail(message: string): Promise<void> {
    if (this.id !== null) await this.runs.fail(this.id, message);
  }

  async cancel(): Promise<void> {
    if (this.id !== null) await this.runs.cancel(this.id);
  }
}
