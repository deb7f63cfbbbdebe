import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { SseFrame } from './sse';

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
}

/** POSTs JSON over a raw socket and reads the body as it arrives; `stopWhen` closes the connection early. */
export async function rawPost(app: NestExpressApplication, path: string, body: unknown, stopWhen?: (text: string) => boolean): Promise<RawResponse> {
  const server = app.getHttpServer();
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      const finish = () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text });
      res.on('data', (chunk: string) => {
        text += chunk;
        if (stopWhen?.(text) === true) {
          req.destroy();
          finish();
        }
      });
      res.on('end', finish);
      res.on('error', () => finish());
    });
    req.on('error', (error) => (stopWhen === undefined ? reject(error) : undefined));
    req.end(payload);
  });
}

/**
 * A backtest request with the cheapest rule graph, one technical analyst feeding the portfolio manager, over
 * `tickers` from `startDate` to `endDate` (YYYY-MM-DD): the long runs the jobs tests and bench stream.
 */
export function technicalBacktest(tickers: readonly string[], startDate: string, endDate: string) {
  const analyst = 'technical_analyst_ab12cd';
  const manager = 'portfolio_manager_xy34zw';
  return {
    tickers: [...tickers],
    graph_nodes: [
      { id: analyst, type: 'agent-node', data: {} },
      { id: manager, type: 'portfolio-manager-node', data: {} },
    ],
    graph_edges: [{ id: 'e1', source: analyst, target: manager }],
    start_date: startDate,
    end_date: endDate,
  };
}

export type Progress = { agent: string; ticker: string | null; status: string; timestamp: string | null; analysis: string | null };

/** Every agent the stream mentions must have ended with `Done` (the SPA's stuck-UI hazard). */
export function agentsLeftOpen(frames: readonly SseFrame[]): string[] {
  const last = new Map<string, string>();
  for (const frame of frames) if (frame.event === 'progress') last.set((frame.data as Progress).agent, (frame.data as Progress).status);
  return [...last].filter(([, status]) => status !== 'Done').map(([agent]) => agent);
}

/** The statuses one agent reported, in order (agent-wide lines only when `ticker` is null). */
export function statusesOf(frames: readonly SseFrame[], agent: string, ticker: string | null | undefined = undefined): string[] {
  return frames
    .filter((f) => f.event === 'progress' && (f.data as Progress).agent === agent && (ticker === undefined || (f.data as Progress).ticker === ticker))
    .map((f) => (f.data as Progress).status);
}

/** Polls `read` until `done` holds (or 10 s pass), then returns the last value. */
export async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
