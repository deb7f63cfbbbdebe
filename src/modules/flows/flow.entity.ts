import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A saved React Flow graph (`hedge_fund_flows`, created by the initial migration). */
@Entity({ name: 'hedge_fund_flows' })
@Index('ix_hedge_fund_flows_updated_at', ['updatedAt', 'id'])
@Check('hedge_fund_flows_nodes_array', `jsonb_typeof(nodes) = 'array'`)
@Check('hedge_fund_flows_edges_array', `jsonb_typeof(edges) = 'array'`)
export class FlowEntity {
  @PrimaryGeneratedColumn({ name: 'id', type: 'integer' })
  id: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'name', type: 'varchar', length: 200 })
  name: string;

  @Column({ name: 'description', type: 'text', nullable: true })
  description: string | null;

  @Column({ name: 'nodes', type: 'jsonb', default: () => `'[]'` })
  nodes: Record<string, unknown>[];

  @Column({ name: 'edges', type: 'jsonb', default: () => `'[]'` })
  edges: Record<string, unknown>[];

  @Column({ name: 'viewport', type: 'jsonb', nullable: true })
  viewport: Record<string, unknown> | null;

  @Column({ name: 'data', type: 'jsonb', nullable: true })
  data: Record<string, unknown> | null;

  @Column({ name: 'is_template', type: 'boolean', default: false })
  isTemplate: boolean;

  @Column({ name: 'tags', type: 'jsonb', default: () => `'[]'` })
  tags: string[];
}
