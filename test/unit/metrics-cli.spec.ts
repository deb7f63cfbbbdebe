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
    expect(out[1]).toMatch(/^│ metric +│ value +│$/);
    expect(text).toMatch(/│ +Returns and risk +│/);
    expect(text).toMatch(/│ Total return +│ 19\.79 % +│/);
    expect(text).toMatch(/│ Sharpe ratio +│ 7\.937 +│/);
    expect(text).toMatch(/│ Max drawdown +│ -10\.00 % {2}\(money: -11\.00\) +│/);
    expect(text).toMatch(/│ Peak → trough +│ 2024-01-02 → 2024-01-03/);
    expect(text).toMatch(/│ Recovery +│ 2024-01-05/);
    expect(text).toMatch(/│ Win rate +│ 50\.00 % +│/);
    expect(text).toMatch(/│ Expectancy +│ 10\.00 per trade, 1\.000 R +│/);
    expect(text).not.toMatch(/no positions given/);
    expect(err).toEqual([]);
  });

  it('prints the JSON report with --json', () => {
    expect(runMetricsCli([join(dir, 'equity.csv'), join(dir, 'trades.csv'), '--json', '--risk-free-rate', '0'], io)).toBe(0);
    const report = JSON.parse(out.join('\n')) as Record<string, unknown>;
    expect(report.total_trades).toBe(5);
    expect(report.max_drawdown_recovery_date).toBe('2024-01-05');
    expect((report.daily_pnl as { dates: string[] }).dates).toEqual(['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05']);
    // Indented as the route's body, but the daily columns many values a line, not one line per value.
    expect(out.filter((line) => line.startsWith('    "equity": ['))).toEqual([`    "equity": [${(report.daily_pnl as { equity: number[] }).equity.join(',')}],`]);
    expect(out.find((line) => line.startsWith('    "returns": ['))).toMatch(/^ {4}"returns": \[[^\n]*\]$/);
  });

  it('writes --json as bytes to an output that takes them (the process stdout): the same text as line by line', () => {
    const bytes: Buffer[] = [];
    const args = [join(dir, 'equity.csv'), join(dir, 'trades.csv'), '--json'];
    expect(runMetricsCli(args, { ...io, outBytes: (text: Uint8Array) => bytes.push(Buffer.from(text)) })).toBe(0);
    expect(out).toEqual([]);
    expect(runMetricsCli(args, io)).toBe(0);
    expect(Buffer.concat(bytes).toString('utf8')).toBe(`${out.join('\n')}\n`);
    expect(out.length).toBeGreaterThan(100);
  });

  it('writes a long daily series over many lines that parse back to every value', () => {
    // 25,001 points: 25 lines of 1,000 values per column. Equity 100 + (i mod 7).
    const rows = Array.from({ length: 25_001 }, (_, i) => `${new Date(Date.UTC(2000, 0, 1) + i * 86_400_000).toISOString().slice(0, 10)},${100 + (i % 7)}`);
    writeFileSync(join(dir, 'long.csv'), `date,value\n${rows.join('\n')}\n`);
    expect(runMetricsCli([join(dir, 'long.csv'), '--json'], io)).toBe(0);
    expect(out.filter((line) => line.startsWith('      ')).length).toBe(5 * 24);
    const daily = (JSON.parse(out.join('\n')) as { daily_pnl: Record<string, unknown[]> }).daily_pnl;
    expect(daily.equity).toEqual(Array.from({ length: 25_000 }, (_, i) => 100 + ((i + 1) % 7)));
    expect(daily.pnl).toEqual(Array.from({ length: 25_000 }, (_, i) => ((i + 1) % 7 === 0 ? -6 : 1)));
    expect(daily.dates[24_999]).toBe(rows[25_000].slice(0, 10));
    expect(daily.returns).toHaveLength(25_000);
    expect(daily.drawdown).toHaveLength(25_000);
  });

  it('names the file and line of bad input and exits 1', () => {
    expect(runMetricsCli([join(dir, 'unsorted.csv')], io)).toBe(1);
    expect(err).toEqual(['error: unsorted.csv line 3: equity[1].date 2024-01-01 is before the previous date 2024-01-02; dates must be strictly increasing.']);
  });

  it('exits 2 on bad arguments, pointing to --help; a bad number or a missing file too', () => {
    expect(runMetricsCli([], io)).toBe(2);
    expect(err).toEqual(["error: missing required argument 'equity.csv'", '(hf metrics --help lists the options)']);
    expect(runMetricsCli([join(dir, 'equity.csv'), join(dir, 'trades.csv'), join(dir, 'third.csv')], io)).toBe(2);
    expect(err[2]).toMatch(/^error: too many arguments/);
    err = [];
    expect(runMetricsCli([join(dir, 'equity.csv'), '--periods-per-year', 'many'], io)).toBe(2);
    expect(err).toEqual(['error: --periods-per-year must be a number; got "many".']);
    err = [];
    expect(runMetricsCli([join(dir, 'equity.csv'), '--risk-free-rate', 'abc'], io)).toBe(2);
    expect(err).toEqual(['error: --risk-free-rate must be a number; got "abc".']);
    err = [];
    expect(runMetricsCli([join(dir, 'nope.csv')], io)).toBe(2);
    expect(err).toEqual([`error: cannot read ${join(dir, 'nope.csv')}`]);
  });

  it('--help describes the files and options and exits 0', () => {
    expect(runMetricsCli(['--help'], io)).toBe(0);
    const help = out.join('\n');
    expect(help).toMatch(/^Usage: metrics \[options\] <equity\.csv> \[trades\.csv\]/);
    for (const text of ['--json', '--daily', '--html <FILE>', '--risk-free-rate <R>', '--periods-per-year <P>', 'header "date,value"']) expect(help).toContain(text);
    expect(err).toEqual([]);
  });

  it('--daily prints the daily series as a table', () => {
    expect(runMetricsCli([join(dir, 'equity.csv'), '--daily'], io)).toBe(0);
    const daily = out.slice(out.indexOf('Daily P&L') + 1);
    expect(daily[1]).toMatch(/^│ date +│ +pnl │ +return │ +equity │ drawdown │$/);
    expect(daily).toContain('│ 2024-01-03 │ -11.00 │ -10.00 % │  99.00 │ -10.00 % │');
  });
});
