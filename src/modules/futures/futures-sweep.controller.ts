import { Body, Controller, HttpCode, type MessageEvent, Post, RequestMethod, Sse } from '@nestjs/common';
import { ApiBody, ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnprocessableEntityResponse, getSchemaPath } from '@nestjs/swagger';
import type { Observable } from 'rxjs';
import { RateLimit, RUN_STREAM_MAX_PENDING_CHARS } from '../../core/http';
import { FuturesSweepRequestDto, FuturesSweepResponseDto } from './dto/futures-sweep.dto';
import { FUTURES_SWEEP_PROGRESS_AGENT, FuturesSweepService } from './futures-sweep.service';

@ApiTags('futures')
@ApiExtraModels(FuturesSweepResponseDto)
@RateLimit('expensive')
@Controller('futures')
export class FuturesSweepController {
  constructor(private readonly sweeps: FuturesSweepService) {}

  @Sse('sweep', { method: RequestMethod.POST, maxPendingDataLength: RUN_STREAM_MAX_PENDING_CHARS })
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sweep strategy and rules parameters over a grid (and walk forward) as a server-sent event stream.',
    description: [
      'Every combination of the `sweep` values runs over the range on the same bars and is ranked by `objective`; with `train_days` and `test_days` a walk-forward picks the best combination on each training window, trades it on the next test window and stitches the out-of-sample results. The request is validated before the stream starts: a bad body (an unknown key, a bad value, more than 10,000 combinations) is a 422 problem naming every bad field, and what only the bars can tell (a missing bar file: 404; a bad line or a range without sessions: 422) is refused before the stream starts too.',
      '- `start` `{type, symbol, start_date, end_date, objective, combinations, parameters, walk_forward, run_id}`',
      `- \`progress\` \`{type, agent: "${FUTURES_SWEEP_PROGRESS_AGENT}", ticker, status, timestamp, analysis: null, phase: grid|walk_forward, done, total}\` as parts of the grid finish`,
      '- `complete` `{type, data}` with the ranked sweep (same as `/futures/sweep/report`)',
      '- `error` `{type, message, timestamp}`, then the stream ends. `: ping` comments keep the connection; closing it cancels the sweep.',
    ].join('\n'),
  })
  @ApiBody({ type: FuturesSweepRequestDto })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'text/event-stream of start, progress, complete (or error) events.', schema: { $ref: getSchemaPath(FuturesSweepResponseDto) } })
  @ApiUnprocessableEntityResponse({ description: 'A bad parameter; `errors[].field` names it (e.g. `sweep[0].key`, `sweep[1].values[2]`, `objective`).' })
  sweep(@Body() dto: FuturesSweepRequestDto): Promise<Observable<MessageEvent>> {
    return this.sweeps.stream(dto);
  }

  @Post('sweep/report')
  @HttpCode(200)
  @ApiOperation({ summary: 'The same sweep answered as plain JSON once it ends.' })
  @ApiBody({ type: FuturesSweepRequestDto })
  @ApiOkResponse({ type: FuturesSweepResponseDto })
  @ApiUnprocessableEntityResponse({ description: 'A bad parameter; `errors[].field` names it.' })
  report(@Body() dto: FuturesSweepRequestDto): Promise<FuturesSweepResponseDto> {
    return this.sweeps.report(dto);
  }
}
