import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMetricsCli } from '../../src/cli/metrics';

// The hand-worked curve of src/engine/metrics/metrics.spec.ts: +10 %, -10 %, +10 %, +10 %.
const EQUITY_CSV = 'date,value\n2024-01-01,100\n2024-01-02,110\n2024-01-03,99\n2024-01-04,108.9\n2024-01-05,119.79\n';
const TRADES_CSV = 'exit_date,pnl,risk\n2024-01-02,50,10\n2024-01-03,-20,10\n2024-01-03,0,10\n2024-01-04,30,10\n2024-01-05,-10,10\n';

describe('npm run metrics (CLI)', () => {
  let dir: string;
  let out: string[];
  let err: string[];
  const io = { out: (line: string) => out.push(line), err: (line: string) => err.push(line) };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'metrics-cli-'));
    writeFileSync(join(dir, 'equity.csv'), EQUITY_CSV);
    writeFileSync(join(dir, 'trades.csv'), TRADES_CSV);
    writeFileSync(join(dir, 'unsorted.csv'), 'date,value\n2024-01-02,100\n2024-01-01,101\n');
  });

  beforeEach(() => {
    out = [];
    err = [];
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints a readable table', () => {
    expect(runMetricsCli([join(dir, 'equity.csv'), join(dir, 'trades.csv')], io)).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/Total return\s+19\.79 %/);
    expect(text).toMatch(/Sharpe ratio\s+7\.937/);
    expect(text).toMatch(/Max drawdown\s+-10\.00 %\s+\(money: -11\.00\)/);
    expect(text).toMatch(/Peak → trough\s+2024-01-02 → 2024-01-03/);
    expect(text).toMatch(/Recovery\s+2024-01-05/);
    expect(text).toMatch(/Win rate\s+50\.00 %/);
    expect(text).toMatch(/Expectancy\s+10\.00 per trade, 1\.000 R/);
    expect(text).not.toMatch(/no positions given/);
    expect(err).toEqual([]);
  });

  it('prints the JSON report with --json', () => {
    expect(runMetricsCli([join(dir, 'equity.csv'), join(dir, 'trades.csv'), '--json', '--risk-free-rate', '0'], io)).toBe(0);
    const report = JSON.parse(out.join('\n')) as Record<string, unknown>;
    expect(report.total_trades).toBe(5);
    expect(report.max_drawdown_recovery_date).toBe('2024-01-05');
    expect(report.daily_pnl).toHaveLength(4);
  });

  it('names the file and line of bad input and exits 1', () => {
    expect(runMetricsCli([join(dir, 'unsorted.csv')], io)).toBe(1);
    expect(err).toEqual(['error: unsorted.csv line 3: equity[1].date 2024-01-01 is before the previous date 2024-01-02; dates must be strictly increasing.']);
  });

  it('exits 2 with the usage on bad arguments', () => {
    expect(runMetricsCli([], io)).toBe(2);
    expect(err[0]).toMatch(/^usage: npm run metrics -- equity\.csv/);
    expect(runMetricsCli([join(dir, 'equity.csv'), '--periods-per-year', 'many'], io)).toBe(1);
    expect(err[1]).toBe('error: --periods-per-year must be a number; got "many".');
  });
});
