import { Controller, HttpCode, Post, Query, Req, Res, UploadedFiles, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ProblemDetailsDto } from '../../core/http';
import { MetricsQueryDto, MetricsRequestDto } from '../metrics/dto/metrics-request.dto';
import { type MetricsFiles, MetricsFilesInterceptor } from '../metrics/metrics-files.interceptor';
import { uploadOf } from '../metrics/metrics-upload';
import { sendTearsheet } from './html-response';
import { ReportsService } from './reports.service';

const HTML_DESCRIPTION =
  'A self-contained HTML page (inline CSS, a small inline script, charts as server-rendered SVG; nothing loaded from the network), ' +
  'served with its own Content-Security-Policy.';

@ApiTags('reports')
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
}
