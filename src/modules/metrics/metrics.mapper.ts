import { type MetricsReport, toAnchorPerformanceMetrics } from '../../engine';
import type { MetricsResponseDto } from './dto/metrics-response.dto';

/** The wire response: the engine's report (already snake_case) plus the anchor's performance_metrics. */
export function toMetricsResponse(report: MetricsReport): MetricsResponseDto {
  return { ...report, performance_metrics: toAnchorPerformanceMetrics(report) };
}
