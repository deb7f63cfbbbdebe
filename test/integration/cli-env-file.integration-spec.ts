// Every `hf` subcommand reads the working directory's .env the way the server does (one loader,
// loadConfigFromProcess): the real CLI, run as a process in a folder of its own.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDist, runHfProcess } from '../support/processes';

describe('hf reads .env from the working directory', () => {
  let dir: string;
  const hf = (env: Record<string, string> = {}) => runHfProcess(['metrics', 'equity.csv'], { cwd: dir, env, unset: ['METRICS_MAX_POINTS'] });

  beforeAll(() => buildDist(), 180_000);
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hf-cli-env-'));
    writeFileSync(join(dir, 'equity.csv'), 'date,equity\n2024-01-02,100000\n2024-01-03,101000\n2024-01-04,100500\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('without a .env the defaults hold: three points are well under METRICS_MAX_POINTS', () => {
    const run = hf();
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toContain('Total return');
  });

  it('a variable in .env applies: METRICS_MAX_POINTS=2 refuses the three-point curve, naming the limit', () => {
    writeFileSync(join(dir, '.env'), '# limits\nMETRICS_MAX_POINTS=2\n');
    const run = hf();
    expect(run.stderr).toBe('error: equity.csv has 3 points; the limit is 2 points (METRICS_MAX_POINTS).\n');
    expect(run.code).toBe(1);
  });

  it('the process environment wins over .env', () => {
    writeFileSync(join(dir, '.env'), 'METRICS_MAX_POINTS=2\n');
    const run = hf({ METRICS_MAX_POINTS: '3' });
    expect([run.code, run.stderr]).toEqual([0, '']);
  });

  it('a wrong value in .env is the one-line error that names the variable', () => {
    writeFileSync(join(dir, '.env'), 'METRICS_MAX_POINTS=lots\n');
    const run = hf();
    expect(run.stderr).toBe('error: Invalid configuration: METRICS_MAX_POINTS must be an integer, got "lots"\n');
    expect(run.code).toBe(1);
  });
});
