import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { AppConfig } from '../../config';
import { hostAllowList } from '../http/request-origin';
import { requestIdMiddleware } from '../http/request-id';
import { requestIdOf, sendProblem } from '../http/problem-details.filter';
import { buildProblem } from '../http/problem-details';
import { PROMETHEUS_PATH, prometheusEndpoint } from './http-metrics';
import type { Telemetry } from './telemetry';

export interface MetricsServer {
  /** The URL Prometheus scrapes. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * A worker process's own Prometheus endpoint (`node dist/worker.js` has no HTTP API): `GET
 * /internal/prometheus` on WORKER_METRICS_HOST:WORKER_METRICS_PORT, with the API's rules (the Host
 * allow-list, loopback without a token, anyone else with the bearer AUTH_TOKEN); any other path is a 404.
 */
export async function startMetricsServer(telemetry: Telemetry, config: AppConfig): Promise<MetricsServer> {
  const port = config.jobs.metricsPort;
  if (port === null) throw new Error('WORKER_METRICS_PORT is not set');
  const app = express();
  app.set('trust proxy', 'loopback');
  app.disable('x-powered-by');
  app.use(requestIdMiddleware);
  app.use(hostAllowList(config.http.allowedHosts));
  app.use(PROMETHEUS_PATH, prometheusEndpoint(telemetry, config.security.authToken));
  app.use((request: express.Request, response: express.Response) => {
    sendProblem(request, response, buildProblem({ status: 404, detail: `A worker serves only ${PROMETHEUS_PATH}.` }, request.path, requestIdOf(request)));
  });
  const server: Server = await new Promise((resolve, reject) => {
    const listening = app.listen(port, config.jobs.metricsHost, () => resolve(listening));
    listening.once('error', reject);
  });
  const bound = (server.address() as AddressInfo).port;
  const host = config.jobs.metricsHost.includes(':') && !config.jobs.metricsHost.startsWith('[') ? `[${config.jobs.metricsHost}]` : config.jobs.metricsHost;
  return {
    url: `http://${host}:${bound}${PROMETHEUS_PATH}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
