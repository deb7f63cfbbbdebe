// A child process (PGlite needs dynamic import, which Jest's sandbox refuses) that walks the embedded database's
// template through its uses and prints what it saw as one JSON line: see embedded-template.integration-spec.ts.
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config';
import { buildDataSourceOptions, runMigrationsLocked, startDatabase } from '../../src/core/database';
import { type EmbeddedTemplate, startEmbeddedPostgres } from '../../src/core/database/embedded-postgres';
import { migrationsKey } from '../../src/core/database/migrations';

async function query(url: string, text: string): Promise<unknown[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const root = mkdtempSync(process.argv[process.argv.length - 1]);
  const templateDir = join(root, 'templates');
  const first = join(root, 'a', 'pglite');
  const second = join(root, 'b', 'pglite');
  const third = join(root, 'c', 'pglite');
  let prepared = 0;
  // `prepare` leaves its key in the template, so a data dir tells which template it was copied from.
  const template = (key: string): EmbeddedTemplate => ({
    dir: templateDir,
    key,
    prepare: async (url) => {
      prepared += 1;
      await query(url, `CREATE TABLE made_by_prepare (key text); INSERT INTO made_by_prepare VALUES ('${key}')`);
    },
  });

  const a = await startEmbeddedPostgres({ dataDir: first, maxConnections: 4, template: template('k1') });
  await query(a.url, 'CREATE TABLE only_in_a (id int); INSERT INTO only_in_a VALUES (42)');
  await a.stop();
  const templates = readdirSync(templateDir);
  // A marker in the template: a data dir that has it was copied from the template, not made by initdb.
  writeFileSync(join(templateDir, templates[0], 'template-marker'), 'x');

  const b = await startEmbeddedPostgres({ dataDir: second, maxConnections: 4, template: template('k1') });
  const tablesInB = await query(b.url, "SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'only_in_a'");
  const preparedInB = await query(b.url, 'SELECT key FROM made_by_prepare');
  await b.stop();

  const again = await startEmbeddedPostgres({ dataDir: first, maxConnections: 4, template: template('k1') });
  const rowsInA = await query(again.url, 'SELECT id FROM only_in_a');
  await again.stop();

  // Another key (the migrations changed): a template of its own, made and prepared once more.
  const c = await startEmbeddedPostgres({ dataDir: third, maxConnections: 4, template: template('k2') });
  const preparedInC = await query(c.url, 'SELECT key FROM made_by_prepare');
  await c.stop();

  // The application's template holds every migration: a fresh data dir needs none at boot.
  const config = loadConfig({ DATA_DIR: join(root, 'app'), PGLITE_TEMPLATE_DIR: join(root, 'app-templates'), LOG_LEVEL: 'silent' });
  const database = await startDatabase(config);
  const dataSource = await new DataSource(buildDataSourceOptions(database.config.database.url as string, 1)).initialize();
  const appliedAtBoot = (await runMigrationsLocked(dataSource)).map((m) => m.name);
  const recorded = ((await dataSource.query('SELECT name FROM schema_migrations ORDER BY id')) as { name: string }[]).map((r) => r.name);
  await dataSource.destroy();
  await database.stop();

  process.stdout.write(
    `${JSON.stringify({
      root,
      templates,
      firstHasMarker: existsSync(join(first, 'template-marker')),
      secondHasMarker: existsSync(join(second, 'template-marker')),
      thirdHasMarker: existsSync(join(third, 'template-marker')),
      tablesInB,
      preparedInB,
      rowsInA,
      preparedInC,
      prepared,
      templatesAfter: readdirSync(templateDir).sort(),
      leftovers: readdirSync(templateDir).filter((name) => name.includes('.making-')),
      appTemplates: readdirSync(join(root, 'app-templates')),
      appKey: migrationsKey(),
      appliedAtBoot,
      recorded,
    })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
