import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { runFuturesCli } from '../../src/cli/futures';
import { outputPath } from '../../src/cli/output-files';
import { formatMinuteBars, parseIsoDay, SyntheticMarket } from '../../src/engine';

describe('npm run futures (CLI)', () => {
  let dir: string;
  let out: string[];
  let err: string[];
  const io = { out: (line: string) => out.push(line), err: (line: string) => err.push(line) };
  const base = ['--symbol', 'MES', '--start', '2024-01-02', '--end', '2024-02-29', '--no-progress', '--strategy', 'entry_mode="breakout"'];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'futures-cli-'));
    const bars = new SyntheticMarket(42).minuteBars('MES', parseIsoDay('2023-09-01') as number, parseIsoDay('2024-02-29') as number);
    writeFileSync(join(dir, 'MES 03-24.Last.txt'), formatMinuteBars(bars, 'ninjatrader'));
    writeFileSync(join(dir, 'broken.csv'), 'timestamp,open,high,low,close,volume\n2024-01-02T14:30:00Z,4700,4701,4699,4700,10\n2024-01-02T14:31:00Z,4700,4699,4701,4700,10\n');
  });

  beforeEach(() => {
    out = [];
    err = [];
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the trade list and writes the chart, the report and the trades into the output folder', async () => {
    const outDir = join(dir, 'results');
    const code = await runFuturesCli([...base, '--csv', join(dir, 'MES 03-24.Last.txt'), '--out', outDir, '--json', 'report.json', '--trades', 'trades.csv', '--svg', 'equity.svg', '--show-trades', '1000'], io);
    expect(err).toEqual([]);
    expect(code).toBe(0);
    const report = JSON.parse(readFileSync(join(outDir, 'report.json'), 'utf8')) as { trades: Record<string, unknown>[] };
    expect(report.trades.length).toBeGreaterThan(3);
    expect(readFileSync(join(outDir, 'equity.svg'), 'utf8')).toMatch(/^<svg/);
    const rows = parse(readFileSync(join(outDir, 'trades.csv')), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(report.trades.length);
    for (const [i, row] of rows.entries()) {
      for (const [key, value] of Object.entries(report.trades[i])) expect(row[key]).toBe(String(value));
    }
    const text = out.join('\n');
    expect(text).toContain(`MES 03-24.Last.txt: ninjatrader (bar close stamps, naive stamps in UTC), `);
    expect(text).toContain(`Trades (${report.trades.length})`);
    const first = report.trades[0] as { id: number; session_date: string; exit_reason: string };
    expect(out.some((line) => new RegExp(`^│ +${first.id} │ ${first.session_date} │ .*│ ${first.exit_reason} +│`).test(line))).toBe(true);
    expect(text).toContain(`Report: ${join(outDir, 'report.json')}`);
    expect(text).toContain(`Trades: ${join(outDir, 'trades.csv')}`);
  });

  it('shortens a long trade list, keeping its first and last trades', async () => {
    const code = await runFuturesCli([...base, '--csv', join(dir, 'MES 03-24.Last.txt'), '--out', join(dir, 'short'), '--show-trades', '2'], io);
    expect(code).toBe(0);
    expect(out.some((line) => /^│ +… \d+ more \(all of them with --trades FILE\) … +│$/.test(line))).toBe(true);
    expect(out.filter((line) => /^│ +\d+ │ \d{4}-\d\d-\d\d │/.test(line))).toHaveLength(2);
  });

  it('--help lists every option and exits 0 without running', async () => {
    const code = await runFuturesCli(['--help'], io);
    expect(code).toBe(0);
    const help = out.join('\n');
    expect(help).toMatch(/^Usage: futures \[options\]/);
    for (const flag of ['--symbol <S>', '--csv <FILE>', '--roll <R>', '--back-adjust <A>', '--calendar-day <D>', '--strategy <k=v>', '--rules <k=v>', '--show-trades <N>', '--no-progress', '--html <FILE>']) expect(help).toContain(flag);
    expect(help).toContain('Exit codes: 0 done');
    expect(err).toEqual([]);
  });

  it('an unknown option or a bad count is a usage error (exit 2) that points to --help', async () => {
    expect(await runFuturesCli([...base, '--bogus'], io)).toBe(2);
    expect(err).toEqual(["error: unknown option '--bogus'", '(hf futures --help lists the options)']);
    err = [];
    expect(await runFuturesCli([...base, '--show-trades', 'many'], io)).toBe(2);
    expect(err).toEqual(['--show-trades must be a non-negative integer, got "many"']);
    expect(out).toEqual([]);
  });

  it('a missing file is one friendly line, no stack trace', async () => {
    const code = await runFuturesCli([...base, '--csv', join(dir, 'nope.txt')], io);
    expect(code).toBe(2);
    expect(err).toEqual([`bar file not found: ${join(dir, 'nope.txt')}`]);
  });

  it('a bad line names the file and the line', async () => {
    const code = await runFuturesCli([...base, '--csv', join(dir, 'broken.csv')], io);
    expect(code).toBe(1);
    expect(err).toEqual([`${join(dir, 'broken.csv')} line 3: prices must satisfy low <= open, close <= high (open 4700, high 4699, low 4701, close 4700).`]);
  });

  it('an output folder that cannot be made is one friendly line', async () => {
    writeFileSync(join(dir, 'taken'), 'a file, not a folder');
    const code = await runFuturesCli([...base, '--csv', join(dir, 'MES 03-24.Last.txt'), '--out', join(dir, 'taken')], io);
    expect(code).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^cannot write .*taken.*: a file is in the way of the folder$/);
  });

  it('rolls contract files and prints the rolls', async () => {
    const roll = join(dir, 'roll');
    mkdirSync(roll, { recursive: true });
    const market = new SyntheticMarket(7);
    const h4 = market.minuteBars('ES', parseIsoDay('2024-03-01') as number, parseIsoDay('2024-03-08') as number);
    const m4 = { ...h4, close: h4.close.map((p) => p + 40), open: h4.open.map((p) => p + 40), high: h4.high.map((p) => p + 40), low: h4.low.map((p) => p + 40) };
    writeFileSync(join(roll, 'ESH4.csv'), formatMinuteBars(h4, 'generic'));
    writeFileSync(join(roll, 'ESM4.csv'), formatMinuteBars(m4, 'generic'));
    const code = await runFuturesCli(['--symbol', 'ES', '--no-progress', '--csv', join(roll, 'ESH4.csv'), '--csv', join(roll, 'ESM4.csv'), '--roll', '8', '--back-adjust', 'difference', '--out', roll, '--show-trades', '0'], io);
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(out).toContain('  roll 2024-03-07: ESH2024 → ESM2024, gap +40 points at 2024-03-06T20:59:00.000Z');
    expect(out.some((line) => /^ {2}ESH2024 +2024-03-01 → 2024-03-06 \(4 sessions, last trade 2024-03-15\), prices \+40 points$/.test(line))).toBe(true);
  });

  it('places relative output names in the folder and keeps absolute ones', () => {
    expect(outputPath('output', 'a.svg')).toBe(join('output', 'a.svg'));
    expect(outputPath('output', join(dir, 'b.svg'))).toBe(join(dir, 'b.svg'));
    expect(existsSync(join(process.cwd(), 'output', 'report.json'))).toBe(false);
  });
});
