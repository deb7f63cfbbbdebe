/**
 * Test databases. Global setup gives each Jest worker its own: with DATABASE_URL (CI, real PostgreSQL) a
 * database on that server, without it an embedded PGlite in a child process of its own.
 */
export const WORKER_DB_ENV = 'TEST_WORKER_DATABASE_URLS';

export function workerDatabaseName(base: string, worker: number): string {
  return `${base}_w${worker}`;
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export function databaseNameOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, '')) || 'postgres';
}

/** The database URL this worker must use. */
export function testDatabaseUrl(): string {
  const urls = JSON.parse(process.env[WORKER_DB_ENV] ?? '{}') as Record<string, string>;
  const worker = process.env.JEST_WORKER_ID ?? '1';
  const url = urls[worker] ?? process.env.DATABASE_URL;
  if (url === undefined) throw new Error('No test database: global setup did not run');
  return url;
}
