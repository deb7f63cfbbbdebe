export * from './http-metrics';
export * from './telemetry';
export * from './telemetry.module';
