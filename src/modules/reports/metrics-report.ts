import { computeMetrics } from '../../engine';
import type { MetricsRequest, MetricsRunner } from '../metrics/metrics-runner';
import { metricsTearsheetInput } from './report-inputs';
import { buildTearsheet } from './tearsheet/build-tearsheet';
import type { Tearsheet } from './tearsheet/tearsheet.types';

/**
 * The tearsheet of a parsed POST /metrics request (the route and the metrics CLI): the same metrics as
 * the JSON answer, the charts of the curve, the trades. Bad input is the same 422 as POST /metrics.
 */
export function buildMetricsTearsheet(metrics: MetricsRunner, request: MetricsRequest, generatedAt: string, origin?: string): Tearsheet {
  return metrics.engineCall(request, () => {
    const report = computeMetrics({ ...request.input, includeDailyPnl: false });
    return buildTearsheet(metricsTearsheetInput(request, report, generatedAt, origin));
  });
}
