export * from './http-metrics';
export * from './telemetry';
export * from './telemetry.module';
export * from './metrics-server';
export * from './database-metrics';
