import { ApiProperty } from '@nestjs/swagger';
import { FLOW_RUN_CYCLE_STATUSES, FLOW_RUN_KINDS, FLOW_RUN_STATUSES, type FlowRunCycleStatus, type FlowRunKind, type FlowRunStatus } from '../flow-run-status';

/** The anchor's FlowRunSummaryResponse, plus `kind` and the owner (`worker_id`, `lease_expires_at`). */
export class FlowRunSummaryResponseDto {
  @ApiProperty({ example: 7 })
  id: number;

  @ApiProperty({ example: 1 })
  flow_id: number;

  @ApiProperty({ enum: FLOW_RUN_STATUSES })
  status: FlowRunStatus;

  @ApiProperty({ enum: FLOW_RUN_KINDS })
  kind: FlowRunKind;

  @ApiProperty({ example: 3, description: 'Per-flow sequence number, from 1, unique within the flow.' })
  run_number: number;

  @ApiProperty({ format: 'date-time' })
  created_at: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Set once, on the move to IN_PROGRESS.' })
  started_at: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Set once, on the move to COMPLETE, ERROR or CANCELLED.' })
  completed_at: string | null;

  @ApiProperty({ type: String, nullable: true })
  error_message: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The executor (worker thread or process) that claimed the run; null before it started.' })
  worker_id: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Until when the executor holds the run; it renews the lease while it works. An IN_PROGRESS run past it lost its worker.' })
  lease_expires_at: string | null;
}

/** The anchor's FlowRunResponse, plus `kind`. */
export class FlowRunResponseDto extends FlowRunSummaryResponseDto {
  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  updated_at: string | null;

  @ApiProperty({ type: Object, additionalProperties: true, nullable: true })
  request_data: Record<string, unknown> | null;

  @ApiProperty({ type: Object, additionalProperties: true, nullable: true, description: 'Run results (decisions, analyst signals, backtest metrics, …).' })
  results: Record<string, unknown> | null;
}

export class FlowRunCountResponseDto {
  @ApiProperty({ example: 1 })
  flow_id: number;

  @ApiProperty({ example: 12 })
  total_runs: number;
}

/** One backtest day or run cycle. */
export class FlowRunCycleResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty()
  flow_run_id: number;

  @ApiProperty({ description: 'Position of the cycle in its run, unique within the run.' })
  cycle_number: number;

  @ApiProperty({ format: 'date-time' })
  created_at: string;

  @ApiProperty({ format: 'date-time' })
  started_at: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  completed_at: string | null;

  @ApiProperty({ type: Object, additionalProperties: true, nullable: true })
  analyst_signals: Record<string, unknown> | null;

  @ApiProperty({ type: Object, additionalProperties: true, nullable: true })
  trading_decisions: Record<string, unknown> | null;

  @ApiProperty({ nullable: true, description: 'Executed trades (an object by ticker or a list), stored as given.' })
  executed_trades: unknown;

  @ApiProperty({ type: Object, additionalProperties: true, nullable: true })
  portfolio_snapshot: Record<string, unknown> | null;

  @ApiProperty({ type: Object, additionalProperties: true, nullable: true })
  performance_metrics: Record<string, unknown> | null;

  @ApiProperty({ enum: FLOW_RUN_CYCLE_STATUSES })
  status: FlowRunCycleStatus;

  @ApiProperty({ type: String, nullable: true })
  error_message: string | null;

  @ApiProperty()
  llm_calls_count: number;

  @ApiProperty()
  api_calls_count: number;

  @ApiProperty({ type: String, nullable: true })
  estimated_cost: string | null;

  @ApiProperty({ type: String, nullable: true })
  trigger_reason: string | null;

  @ApiProperty({ type: Object, additionalProperties: true, nullable: true })
  market_conditions: Record<string, unknown> | null;
}
