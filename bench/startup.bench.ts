import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createApp } from '../src/app.factory';
import { loadConfig } from '../src/config';
import { startDatabase } from '../src/core/database';
import type { BenchModule } from './run';

/** Cold start of the embedded mode: PGlite init + migrations + Nest boot, on a fresh and a reused data dir. */
const bench: BenchModule = {
  title: 'startup: embedded database + application boot',
  async run() {
    const dataDir = mkdtempSync(join(tmpdir(), 'hf-bench-start-'));
    const rows: Record<string, string | number>[] = [];
    try {
      for (const label of ['fresh data dir', 'existing data dir']) {
        const started = performance.now();
        const database = await startDatabase(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', DATABASE_URL: '' }));
        const dbReady = performance.now();
        const app = await createApp(database.config);
        await app.init();
        const appReady = performance.now();
        await app.close();
        await database.stop();
        rows.push({ case: label, 'database ms': Math.round(dbReady - started), 'app boot ms': Math.round(appReady - dbReady), 'total ms': Math.round(appReady - started) });
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
    console.table(rows);
  },
};
export default bench;
