import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional } from 'class-validator';
import { FLOW_RUN_KINDS, type FlowRunKind } from '../flow-run-status';

/** `POST /flows/{flow_id}/runs/`: the anchor's FlowRunCreateRequest plus the run kind. */
export class CreateFlowRunDto {
  @ApiPropertyOptional({ type: Object, additionalProperties: true, nullable: true, description: 'The run or backtest request, stored as sent.' })
  @IsOptional()
  @IsObject()
  request_data?: Record<string, unknown> | null;

  @ApiPropertyOptional({ enum: FLOW_RUN_KINDS, default: 'run' })
  @IsOptional()
  @IsIn(FLOW_RUN_KINDS)
  kind?: FlowRunKind | null;
}
