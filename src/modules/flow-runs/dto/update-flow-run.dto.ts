import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString } from 'class-validator';
import { FLOW_RUN_STATUSES, type FlowRunStatus } from '../flow-run-status';

/** `PUT /flows/{flow_id}/runs/{run_id}`: absent or null fields are left unchanged. */
export class UpdateFlowRunDto {
  @ApiPropertyOptional({
    enum: FLOW_RUN_STATUSES,
    nullable: true,
    description: 'IDLE → IN_PROGRESS | ERROR | CANCELLED; IN_PROGRESS → COMPLETE | ERROR | CANCELLED; the last three are final (409 otherwise).',
  })
  @IsOptional()
  @IsIn(FLOW_RUN_STATUSES)
  status?: FlowRunStatus | null;

  @ApiPropertyOptional({ type: Object, additionalProperties: true, nullable: true })
  @IsOptional()
  @IsObject()
  results?: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  error_message?: string | null;
}
