import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { FlowRunKind, FlowRunStatus } from './flow-run-status';

/** One execution of a flow (`hedge_fund_flow_runs`, created by the initial migration). */
@Entity({ name: 'hedge_fund_flow_runs' })
@Unique('uq_hedge_fund_flow_runs_flow_run_number', ['flowId', 'runNumber'])
@Index('ix_hedge_fund_flow_runs_flow_created', ['flowId', 'createdAt', 'id'])
@Index('ix_hedge_fund_flow_runs_status', ['status'])
@Index('ix_hedge_fund_flow_runs_lease', ['leaseExpiresAt'])
@Check('ck_hedge_fund_flow_runs_status', `status IN ('IDLE', 'IN_PROGRESS', 'COMPLETE', 'ERROR', 'CANCELLED')`)
@Check('ck_hedge_fund_flow_runs_kind', `kind IN ('run', 'backtest', 'futures_backtest', 'futures_sweep', 'pass_probability')`)
@Check('ck_hedge_fund_flow_runs_run_number', `run_number >= 1`)
export class FlowRunEntity {
  @PrimaryGeneratedColumn({ name: 'id', type: 'integer' })
  id: number;

  /** References hedge_fund_flows(id) ON DELETE CASCADE (declared in the migration). */
  @Column({ name: 'flow_id', type: 'integer' })
  flowId: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'status', type: 'varchar', length: 20, default: 'IDLE' })
  status: FlowRunStatus;

  @Column({ name: 'kind', type: 'varchar', length: 20, default: 'run' })
  kind: FlowRunKind;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Column({ name: 'trading_mode', type: 'varchar', length: 50, default: 'one-time' })
  tradingMode: string;

  @Column({ name: 'schedule', type: 'varchar', length: 50, nullable: true })
  schedule: string | null;

  @Column({ name: 'duration', type: 'varchar', length: 50, nullable: true })
  duration: string | null;

  @Column({ name: 'request_data', type: 'jsonb', nullable: true })
  requestData: Record<string, unknown> | null;

  @Column({ name: 'initial_portfolio', type: 'jsonb', nullable: true })
  initialPortfolio: Record<string, unknown> | null;

  @Column({ name: 'final_portfolio', type: 'jsonb', nullable: true })
  finalPortfolio: Record<string, unknown> | null;

  @Column({ name: 'results', type: 'jsonb', nullable: true })
  results: Record<string, unknown> | null;

  @Column({ name: 'error_message', type: 'text', nullable: true })
  errorMessage: string | null;

  @Column({ name: 'run_number', type: 'integer' })
  runNumber: number;

  /** The executor that claimed the run (a worker thread or process), null before it started. */
  @Column({ name: 'worker_id', type: 'varchar', length: 200, nullable: true })
  workerId: string | null;

  /** Until when the owner's lease holds; renewed while it works. Past it, the run lost its worker. */
  @Column({ name: 'lease_expires_at', type: 'timestamptz', nullable: true })
  leaseExpiresAt: Date | null;
}
