import type { NewFlowRunCycle } from './flow-runs.service';

/** One cycle row as a job records it: a backtest day, a futures session, or the single decision of a run. */
export type RunCycleRecord = Omit<NewFlowRunCycle, 'cycle_number' | 'started_at' | 'completed_at' | 'status'>;

/** What a run recorder needs from flow-run persistence (FlowRunsService). */
export interface RunRecordStore {
  claim(runId: number, owner: RunOwner): Promise<boolean>;
  renewLease(runId: number, owner: RunOwner): Promise<boolean>;
  addCycle(runId: number, cycle: NewFlowRunCycle): Promise<unknown>;
  complete(runId: number, results: Record<string, unknown>): Promise<unknown>;
  fail(runId: number, message: string): Promise<unknown>;
  cancel(runId: number, message?: string): Promise<unknown>;
}

/** The executor that owns a run: its id and how long each lease lasts. */
export interface RunOwner {
  readonly workerId: string;
  readonly leaseMs: number;
}

/**
 * The lifecycle of one job's persisted run, the same for every kind of job. The run row is created IDLE
 * by the process that holds the client (inside the stream, so a client that never subscribed leaves no
 * row); the executor claims it (IDLE → IN_PROGRESS with its worker id and a lease), renews the lease,
 * numbers the cycles back to back, and records the end. A job without a run records nothing.
 */
export interface RunRecorder {
  /** The persisted run's id, or null when the job is not persisted. */
  readonly runId: number | null;
  /** Renews the lease; false when the run is no longer this owner's (marked lost or cancelled meanwhile). */
  renewLease(): Promise<boolean>;
  cycle(record: RunCycleRecord): Promise<void>;
  complete(results: Record<string, unknown>): Promise<void>;
  fail(message: string): Promise<void>;
  cancel(message: string): Promise<void>;
}

export const NO_RECORDER: RunRecorder = {
  runId: null,
  renewLease: async () => true,
  cycle: async () => undefined,
  complete: async () => undefined,
  fail: async () => undefined,
  cancel: async () => undefined,
};

/** Records one persisted run; see `RunRecorder`. */
export class FlowRunRecorder implements RunRecorder {
  private cycles = 0;
  private cycleStarted: Date;

  private constructor(
    private readonly store: RunRecordStore,
    readonly runId: number,
    private readonly owner: RunOwner,
    private readonly clock: () => Date,
  ) {
    this.cycleStarted = clock();
  }

  /** Claims the IDLE run for this owner; null when it is not IDLE any more (cancelled before it started). */
  static async claim(store: RunRecordStore, runId: number, owner: RunOwner, clock: () => Date = () => new Date()): Promise<FlowRunRecorder | null> {
    if (!(await store.claim(runId, owner))) return null;
    return new FlowRunRecorder(store, runId, owner, clock);
  }

  renewLease(): Promise<boolean> {
    return this.store.renewLease(this.runId, this.owner);
  }

  async cycle(record: RunCycleRecord): Promise<void> {
    this.cycles += 1;
    const completed = this.clock();
    await this.store.addCycle(this.runId, { ...record, cycle_number: this.cycles, status: 'COMPLETED', started_at: this.cycleStarted, completed_at: completed });
    this.cycleStarted = completed;
  }

  async complete(results: Record<string, unknown>): Promise<void> {
    await this.store.complete(this.runId, results);
  }

  async fail(message: string): Promise<void> {
    await this.store.fail(this.runId, message);
  }

  async cancel(message: string): Promise<void> {
    await this.store.cancel(this.runId, message);
  }
}
