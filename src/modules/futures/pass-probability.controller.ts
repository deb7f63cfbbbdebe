import { Body, Controller, HttpCode, type MessageEvent, RequestMethod, Sse } from '@nestjs/common';
import { ApiBody, ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnprocessableEntityResponse, getSchemaPath } from '@nestjs/swagger';
import type { Observable } from 'rxjs';
import { RateLimit, RUN_STREAM_MAX_PENDING_CHARS } from '../../core/http';
import { PassProbabilityRequestDto } from './dto/pass-probability-request.dto';
import { PassProbabilityResponseDto } from './dto/pass-probability-response.dto';
import { PASS_PROBABILITY_PROGRESS_AGENT, PassProbabilityService } from './pass-probability.service';

@ApiTags('futures')
@ApiExtraModels(PassProbabilityResponseDto)
@RateLimit('expensive')
@Controller('futures')
export class PassProbabilityController {
  constructor(private readonly passProbability: PassProbabilityService) {}

  @Sse('pass-probability', { method: RequestMethod.POST, maxPendingDataLength: RUN_STREAM_MAX_PENDING_CHARS })
  @HttpCode(200)
  @ApiOperation({
    summary: 'The odds of passing the evaluation: rolling starts and a block bootstrap of whole sessions, as a server-sent event stream.',
    description: [
      'The body is a futures backtest body plus `method`, `horizon_days`, `paths`, `seed`, `block_days` (and `reset_fee`); every bad field is named in one 422 before the stream starts. Runs as a job; with `flow_id` the run is persisted (kind `pass_probability`) and `GET /flows/{flow_id}/runs/{run_id}/report.html` draws the odds.',
      '- `start` `{type, symbol, start_date, end_date, sessions, method, horizon_days, paths, run_id, data_source}`',
      `- \`progress\` \`{type, agent: "${PASS_PROBABILITY_PROGRESS_AGENT}", ticker, status, timestamp, phase: rolling|bootstrap, done, total}\` every 500 attempts`,
      '- `complete` `{type, data}` with the estimate (schema below)',
      '- `error` `{type, message, timestamp}`, then the stream ends. Closing the connection cancels the run.',
    ].join('\n'),
  })
  @ApiBody({ type: PassProbabilityRequestDto })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'text/event-stream of start, progress, complete (or error) events; `complete.data`:', schema: { $ref: getSchemaPath(PassProbabilityResponseDto) } })
  @ApiUnprocessableEntityResponse({ description: 'A bad field; `errors[].field` names each one (e.g. `horizon_days`, `strategy.target_r`).' })
  stream(@Body() dto: PassProbabilityRequestDto): Promise<Observable<MessageEvent>> {
    return this.passProbability.stream(dto);
  }
}
