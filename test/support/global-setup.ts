import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/core/database/data-source-options';
import { startEmbeddedPostgres } from '../../src/core/database/embedded-postgres';
import { runMigrationsLocked } from '../../src/core/database/migration-lock';
import { databaseNameOf, WORKER_DB_ENV, withDatabase, workerDatabaseName } from './test-database';

const WORKERS = 4;

async function migrate(url: string): Promise<void> {
  const dataSource = new DataSource(buildDataSourceOptions(url, 2));
  await dataSource.initialize();
  try {
    await runMigrationsLocked(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

export default async function globalSetup(): Promise<void> {
  process.env.TZ = 'UTC';
  const baseUrl = process.env.DATABASE_URL;
  if (baseUrl === undefined || baseUrl.trim() === '') {
    const embedded = await startEmbeddedPostgres({ dataDir: 'memory://', maxConnections: 64 });
    (globalThis as Record<string, unknown>).__TEST_DB_STOP__ = () => embedded.stop();
    process.env.DATABASE_URL = embedded.url;
    process.env.TEST_DATABASE_KIND = 'embedded';
    await migrate(embedded.url);
    process.env[WORKER_DB_ENV] = JSON.stringify({});
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
