import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFuturesCli } from '../../src/cli/futures';
import { sortableRows } from '../support/report-checks';

interface SweepJson {
  combinations: number;
  ranking: { rank: number; index: number; params: { target_r: number; entry_mode: string }; score: { net_pnl: number; net_pnl_after_fees: number; trades: number } }[];
  walk_forward: { windows: unknown[]; degradation: { objective: string } } | null;
}

describe('npm run futures -- --sweep (CLI)', () => {
  let dir: string;
  let out: string[];
  let err: string[];
  const io = { out: (line: string) => out.push(line), err: (line: string) => err.push(line) };
  const range = ['--start', '2024-01-02', '--end', '2024-03-28', '--seed', '42', '--no-progress'];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'futures-cli-sweep-'));
  });

  beforeEach(() => {
    out = [];
    err = [];
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the ranked table; --json writes every combination; the best equals a CLI backtest of its parameters', async () => {
    const code = await runFuturesCli([...range, '--sweep', 'target_r=1.5,3', '--sweep', 'entry_mode=breakout,pullback', '--out', dir, '--json', 'sweep.json'], io);
    expect(err).toEqual([]);
    expect(code).toBe(0);
    const text = out.join('\n');
    expect(text).toContain('Ranking by net P&L (4 combinations: target_r 2 × entry_mode 2');
    expect(text).toMatch(/│ rank │ target_r │ entry_mode │ +net P&L │ profit factor │ +Sharpe │ trades │/);
    const json = JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8')) as SweepJson;
    expect(json.combinations).toBe(4);
    expect(json.ranking.map((r) => r.rank)).toEqual([1, 2, 3, 4]);
    const pnls = json.ranking.map((r) => r.score.net_pnl);
    expect(pnls).toEqual([...pnls].sort((a, b) => b - a));
    const best = json.ranking[0];
    out = [];
    const backtest = await runFuturesCli([...range, '--attempts', 'reset', '--strategy', `target_r=${best.params.target_r}`, '--mode', best.params.entry_mode, '--show-trades', '0', '--out', dir, '--json', 'best.json'], io);
    expect(backtest).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'best.json'), 'utf8')) as { net_pnl: number; trades: unknown[] };
    expect([best.score.net_pnl, best.score.trades]).toEqual([report.net_pnl, report.trades.length]);
  });

  it('walks forward with --train-days/--test-days and prints the windows and the degradation', async () => {
    const code = await runFuturesCli([...range, '--sweep', 'target_r=1.5,3', '--objective', 'sharpe', '--train-days', '20', '--test-days', '10', '--out', dir, '--json', 'wf.json'], io);
    expect(err).toEqual([]);
    expect(code).toBe(0);
    const text = out.join('\n');
    expect(text).toContain('Walk-forward: best by Sharpe on 20 training sessions, traded on the next 10');
    expect(text).toMatch(/Degradation \(Sharpe\): in-sample /);
    const json = JSON.parse(readFileSync(join(dir, 'wf.json'), 'utf8')) as SweepJson;
    expect(json.walk_forward?.windows.length).toBeGreaterThanOrEqual(3);
    expect(json.walk_forward?.degradation.objective).toBe('sharpe');
  });

  it('--html writes the sweep page: its ranking table row for row the --json ranking, the walk-forward with its stitched curve', async () => {
    const code = await runFuturesCli([...range, '--sweep', 'target_r=1.5,3', '--sweep', 'entry_mode=breakout,pullback', '--train-days', '20', '--test-days', '10', '--out', dir, '--json', 'page.json', '--html', 'page.html'], io);
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(out).toContain(`HTML report: ${join(dir, 'page.html')}`);
    const json = JSON.parse(readFileSync(join(dir, 'page.json'), 'utf8')) as SweepJson;
    const html = readFileSync(join(dir, 'page.html'), 'utf8');
    const rows = sortableRows(html, 'ranking-table');
    expect(rows.map((r) => r.cells.slice(0, 6))).toEqual(json.ranking.map((r) => [r.rank, r.index, r.params.target_r, r.params.entry_mode, r.score.net_pnl, r.score.net_pnl_after_fees].map(String)));
    expect(rows.map((r) => r.best)).toEqual(json.ranking.map((_, i) => i === 0));
    expect(html).toContain('<h1>MES parameter sweep · 50K combine · 4 combinations by net_pnl</h1>');
    expect(html).toContain('data-synthetic="true"');
    expect(html).toContain('<figure data-chart="stitched-equity">');
    expect(html.match(/<tr><td class="num" data-v="\d+">\d+<\/td><td data-v="\d{4}-\d{2}-\d{2} → /g)).toHaveLength(json.walk_forward?.windows.length ?? -1);
  });

  it('an unknown key or a bad value is refused, naming it as the flag (exit 2); a malformed --sweep is a usage error (exit 2)', async () => {
    expect(await runFuturesCli([...range, '--sweep', 'targt_r=1,2', '--sweep', 'target_r=2,x'], io)).toBe(2);
    const text = err.join('\n');
    expect(text).toContain('--sweep key "targt_r" is not a strategy parameter or a rule that can be swept (did you mean target_r?)');
    expect(text).toContain('--sweep value (target_r=x): --strategy target_r must be a number');
    err = [];
    expect(await runFuturesCli([...range, '--sweep', 'target_r'], io)).toBe(2);
    expect(err.join('\n')).toContain('--sweep expects key=value1,value2');
  });
});
