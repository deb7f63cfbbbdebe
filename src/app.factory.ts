import { Logger as NestLogger, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { json, type NextFunction, type Request, type Response } from 'express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import type { AppConfig } from './config';
import { applyServerTimeouts, bearerAuthMiddleware, contentEncodingCheck, crossSiteWriteGuard, handleException, hostAllowList, declaredJsonLengthCheck, jsonDepthVerifier, openSseStreams, REQUEST_ID_HEADER, requestIdMiddleware, securityHeaders, serveOpenApi } from './core/http';
import { httpMetricsMiddleware, PROMETHEUS_PATH, prometheusEndpoint, Telemetry } from './core/telemetry';
import { METRICS_ROUTE, metricsUploadReader } from './modules/metrics/metrics-upload';

/**
 * Builds the whole HTTP application (used by main.ts and by the e2e tests, so both run the same
 * pipeline): request id, CORS, optional bearer auth, body limits, problem details, OpenAPI.
 */
export async function createApp(config: AppConfig, extraImports: readonly Type[] = []): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, extraImports), { bodyParser: false, bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.set('trust proxy', 'loopback');
  app.disable('x-powered-by');

  applyServerTimeouts(app.getHttpServer(), config.http);
  const telemetry = app.get(Telemetry);
  telemetry.collectProcessMetrics();
  telemetry.sample('hf_sse_streams_open', () => [{ labels: {}, value: openSseStreams() }]);
  app.use(requestIdMiddleware);
  app.use(httpMetricsMiddleware(telemetry));
  app.use(securityHeaders());
  app.use(hostAllowList(config.http.allowedHosts));
  app.enableCors({
    origin: config.http.corsOrigins.includes('*') ? true : [...config.http.corsOrigins],
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    allowedHeaders: ['Content-Type', 'Authorization', 'X-Request-Id', 'Accept', 'Last-Event-ID'],
    exposedHeaders: [REQUEST_ID_HEADER],
    maxAge: 600,
  });
  app.use(crossSiteWriteGuard(config.http.corsOrigins));
  // Before the bearer check: loopback scrapes need no token (see prometheusEndpoint).
  app.use(PROMETHEUS_PATH, prometheusEndpoint(telemetry, config.security.authToken));
  if (config.security.authToken !== null) app.use(bearerAuthMiddleware(config.security.authToken));
  app.use(contentEncodingCheck);
  // POST /metrics reads its own, larger body (a million-point curve); the app-wide parsers then skip it.
  app.use(METRICS_ROUTE, metricsUploadReader(config.metrics, config.http.jsonMaxDepth));
  app.use(declaredJsonLengthCheck(config.http.bodyLimitBytes));
  // express.json directly: Nest's useBodyParser reserves `verify`, where the depth bound runs before JSON.parse.
  app.use(json({ limit: config.http.bodyLimitBytes, verify: jsonDepthVerifier(config.http.jsonMaxDepth) }));
  const errorLogger = new NestLogger('HttpErrors');
  app.use((error: unknown, request: Request, response: Response, next: NextFunction) => {
    if (response.headersSent) return next(error);
    handleException(error, request, response, errorLogger, { databaseRetryAfterSeconds: config.database.retryAfterSeconds });
  });

  serveOpenApi(app, config);
  return app;
}
