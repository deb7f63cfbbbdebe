// The futures CLI's answers to usage mistakes a first-time user makes (tryout 2026-11-30): dates outside the
// file, a file for another contract, options that do not apply to the chosen mode, field names in messages.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFuturesCli } from '../../src/cli/futures';
import { formatUsd } from '../../src/engine';

const EXAMPLES = join(__dirname, '..', '..', 'examples', 'futures');

describe('hf futures: usage problems are exit 2 with a message naming the flags', () => {
  let dir: string;
  let out: string[];
  let err: string[];
  const io = { out: (line: string) => out.push(line), err: (line: string) => err.push(line) };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'futures-cli-usage-'));
  });

  beforeEach(() => {
    out = [];
    err = [];
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--start/--end outside the file: the HTTP message plus the dates the file covers, exit 2', async () => {
    const code = await runFuturesCli(['--symbol', 'MES', '--csv', join(EXAMPLES, 'synthetic-MES-generic.csv'), '--start', '2025-01-01', '--end', '2025-01-31', '--no-progress', '--out', dir], io);
    expect(err).toEqual(['--start: no MES regular-session bars between 2025-01-01 and 2025-01-31; the file has sessions from 2024-03-07 to 2024-03-13.']);
    expect(code).toBe(2);
  });

  it.each([[['--sweep', 'target_r=1.5,2']], [['--pass-probability']]])('%j with --start/--end outside the file: the same message, exit 2', async (extra) => {
    const code = await runFuturesCli(['--symbol', 'MES', '--csv', join(EXAMPLES, 'synthetic-MES-generic.csv'), '--start', '2025-01-01', '--end', '2025-01-31', '--no-progress', '--out', dir, ...extra], io);
    expect(err).toEqual(['--start: no MES regular-session bars between 2025-01-01 and 2025-01-31; the file has sessions from 2024-03-07 to 2024-03-13.']);
    expect(code).toBe(2);
  });

  it('a Databento file of another contract than --symbol is refused, naming both (exit 2)', async () => {
    const code = await runFuturesCli(['--symbol', 'ES', '--csv', join(EXAMPLES, 'synthetic-MES-databento.csv'), '--no-progress', '--out', dir], io);
    expect(err).toEqual([`${join(EXAMPLES, 'synthetic-MES-databento.csv')} holds contract MESH4 (MES), but --symbol is ES: give --symbol MES or a file of ES bars.`]);
    expect(code).toBe(2);
    expect(out).toEqual([]);
  });

  it('the same file with its own symbol runs', async () => {
    const code = await runFuturesCli(['--symbol', 'MES', '--csv', join(EXAMPLES, 'synthetic-MES-databento.csv'), '--no-progress', '--out', dir, '--show-trades', '0'], io);
    expect(err).toEqual([]);
    expect(code).toBe(0);
  });

  const RUN = ['--symbol', 'MES', '--start', '2024-01-02', '--end', '2024-01-31', '--no-progress', '--show-trades', '0'];

  it.each([
    [['--sweep', 'target_r=1.5,2', '--trades', 'sw.csv'], '--trades does not apply to --sweep: it is for a backtest (no --sweep or --pass-probability)'],
    [['--sweep', 'target_r=1.5,2', '--svg', 'sw.svg'], '--svg does not apply to --sweep: it is for a backtest (no --sweep or --pass-probability)'],
    [['--pass-probability', '--trades', 'odds.csv'], '--trades does not apply to --pass-probability: it is for a backtest (no --sweep or --pass-probability)'],
    [['--method', 'rolling'], '--method does not apply to a backtest: it is for --pass-probability'],
    [['--objective', 'sharpe'], '--objective does not apply to a backtest: it is for --sweep'],
    [['--pass-probability', '--objective', 'sharpe'], '--objective does not apply to --pass-probability: it is for --sweep'],
    [['--pass-probability', '--sweep', 'target_r=1.5,2'], '--pass-probability and --sweep are two different runs: give one of them'],
    [['--html', '-'], '--html takes a file name; only --json - writes to stdout'],
  ])('%j is refused before any run (exit 2): %s', async (extra, message) => {
    const code = await runFuturesCli([...RUN, '--out', join(dir, 'refused'), ...extra], io);
    expect(err).toEqual([message]);
    expect(code).toBe(2);
    expect(existsSync(join(dir, 'refused'))).toBe(false);
  });

  it('--json - prints the report to stdout and the text to stderr, writing no file named "-"', async () => {
    const code = await runFuturesCli([...RUN, '--out', join(dir, 'stdout'), '--json', '-', '--svg', 'eq.svg'], io);
    expect(code).toBe(0);
    expect(out.length).toBeGreaterThan(0);
    const report = JSON.parse(out.join('\n')) as { trades: unknown[]; verdict: unknown };
    expect(Array.isArray(report.trades)).toBe(true);
    expect(err.join('\n')).toContain('VERDICT:');
    expect(readdirSync(join(dir, 'stdout'))).toEqual(['eq.svg']);
  });

  it('the walk-forward stitched line names the reset fees between its net P&L and its equity', async () => {
    const args = ['--symbol', 'MES', '--start', '2024-01-02', '--end', '2024-06-28', '--no-progress', '--attempts', 'reset', '--rules', 'max_loss_limit=300', '--sweep', 'target_r=1.5,2', '--train-days', '40', '--test-days', '20', '--out', dir, '--json', 'wf.json'];
    expect(await runFuturesCli(args, io)).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'wf.json'), 'utf8')) as { walk_forward: { stitched: { net_pnl: number; net_pnl_after_fees: number; start_equity: number; end_equity: number } } };
    const s = report.walk_forward.stitched;
    const fees = s.net_pnl - s.net_pnl_after_fees;
    expect(fees).toBeGreaterThan(0);
    expect(s.end_equity - s.start_equity).toBeCloseTo(s.net_pnl_after_fees, 6);
    const line = out.find((l) => l.startsWith('Stitched out-of-sample')) as string;
    expect(line).toContain(`, reset fees ${formatUsd(fees)} (net after fees ${formatUsd(s.net_pnl_after_fees)}), equity ${formatUsd(s.start_equity)} → ${formatUsd(s.end_equity)}`);
  });

  it('a run without trades says which filter blocked it (the file has no history for the ATR)', async () => {
    const code = await runFuturesCli(['--symbol', 'MES', '--csv', join(EXAMPLES, 'synthetic-MES-generic.csv'), '--no-progress', '--out', dir, '--json', 'none.json'], io);
    expect(code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'none.json'), 'utf8')) as { trades: unknown[]; counters: Record<string, number> };
    expect(report.trades).toEqual([]);
    expect(report.counters.or_valid_days).toBe(0);
    expect(out).toContain(`No trades: the width filter (opening range against the ATR) rejected the opening range of all ${report.counters.sessions_evaluated} sessions.`);
    expect(out.join('\n')).toContain('--strategy width_filter=false');
  });

  it('with the width filter off, the regime filters are named with what they blocked', async () => {
    const code = await runFuturesCli(['--symbol', 'MES', '--csv', join(EXAMPLES, 'synthetic-MES-generic.csv'), '--no-progress', '--out', dir, '--json', 'none2.json', '--strategy', 'width_filter=false', '--mode', 'breakout'], io);
    expect(code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'none2.json'), 'utf8')) as { trades: unknown[]; counters: Record<string, number> };
    const c = report.counters;
    if (report.trades.length > 0 || c.regime_blocks === 0) throw new Error(`expected a run blocked by the regime filters: ${JSON.stringify(c)}`);
    const checked = c.regime_filter_passes + c.regime_blocks;
    expect(out).toContain(`No trades: the regime filters blocked ${c.regime_blocks} of ${checked} breaks (blocked by trend_filter ${checked - c.trend_pass}, volatility_filter ${checked - c.vol_pass}, gap_filter ${checked - c.gap_pass}, vwap_filter ${checked - c.vwap_pass}).`);
  });
});
