import { allowedNextStatuses, canTransition, FLOW_RUN_STATUSES, isTerminal, type FlowRunStatus } from './flow-run-status';

describe('flow run status transitions', () => {
  // The whole table, written out by hand: row = from, columns in FLOW_RUN_STATUSES order
  // (IDLE, IN_PROGRESS, COMPLETE, ERROR, CANCELLED). Staying put is always allowed.
  const TABLE: Record<FlowRunStatus, boolean[]> = {
    IDLE: [true, true, false, true, true],
    IN_PROGRESS: [false, true, true, true, true],
    COMPLETE: [false, false, true, false, false],
    ERROR: [false, false, false, true, false],
    CANCELLED: [false, false, false, false, true],
  };

  it.each(FLOW_RUN_STATUSES)('from %s', (from) => {
    expect(FLOW_RUN_STATUSES.map((to) => canTransition(from, to))).toEqual(TABLE[from]);
  });

  it('names the final statuses', () => {
    expect(FLOW_RUN_STATUSES.filter(isTerminal)).toEqual(['COMPLETE', 'ERROR', 'CANCELLED']);
    expect(allowedNextStatuses('IN_PROGRESS')).toEqual(['COMPLETE', 'ERROR', 'CANCELLED']);
    expect(allowedNextStatuses('ERROR')).toEqual([]);
  });
});
