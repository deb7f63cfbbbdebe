import { Body, Controller, Get, HttpCode, type MessageEvent, RequestMethod, Sse } from '@nestjs/common';
import { ApiBody, ApiExtraModels, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnprocessableEntityResponse, getSchemaPath } from '@nestjs/swagger';
import type { Observable } from 'rxjs';
import { ProblemDetailsDto, RateLimit, RUN_STREAM_MAX_PENDING_CHARS, sseExampleText } from '../../core/http';
import { AgentsResponseDto } from './dto/agents-response.dto';
import { BacktestCompleteDataDto } from './dto/backtest-result.dto';
import { HedgeFundBacktestRequestDto, HedgeFundRunRequestDto } from './dto/hedge-fund-request.dto';
import { CompleteEventDto, ErrorEventDto, ProgressEventDto, StartEventDto } from './dto/sse-events.dto';
import { HedgeFundService } from './hedge-fund.service';
import BACKTEST_EXAMPLE from './examples/backtest.json';
import RUN_EXAMPLE from './examples/run.json';

const SSE_DESCRIPTION =
  'Server-sent events, each `event: <type>\\ndata: <one-line JSON>\\n\\n`: `start`, `progress` (per agent node, ending with status "Done"), ' +
  'then `complete` or `error`; `: ping` comments keep the connection alive. Closing the connection cancels the run.';

/** The stream's response, with a stream captured from the server (synthetic data, rules mode) as its example. */
function sseResponse(example: { events: readonly { event: string | null; data: unknown }[] }) {
  return {
    description: SSE_DESCRIPTION,
    content: {
      'text/event-stream': {
        schema: {
          oneOf: [StartEventDto, ProgressEventDto, ErrorEventDto, CompleteEventDto].map((dto) => ({ $ref: getSchemaPath(dto) })),
        },
        example: sseExampleText(example.events),
      },
    },
  };
}

@ApiTags('hedge-fund')
@ApiExtraModels(StartEventDto, ProgressEventDto, ErrorEventDto, CompleteEventDto, BacktestCompleteDataDto)
@RateLimit('expensive')
@Controller('hedge-fund')
export class HedgeFundController {
  constructor(private readonly hedgeFund: HedgeFundService) {}

  @Get('agents')
  @ApiOperation({ summary: "The anchor's 19 analysts, sorted by order." })
  @ApiOkResponse({ type: AgentsResponseDto })
  agents(): AgentsResponseDto {
    return this.hedgeFund.listAgents();
  }

  @Sse('run', { method: RequestMethod.POST, maxPendingDataLength: RUN_STREAM_MAX_PENDING_CHARS })
  @HttpCode(200)
  @ApiOperation({ summary: 'Run the agent graph once on the tickers (SSE). With flow_id the run is persisted under that flow.' })
  @ApiBody({ type: HedgeFundRunRequestDto, examples: { technical: { summary: 'One analyst and a portfolio manager on AAPL', value: RUN_EXAMPLE.request } } })
  @ApiProduces('text/event-stream')
  @ApiOkResponse(sseResponse(RUN_EXAMPLE))
  @ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'Invalid body or graph; answered before any event.' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'flow_id names no flow.' })
  run(@Body() body: HedgeFundRunRequestDto): Promise<Observable<MessageEvent>> {
    return this.hedgeFund.run(body);
  }

  @Sse('backtest', { method: RequestMethod.POST, maxPendingDataLength: RUN_STREAM_MAX_PENDING_CHARS })
  @HttpCode(200)
  @ApiOperation({ summary: 'Backtest the agent graph day by day (SSE). With flow_id the run and one cycle per day are persisted.' })
  @ApiBody({ type: HedgeFundBacktestRequestDto, examples: { technical: { summary: 'Three days of AAPL (the example stream is cut after the first day)', value: BACKTEST_EXAMPLE.request } } })
  @ApiProduces('text/event-stream')
  @ApiOkResponse(sseResponse(BACKTEST_EXAMPLE))
  @ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'Invalid body or graph; answered before any event.' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'flow_id names no flow.' })
  backtest(@Body() body: HedgeFundBacktestRequestDto): Promise<Observable<MessageEvent>> {
    return this.hedgeFund.backtest(body);
  }
}
