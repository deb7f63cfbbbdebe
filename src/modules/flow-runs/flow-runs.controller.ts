import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiConflictResponse,
  ApiExtraModels,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnprocessableEntityResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { ParseIdPipe, ProblemDetailsDto } from '../../core/http';
import { DeletedResponseDto } from '../flows/dto/flow-response.dto';
import { CreateFlowRunDto } from './dto/create-flow-run.dto';
import { FlowRunCountResponseDto, FlowRunCycleResponseDto, FlowRunResponseDto, FlowRunSummaryResponseDto } from './dto/flow-run-response.dto';
import { ListFlowRunCyclesQueryDto, ListFlowRunsQueryDto } from './dto/list-query.dto';
import { UpdateFlowRunDto } from './dto/update-flow-run.dto';
import { FlowRunsService } from './flow-runs.service';

const FLOW_ID = { name: 'flow_id', type: Number, description: 'Flow id (integer).' } as const;
const RUN_ID = { name: 'run_id', type: Number, description: 'Run id (integer, not the run number); a run of another flow is 404.' } as const;
const NULLABLE_RUN = { schema: { nullable: true, allOf: [{ $ref: getSchemaPath(FlowRunResponseDto) }] } } as const;

/**
 * The anchor's `/flows/{flow_id}/runs` routes. The fixed paths (count, active, latest) are declared
 * before `/{run_id}` so they are reachable (the anchor shadowed `count`).
 */
@ApiTags('flow-runs')
@ApiExtraModels(FlowRunResponseDto)
@ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Flow not found (or run/cycle not found, for routes naming one).' })
@ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'Invalid body, query or path parameter.' })
@Controller('flows/:flow_id/runs')
export class FlowRunsController {
  constructor(private readonly runs: FlowRunsService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Create a run (IDLE) with the next run number of the flow' })
  @ApiParam(FLOW_ID)
  @ApiBody({ type: CreateFlowRunDto })
  @ApiOkResponse({ type: FlowRunResponseDto })
  create(@Param('flow_id', ParseIdPipe) flowId: number, @Body() body: CreateFlowRunDto): Promise<FlowRunResponseDto> {
    return this.runs.create(flowId, body);
  }

  @Get()
  @ApiOperation({ summary: 'List runs (summaries), newest first' })
  @ApiParam(FLOW_ID)
  @ApiOkResponse({ type: [FlowRunSummaryResponseDto] })
  list(@Param('flow_id', ParseIdPipe) flowId: number, @Query() query: ListFlowRunsQueryDto): Promise<FlowRunSummaryResponseDto[]> {
    return this.runs.list(flowId, query);
  }

  @Delete()
  @ApiOperation({ summary: 'Delete every run of the flow' })
  @ApiParam(FLOW_ID)
  @ApiOkResponse({ type: DeletedResponseDto, description: '{"message": "Deleted N flow runs successfully"}' })
  async deleteAll(@Param('flow_id', ParseIdPipe) flowId: number): Promise<DeletedResponseDto> {
    const deleted = await this.runs.deleteAll(flowId);
    return { message: `Deleted ${deleted} flow runs successfully` };
  }

  @Get('count')
  @ApiOperation({ summary: 'Number of runs of the flow' })
  @ApiParam(FLOW_ID)
  @ApiOkResponse({ type: FlowRunCountResponseDto })
  count(@Param('flow_id', ParseIdPipe) flowId: number): Promise<FlowRunCountResponseDto> {
    return this.runs.count(flowId);
  }

  @Get('active')
  @ApiOperation({ summary: 'The newest IN_PROGRESS run, or null' })
  @ApiParam(FLOW_ID)
  @ApiOkResponse({ ...NULLABLE_RUN, description: 'The run, or the JSON value null when none is in progress.' })
  async active(@Param('flow_id', ParseIdPipe) flowId: number, @Res() response: Response): Promise<void> {
    response.status(200).json(await this.runs.active(flowId));
  }

  @Get('latest')
  @ApiOperation({ summary: 'The newest run, or null' })
  @ApiParam(FLOW_ID)
  @ApiOkResponse({ ...NULLABLE_RUN, description: 'The run, or the JSON value null when the flow has none.' })
  async latest(@Param('flow_id', ParseIdPipe) flowId: number, @Res() response: Response): Promise<void> {
    response.status(200).json(await this.runs.latest(flowId));
  }

  @Get(':run_id')
  @ApiOperation({ summary: 'Get a run with its request and results' })
  @ApiParam(FLOW_ID)
  @ApiParam(RUN_ID)
  @ApiOkResponse({ type: FlowRunResponseDto })
  get(@Param('flow_id', ParseIdPipe) flowId: number, @Param('run_id', ParseIdPipe) runId: number): Promise<FlowRunResponseDto> {
    return this.runs.get(flowId, runId);
  }

  @Put(':run_id')
  @ApiOperation({ summary: 'Update status, results or error message; absent or null fields are left unchanged' })
  @ApiParam(FLOW_ID)
  @ApiParam(RUN_ID)
  @ApiBody({ type: UpdateFlowRunDto })
  @ApiOkResponse({ type: FlowRunResponseDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'The status move is not allowed (e.g. from a final status).' })
  update(
    @Param('flow_id', ParseIdPipe) flowId: number,
    @Param('run_id', ParseIdPipe) runId: number,
    @Body() body: UpdateFlowRunDto,
  ): Promise<FlowRunResponseDto> {
    return this.runs.update(flowId, runId, body);
  }

  @Delete(':run_id')
  @ApiOperation({ summary: 'Delete a run and its cycles' })
  @ApiParam(FLOW_ID)
  @ApiParam(RUN_ID)
  @ApiOkResponse({ type: DeletedResponseDto, description: '{"message": "Flow run deleted successfully"}' })
  async delete(@Param('flow_id', ParseIdPipe) flowId: number, @Param('run_id', ParseIdPipe) runId: number): Promise<DeletedResponseDto> {
    await this.runs.delete(flowId, runId);
    return { message: 'Flow run deleted successfully' };
  }

  @Get(':run_id/cycles')
  @ApiOperation({ summary: 'Cycles of a run (backtest days or run cycles) by cycle number' })
  @ApiParam(FLOW_ID)
  @ApiParam(RUN_ID)
  @ApiOkResponse({ type: [FlowRunCycleResponseDto] })
  listCycles(
    @Param('flow_id', ParseIdPipe) flowId: number,
    @Param('run_id', ParseIdPipe) runId: number,
    @Query() query: ListFlowRunCyclesQueryDto,
  ): Promise<FlowRunCycleResponseDto[]> {
    return this.runs.listCycles(flowId, runId, query);
  }

  @Get(':run_id/cycles/:cycle_id')
  @ApiOperation({ summary: 'One cycle of a run' })
  @ApiParam(FLOW_ID)
  @ApiParam(RUN_ID)
  @ApiParam({ name: 'cycle_id', type: Number, description: 'Cycle id (integer, not the cycle number).' })
  @ApiOkResponse({ type: FlowRunCycleResponseDto })
  getCycle(
    @Param('flow_id', ParseIdPipe) flowId: number,
    @Param('run_id', ParseIdPipe) runId: number,
    @Param('cycle_id', ParseIdPipe) cycleId: number,
  ): Promise<FlowRunCycleResponseDto> {
    return this.runs.getCycle(flowId, runId, cycleId);
  }
}
