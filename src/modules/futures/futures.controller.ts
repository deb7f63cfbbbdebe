import { Body, Controller, Get, HttpCode, Logger, type MessageEvent, Post, RequestMethod, Sse } from '@nestjs/common';
import { DomainError, RateLimit } from '../../core/http';
import { EngineError } from '../../engine';
import { ApiBody, ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnprocessableEntityResponse, getSchemaPath } from '@nestjs/swagger';
import { Observable } from 'rxjs';
import { FuturesBacktestRequestDto } from './dto/futures-backtest-request.dto';
import { AccountPresetResponseDto, ContractSpecResponseDto, FuturesReportResponseDto, FuturesSessionResponseDto, FuturesTradeResponseDto } from './dto/futures-response.dto';
import { FUTURES_PROGRESS_AGENT, FUTURES_SSE_EVENTS, HEARTBEAT_COMMENT, HEARTBEAT_MS } from './futures-sse-events';
import { FuturesService } from './futures.service';

function usd(x: number): string {
  return x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

@ApiTags('futures')
@ApiExtraModels(FuturesSessionResponseDto, FuturesTradeResponseDto, FuturesReportResponseDto)
@RateLimit('expensive')
@Controller('futures')
export class FuturesController {
  private readonly logger = new Logger(FuturesController.name);

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
  @ApiBody({ type: FuturesBacktestRequestDto })
  @ApiOkResponse({ type: FuturesReportResponseDto })
  @ApiUnprocessableEntityResponse({ description: 'A bad parameter; `errors[].field` names it (e.g. `symbol`, `strategy.target_r`).' })
  report(@Body() dto: FuturesBacktestRequestDto): Promise<FuturesReportResponseDto> {
    return this.futures.report(dto);
  }

  @Sse('backtest', { method: RequestMethod.POST })
  @HttpCode(200)
  @ApiOperation({
    summary: 'Run an ORB futures backtest as a server-sent event stream.',
    description: [
      'Frames `event: <type>\\ndata: <one-line JSON>\\n\\n`. The body is validated (and the bars loaded) before the stream starts: a bad body is a 422 problem, not a stream.',
      '- `start` `{type, symbol, start_date, end_date, sessions, run_id, data_source}`',
      `- \`progress\` \`{type, agent: "${FUTURES_PROGRESS_AGENT}", ticker, status, timestamp, analysis, index, total, session}\` once per session; \`analysis\` is the session row as a JSON string`,
      '- `trade` `{type, trade, timestamp}` for every trade as it closes',
      '- `complete` `{type, data}` with the report (same as `/futures/backtest/report`)',
      '- `error` `{type, message, timestamp}`, then the stream ends. `: ping` comments every 15 s keep the connection; closing it cancels the run.',
    ].join('\n'),
  })
  @ApiBody({ type: FuturesBacktestRequestDto })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'text/event-stream of start, progress, trade, complete (or error) events.', schema: { $ref: getSchemaPath(FuturesReportResponseDto) } })
  async backtest(@Body() dto: FuturesBacktestRequestDto): Promise<Observable<MessageEvent>> {
    const controller = new AbortController();
    const run = await this.futures.prepare(dto, controller.signal);
    return new Observable<MessageEvent>((subscriber) => {
      let finished = false;
      const timestamp = (): string => new Date().toISOString();
      const heartbeat = setInterval(() => subscriber.next({ comment: HEARTBEAT_COMMENT } as MessageEvent), HEARTBEAT_MS);
      subscriber.next({
        type: FUTURES_SSE_EVENTS.start,
        data: { type: 'start', symbol: run.config.symbol, start_date: run.config.start_date, end_date: run.config.end_date, sessions: run.sessions, run_id: run.runId, data_source: run.dataSource },
      });
      (async () => {
        const generator = this.futures.execute(run, controller.signal);
        let step = await generator.next();
        while (step.done !== true) {
          const event = step.value;
          if (event.type === 'trade') {
            subscriber.next({ type: FUTURES_SSE_EVENTS.trade, data: { type: 'trade', trade: event.trade, timestamp: timestamp() } });
          } else {
            subscriber.next({
              type: FUTURES_SSE_EVENTS.progress,
              data: {
                type: 'progress',
                agent: FUTURES_PROGRESS_AGENT,
                ticker: run.config.symbol,
                status: `Completed ${event.row.date} (${event.index}/${event.total}) - Balance: $${usd(event.row.balance)}`,
                timestamp: timestamp(),
                analysis: JSON.stringify(event.row),
                index: event.index,
                total: event.total,
                session: event.row,
              },
            });
          }
          step = await generator.next();
        }
        finished = true;
        clearInterval(heartbeat);
        subscriber.next({ type: FUTURES_SSE_EVENTS.complete, data: { type: 'complete', data: step.value } });
        subscriber.complete();
      })().catch((error: unknown) => {
        finished = true;
        clearInterval(heartbeat);
        if (controller.signal.aborted) return;
        const known = error instanceof DomainError || error instanceof EngineError;
        if (!known) this.logger.error({ err: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error) }, 'Futures backtest stream failed');
        const message = known ? error.message : 'The futures backtest failed.';
        subscriber.next({ type: FUTURES_SSE_EVENTS.error, data: { type: 'error', message, timestamp: timestamp() } });
        subscriber.complete();
      });
      return () => {
        clearInterval(heartbeat);
        if (!finished) controller.abort();
      };
    });
  }
}
