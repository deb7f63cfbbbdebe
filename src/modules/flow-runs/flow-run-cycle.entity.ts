import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { FlowRunCycleStatus } from './flow-run-status';

/** One backtest day or one run cycle of a run (`hedge_fund_flow_run_cycles`, created by the initial migration). */
@Entity({ name: 'hedge_fund_flow_run_cycles' })
@Unique('uq_hedge_fund_flow_run_cycles_number', ['flowRunId', 'cycleNumber'])
@Check('ck_hedge_fund_flow_run_cycles_status', `status IN ('IN_PROGRESS', 'COMPLETED', 'ERROR')`)
export class FlowRunCycleEntity {
  @PrimaryGeneratedColumn({ name: 'id', type: 'integer' })
  id: number;

  /** References hedge_fund_flow_runs(id) ON DELETE CASCADE (declared in the migration). */
  @Column({ name: 'flow_run_id', type: 'integer' })
  flowRunId: number;

  @Column({ name: 'cycle_number', type: 'integer' })
  cycleNumber: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'started_at', type: 'timestamptz', default: () => 'now()' })
  startedAt: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Column({ name: 'analyst_signals', type: 'jsonb', nullable: true })
  analystSignals: Record<string, unknown> | null;

  @Column({ name: 'trading_decisions', type: 'jsonb', nullable: true })
  tradingDecisions: Record<string, unknown> | null;

  @Column({ name: 'executed_trades', type: 'jsonb', nullable: true })
  executedTrades: unknown;

  @Column({ name: 'portfolio_snapshot', type: 'jsonb', nullable: true })
  portfolioSnapshot: Record<string, unknown> | null;

  @Column({ name: 'performance_metrics', type: 'jsonb', nullable: true })
  performanceMetrics: Record<string, unknown> | null;

  @Column({ name: 'status', type: 'varchar', length: 50, default: 'IN_PROGRESS' })
  status: FlowRunCycleStatus;

  @Column({ name: 'error_message', type: 'text', nullable: true })
  errorMessage: string | null;

  @Column({ name: 'llm_calls_count', type: 'integer', default: 0 })
  llmCallsCount: number;

  @Column({ name: 'api_calls_count', type: 'integer', default: 0 })
  apiCallsCount: number;

  @Column({ name: 'estimated_cost', type: 'varchar', length: 20, nullable: true })
  estimatedCost: string | null;

  @Column({ name: 'trigger_reason', type: 'varchar', length: 100, nullable: true })
  triggerReason: string | null;

  @Column({ name: 'market_conditions', type: 'jsonb', nullable: true })
  marketConditions: Record<string, unknown> | null;
}
