import { Injectable } from '@nestjs/common';
import { DomainError } from '../../core/http';
import type { MetricsQueryDto } from '../metrics/dto/metrics-request.dto';
import type { MetricsFiles } from '../metrics/metrics-files.interceptor';
import type { MetricsUpload } from '../metrics/metrics-upload';
import { MetricsService } from '../metrics/metrics.service';
import { buildMetricsTearsheet } from './metrics-report';
import type { Tearsheet } from './tearsheet/tearsheet.types';

/** HTML tearsheets of equity curves (POST /metrics/report.html) and of persisted runs. */
@Injectable()
export class ReportsService {
  constructor(private readonly metrics: MetricsService) {}

  /** The tearsheet of a POST /metrics body: JSON, CSV, or multipart CSV files. */
  metricsReport(upload: MetricsUpload | undefined, files: MetricsFiles | undefined, query: MetricsQueryDto, now: Date = new Date()): Tearsheet {
    let request;
    if (files !== undefined) request = this.metrics.parseFiles(files, query);
    else if (upload !== undefined) request = this.metrics.parse(upload, query);
    else throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 'POST /metrics/report.html takes an application/json or a text/csv body, or multipart/form-data CSV files.');
    return buildMetricsTearsheet(this.metrics, request, now.toISOString(), 'POST /metrics/report.html');
  }
}
