import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFuturesCli } from '../../src/cli/futures';
import { formatMinuteBars, parseIsoDay, SyntheticMarket } from '../../src/engine';

/** Room for four CLI runs over a file on a busy machine (the test asserts values, never a time). */
const HEAVY_TEST_MS = 180_000;

interface Estimate {
  method: string;
  horizon_days: number;
  rolling: { p_pass: number; p_fail: number; p_open: number; starts: { start_date: string; outcome: string; end_date: string; horizon_end: string; horizon_complete: boolean }[] };
  bootstrap: { p_pass: number; p_fail: number; p_open: number; paths: number } | null;
  metrics: { daily_pnl: { dates: string[] } };
}

describe('npm run futures -- --pass-probability (CLI)', () => {
  let dir: string;
  let out: string[];
  let err: string[];
  const io = { out: (line: string) => out.push(line), err: (line: string) => err.push(line) };
  const rules = ['--rules', 'profit_target=1000', '--rules', 'max_loss_limit=800'];
  let file: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'futures-cli-odds-'));
    file = join(dir, 'MES 06-23.Last.txt');
    const bars = new SyntheticMarket(42).minuteBars('MES', parseIsoDay('2022-09-01') as number, parseIsoDay('2023-05-31') as number);
    writeFileSync(file, formatMinuteBars(bars, 'ninjatrader'));
  });

  beforeEach(() => {
    out = [];
    err = [];
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the odds table and the starts; --json writes the estimate, --html its tearsheet; each start equals a CLI backtest', async () => {
    const args = ['--pass-probability', '--csv', file, '--start', '2023-01-03', '--end', '2023-03-31', '--horizon-days', '20', '--paths', '1000', '--no-progress', ...rules];
    const code = await runFuturesCli([...args, '--out', dir, '--json', 'odds.json', '--html', 'odds.html'], io);
    expect(err).toEqual([]);
    expect(code).toBe(0);
    const estimate = JSON.parse(readFileSync(join(dir, 'odds.json'), 'utf8')) as Estimate;
    expect([estimate.method, estimate.horizon_days, estimate.bootstrap?.paths]).toEqual(['both', 20, 1000]);
    const text = out.join('\n');
    const pct = (share: number) => `${(100 * share).toFixed(1)} %`;
    expect(text).toMatch(new RegExp(`│ rolling\\s+│\\s+\\d+ │\\s+${pct(estimate.rolling.p_pass).replace('.', '\\.')} │\\s+${pct(estimate.rolling.p_fail).replace('.', '\\.')} │`));
    expect(text).toContain('Rolling starts (');
    expect(readFileSync(join(dir, 'odds.html'), 'utf8')).toContain('<figure data-chart="pass-probability">');
    expect(estimate.metrics.daily_pnl.dates.length).toBeGreaterThan(50);

    // A file is one dataset: a start equals `hf futures` over the same file from it to its horizon end.
    const { starts } = estimate.rolling;
    const picked = (['passed', 'failed', 'open'] as const).map((outcome) => starts.find((s) => s.outcome === outcome && s.horizon_complete));
    for (const start of picked) {
      expect(start).toBeDefined();
      if (start === undefined) continue;
      out = [];
      const single = await runFuturesCli(['--csv', file, '--start', start.start_date, '--end', start.horizon_end, '--no-progress', '--show-trades', '0', ...rules, '--out', dir, '--json', 'single.json'], io);
      expect(single).toBe(0);
      const report = JSON.parse(readFileSync(join(dir, 'single.json'), 'utf8')) as { verdict: { status: string; date: string | null }; sessions: { date: string }[] };
      const outcome = report.verdict.status === 'in_progress' ? 'open' : report.verdict.status;
      expect([outcome, report.verdict.date ?? report.sessions[report.sessions.length - 1].date]).toEqual([start.outcome, start.end_date]);
    }
  }, HEAVY_TEST_MS);

  it('names every bad option at once, as the flags (exit 2)', async () => {
    const code = await runFuturesCli(['--pass-probability', '--csv', file, '--method', 'mc', '--horizon-days', '0', '--paths', 'many', '--no-progress'], io);
    expect(code).toBe(2);
    expect(err).toEqual(['3 options are invalid:', '  --method must be one of rolling, bootstrap, both', '  --horizon-days must be an integer from 1 to 1000', '  --paths must be a number']);
  });
});
