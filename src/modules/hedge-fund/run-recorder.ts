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

/** Records one persisted run: IN_PROGRESS at start, a cycle per day (or per run), then its end state. */
export class FlowRunRecorder implements CycleRecorder {
  private cycles = 0;
  private cycleStarted: Date;

  constructor(
    private readonly runs: FlowRunsPort,
    readonly runId: number,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.cycleStarted = clock();
  }

  async begin(): Promise<void> {
    await this.runs.start(this.runId);
    this.cycleStarted = this.clock();
  }

  async cycle(record: RunCycleRecord): Promise<void> {
    this.cycles += 1;
    const completed = this.clock();
    await this.runs.addCycle(this.runId, { ...record, cycle_number: this.cycles, status: 'COMPLETED', started_at: this.cycleStarted, completed_at: completed });
    this.cycleStarted = completed;
  }

  async complete(results: Record<string, unknown>): Promise<void> {
    await this.runs.complete(this.runId, results);
  }

  async fail(message: string): Promise<void> {
    await this.runs.fail(this.runId, message);
  }

  async cancel(): Promise<void> {
    await this.runs.cancel(this.runId);
  }
}
