import { loadConfig } from '../../src/config';
import { syntheticReader } from '../../src/cli/cli-data';
import { buildCliGraph, cliGraph, cliLlmService, formatAnalystSignals, formatBenchmark, formatDayLine, formatTickerPnl, formatTrades, parseCliOptions, UsageError } from '../../src/cli/hedge-fund-cli';
import { type AgentSignal, type BacktestDayResult } from '../../src/engine';
import type { FakeHttpServer } from '../support/fake-http-server';
import { fakeLlmServer, jsonBody } from '../support/fake-llm';

const catalog = (key: string) =>
  ({ technical_analyst: { key, display_name: 'Technical Analyst', available: true }, warren_buffett: { key, display_name: 'Warren Buffett', available: false } })[key];

describe('hedge fund CLI', () => {
  it('parses tickers (trimmed, upper-cased, de-duplicated), dates and defaults', () => {
    expect(parseCliOptions(['--tickers', ' aapl,MSFT,,aapl', '--start', '2024-01-02', '--end', '2024-12-31'])).toEqual({
      tickers: ['AAPL', 'MSFT'],
      start: '2024-01-02',
      end: '2024-12-31',
      agents: undefined,
      capital: 100000,
      margin: 0,
      benchmark: undefined,
      model: undefined,
      provider: undefined,
      showReasoning: false,
      json: false,
      html: undefined,
      out: 'output',
    });
    expect(parseCliOptions(['--tickers', 'AAPL', '--model', 'claude-sonnet-5', '--provider', 'anthropic', '--show-reasoning'])).toMatchObject({
      model: 'claude-sonnet-5',
      provider: 'Anthropic',
      showReasoning: true,
    });
    expect(parseCliOptions(['--tickers', 'AAPL', '--html', 'bt.html', '--out', '/tmp/reports'])).toMatchObject({ html: 'bt.html', out: '/tmp/reports' });
    expect(parseCliOptions(['--tickers', 'AAPL', '--benchmark', ' spy ']).benchmark).toBe('SPY');
  });

  it.each([
    [['--start', '2024-01-02'], '--tickers is required'],
    [['--tickers', 'AAPL', '--start', '2024-02-30'], '--start must be a date YYYY-MM-DD'],
    [['--tickers', 'AAPL', '--margin', '3'], '--margin must be a number between 0 and 1'],
    [['--tickers', 'AAPL', '--provider', 'csv'], '--provider must be one of Alibaba, Anthropic,'],
    [['--tickers', 'AAPL', '--model', ' '], '--model must name a model'],
    [['--tickers', 'AAPL', '--bogus'], "unknown option '--bogus'"],
    [['--tickers'], "option '--tickers <list>' argument missing"],
    [['--tickers', 'AAPL', '--benchmark', 'S&P'], '--benchmark: "S&P" is not a ticker symbol'],
  ])('refuses %j with a usage error', (argv, message) => {
    expect(() => parseCliOptions(argv)).toThrow(UsageError);
    expect(() => parseCliOptions(argv)).toThrow(message);
  });

  it('wires the chosen analysts into one portfolio manager, and refuses an agent nobody implements by name', () => {
    const spec = cliGraph(['technical_analyst'], catalog);
    expect(spec.managers).toEqual([
      { id: 'portfolio_manager', risk_id: 'risk_management_agent', direct_analyst_ids: ['technical_analyst'], analyst_ids: ['technical_analyst'] },
    ]);
    expect(cliGraph(undefined, catalog).analysts.map((a) => a.key)).toEqual(['technical_analyst']);
    expect(() => cliGraph(['warren_buffett'], catalog)).toThrow(/Warren Buffett/);
  });

  it('prints one line per day with value, return and fills', () => {
    const day = {
      date: '2024-01-03',
      portfolio_value: 100184.92,
      portfolio_return: 0.1849,
      ticker_details: [
        { ticker: 'AAPL', action: 'buy', quantity: 69, price: 190.29 },
        { ticker: 'MSFT', action: 'hold', quantity: 0, price: 50 },
      ],
    } as unknown as BacktestDayResult;
    expect(formatDayLine(day)).toBe('2024-01-03       $100,184.92    +0.18%  buy 69 AAPL @ 190.29');
  });

  it('prints the closed and open trades, the trade metrics, the P&L by ticker and the benchmark', () => {
    const trades = [
      { ticker: 'AAPL', side: 'long' as const, entry_date: '2024-02-02', exit_date: '2024-05-30', quantity: 129, entry_price: 209.0612, exit_price: 238, pnl: 3732.9, return_pct: 13.84, holding_days: 118, fills: 10, commission: 1.25, slippage: 0 },
      { ticker: 'MSFT', side: 'short' as const, entry_date: '2024-02-02', exit_date: '2024-05-03', quantity: 475, entry_price: 54.87, exit_price: 60.12, pnl: -2492.15, return_pct: -9.56, holding_days: 91, fills: 12, commission: 0, slippage: 0 },
    ];
    const open = [
      { ticker: 'NVDA', side: 'short' as const, entry_date: '2024-04-30', quantity: 919, max_quantity: 919, entry_price: 26.37, mark_date: '2024-07-31', mark_price: 24.52, unrealized_pnl: 1703.09, return_pct: 7.03, holding_days: 92, fills: 4, commission: 0, slippage: 0 },
    ];
    const text = formatTrades(trades, open);
    expect(text).toMatch(/^Closed trades \(2\):/);
    expect(text).toMatch(/│ AAPL +│ long +│ 2024-02-02 │ 2024-05-30 │ +129 │ +209\.06 │ +238\.00 │ \+\$3,732\.90 │ +13\.84% │ +118 │ +10 │ +\$1\.25 │/);
    expect(text).toMatch(/│ MSFT +│ short +│ .* -\$2,492\.15 │ +-9\.56% │/);
    expect(text).toMatch(/Open trades \(1\), marked at the last close:/);
    expect(text).toMatch(/│ NVDA +│ short +│ 2024-04-30 │ +919 │ +26\.37 │ +24\.52 │ +\+\$1,703\.09 │ +7\.03% │ +92 │/);
    expect(formatTrades([], [])).toBe('Closed trades: none\nOpen trades: none');

    const pnl = formatTickerPnl([
      { ticker: 'AAPL', realized_pnl: 5478.17, unrealized_pnl: 0, total_pnl: 5478.17, contribution_pct: 5.47817, closed_trades: 3, open_trades: 0, winning_trades: 3, losing_trades: 0, commission: 0 },
    ]);
    expect(pnl).toMatch(/│ AAPL +│ +\+\$5,478\.17 │ +\$0\.00 │ +\+\$5,478\.17 │ +5\.48% │ +3 │ +0 │ +3 │ +0 │/);

    const benchmark = formatBenchmark({
      ticker: 'SPY',
      equity_curve: [],
      metrics: { benchmark_total_return: 0.1646, benchmark_total_return_pct: 16.46, active_return: -0.1683, active_return_pct: -16.83, beta: 1.25, alpha: 0.031, correlation: null, information_ratio: -0.0981, tracking_error: 0.2121, metric_notes: {} },
    });
    expect(benchmark).toMatch(/benchmark SPY \(buy and hold\)/);
    expect(benchmark).toMatch(/│ beta +│ +1\.2500 │/);
    expect(benchmark).toMatch(/│ correlation +│ +n\/a │/);
    expect(benchmark).toMatch(/│ tracking error \(annualised\) +│ +21\.21% │/);
  });

  describe('LLM agents (npm run hedge-fund -- --agents warren_buffett,ben_graham --model … --provider … --show-reasoning)', () => {
    const servers: FakeHttpServer[] = [];
    afterAll(async () => Promise.all(servers.map((server) => server.stop())));

    async function runCli(env: Record<string, string>, showReasoning: boolean): Promise<{ text: string; requests: number }> {
      const fake = await fakeLlmServer('openai', (req) => {
        const user = JSON.parse((jsonBody(req).messages as { role: string; content: string }[]).find((m) => m.role === 'user')?.content ?? '{}') as { ticker?: string };
        if (user.ticker !== undefined) return { answer: { signal: 'bullish', confidence: 88, reasoning: `Fake CLI verdict on ${user.ticker}` } };
        return { answer: { decisions: [] } };
      }).start();
      servers.push(fake);
      const config = loadConfig({ OPENAI_BASE_URL: fake.url, ...env });
      const options = { tickers: ['AAPL', 'MSFT'], agents: ['warren_buffett', 'ben_graham'], model: 'gpt-4.1-mini', provider: 'OpenAI' };
      const { spec, graph, engine } = await buildCliGraph(options, cliLlmService(config));
      const portfolio = engine.createPortfolio({ tickers: options.tickers, initial_cash: 100_000, margin_requirement: 0 });
      const outcome = await graph.invoke({ tickers: options.tickers, startDate: '2024-03-01', endDate: '2024-06-28', data: syntheticReader(), portfolio });
      const signals = outcome.analyst_signals as Record<string, Record<string, AgentSignal>>;
      return { text: formatAnalystSignals(spec, signals, options.tickers, showReasoning), requests: fake.requests.length };
    }

    it('prints each analyst signal and confidence per ticker as a table, and the reasoning, from the model when a key is set', async () => {
      const { text, requests } = await runCli({ OPENAI_API_KEY: 'sk-cli-test-key' }, true);
      expect(requests).toBe(5);
      expect(text).toMatch(/│ analyst +│ ticker │ signal +│ mode +│ confidence │/);
      expect(text).toMatch(/│ Warren Buffett │ AAPL +│ bullish │ llm +│ +88\.0% │/);
      expect(text).toMatch(/│ Ben Graham +│ MSFT +│ bullish │ llm +│ +88\.0% │/);
      expect(text).toContain('Reasoning:\n  Warren Buffett on AAPL: Fake CLI verdict on AAPL\n');
      expect(text).not.toContain('sk-cli-test-key');
    });

    it('without a key every analyst decides by rules and says why', async () => {
      const { text, requests } = await runCli({ OPENAI_API_KEY: '' }, false);
      expect(requests).toBe(0);
      expect(text).toMatch(/│ Warren Buffett │ AAPL +│ \w+ +│ rules │/);
      expect(text).not.toContain('Reasoning:');
    });
  });
});
