import { Body, Controller, Delete, Get, Header, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiBody,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { JSON_CONTENT_TYPE, type JsonText, ParseIdPipe, ProblemDetailsDto } from '../../core/http';
import { CreateFlowDto } from './dto/create-flow.dto';
import { DuplicateFlowQueryDto } from './dto/duplicate-flow-query.dto';
import { FlowResponseDto, FlowSummaryResponseDto, DeletedResponseDto } from './dto/flow-response.dto';
import { ListFlowsQueryDto } from './dto/list-flows-query.dto';
import { UpdateFlowDto } from './dto/update-flow.dto';
import { FlowsService } from './flows.service';

const FLOW_ID = { name: 'flow_id', type: Number, description: 'Flow id (integer).' } as const;

@ApiTags('flows')
@ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'Invalid body, query or path parameter.' })
@Controller('flows')
export class FlowsController {
  constructor(private readonly flows: FlowsService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Create a flow' })
  @ApiBody({ type: CreateFlowDto })
  @ApiOkResponse({ type: FlowResponseDto })
  @Header('Content-Type', JSON_CONTENT_TYPE)
  create(@Body() body: CreateFlowDto): Promise<JsonText<FlowResponseDto>> {
    return this.flows.create(body);
  }

  @Get()
  @ApiOperation({ summary: 'List flows (summaries), most recently updated first' })
  @ApiOkResponse({ type: [FlowSummaryResponseDto] })
  @Header('Content-Type', JSON_CONTENT_TYPE)
  list(@Query() query: ListFlowsQueryDto): Promise<JsonText<FlowSummaryResponseDto[]>> {
    return this.flows.list(query);
  }

  @Get('search/:name')
  @ApiOperation({ summary: 'Flows whose name contains the text (case-insensitive)' })
  @ApiParam({ name: 'name', type: String })
  @ApiOkResponse({ type: [FlowSummaryResponseDto] })
  @Header('Content-Type', JSON_CONTENT_TYPE)
  search(@Param('name') name: string): Promise<JsonText<FlowSummaryResponseDto[]>> {
    return this.flows.searchByName(name);
  }

  @Get(':flow_id')
  @ApiOperation({ summary: 'Get a flow with its graph' })
  @ApiParam(FLOW_ID)
  @ApiOkResponse({ type: FlowResponseDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Flow not found' })
  @Header('Content-Type', JSON_CONTENT_TYPE)
  get(@Param('flow_id', ParseIdPipe) flowId: number): Promise<JsonText<FlowResponseDto>> {
    return this.flows.get(flowId);
  }

  @Put(':flow_id')
  @ApiOperation({ summary: 'Update a flow; absent or null fields are left unchanged' })
  @ApiParam(FLOW_ID)
  @ApiBody({ type: UpdateFlowDto })
  @ApiOkResponse({ type: FlowResponseDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Flow not found' })
  @Header('Content-Type', JSON_CONTENT_TYPE)
  update(@Param('flow_id', ParseIdPipe) flowId: number, @Body() body: UpdateFlowDto): Promise<JsonText<FlowResponseDto>> {
    return this.flows.update(flowId, body);
  }

  @Delete(':flow_id')
  @ApiOperation({ summary: 'Delete a flow with its runs and their cycles' })
  @ApiParam(FLOW_ID)
  @ApiOkResponse({ type: DeletedResponseDto, description: '{"message": "Flow deleted successfully"}' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Flow not found' })
  async delete(@Param('flow_id', ParseIdPipe) flowId: number): Promise<DeletedResponseDto> {
    await this.flows.delete(flowId);
    return { message: 'Flow deleted successfully' };
  }

  @Post(':flow_id/duplicate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Copy a flow (never a template); named "<name> (Copy)" unless new_name is given' })
  @ApiParam(FLOW_ID)
  @ApiOkResponse({ type: FlowResponseDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Flow not found' })
  @Header('Content-Type', JSON_CONTENT_TYPE)
  duplicate(@Param('flow_id', ParseIdPipe) flowId: number, @Query() query: DuplicateFlowQueryDto): Promise<JsonText<FlowResponseDto>> {
    return this.flows.duplicate(flowId, query.new_name);
  }
}
