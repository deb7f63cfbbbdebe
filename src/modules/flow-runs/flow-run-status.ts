/** Run lifecycle (`hedge_fund_flow_runs.status`). */
export const FLOW_RUN_STATUSES = ['IDLE', 'IN_PROGRESS', 'COMPLETE', 'ERROR', 'CANCELLED'] as const;
export type FlowRunStatus = (typeof FLOW_RUN_STATUSES)[number];

/** What started the run: a single run, a daily backtest, a futures backtest, a futures parameter sweep or a pass-probability estimate. */
export const FLOW_RUN_KINDS = ['run', 'backtest', 'futures_backtest', 'futures_sweep', 'pass_probability'] as const;
export type FlowRunKind = (typeof FLOW_RUN_KINDS)[number];

/** Cycle lifecycle (`hedge_fund_flow_run_cycles.status`; the anchor spells it COMPLETED here). */
export const FLOW_RUN_CYCLE_STATUSES = ['IN_PROGRESS', 'COMPLETED', 'ERROR'] as const;
export type FlowRunCycleStatus = (typeof FLOW_RUN_CYCLE_STATUSES)[number];

/**
 * The allowed moves. A run starts (IDLE → IN_PROGRESS) and ends once (COMPLETE, ERROR or CANCELLED);
 * a run that never started can still be cancelled or fail, but cannot complete. Terminal states are final.
 */
const NEXT: Record<FlowRunStatus, readonly FlowRunStatus[]> = {
  IDLE: ['IN_PROGRESS', 'ERROR', 'CANCELLED'],
  IN_PROGRESS: ['COMPLETE', 'ERROR', 'CANCELLED'],
  COMPLETE: [],
  ERROR: [],
  CANCELLED: [],
};

export function allowedNextStatuses(from: FlowRunStatus): readonly FlowRunStatus[] {
  return NEXT[from];
}

/** Staying in the same status is not a transition (an update of results or message only). */
export function canTransition(from: FlowRunStatus, to: FlowRunStatus): boolean {
  return from === to || NEXT[from].includes(to);
}

export function isTerminal(status: FlowRunStatus): boolean {
  return NEXT[status].length === 0;
}
