import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syntheticReader } from '../../src/cli/cli-data';
import { runFuturesCli } from '../../src/cli/futures';
import { runMetricsCli } from '../../src/cli/metrics';
import { type BacktestResult, createRulePipeline, runBacktest } from '../../src/engine';
import { buildBacktestTearsheet } from '../../src/modules/reports/backtest-report';

// `--html FILE` of the metrics, futures and backtest CLIs: the page lands in the output folder, and its
// numbers are those of the same run's JSON.

/** `data-key` → `data-value` of every key-metric cell of a page. */
function keyMetrics(html: string): Map<string, unknown> {
  return new Map([...html.matchAll(/data-key="([^"]+)" data-value="([^"]*)"/g)].map((m) => [m[1], JSON.parse(m[2].replace(/&quot;/g, '"')) as unknown]));
}

function jsonAt(source: unknown, path: string): unknown {
  let value = source;
  for (const part of path.split('.')) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[part] : undefined;
  return value === undefined ? null : value;
}

/** Every shown metric whose value differs from the JSON (empty when the page agrees with it). */
function mismatches(html: string, sources: Record<string, unknown>): string[] {
  return [...keyMetrics(html)].flatMap(([key, value]) => {
    const [source, ...path] = key.split('.');
    const want = jsonAt(sources[source], path.join('.'));
    return JSON.stringify(value) === JSON.stringify(want) ? [] : [`${key}: ${JSON.stringify(value)} vs ${JSON.stringify(want)}`];
  });
}

describe('--html on the CLIs', () => {
  let dir: string;
  let out: string[];
  let err: string[];
  const io = { out: (line: string) => out.push(line), err: (line: string) => err.push(line) };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'reports-cli-'));
    const rows = ['date,value'];
    for (let i = 0; i < 300; i += 1) rows.push(`${new Date(Date.UTC(2023, 0, 2 + i)).toISOString().slice(0, 10)},${(50_000 * (1 + 0.0005 * i + 0.03 * Math.sin(i / 9))).toFixed(2)}`);
    writeFileSync(join(dir, 'equity.csv'), `${rows.join('\n')}\n`);
  });

  beforeEach(() => {
    out = [];
    err = [];
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('npm run metrics -- --html writes the tearsheet into the output folder, with the numbers of --json', () => {
    const folder = join(dir, 'metrics-out');
    expect(runMetricsCli([join(dir, 'equity.csv'), '--json', '--html', 'curve.html', '--out', folder], io)).toBe(0);
    expect(err).toEqual([`HTML report: ${join(folder, 'curve.html')}`]);
    const json = JSON.parse(out.join('\n')) as Record<string, unknown>;
    const html = readFileSync(join(folder, 'curve.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(keyMetrics(html).size).toBeGreaterThan(40);
    expect(mismatches(html, { metrics: json, counters: null })).toEqual([]);
    expect(html).not.toContain('data-synthetic');
  });

  it('npm run metrics -- --html names a folder it cannot write (a file problem: exit 2)', () => {
    writeFileSync(join(dir, 'a-file'), 'x');
    expect(runMetricsCli([join(dir, 'equity.csv'), '--html', 'x.html', '--out', join(dir, 'a-file')], io)).toBe(2);
    expect(err[0]).toMatch(/^error: cannot write .*a-file\/x\.html/);
  });

  it('npm run futures -- --html writes the futures tearsheet beside the SVG (target line, synthetic label) and the JSON', async () => {
    const folder = join(dir, 'futures-out');
    const args = ['--symbol', 'MES', '--start', '2024-01-02', '--end', '2024-03-28', '--no-progress', '--out', folder, '--json', 'report.json', '--html', 'report.html', '--svg', 'equity.svg'];
    expect(await runFuturesCli(args, io)).toBe(0);
    expect(err).toEqual([]);
    expect(out).toContain(`HTML report: ${join(folder, 'report.html')}`);
    const report = JSON.parse(readFileSync(join(folder, 'report.json'), 'utf8')) as { metrics: Record<string, unknown>; counters: Record<string, unknown>; verdict: { status: string } };
    const html = readFileSync(join(folder, 'report.html'), 'utf8');
    expect(mismatches(html, { metrics: report.metrics, counters: report.counters })).toEqual([]);
    expect(keyMetrics(html).get('counters.opening_range_breaks')).toBe(report.counters.opening_range_breaks);
    expect(html).toContain(`data-verdict="${report.verdict.status}"`);
    expect(html).toContain('data-synthetic="true"');
    const svg = readFileSync(join(folder, 'equity.svg'), 'utf8');
    expect(svg).toContain('data-line="profit-target"');
    expect(svg).toContain('profit target $53,000');
    expect(svg).toContain('SYNTHETIC DATA');
  }, 60_000);

  it('npm run futures -- --account none --html: no floor and no target where there is no account', async () => {
    const folder = join(dir, 'futures-none');
    const args = ['--symbol', 'MES', '--start', '2024-01-02', '--end', '2024-02-29', '--no-progress', '--account', 'none', '--out', folder, '--json', 'r.json', '--html', 'r.html'];
    expect(await runFuturesCli(args, io)).toBe(0);
    expect(err).toEqual([]);
    const report = JSON.parse(readFileSync(join(folder, 'r.json'), 'utf8')) as { metrics: Record<string, unknown>; counters: Record<string, unknown> };
    const html = readFileSync(join(folder, 'r.html'), 'utf8');
    expect(mismatches(html, { metrics: report.metrics, counters: report.counters })).toEqual([]);
    expect(html).not.toContain('Maximum loss limit floor');
    expect(html).not.toContain('Profit target');
    expect(html).toContain('No maximum loss limit');
  }, 60_000);

  it('npm run backtest -- --html builds the hedge-fund tearsheet of the run it made', async () => {
    let result: BacktestResult | null = null;
    const events = runBacktest(
      { tickers: ['AAPL', 'MSFT'], start_date: '2024-01-02', end_date: '2024-08-30', initial_capital: 100_000, margin_requirement: 0.5, benchmark: 'SPY' },
      { data: syntheticReader(), decide: createRulePipeline({ analysts: ['technical_analyst'] }) },
    );
    for await (const event of events) if (event.type === 'complete') result = event.result;
    if (result === null) throw new Error('no result');
    const done: BacktestResult = result;
    const ran = { tickers: ['AAPL', 'MSFT'], agents: ['technical_analyst'], initial_capital: 100_000, margin_requirement: 0.5, data_provider: 'synthetic' };
    const html = buildBacktestTearsheet(done, ran, '2026-01-01T00:00:00.000Z').html;
    expect(mismatches(html, { metrics: done.metrics, counters: null, benchmark: done.benchmark?.metrics })).toEqual([]);
    expect(done.trades.length).toBeGreaterThan(0);
    expect(html).toContain(`<h2>Trades (${done.trades.length})</h2>`);
    expect(html).toContain('SPY buy and hold');
    expect(html).toContain('agents technical_analyst');
    expect(html).toContain('data-synthetic="true"');
    for (const row of done.ticker_pnl) expect(html).toContain(`<td data-v="${row.ticker}">${row.ticker}</td>`);
  }, 60_000);
});
