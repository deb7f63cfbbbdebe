import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import { createApp } from '../src/app.factory';
import { loadConfigFromProcess } from '../src/config';
import { startDatabase } from '../src/core/database';
import { SecretsCipher } from '../src/modules/api-keys/secrets/secrets-cipher';
import type { BenchModule } from './run';
import { median, printTable, timeRuns } from './support';

/**
 * Cost of encryption at rest (seal + open of one key) and of the SPA's keystroke pattern: POST /api-keys
 * one after another, then 50 overlapping. Uses DATABASE_URL when set, else the embedded database.
 */
const bench: BenchModule = {
  title: 'api-keys: AES-256-GCM seal/open and POST /api-keys upserts',
  async run() {
    const cipher = new SecretsCipher(randomBytes(32));
    const ops = 20_000;
    const started = performance.now();
    for (let i = 0; i < ops; i += 1) cipher.open(cipher.seal(`sk-proj-${i}-abcdefghijklmnopqrstuvwxyz`, 'OPENAI_API_KEY'), 'OPENAI_API_KEY');
    const cryptoUs = ((performance.now() - started) * 1000) / ops;

    const dataDir = mkdtempSync(join(tmpdir(), 'hf-bench-keys-'));
    const database = await startDatabase(loadConfigFromProcess({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', SECRETS_KEY: randomBytes(32).toString('hex') }));
    const app = await createApp(database.config);
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const post = (key: string): Promise<Response> =>
      fetch(`${base}/api-keys`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ provider: 'BENCH_API_KEY', key_value: key, is_active: true }) });
    try {
      let n = 0;
      const sequential = await timeRuns(async () => {
        n += 1;
        await (await post(`sk-sequential-${n}`)).arrayBuffer();
      }, 200, 10);
      const burstStarted = performance.now();
      const statuses = await Promise.all(Array.from({ length: 50 }, async (_, i) => (await post(`sk-burst-${i}`)).status));
      const burstMs = performance.now() - burstStarted;
      await fetch(`${base}/api-keys/BENCH_API_KEY`, { method: 'DELETE' });
      printTable([
        { case: 'seal + open one key (in process)', value: `${cryptoUs.toFixed(1)} µs` },
        { case: `POST /api-keys sequential, median of 200 (${database.embedded ? 'embedded' : 'PostgreSQL'})`, value: `${median(sequential).toFixed(2)} ms` },
        { case: '50 overlapping POST /api-keys, wall time', value: `${burstMs.toFixed(0)} ms (${statuses.filter((s) => s >= 500).length} errors)` },
      ]);
    } finally {
      await app.close();
      await database.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
export default bench;
