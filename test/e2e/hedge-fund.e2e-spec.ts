import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createTestApp } from '../support/app';
import { agentsLeftOpen, type Progress, rawPost, waitFor } from '../support/hedge-fund-stream';
import { collectText, parseSse } from '../support/sse';

// The anchor's roster (reference/anchor-backend.md §4), in order.
const ANCHOR_AGENTS: readonly [string, string][] = [
  ['aswath_damodaran', 'Aswath Damodaran'],
  ['ben_graham', 'Ben Graham'],
  ['bill_ackman', 'Bill Ackman'],
  ['cathie_wood', 'Cathie Wood'],
  ['charlie_munger', 'Charlie Munger'],
  ['michael_burry', 'Michael Burry'],
  ['mohnish_pabrai', 'Mohnish Pabrai'],
  ['nassim_taleb', 'Nassim Taleb'],
  ['peter_lynch', 'Peter Lynch'],
  ['phil_fisher', 'Phil Fisher'],
  ['rakesh_jhunjhunwala', 'Rakesh Jhunjhunwala'],
  ['stanley_druckenmiller', 'Stanley Druckenmiller'],
  ['warren_buffett', 'Warren Buffett'],
  ['technical_analyst', 'Technical Analyst'],
  ['fundamentals_analyst', 'Fundamentals Analyst'],
  ['growth_analyst', 'Growth Analyst'],
  ['news_sentiment_analyst', 'News Sentiment Analyst'],
  ['sentiment_analyst', 'Sentiment Analyst'],
  ['valuation_analyst', 'Valuation Analyst'],
];

const PM = 'portfolio_manager_xy34zw';
const RISK = 'risk_management_agent_xy34zw';
const ANALYSTS = ['technical_analyst_ab12cd', 'fundamentals_analyst_cd34ef'];
const START_NODE = 'portfolio-start-node_qq11qq';

/** A graph as the SPA sends it: agent nodes, the PM, edges from the start node (which is not in graph_nodes). */
function spaGraph(analysts: readonly string[] = ANALYSTS) {
  return {
    graph_nodes: [
      ...analysts.map((id, i) => ({ id, type: 'agent-node', data: { name: id, status: 'Idle' }, position: { x: 0, y: i * 100 } })),
      { id: PM, type: 'portfolio-manager-node', data: { name: 'Portfolio Manager' }, position: { x: 400, y: 0 }, measured: { width: 1 } },
    ],
    graph_edges: [
      ...analysts.map((id) => ({ id: `${START_NODE}-${id}`, source: START_NODE, target: id, markerEnd: { type: 'arrowclosed' } })),
      ...analysts.map((id) => ({ id: `${id}-${PM}`, source: id, target: PM, markerEnd: { type: 'arrowclosed' } })),
    ],
    agent_models: [{ agent_id: PM, model_name: 'gpt-4.1', model_provider: 'OpenAI' }],
  };
}

