import type { FlowRunCycleEntity } from './flow-run-cycle.entity';
import type { FlowRunEntity } from './flow-run.entity';
import type { FlowRunCycleResponseDto, FlowRunResponseDto, FlowRunSummaryResponseDto } from './dto/flow-run-response.dto';

/** The columns a summary needs (request and results stay in the database). */
export const FLOW_RUN_SUMMARY_SELECT = {
  id: true,
  flowId: true,
  status: true,
  kind: true,
  runNumber: true,
  createdAt: true,
  startedAt: true,
  completedAt: true,
  errorMessage: true,
  workerId: true,
  leaseExpiresAt: true,
} as const satisfies Partial<Record<keyof FlowRunEntity, true>>;

export type FlowRunSummaryRow = Pick<FlowRunEntity, keyof typeof FLOW_RUN_SUMMARY_SELECT>;

function iso(date: Date | null): string | null {
  return date === null ? null : date.toISOString();
}

export function toFlowRunSummaryResponse(run: FlowRunSummaryRow): FlowRunSummaryResponseDto {
  return {
    id: run.id,
    flow_id: run.flowId,
    status: run.status,
    kind: run.kind,
    run_number: run.runNumber,
    created_at: run.createdAt.toISOString(),
    started_at: iso(run.startedAt),
    completed_at: iso(run.completedAt),
    error_message: run.errorMessage,
    worker_id: run.workerId,
    lease_expires_at: iso(run.leaseExpiresAt),
  };
}

export function toFlowRunResponse(run: FlowRunEntity): FlowRunResponseDto {
  return {
    id: run.id,
    flow_id: run.flowId,
    status: run.status,
    kind: run.kind,
    run_number: run.runNumber,
    created_at: run.createdAt.toISOString(),
    updated_at: run.updatedAt.toISOString(),
    started_at: iso(run.startedAt),
    completed_at: iso(run.completedAt),
    request_data: run.requestData,
    results: run.results,
    error_message: run.errorMessage,
    worker_id: run.workerId,
    lease_expires_at: iso(run.leaseExpiresAt),
  };
}

export function toFlowRunCycleResponse(cycle: FlowRunCycleEntity): FlowRunCycleResponseDto {
  return {
    id: cycle.id,
    flow_run_id: cycle.flowRunId,
    cycle_number: cycle.cycleNumber,
    created_at: cycle.createdAt.toISOString(),
    started_at: cycle.startedAt.toISOString(),
    completed_at: iso(cycle.completedAt),
    analyst_signals: cycle.analystSignals,
    trading_decisions: cycle.tradingDecisions,
    executed_trades: cycle.executedTrades,
    portfolio_snapshot: cycle.portfolioSnapshot,
    performance_metrics: cycle.performanceMetrics,
    status: cycle.status,
    error_message: cycle.errorMessage,
    llm_calls_count: cycle.llmCallsCount,
    api_calls_count: cycle.apiCallsCount,
    estimated_cost: cycle.estimatedCost,
    trigger_reason: cycle.triggerReason,
    market_conditions: cycle.marketConditions,
  };
}
