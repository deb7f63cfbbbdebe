import { Inject, Injectable } from '@nestjs/common';
import { type AppConfig, APP_CONFIG } from '../../config';
import { MetricsRunner } from './metrics-runner';

export type { MetricsRequest } from './metrics-runner';

/** The metrics of POST /metrics and the reports: MetricsRunner with the app's configuration. */
@Injectable()
export class MetricsService extends MetricsRunner {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super(config);
  }
}
