import { Readable } from 'node:stream';
import { Controller, HttpCode, Post, Query, Req, StreamableFile, UploadedFiles, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiPayloadTooLargeResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { DomainError, ProblemDetailsDto, RateLimit } from '../../core/http';
import { MetricsQueryDto, MetricsRequestDto } from './dto/metrics-request.dto';
import { MetricsResponseDto } from './dto/metrics-response.dto';
import { type MetricsFiles, MetricsFilesInterceptor } from './metrics-files.interceptor';
import { uploadOf } from './metrics-upload';
import EXAMPLE from './examples/metrics.json';
import { MetricsService } from './metrics.service';

@ApiTags('metrics')
@RateLimit('expensive')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Every performance and funded-account metric of an equity curve (and optional trades and positions)',
    description:
      'JSON body (below) or a text/csv body: the equity table `date,value`, optionally followed by a blank line and a trades table ' +
      '`exit_date,pnl[,entry_date,risk,ticker]`; or multipart/form-data with the CSV files `equity` and `trades`. CSV settings ' +
      'come from the query. Limits: METRICS_BODY_LIMIT_MB (413) and ' +
      'METRICS_MAX_POINTS (422).',
  })
  @ApiConsumes('application/json', 'text/csv', 'multipart/form-data')
  @ApiBody({ type: MetricsRequestDto, examples: { four_days: { summary: 'Four daily equity points and three closed trades', value: EXAMPLE.request } } })
  @ApiOkResponse({ type: MetricsResponseDto, example: EXAMPLE.response, description: 'The example is the server\'s answer to the request example.' })
  @ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'Invalid input; `errors[].field` names the offending row (and CSV line).' })
  @ApiPayloadTooLargeResponse({ type: ProblemDetailsDto, description: 'The body exceeds METRICS_BODY_LIMIT_MB.' })
  @UseInterceptors(MetricsFilesInterceptor)
  compute(@Req() request: Request, @Query() query: MetricsQueryDto, @UploadedFiles() files: MetricsFiles | undefined): StreamableFile {
    if (files !== undefined) return jsonBody(this.metrics.computeFilesJson(files, query));
    const upload = uploadOf(request);
    if (upload === undefined) {
      throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 'POST /metrics takes an application/json or a text/csv body, or multipart/form-data CSV files.');
    }
    return jsonBody(this.metrics.computeJson(upload, query));
  }
}

/**
 * The MetricsResponseDto already written as JSON (metrics-json.ts: the daily series straight from typed
 * columns), sent as it is: no JSON.stringify of the whole answer, no copy into one buffer, no ETag hash over it.
 */
function jsonBody(chunks: Buffer[]): StreamableFile {
  const length = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  return new StreamableFile(Readable.from(chunks, { objectMode: false }), { type: 'application/json; charset=utf-8', length });
}
