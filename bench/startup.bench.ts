import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { createApp } from '../src/app.factory';
import { loadConfig } from '../src/config';
import { startDatabase } from '../src/core/database';
import type { BenchModule } from './run';
import { median } from './support';

const ROOT = join(__dirname, '..', '..');

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Whether GET /health/ping on `port` answers 200 now. */
function pingAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    get({ host: '127.0.0.1', port, path: '/health/ping', agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    }).on('error', () => resolve(false));
  });
}

/**
 * `node dist/main.js` as `npm start` runs it, from the spawn until GET /health/ping answers (every 5 ms), then
 * stopped with SIGTERM: the whole process, module loading included. `env` adds to this process's environment.
 */
async function processBoot(dataDir: string, env: Record<string, string>): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'main.js')], {
    cwd: ROOT,
    env: { ...process.env, ...env, DATA_DIR: dataDir, DATABASE_URL: '', REDIS_URL: '', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'silent' },
    stdio: 'ignore',
  });
  const exited = once(child, 'exit');
  try {
    while (!(await pingAnswers(port))) {
      if (child.exitCode !== null) throw new Error(`dist/main.js exited with ${child.exitCode} before serving`);
      await sleep(5);
    }
    return performance.now() - started;
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

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
      console.table(rows);

      // The whole process, as a user starts it. The existing data dir is a copy of one booted above.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      if ((require(join(ROOT, 'bin', 'hf.js')) as { ensureBuilt(root: string): number }).ensureBuilt(ROOT) !== 0) throw new Error('the build failed');
      const processRows: Record<string, string | number>[] = [];
      const cache = { NODE_COMPILE_CACHE: join(root, 'compile-cache') };
      const noCache = { NODE_DISABLE_COMPILE_CACHE: '1' };
      await processBoot(join(root, 'warm-up'), { ...cache, PGLITE_TEMPLATE_DIR: templateDir }); // fills the compile cache, warms the disk cache
      for (const [label, env] of [
        ['compile cache off (NODE_DISABLE_COMPILE_CACHE=1)', noCache],
        ['compile cache on (the default; filled by an earlier start)', cache],
      ] as const) {
        const existing: number[] = [];
        const fresh: number[] = [];
        for (let i = 0; i < 3; i += 1) {
          const dataDir = join(root, `process-${processRows.length}-${i}`);
          cpSync(join(root, 'fresh-1'), dataDir, { recursive: true });
          existing.push(await processBoot(dataDir, { ...env, PGLITE_TEMPLATE_DIR: templateDir }));
          fresh.push(await processBoot(join(root, `process-fresh-${processRows.length}-${i}`), { ...env, PGLITE_TEMPLATE_DIR: templateDir }));
        }
        const spread = (values: number[]): string => `${Math.round(Math.min(...values))}-${Math.round(Math.max(...values))}`;
        processRows.push({ case: label, 'existing data dir, median ms': Math.round(median(existing)), 'existing, min-max': spread(existing), 'fresh from the template, median ms': Math.round(median(fresh)), 'fresh, min-max': spread(fresh) });
      }
      console.log('whole process: `node dist/main.js` (embedded database) from the spawn until GET /health/ping answers');
      console.table(processRows);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  },
};
export default bench;
