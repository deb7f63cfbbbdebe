// The futures CLI's strategy side: strict --strategy/--rules, the classic-orb preset, --account none,
// --attempts reset and the smallest cushion in the printed report.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFuturesCli } from '../../src/cli/futures';

describe('npm run futures: strategy options', () => {
  let dir: string;
  let out: string[];
  let err: string[];
  const io = { out: (line: string) => out.push(line), err: (line: string) => err.push(line) };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'futures-cli-strategy-'));
  });

  beforeEach(() => {
    out = [];
    err = [];
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('an unknown key or a non-number is refused, every one named once in the flags\' terms, exit code 2', async () => {
    const code = await runFuturesCli(['--start', '2024-01-02', '--end', '2024-01-31', '--no-progress', '--strategy', 'target_rr=3', '--strategy', 'target_r=two', '--rules', 'max_los_limit=5'], io);
    expect(code).toBe(2);
    expect(err).toEqual([
      '3 options are invalid:',
      '  --strategy target_rr is not a known strategy parameter (did you mean target_r?)',
      '  --strategy target_r must be a number',
      '  --rules max_los_limit is not a known rule (did you mean max_loss_limit?)',
    ]);
    expect(out).toEqual([]);
  });

  it('--preset classic-orb with --account none: the textbook ORB without prop-firm rules', async () => {
    const args = ['--symbol', 'ES', '--start', '2024-01-02', '--end', '2024-03-28', '--no-progress', '--preset', 'classic-orb', '--account', 'none', '--out', dir, '--json', 'classic.json', '--show-trades', '0'];
    const code = await runFuturesCli(args, io);
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(out.join('\n')).toMatch(/VERDICT: NOT_APPLICABLE — No prop-firm account/);
    const report = JSON.parse(readFileSync(join(dir, 'classic.json'), 'utf8')) as { strategy: Record<string, unknown>; account: Record<string, unknown>; trades: { contracts: number; commission: number }[] };
    expect(report.strategy).toMatchObject({ preset: 'classic_orb', entry_mode: 'breakout', stop_mode: 'range_opposite', target_mode: 'range_multiple', reentry: true, fixed_contracts: 1, commission_round_turn: 4 });
    expect(report.account).toMatchObject({ account_size: 'none', max_loss_limit: null });
    expect(report.trades.length).toBeGreaterThan(10);
    expect(report.trades.every((t) => t.contracts === 1 && t.commission === 4)).toBe(true);
  });

  it('--attempts reset lists the attempts, and the smallest cushion to the loss limit is printed', async () => {
    const args = ['--start', '2023-01-03', '--end', '2023-12-29', '--no-progress', '--attempts', 'reset', '--reset-fee', '10', '--out', dir, '--json', 'attempts.json', '--show-trades', '0'];
    const code = await runFuturesCli(args, io);
    expect(err).toEqual([]);
    expect(code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'attempts.json'), 'utf8')) as { attempts: { attempt: number }[]; reset_fees: number; min_cushion: { amount: number; date: string } };
    expect(report.attempts.length).toBeGreaterThan(1);
    expect(report.reset_fees).toBe((report.attempts.length - 1) * 10);
    const text = out.join('\n');
    expect(text).toContain(`Attempts (${report.attempts.length}; reset fees $${report.reset_fees.toFixed(2)};`);
    expect(text).toMatch(new RegExp(`Smallest cushion to the loss limit: -?\\$[\\d,]+\\.\\d\\d on ${report.min_cushion.date} at \\d\\d:\\d\\d CT`));
  });
});
