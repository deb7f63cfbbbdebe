// A child process (PGlite needs dynamic import, which Jest's sandbox refuses) that walks the embedded database's
// template through its uses and prints what it saw as one JSON line: see embedded-template.integration-spec.ts.
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../src/core/database/embedded-postgres';

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

  const a = await startEmbeddedPostgres({ dataDir: first, maxConnections: 4, templateDir });
  await query(a.url, 'CREATE TABLE only_in_a (id int); INSERT INTO only_in_a VALUES (42)');
  await a.stop();
  const templates = readdirSync(templateDir);
  // A marker in the template: a data dir that has it was copied from the template, not made by initdb.
  writeFileSync(join(templateDir, templates[0], 'template-marker'), 'x');

  const b = await startEmbeddedPostgres({ dataDir: second, maxConnections: 4, templateDir });
  const tablesInB = await query(b.url, "SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'only_in_a'");
  await b.stop();

  const again = await startEmbeddedPostgres({ dataDir: first, maxConnections: 4, templateDir });
  const rowsInA = await query(again.url, 'SELECT id FROM only_in_a');
  await again.stop();

  process.stdout.write(
    `${JSON.stringify({
      root,
      templates,
      firstHasMarker: existsSync(join(first, 'template-marker')),
      secondHasMarker: existsSync(join(second, 'template-marker')),
      tablesInB,
      rowsInA,
      leftovers: readdirSync(templateDir).filter((name) => name.includes('.making-')),
    })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