describe('hedge fund (e2e)', () => {
  let app: NestExpressApplication;
  // An empty CSV directory: a run that asks for csv data fails inside the stream.
  const emptyCsvDir = mkdtempSync(join(tmpdir(), 'hf-e2e-csv-'));

  beforeAll(async () => {
    app = await createTestApp({ env: { SSE_HEARTBEAT_MS: '10', MARKET_DATA_CSV_DIR: emptyCsvDir } });
  });

  afterAll(async () => {
    await app.close();
    rmSync(emptyCsvDir, { recursive: true, force: true });
  });

  async function createFlow(): Promise<number> {
    const res = await request(app.getHttpServer())
      .post('/flows/')
      .send({ name: 'e2e hedge fund', nodes: [], edges: [], viewport: { x: 0, y: 0, zoom: 1 } })
      .expect(200);
    return res.body.id as number;
  }

  describe('GET /hedge-fund/agents', () => {
    it("lists the anchor's 19 analysts in order with their fields", async () => {
      const res = await request(app.getHttpServer()).get('/hedge-fund/agents').expect(200);
      expect(res.body.agents.map((a: { key: string; display_name: string }) => [a.key, a.display_name])).toEqual(ANCHOR_AGENTS);
      expect(res.body.agents.map((a: { order: number }) => a.order)).toEqual(ANCHOR_AGENTS.map((_, i) => i));
      for (const agent of res.body.agents) {
        expect(Object.keys(agent).sort()).toEqual(['description', 'display_name', 'investing_style', 'key', 'order']);
        expect(agent.description.length).toBeGreaterThan(5);
        expect(agent.investing_style.length).toBeGreaterThan(20);
      }
      const slashed = await request(app.getHttpServer()).get('/hedge-fund/agents/').expect(200);
      expect(slashed.body).toEqual(res.body);
    });

    it('documents the routes, the request bodies and every SSE event in OpenAPI', async () => {
      const doc = (await request(app.getHttpServer()).get('/docs-json').expect(200)).body;
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/hedge-fund/agents', '/hedge-fund/run', '/hedge-fund/backtest']));
      expect(Object.keys(doc.paths['/hedge-fund/backtest'].post.responses['200'].content)).toEqual(['text/event-stream']);
      expect(Object.keys(doc.components.schemas)).toEqual(
        expect.arrayContaining(['HedgeFundRunRequestDto', 'HedgeFundBacktestRequestDto', 'StartEventDto', 'ProgressEventDto', 'ErrorEventDto', 'CompleteEventDto']),
      );
      expect(doc.components.schemas.HedgeFundBacktestRequestDto.required).toEqual(expect.arrayContaining(['tickers', 'graph_nodes', 'graph_edges', 'start_date', 'end_date']));
    });
  });

  describe('bad requests are refused before any frame', () => {
    const run = { tickers: ['AAPL'], ...spaGraph(), start_date: '2024-01-02', end_date: '2024-03-28' };
    it.each([
      ['tickers that are all empty', '/hedge-fund/run', { ...run, tickers: ['', '  '] }, 'tickers'],
      ['a malformed ticker', '/hedge-fund/run', { ...run, tickers: ['AAPL', 'NO WAY'] }, 'tickers[1]'],
      ['an impossible date', '/hedge-fund/run', { ...run, end_date: '2024-02-30' }, 'end_date'],
      ['start after end', '/hedge-fund/backtest', { ...run, start_date: '2024-05-01', end_date: '2024-04-01' }, 'start_date'],
      ['a missing backtest start_date', '/hedge-fund/backtest', { ...run, start_date: undefined }, 'start_date'],
      ['negative capital', '/hedge-fund/backtest', { ...run, initial_capital: -5 }, 'initial_capital'],
      ['margin above 1', '/hedge-fund/run', { ...run, margin_requirement: 2 }, 'margin_requirement'],
      ['a non-positive trade price', '/hedge-fund/run', { ...run, portfolio_positions: [{ ticker: 'AAPL', quantity: 3, trade_price: 0 }] }, 'portfolio_positions[0].trade_price'],
      ['an unknown agent', '/hedge-fund/run', { ...run, graph_nodes: [...run.graph_nodes, { id: 'crystal_ball_aaaaaa', type: 'agent-node' }] }, `graph_nodes[${run.graph_nodes.length}].id`],
      ['no portfolio manager', '/hedge-fund/backtest', { ...run, graph_nodes: run.graph_nodes.slice(0, 2), graph_edges: [] }, 'graph_nodes'],
      [
        'a dangling edge',
        '/hedge-fund/run',
        { ...run, graph_edges: [...run.graph_edges, { id: 'x', source: ANALYSTS[0], target: 'nowhere_zzzzzz' }] },
        `graph_edges[${run.graph_edges.length}]`,
      ],
    ])('%s (%s) → 422 naming %s', async (_name, path, body, field) => {
      const res = await request(app.getHttpServer()).post(path).send(body).expect(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(typeof res.body.detail).toBe('string');
    });

    it('a malformed ticker is named by its index and value; an empty body says each field is required, once', async () => {
      const bad = await request(app.getHttpServer()).post('/hedge-fund/run').send({ ...run, tickers: ['AA PL'] }).expect(422);
      expect(bad.body.errors).toEqual([{ field: 'tickers[0]', message: 'tickers[0] must be a ticker symbol (letters, digits, "." or "-"), got "AA PL"' }]);
      const empty = await request(app.getHttpServer()).post('/hedge-fund/run').send({}).expect(422);
      expect(empty.body.detail).toBe('3 fields are invalid: tickers is required; graph_nodes is required; graph_edges is required.');
      const notArray = await request(app.getHttpServer()).post('/hedge-fund/run').send({ ...run, tickers: 'AAPL' }).expect(422);
      expect(notArray.body.errors).toEqual([{ field: 'tickers', message: 'tickers must be an array' }]);
    });

    it('a flow_id that names no flow → 404', async () => {
      const res = await request(app.getHttpServer()).post('/hedge-fund/backtest').send({ ...run, flow_id: 999_999 }).expect(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    });
  });

  describe('POST /hedge-fund/run', () => {
    it('streams SPA-parsable frames: start, agent progress each ending Done, complete with decisions per ticker', async () => {
      const res = await rawPost(app, '/hedge-fund/run', { tickers: ['AAPL', ' msft', ''], ...spaGraph(), start_date: '2024-01-02', end_date: '2024-06-28' });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
      expect(res.text).not.toContain('\r');
      expect(res.text.endsWith('\n\n')).toBe(true);
      for (const block of res.text.split('\n\n').filter((b) => b.trim() !== '')) {
        expect(block.replace(/^\n/, '')).toMatch(/^(event: (start|progress|complete)\nid: \d+\ndata: \{.*\}|: ping)$/);
      }
      const frames = parseSse(res.text);
      expect(frames[0]).toEqual({ event: 'start', data: { type: 'start', timestamp: expect.any(String) } });
      const complete = frames[frames.length - 1];
      expect(complete.event).toBe('complete');
      expect(agentsLeftOpen(frames)).toEqual([]);
      const agentsSeen = new Set(frames.filter((f) => f.event === 'progress').map((f) => (f.data as Progress).agent));
      expect([...agentsSeen].sort()).toEqual([...ANALYSTS, PM, RISK].sort());

      const data = (complete.data as { data: Record<string, Record<string, Record<string, unknown>>> }).data;
      expect(Object.keys(data.decisions).sort()).toEqual(['AAPL', 'MSFT']);
      for (const decision of Object.values(data.decisions)) {
        expect(['buy', 'sell', 'short', 'cover', 'hold']).toContain(decision.action);
        expect(Number.isInteger(decision.quantity)).toBe(true);
        expect(typeof decision.confidence).toBe('number');
      }
      expect(Object.keys(data.analyst_signals).sort()).toEqual([...ANALYSTS, RISK].sort());
      for (const id of ANALYSTS) {
        for (const ticker of ['AAPL', 'MSFT']) {
          const signal = data.analyst_signals[id][ticker] as { signal: string; confidence: number };
          expect(['bullish', 'bearish', 'neutral']).toContain(signal.signal);
          expect(typeof signal.confidence).toBe('number');
        }
      }
      expect(Object.keys(data.current_prices).sort()).toEqual(['AAPL', 'MSFT']);
      expect(Object.values(data.current_prices).every((p) => typeof p === 'number' && p > 0)).toBe(true);
    });

    it('persists the run under its flow with one cycle', async () => {
      const flowId = await createFlow();
      const res = await request(app.getHttpServer())
        .post('/hedge-fund/run')
        .send({ tickers: ['NVDA'], ...spaGraph(), end_date: '2024-06-28', flow_id: flowId, api_keys: { FINANCIAL_DATASETS_API_KEY: 'fd-secret-123' } })
        .buffer(true)
        .parse(collectText)
        .expect(200);
      const frames = parseSse(res.body as string);
      const runId = (frames[0].data as { run_id: number }).run_id;
      expect(Number.isInteger(runId)).toBe(true);
      const complete = frames[frames.length - 1].data as { data: unknown };

      const run = await request(app.getHttpServer()).get(`/flows/${flowId}/runs/${runId}`).expect(200);
      expect(run.body).toMatchObject({ id: runId, flow_id: flowId, status: 'COMPLETE', error_message: null });
      expect(run.body.results).toEqual(complete.data);
      expect(run.body.request_data).toMatchObject({ tickers: ['NVDA'], start_date: '2024-03-30', end_date: '2024-06-28' });
      expect(JSON.stringify(run.body)).not.toContain('fd-secret-123');

      const cycles = await request(app.getHttpServer()).get(`/flows/${flowId}/runs/${runId}/cycles`).expect(200);
      expect(cycles.body).toHaveLength(1);
      expect(cycles.body[0]).toMatchObject({ cycle_number: 1, status: 'COMPLETED', trading_decisions: (complete.data as { decisions: unknown }).decisions });
      expect(Object.keys(cycles.body[0].analyst_signals).sort()).toEqual([...ANALYSTS, RISK].sort());
      expect(cycles.body[0].portfolio_snapshot).toMatchObject({ cash: 100000 });
    });

    it('turns a failure after the stream started into an error event, closes every agent and records the run ERROR', async () => {
      const flowId = await createFlow();
      // The CSV directory is empty, so asking for csv data fails inside the run.
      const res = await rawPost(app, '/hedge-fund/run', { tickers: ['AAPL'], ...spaGraph(), end_date: '2024-06-28', data_provider: 'csv', flow_id: flowId });
      expect(res.status).toBe(200);
      const frames = parseSse(res.text);
      expect(frames[0].event).toBe('start');
      const last = frames[frames.length - 1];
      expect(last.event).toBe('error');
      expect(frames.filter((f) => f.event === 'complete')).toEqual([]);
      expect(agentsLeftOpen(frames)).toEqual([]);
      const message = (last.data as { message: string }).message;
      expect(message).toMatch(/AAPL/);
      const runId = (frames[0].data as { run_id: number }).run_id;
      const run = await request(app.getHttpServer()).get(`/flows/${flowId}/runs/${runId}`).expect(200);
      expect(run.body).toMatchObject({ status: 'ERROR', error_message: message, results: null });
    });

    it('keeps each run on its own event bus: two concurrent runs never see each other\'s tickers', async () => {
      const [first, second] = await Promise.all(
        [['AAPL'], ['TSLA']].map((tickers) => rawPost(app, '/hedge-fund/run', { tickers, ...spaGraph(), start_date: '2024-01-02', end_date: '2024-06-28' })),
      );
      for (const [res, own] of [
        [first, 'AAPL'],
        [second, 'TSLA'],
      ] as const) {
        const tickers = new Set(parseSse(res.text).flatMap((f) => (f.event === 'progress' && (f.data as Progress).ticker !== null ? [(f.data as Progress).ticker] : [])));
        expect([...tickers]).toEqual([own]);
      }
    });

    it('runs an analyst wired to two portfolio managers once, and reports both managers', async () => {
      const pm2 = 'portfolio_manager_zz99zz';
      const graph = spaGraph();
      const body = {
        tickers: ['AAPL'],
        graph_nodes: [...graph.graph_nodes, { id: pm2, type: 'portfolio-manager-node' }],
        graph_edges: [...graph.graph_edges, { id: `${ANALYSTS[0]}-${pm2}`, source: ANALYSTS[0], target: pm2 }],
        start_date: '2024-01-02',
        end_date: '2024-06-28',
        portfolio_positions: [{ ticker: 'AAPL', quantity: -10, trade_price: 150 }],
      };
      const frames = parseSse((await rawPost(app, '/hedge-fund/run', body)).text);
      expect(agentsLeftOpen(frames)).toEqual([]);
      const doneWithAnalysis = frames.filter((f) => f.event === 'progress' && (f.data as Progress).agent === ANALYSTS[0] && (f.data as Progress).ticker === 'AAPL' && (f.data as Progress).status === 'Done');
      expect(doneWithAnalysis).toHaveLength(1);
      const data = (frames[frames.length - 1].data as { data: Record<string, Record<string, unknown>> }).data;
      expect(Object.keys(data.analyst_signals).sort()).toEqual([...ANALYSTS, RISK, 'risk_management_agent_zz99zz'].sort());
      expect(Object.keys(data.portfolio_manager_decisions).sort()).toEqual([PM, pm2].sort());
      expect(data.decisions).toEqual(data.portfolio_manager_decisions[PM]);
      // The seeded short is visible to the risk manager: its position value is the short's market value.
      const risk = (data.analyst_signals[RISK] as Record<string, unknown>).AAPL as { reasoning: { current_position_value: number }; current_price: number };
      expect(risk.reasoning.current_position_value).toBeCloseTo(10 * risk.current_price, 2);
    });
  });

  describe('POST /hedge-fund/backtest', () => {
    it('streams per-day lines with day results, every agent Done, and the final metrics; the run and its days are persisted', async () => {
      const flowId = await createFlow();
      const res = await rawPost(app, '/hedge-fund/backtest', {
        tickers: ['AAPL', 'MSFT'],
        ...spaGraph(),
        start_date: '2024-03-01',
        end_date: '2024-03-28',
        initial_capital: 100000,
        margin_requirement: 0,
        flow_id: flowId,
      });
      expect(res.status).toBe(200);
      expect(res.text).toContain('\n: ping\n\n');
      const frames = parseSse(res.text);
      expect(frames[0].event).toBe('start');
      const runId = (frames[0].data as { run_id: number }).run_id;
      expect(frames[frames.length - 1].event).toBe('complete');
      expect(agentsLeftOpen(frames)).toEqual([]);

      const dayLines = frames.filter((f) => f.event === 'progress' && (f.data as Progress).agent === 'backtest').map((f) => f.data as Progress);
      const processing = dayLines.filter((p) => p.status.startsWith('Processing '));
      const completed = dayLines.filter((p) => p.status.startsWith('Completed '));
      expect(processing[0].status).toMatch(/^Processing 2024-03-01 \(1\/\d+\)$/);
      expect(completed.length).toBeGreaterThanOrEqual(15);
      for (const line of completed) {
        expect(line.status).toMatch(/^Completed \d{4}-\d{2}-\d{2} - Portfolio: \$[\d,]+\.\d{2}$/);
        const day = JSON.parse(line.analysis as string) as Record<string, unknown> & { ticker_details: Record<string, unknown>[] };
        expect(typeof day.portfolio_value).toBe('number');
        expect(day.long_short_ratio === null || typeof day.long_short_ratio === 'number').toBe(true);
        expect(day.ticker_details.map((t) => t.ticker).sort()).toEqual(['AAPL', 'MSFT']);
        for (const detail of day.ticker_details) {
          for (const field of ['quantity', 'price', 'shares_owned', 'position_value', 'bullish_count', 'bearish_count', 'neutral_count']) {
            expect(typeof detail[field]).toBe('number');
          }
        }
      }

      const data = (frames[frames.length - 1].data as { data: Record<string, unknown> }).data as {
        performance_metrics: Record<string, unknown>;
        final_portfolio: { cash: number; margin_used: number; positions: Record<string, Record<string, number>> };
        total_days: number;
      };
      expect(data.total_days).toBe(completed.length);
      expect(typeof data.final_portfolio.cash).toBe('number');
      expect(typeof data.final_portfolio.margin_used).toBe('number');
      for (const position of Object.values(data.final_portfolio.positions)) {
        expect(typeof position.long_cost_basis).toBe('number');
        expect(typeof position.short_cost_basis).toBe('number');
      }
      for (const value of Object.values(data.performance_metrics)) expect(value === null || typeof value === 'number' || typeof value === 'string').toBe(true);

      const run = await request(app.getHttpServer()).get(`/flows/${flowId}/runs/${runId}`).expect(200);
      expect(run.body).toMatchObject({ status: 'COMPLETE', results: data, request_data: { tickers: ['AAPL', 'MSFT'], initial_capital: 100000 } });
      const cycles = await request(app.getHttpServer()).get(`/flows/${flowId}/runs/${runId}/cycles`).expect(200);
      expect(cycles.body.map((c: { cycle_number: number }) => c.cycle_number)).toEqual(completed.map((_, i) => i + 1));
      const days = completed.map((line) => JSON.parse(line.analysis as string) as { date: string; portfolio_value: number });
      expect(cycles.body.map((c: { portfolio_snapshot: { date: string; portfolio_value: number } }) => [c.portfolio_snapshot.date, c.portfolio_snapshot.portfolio_value])).toEqual(
        days.map((d) => [d.date, d.portfolio_value]),
      );
    }, 60_000);

    it('stops the engine when the client disconnects mid-backtest and records the run CANCELLED', async () => {
      const flowId = await createFlow();
      const res = await rawPost(
        app,
        '/hedge-fund/backtest',
        { tickers: ['AAPL'], ...spaGraph(['technical_analyst_ab12cd']), start_date: '2020-01-02', end_date: '2024-12-31', flow_id: flowId },
        (text) => (text.match(/Completed \d{4}/g) ?? []).length >= 2,
      );
      const runId = (parseSse(res.text)[0].data as { run_id: number }).run_id;
      const run = await waitFor(
        async () => (await request(app.getHttpServer()).get(`/flows/${flowId}/runs/${runId}`)).body as { status: string },
        (body) => body.status === 'CANCELLED',
      );
      expect(run.status).toBe('CANCELLED');
      const countCycles = async () => ((await request(app.getHttpServer()).get(`/flows/${flowId}/runs/${runId}/cycles`).expect(200)).body as unknown[]).length;
      const afterCancel = await countCycles();
      await new Promise((resolve) => setTimeout(resolve, 500));
      // The engine loop stopped: no day is recorded after the cancellation, far short of the ~1250 trading days asked for.
      expect(await countCycles()).toBe(afterCancel);
      expect(afterCancel).toBeLessThan(50);
    }, 60_000);
  });
});
