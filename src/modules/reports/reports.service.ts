import { Inject, Injectable } from '@nestjs/common';
import { type AppConfig, APP_CONFIG } from '../../config';
import { DomainError, ValidationError } from '../../core/http';
import { EngineError } from '../../engine';
import { FlowRunsService } from '../flow-runs/flow-runs.service';
import type { MetricsQueryDto } from '../metrics/dto/metrics-request.dto';
import type { MetricsFiles } from '../metrics/metrics-files.interceptor';
import type { MetricsUpload } from '../metrics/metrics-upload';
import { MetricsService } from '../metrics/metrics.service';
import { buildMetricsTearsheet } from './metrics-report';
import { passProbabilityTearsheetInput } from './pass-probability-report';
import { assertReportable, futuresTearsheetInput, hedgeFundTearsheetInput } from './run-reports';
import { sweepTearsheetInput } from './sweep-report';
import { buildTearsheet } from './tearsheet/build-tearsheet';
import type { Tearsheet, TearsheetInput, TearsheetSweepInput } from './tearsheet/tearsheet.types';

/** HTML tearsheets of equity curves (POST /metrics/report.html) and of persisted runs. */
@Injectable()
export class ReportsService {
  constructor(
    private readonly metrics: MetricsService,
    private readonly flowRuns: FlowRunsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The tearsheet of a POST /metrics body: JSON, CSV, or multipart CSV files. */
  metricsReport(upload: MetricsUpload | undefined, files: MetricsFiles | undefined, query: MetricsQueryDto, now: Date = new Date()): Tearsheet {
    let request;
    if (files !== undefined) request = this.metrics.parseFiles(files, query);
    else if (upload !== undefined) request = this.metrics.parse(upload, query);
    else throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 'POST /metrics/report.html takes an application/json or a text/csv body, or multipart/form-data CSV files.');
    return buildMetricsTearsheet(this.metrics, request, now.toISOString(), 'POST /metrics/report.html');
  }

  /**
   * The tearsheet of a persisted run (a backtest, a futures backtest, a pass-probability estimate, a futures
   * sweep): 404 for an unknown flow or run, 409 while it is not COMPLETE (or when it ended in ERROR or
   * CANCELLED), 422 for a kind without a report or results that cannot make one.
   */
  async runReport(flowId: number, runId: number, now: Date = new Date()): Promise<Tearsheet> {
    const run = await this.flowRuns.get(flowId, runId);
    assertReportable(run);
    const generatedAt = now.toISOString();
    const origin = `GET /flows/${flowId}/runs/${runId}/report.html`;
    let input: TearsheetInput | TearsheetSweepInput;
    switch (run.kind) {
      case 'backtest':
        input = hedgeFundTearsheetInput(
          {
            results: run.results ?? {},
            request: run.request_data ?? {},
            subject: `Run ${run.id}`,
            context: `Flow ${run.flow_id}, run #${run.run_number}`,
            origin,
            defaultProvider: this.config.marketData.provider,
          },
          generatedAt,
        );
        break;
      case 'futures_backtest':
        input = futuresTearsheetInput(run.results ?? {}, `Run ${run.id}`, origin, generatedAt);
        break;
      case 'pass_probability':
        input = passProbabilityTearsheetInput(run.results ?? {}, `Run ${run.id}`, origin, generatedAt);
        break;
      case 'futures_sweep':
        input = sweepTearsheetInput({ results: run.results ?? {}, request: run.request_data ?? {}, subject: `Run ${run.id}`, origin }, generatedAt);
        break;
      default:
        throw ValidationError.field('run_id', `Run ${run.id} has no report: runs of kind "${run.kind}" have none.`);
    }
    try {
      return buildTearsheet(input);
    } catch (error) {
      if (error instanceof EngineError && error.code === 'INVALID_INPUT') {
        throw ValidationError.field('run_id', `Run ${run.id} has no report: its stored equity curve is not valid (${error.message}).`);
      }
      throw error;
    }
  }
}
