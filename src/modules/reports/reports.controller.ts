import { Controller, Get, HttpCode, Param, Post, Query, Req, Res, UploadedFiles, UseInterceptors } from '@nestjs/common';
import {
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ParseIdPipe, ProblemDetailsDto, RateLimit } from '../../core/http';
import { MetricsQueryDto, MetricsRequestDto } from '../metrics/dto/metrics-request.dto';
import { type MetricsFiles, MetricsFilesInterceptor } from '../metrics/metrics-files.interceptor';
import { uploadOf } from '../metrics/metrics-upload';
import { sendTearsheet } from './html-response';
import { ReportsService } from './reports.service';

const HTML_DESCRIPTION =
  'A self-contained HTML page (inline CSS, a small inline script, charts as server-rendered SVG; nothing loaded from the network), ' +
  'served with its own Content-Security-Policy.';

@ApiTags('reports')
@RateLimit('expensive')
@Controller()
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Post('metrics/report.html')
  @HttpCode(200)
  @ApiOperation({
    summary: 'The HTML tearsheet of an equity curve (same body as POST /metrics)',
    description: `Takes exactly what POST /metrics takes (JSON, text/csv, or multipart CSV files; same limits and 4xx answers). ${HTML_DESCRIPTION}`,
  })
  @ApiConsumes('application/json', 'text/csv', 'multipart/form-data')
  @ApiBody({ type: MetricsRequestDto })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'text/html tearsheet.', schema: { type: 'string' } })
  @ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'Invalid input, as POST /metrics.' })
  @UseInterceptors(MetricsFilesInterceptor)
  metricsReport(@Req() request: Request, @Res() response: Response, @Query() query: MetricsQueryDto, @UploadedFiles() files: MetricsFiles | undefined): void {
    sendTearsheet(response, this.reports.metricsReport(uploadOf(request), files, query));
  }

  @Get('flows/:flow_id/runs/:run_id/report.html')
  // A read, but building a page is a computation: the reports' budget applies to it as to POST …/report.html.
  @RateLimit('expensive')
  @ApiOperation({
    summary: 'The HTML report of a persisted run (hedge-fund backtest, futures backtest, pass probability or futures sweep)',
    description:
      "Built from the run's stored results: the same numbers as GET /flows/{flow_id}/runs/{run_id}. " +
      'A backtest or futures backtest: the tearsheet of its equity curve (key metrics, charts, trades; futures: verdict, rules, attempts). ' +
      'A pass-probability run (kind pass_probability): the odds of passing with every rolling start, over the attempts-reset equity. ' +
      'A futures sweep (kind futures_sweep, stored by POST /futures/sweep or /futures/sweep/report with a flow_id): the swept parameters, ' +
      'the best combination, the ranking of every combination as a sortable table with the best highlighted, and with a walk-forward ' +
      `its windows, the stitched out-of-sample equity chart and the degradation (walk-forward efficiency). ${HTML_DESCRIPTION}`,
  })
  @ApiParam({ name: 'flow_id', type: Number })
  @ApiParam({ name: 'run_id', type: Number, description: 'Run id (not the run number).' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'text/html tearsheet.', schema: { type: 'string' } })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'No such flow, or no such run in the flow.' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'The run is not COMPLETE (still running, or ended in ERROR or CANCELLED).' })
  @ApiUnprocessableEntityResponse({
    type: ProblemDetailsDto,
    description: 'The run has no report: a single run (kind "run"), results without an equity curve, or a sweep\'s results that are not a sweep\'s answer (the detail names the field).',
  })
  async runReport(@Param('flow_id', ParseIdPipe) flowId: number, @Param('run_id', ParseIdPipe) runId: number, @Res() response: Response): Promise<void> {
    sendTearsheet(response, await this.reports.runReport(flowId, runId));
  }
}
