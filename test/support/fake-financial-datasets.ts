import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseIsoDay, SyntheticMarket } from '../../src/engine';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly headers: IncomingMessage['headers'];
  readonly body: unknown;
}

/** What the fake answers to one request: a status with a JSON body, raw text, or no answer at all. */
export type Behaviour =
  | { readonly kind: 'json'; readonly status: number; readonly body: unknown; readonly headers?: Record<string, string> }
  | { readonly kind: 'text'; readonly status: number; readonly text: string }
  | { readonly kind: 'hang' };

function day(text: string | undefined, fallback: number): number {
  return text === undefined ? fallback : (parseIsoDay(text.slice(0, 10)) ?? fallback);
}

/**
 * A stand-in for api.financialdatasets.ai on a loopback port. Scripted behaviours are used first, in
 * order; after them it serves data with the upstream's query semantics, drawn from a synthetic market
 * (seed 7) so the expected values can be computed independently of the code under test.
 */
/** The seed of the synthetic market the fake serves (tests pick their fixtures from the same market). */
export const FAKE_FINANCIAL_DATASETS_SEED = 7;

export class FakeFinancialDatasets {
  readonly requests: RecordedRequest[] = [];
  readonly market = new SyntheticMarket(FAKE_FINANCIAL_DATASETS_SEED);
  private readonly script: Behaviour[] = [];
  private readonly hanging = new Set<ServerResponse>();
  private readonly arrivals: (() => void)[] = [];
  private server: Server | undefined;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server === undefined ? resolve() : this.server.close(() => resolve())));
  }

  /** Queue behaviours for the next requests. */
  queue(...behaviours: Behaviour[]): this {
    this.script.push(...behaviours);
    return this;
  }

  reset(): void {
    this.requests.length = 0;
    this.script.length = 0;
  }

  /** Resolves once `count` requests in all have arrived (an event to wait for instead of a guessed delay). */
  async waitForRequests(count: number): Promise<void> {
    while (this.requests.length < count) await new Promise<void>((resolve) => this.arrivals.push(resolve));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body: text === '' ? undefined : (JSON.parse(text) as unknown),
    };
    this.requests.push(recorded);
    for (const wake of this.arrivals.splice(0)) wake();
    const behaviour = this.script.shift() ?? this.serve(recorded);
    if (behaviour.kind === 'hang') {
      this.hanging.add(res);
      return;
    }
    if (behaviour.kind === 'text') {
      res.writeHead(behaviour.status, { 'content-type': 'application/json' }).end(behaviour.text);
      return;
    }
    res.writeHead(behaviour.status, { 'content-type': 'application/json', ...behaviour.headers }).end(JSON.stringify(behaviour.body));
  }

  private serve(request: RecordedRequest): Behaviour {
    const q = request.query;
    const ok = (body: unknown): Behaviour => ({ kind: 'json', status: 200, body });
    const ticker = q.ticker ?? '';
    if (ticker === 'UNKNOWN') return { kind: 'json', status: 400, body: { message: 'Invalid TICKER' } };
    switch (request.path) {
      case '/prices/': {
        // The upstream stamps daily bars with a time of day; the provider keeps the date.
        const prices = this.market.prices(ticker, day(q.start_date, 0), day(q.end_date, 0)).map((bar) => ({ ...bar, time: `${bar.time}T04:00:00Z` }));
        return ok({ ticker, prices });
      }
      case '/financial-metrics/':
        return ok({ financial_metrics: this.market.financialMetrics(ticker, day(q.report_period_lte, 0), q.period as 'ttm', Number(q.limit)) });
      case '/financials/search/line-items': {
        const body = request.body as { tickers: string[]; line_items: string[]; end_date: string; period: 'ttm'; limit: number };
        return ok({ search_results: this.market.lineItems(body.tickers[0], body.line_items, day(body.end_date, 0), body.period, body.limit) });
      }
      case '/insider-trades/':
        return ok({ insider_trades: this.market.insiderTrades(ticker, day(q.filing_date_lte, 0), q.filing_date_gte === undefined ? null : day(q.filing_date_gte, 0), Number(q.limit)) });
      case '/news/':
        return ok({ news: this.market.companyNews(ticker, day(q.end_date, 0), q.start_date === undefined ? null : day(q.start_date, 0), Number(q.limit)) });
      case '/company/facts/':
        return ok({ company_facts: { ticker, market_cap: 123_456_789 } });
      default:
        return { kind: 'json', status: 404, body: { message: `no route ${request.path}` } };
    }
  }
}
