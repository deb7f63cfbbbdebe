import { Global, Module } from '@nestjs/common';
import { Telemetry } from './telemetry';

/** The process's metrics registry (see `Telemetry`), injectable everywhere; the API and every executor load it. */
@Global()
@Module({
  providers: [{ provide: Telemetry, useFactory: () => new Telemetry() }],
  exports: [Telemetry],
})
export class TelemetryModule {}
