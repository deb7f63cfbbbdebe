import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';

/** Runs `fn` `warmup` times untimed, then `runs` times, and returns the timings in milliseconds. */
export async function timeRuns(fn: () => unknown | Promise<unknown>, runs: number, warmup = 2): Promise<number[]> {
  for (let i = 0; i < warmup; i += 1) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  return times;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 0 ? (sorted[mid - 1] + sorted[mid]) / 2 : sorted[mid];
}

export function printTable(rows: readonly Record<string, string | number>[]): void {
  console.table(rows);
}

export interface BenchDatabase {
  readonly label: string;
  /** DATA_DIR and DATABASE_URL for `loadConfig`. */
  readonly env: Record<string, string>;
  cleanup(): Promise<void>;
}

/** A fresh database on the server named by DATABASE_URL (dropped afterwards), else a fresh embedded PGlite. */
export async function freshDatabase(name: string): Promise<BenchDatabase> {
  const serverUrl = process.env.DATABASE_URL?.trim();
  const dataDir = mkdtempSync(join(tmpdir(), `hf-bench-${name}-`));
  const removeDir = async () => rmSync(dataDir, { recursive: true, force: true });
  if (serverUrl === undefined || serverUrl === '') {
    return { label: 'embedded PGlite (fresh data dir)', env: { DATA_DIR: dataDir, DATABASE_URL: '' }, cleanup: removeDir };
  }
  const database = `hf_bench_${name}_${process.pid}`;
  const admin = new URL(serverUrl);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`CREATE DATABASE "${database}"`);
  await client.end();
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return {
    label: `PostgreSQL at ${url.host} (fresh database ${database}, dropped afterwards)`,
    env: { DATA_DIR: dataDir, DATABASE_URL: url.toString() },
    async cleanup() {
      const dropper = new Client({ connectionString: admin.toString() });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await dropper.end();
      await removeDir();
    },
  };
}
