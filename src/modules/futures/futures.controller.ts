import { Body, Controller, Get, HttpCode, type MessageEvent, Post, RequestMethod, Sse } from '@nestjs/common';
import { ProblemDetailsDto, RateLimit, RUN_STREAM_MAX_PENDING_CHARS, sseExampleText } from '../../core/http';
import { ErrorEventDto } from '../hedge-fund/dto/sse-events.dto';
import { ApiBody, ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnprocessableEntityResponse, getSchemaPath } from '@nestjs/swagger';
import type { Observable } from 'rxjs';
import { FuturesBacktestRequestDto } from './dto/futures-backtest-request.dto';
import { AccountPresetResponseDto, ContractSpecResponseDto, FuturesReportResponseDto, FuturesSessionResponseDto, FuturesTradeResponseDto } from './dto/futures-response.dto';
import { FuturesCompleteEventDto, FuturesProgressEventDto, FuturesStartEventDto, FuturesTradeEventDto } from './dto/futures-sse-events.dto';
import EXAMPLE from './examples/backtest.json';
import { FUTURES_PROGRESS_AGENT } from './futures-sse-events';
import { FuturesService } from './futures.service';

@ApiTags('futures')
@ApiExtraModels(FuturesSessionResponseDto, FuturesTradeResponseDto, FuturesReportResponseDto, FuturesStartEventDto, FuturesProgressEventDto, FuturesTradeEventDto, FuturesCompleteEventDto, ErrorEventDto)
@RateLimit('expensive')
@Controller('futures')
export class FuturesController {
  constructor(private readonly futures: FuturesService) {}

  @Get('contracts')
  @ApiOperation({ summary: 'Contract specifications: tick size and value, point value, default fees, sessions (America/Chicago).' })
  @ApiOkResponse({ type: [ContractSpecResponseDto] })
  contracts(): ContractSpecResponseDto[] {
    return this.futures.contracts();
  }

  @Get('accounts')
  @ApiOperation({ summary: 'Prop-firm rule presets per account size (Topstep Combine / Express).' })
  @ApiOkResponse({ type: [AccountPresetResponseDto] })
  accounts(): AccountPresetResponseDto[] {
    return this.futures.accounts();
  }

  @Post('backtest/report')
  @HttpCode(200)
  @ApiOperation({ summary: 'Run an ORB futures backtest and answer the report as plain JSON.' })
  @ApiBody({ type: FuturesBacktestRequestDto, examples: { defaults: { summary: 'MES for January 2024, every other parameter at its default', value: EXAMPLE.request } } })
  @ApiOkResponse({
    type: FuturesReportResponseDto,
    example: EXAMPLE.report,
    description: 'The report (the example, captured from the server on synthetic data, lists only the first sessions and trades).',
  })
  @ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'A bad parameter; `errors[].field` names it (e.g. `symbol`, `strategy.target_r`).' })
  report(@Body() dto: FuturesBacktestRequestDto): Promise<FuturesReportResponseDto> {
    return this.futures.report(dto);
  }

  @Sse('backtest', { method: RequestMethod.POST, maxPendingDataLength: RUN_STREAM_MAX_PENDING_CHARS })
  @HttpCode(200)
  @ApiOperation({
    summary: 'Run an ORB futures backtest as a server-sent event stream.',
    description: [
      'Frames `event: <type>\\ndata: <one-line JSON>\\n\\n`. The parameters are validated before the stream starts: a bad body is a 422 problem, not a stream. The bars are loaded by the job and the response waits for its `start`: a range holding no session, or a bar file that does not read, is a 422 problem too (a missing file a 404).',
      '- `start` `{type, symbol, start_date, end_date, sessions, run_id, data_source}`',
      `- \`progress\` \`{type, agent: "${FUTURES_PROGRESS_AGENT}", ticker, status, timestamp, analysis, index, total, session}\` once per session; \`analysis\` is the session row as a JSON string`,
      '- `trade` `{type, trade, timestamp}` for every trade as it closes',
      '- `complete` `{type, data}` with the report (same as `/futures/backtest/report`)',
      '- `error` `{type, message, timestamp}`, then the stream ends. `: ping` comments every SSE_HEARTBEAT_MS (15 s) keep the connection; closing it cancels the run.',
    ].join('\n'),
  })
  @ApiBody({ type: FuturesBacktestRequestDto, examples: { defaults: { summary: 'MES for January 2024, every other parameter at its default', value: EXAMPLE.request } } })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description: 'start, progress (one per session), trade (one per closed trade), then complete or error. The example is cut after the first trade.',
    content: {
      'text/event-stream': {
        schema: { oneOf: [FuturesStartEventDto, FuturesProgressEventDto, FuturesTradeEventDto, FuturesCompleteEventDto, ErrorEventDto].map((dto) => ({ $ref: getSchemaPath(dto) })) },
        example: sseExampleText(EXAMPLE.events),
      },
    },
  })
  @ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'A bad parameter, answered before the stream starts; `errors[].field` names it.' })
  backtest(@Body() dto: FuturesBacktestRequestDto): Promise<Observable<MessageEvent>> {
    return this.futures.stream(dto);
  }
}
