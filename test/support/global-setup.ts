import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/core/database/data-source-options';
import { runMigrationsLocked } from '../../src/core/database/migration-lock';
import { databaseNameOf, WORKER_DB_ENV, withDatabase, workerDatabaseName } from './test-database';

const WORKERS = 4;
const ROOT = join(__dirname, '..', '..');

async function migrate(url: string): Promise<void> {
  const dataSource = new DataSource(buildDataSourceOptions(url, 2));
  await dataSource.initialize();
  try {
    await runMigrationsLocked(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/** One embedded PGlite in a child process of its own (embedded-database-process.ts); resolves with its URL. */
function startEmbeddedDatabaseProcess(): Promise<{ url: string; child: ChildProcess }> {
  const hook = JSON.stringify(join(ROOT, 'src', 'core', 'register-ts.cjs'));
  const entry = JSON.stringify(join(__dirname, 'embedded-database-process.ts'));
  const child = spawn(process.execPath, ['-e', `require(${hook}); require(${entry});`], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const line = stdout.split('\n')[0];
      if (stdout.includes('\n')) resolve({ url: (JSON.parse(line) as { url: string }).url, child });
    });
    child.once('exit', (code) => reject(new Error(`The embedded test database exited (${code}) before serving: ${stderr}`)));
  });
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.stdin?.end();
  });
}

/**
 * Test databases, one per Jest worker so parallel files never see each other's rows. With DATABASE_URL (CI, real
 * PostgreSQL): a database per worker on that server. Without it (the embedded mode): an embedded PGlite per worker,
 * each in a child process of its own, so the workers run in parallel instead of sharing one single-session server.
 */
export default async function globalSetup(globalConfig: { maxWorkers: number }): Promise<void> {
  process.env.TZ = 'UTC';
  const baseUrl = process.env.DATABASE_URL;
  if (baseUrl === undefined || baseUrl.trim() === '') {
    const workers = Math.max(1, globalConfig.maxWorkers);
    const started = await Promise.allSettled(Array.from({ length: workers }, () => startEmbeddedDatabaseProcess()));
    const children = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value.child] : []));
    (globalThis as Record<string, unknown>).__TEST_DB_STOP__ = async () => {
      await Promise.all(children.map(stopProcess));
    };
    const failed = started.find((result) => result.status === 'rejected');
    if (failed !== undefined) throw (failed as PromiseRejectedResult).reason;
    const urls: Record<string, string> = {};
    started.forEach((result, index) => (urls[String(index + 1)] = (result as PromiseFulfilledResult<{ url: string }>).value.url));
    await Promise.all(Object.values(urls).map(migrate));
    process.env.DATABASE_URL = urls['1'];
    process.env.TEST_DATABASE_KIND = 'embedded';
    process.env[WORKER_DB_ENV] = JSON.stringify(urls);
    return;
  }
  process.env.TEST_DATABASE_KIND = 'postgres';
  const admin = new Client({ connectionString: withDatabase(baseUrl, 'postgres') });
  await admin.connect();
  const base = databaseNameOf(baseUrl);
  const urls: Record<string, string> = {};
  try {
    for (let worker = 1; worker <= WORKERS; worker += 1) {
      const name = workerDatabaseName(base, worker);
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.query(`CREATE DATABASE "${name}"`);
      urls[String(worker)] = withDatabase(baseUrl, name);
    }
  } finally {
    await admin.end();
  }
  await Promise.all(Object.values(urls).map(migrate));
  process.env[WORKER_DB_ENV] = JSON.stringify(urls);
  (globalThis as Record<string, unknown>).__TEST_DB_STOP__ = async () => {
    const client = new Client({ connectionString: withDatabase(baseUrl, 'postgres') });
    await client.connect();
    try {
      for (const url of Object.values(urls)) await client.query(`DROP DATABASE IF EXISTS "${databaseNameOf(url)}" WITH (FORCE)`);
    } finally {
      await client.end();
    }
  };
}
