import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { FLOW_NAME_MAX } from './create-flow.dto';

/** `POST /flows/{id}/duplicate?new_name=` */
export class DuplicateFlowQueryDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: FLOW_NAME_MAX, description: 'Defaults to "<name> (Copy)".' })
  @IsOptional()
  @IsString()
  @Length(1, FLOW_NAME_MAX)
  new_name?: string;
}
