// The entry of a child process that serves one embedded PGlite (its own in-memory cluster) to one Jest worker, so
// the workers of an embedded-mode run (no DATABASE_URL) work in parallel, each on its own database and its own
// CPU. Started by global-setup.ts through the swc require hook; prints {"url": ...} on stdout once it serves, and
// stops when its standard input closes (the Jest process ended, however it ended) or on SIGTERM.
import { startEmbeddedPostgres } from '../../src/core/database/embedded-postgres';

async function main(): Promise<void> {
  const database = await startEmbeddedPostgres({ dataDir: 'memory://', maxConnections: 64 });
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void database.stop().finally(() => process.exit(0));
  };
  process.stdin.on('end', stop);
  process.stdin.on('close', stop);
  process.stdin.resume();
  process.once('SIGTERM', stop);
  process.stdout.write(`${JSON.stringify({ url: database.url })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`The embedded test database could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
