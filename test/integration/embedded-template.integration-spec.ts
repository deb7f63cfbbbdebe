import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

describe('embedded database template (a fresh data dir starts as a copy of one initialised cluster)', () => {
  it('makes the template once, copies it into empty data dirs only, and shares no data between them', () => {
    const prefix = join(tmpdir(), 'hf-template-');
    const hook = JSON.stringify(join(ROOT, 'src', 'modules', 'jobs', 'register-ts.cjs'));
    const entry = JSON.stringify(join(ROOT, 'test', 'support', 'embedded-template-scenario.ts'));
    const child = spawnSync(process.execPath, ['-e', `require(${hook}); require(${entry});`, prefix], { cwd: ROOT, encoding: 'utf8', timeout: 240_000 });
    const lines = child.stdout.trim().split('\n');
    const { root, ...seen } = JSON.parse(lines[lines.length - 1] || '{}') as Record<string, unknown>;
    try {
      expect(child.stderr).not.toMatch(/Error/);
      const version = (JSON.parse(readFileSync(join(dirname(require.resolve('@electric-sql/pglite')), '..', 'package.json'), 'utf8')) as { version: string }).version;
      expect(seen).toEqual({
        templates: [`pglite-${version}`],
        // The first data dir was copied before the marker existed; the second one after.
        firstHasMarker: false,
        secondHasMarker: true,
        tablesInB: [{ n: 0 }],
        rowsInA: [{ id: 42 }],
        leftovers: [],
      });
    } finally {
      if (typeof root === 'string' && root.startsWith(prefix)) rmSync(root, { recursive: true, force: true });
    }
  }, 300_000);
});
