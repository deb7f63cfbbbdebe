import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createApp } from '../src/app.factory';
import { loadConfig } from '../src/config';
import { startDatabase } from '../src/core/database';
import type { BenchModule } from './run';

/**
 * Cold start of the embedded mode (no DATABASE_URL): PGlite + migrations + Nest boot, as `npm start` runs it.
 * A fresh data dir without a template (initdb), the first boot that makes the template, fresh data dirs copied
 * from it, and an existing data dir. The template lives in a folder of this run, not in the user's cache.
 */
const bench: BenchModule = {
  title: 'startup: embedded database + application boot (fresh with and without the template, existing)',
  async run() {
    const root = mkdtempSync(join(tmpdir(), 'hf-bench-start-'));
    const templateDir = join(root, 'templates');
    const rows: Record<string, string | number>[] = [];
    const boot = async (label: string, dataDir: string, template: string): Promise<void> => {
      const started = performance.now();
      const database = await startDatabase(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', DATABASE_URL: '', PGLITE_TEMPLATE_DIR: template }));
      const dbReady = performance.now();
      const app = await createApp(database.config);
      await app.init();
      const appReady = performance.now();
      await app.close();
      await database.stop();
      rows.push({ case: label, 'database ms': Math.round(dbReady - started), 'app boot ms (migrations + Nest)': Math.round(appReady - dbReady), 'total ms': Math.round(appReady - started) });
    };
    try {
      await boot('fresh data dir, no template (initdb)', join(root, 'no-template'), 'off');
      await boot('fresh data dir, first boot: makes the template', join(root, 'first'), templateDir);
      for (let i = 1; i <= 3; i += 1) await boot(`fresh data dir from the template (#${i})`, join(root, `fresh-${i}`), templateDir);
      await boot('existing data dir', join(root, 'fresh-1'), templateDir);
      await boot('existing data dir (again)', join(root, 'fresh-1'), templateDir);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
    console.table(rows);
  },
};
export default bench;
