import { ApiProperty } from '@nestjs/swagger';

/** The anchor's FlowSummaryResponse: a flow without its graph. */
export class FlowSummaryResponseDto {
  @ApiProperty({ example: 1 })
  id: number;

  @ApiProperty({ example: 'Value investors' })
  name: string;

  @ApiProperty({ type: String, nullable: true })
  description: string | null;

  @ApiProperty()
  is_template: boolean;

  @ApiProperty({ type: [String], nullable: true })
  tags: string[] | null;

  @ApiProperty({ format: 'date-time' })
  created_at: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Never null here: set at creation and on every update.' })
  updated_at: string | null;
}

/** The anchor's FlowResponse: a flow with its React Flow graph and node state. */
export class FlowResponseDto extends FlowSummaryResponseDto {
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  nodes: Record<string, unknown>[];

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  edges: Record<string, unknown>[];

  @ApiProperty({ type: Object, additionalProperties: true, nullable: true })
  viewport: Record<string, unknown> | null;

  @ApiProperty({ type: Object, additionalProperties: true, nullable: true })
  data: Record<string, unknown> | null;
}

/** The anchor's `{message}` answer of a delete. */
export class DeletedResponseDto {
  @ApiProperty({ example: 'Flow deleted successfully' })
  message: string;
}
