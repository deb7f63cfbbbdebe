import type { FlowEntity } from './flow.entity';
import type { FlowResponseDto, FlowSummaryResponseDto } from './dto/flow-response.dto';

/** The columns a summary needs (the graph is left in the database). */
export const FLOW_SUMMARY_COLUMNS = ['id', 'name', 'description', 'isTemplate', 'tags', 'createdAt', 'updatedAt'] as const;

export type FlowSummaryRow = Pick<FlowEntity, (typeof FLOW_SUMMARY_COLUMNS)[number]>;

export function toFlowSummaryResponse(flow: FlowSummaryRow): FlowSummaryResponseDto {
  return {
    id: flow.id,
    name: flow.name,
    description: flow.description,
    is_template: flow.isTemplate,
    tags: flow.tags,
    created_at: flow.createdAt.toISOString(),
    updated_at: flow.updatedAt.toISOString(),
  };
}

export function toFlowResponse(flow: FlowEntity): FlowResponseDto {
  return {
    id: flow.id,
    name: flow.name,
    description: flow.description,
    nodes: flow.nodes,
    edges: flow.edges,
    viewport: flow.viewport,
    data: flow.data,
    is_template: flow.isTemplate,
    tags: flow.tags,
    created_at: flow.createdAt.toISOString(),
    updated_at: flow.updatedAt.toISOString(),
  };
}
