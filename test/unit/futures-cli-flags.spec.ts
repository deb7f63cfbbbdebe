// Bad option values of `hf futures` are usage problems (exit 2) whose messages name the flags the user typed.
import { runFuturesCli } from '../../src/cli/futures';

describe('hf futures: bad option values name the flags (exit 2)', () => {
  let out: string[];
  let err: string[];
  const io = { out: (line: string) => out.push(line), err: (line: string) => err.push(line) };

  beforeEach(() => {
    out = [];
    err = [];
  });

  it.each([
    [['--symbol', 'XYZ', '--start', '2024-01-02', '--end', '2024-01-31'], /^--symbol /],
    [['--start', '2024-13-02', '--end', '2024-01-31'], /^--start /],
    [['--start', '2024-02-02', '--end', '2024-01-31'], /^--end must not be before --start\.$/],
    [['--start', '2024-01-02', '--end', '2024-03-29', '--sweep', 'target_r=1.5,2', '--train-days', '20'], /^--test-days is required with --train-days/],
    [['--start', '2024-01-02', '--end', '2024-01-31', '--sweep', 'nokey=1,2'], /^--sweep key "nokey" is not/],
  ])('%j → exit 2, %s', async (args, message) => {
    const code = await runFuturesCli([...args, '--no-progress'], io);
    expect(err.length).toBeGreaterThan(0);
    expect(err[0]).toMatch(message);
    expect(err.join('\n')).not.toMatch(/\b(start_date|end_date|test_days|train_days|sweep\[\d+\]\.key)\b/);
    expect(code).toBe(2);
    expect(out).toEqual([]);
  });

  it('prints a sensible account label with --account none', async () => {
    const code = await runFuturesCli(['--start', '2024-01-02', '--end', '2024-01-12', '--account', 'none', '--no-progress', '--show-trades', '0', '--svg', '/dev/null'], io);
    expect(err).toEqual([]);
    expect(code).toBe(0);
    const header = out.map((line) => line.trim()).find((line) => line.startsWith('MES ORB'));
    expect(header).toMatch(/^MES ORB \(pullback\) · no prop-firm rules · 2024-01-02 → 2024-01-12$/);
  });
});
