import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { MIGRATIONS } from '../../src/core/database/migrations';

const ROOT = join(__dirname, '..', '..');

describe('embedded database template (a fresh data dir starts as a copy of one cluster, initialised and migrated)', () => {
  it('makes the template once per key, copies it into empty data dirs only, shares no data between them; the app\'s holds every migration', () => {
    const prefix = join(tmpdir(), 'hf-template-');
    const hook = JSON.stringify(join(ROOT, 'src', 'core', 'register-ts.cjs'));
    const entry = JSON.stringify(join(ROOT, 'test', 'support', 'embedded-template-scenario.ts'));
    const child = spawnSync(process.execPath, ['-e', `require(${hook}); require(${entry});`, prefix], { cwd: ROOT, encoding: 'utf8', timeout: 240_000 });
    const lines = child.stdout.trim().split('\n');
    const { root, ...seen } = JSON.parse(lines[lines.length - 1] || '{}') as Record<string, unknown>;
    try {
      expect(child.stderr).not.toMatch(/Error/);
      const version = (JSON.parse(readFileSync(join(dirname(require.resolve('@electric-sql/pglite')), '..', 'package.json'), 'utf8')) as { version: string }).version;
      const pglite = `pglite-${version}`;
      expect(seen).toEqual({
        templates: [`${pglite}-k1`],
        // The first data dir was copied before the marker existed; the second one after; the third from another key's template.
        firstHasMarker: false,
        secondHasMarker: true,
        thirdHasMarker: false,
        tablesInB: [{ n: 0 }],
        preparedInB: [{ key: 'k1' }],
        rowsInA: [{ id: 42 }],
        preparedInC: [{ key: 'k2' }],
        prepared: 2,
        templatesAfter: [`${pglite}-k1`, `${pglite}-k2`],
        leftovers: [],
        appTemplates: [`${pglite}-${seen.appKey as string}`],
        appKey: expect.stringMatching(/^m\d+-[0-9a-f]{16}$/),
        appliedAtBoot: [],
        recorded: MIGRATIONS.map((migration) => migration.name),
      });
    } finally {
      if (typeof root === 'string' && root.startsWith(prefix)) rmSync(root, { recursive: true, force: true });
    }
  }, 300_000);
});
