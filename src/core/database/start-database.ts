import { join } from 'node:path';
import type { AppConfig } from '../../config';
import { startEmbeddedPostgres } from './embedded-postgres';

export const EMBEDDED_POOL_SIZE = 1;

export interface StartedDatabase {
  /** The configuration with `database.url` filled in. */
  readonly config: AppConfig;
  readonly embedded: boolean;
  stop(): Promise<void>;
}

/** With DATABASE_URL, uses it; otherwise starts the embedded PGlite server under DATA_DIR/pglite. */
export async function startDatabase(config: AppConfig): Promise<StartedDatabase> {
  if (config.database.url !== null) return { config, embedded: false, stop: async () => undefined };
  const embedded = await startEmbeddedPostgres({
    dataDir: join(config.storage.dataDir, 'pglite'),
    maxConnections: 16,
    templateDir: config.database.embeddedTemplateDir,
  });
  // One connection: pglite-socket queues protocol messages one by one, not per Parse/Bind/Execute/Sync
  // group, so statements of concurrent connections can interleave. PGlite is a single session anyway.
  return {
    config: { ...config, database: { ...config.database, url: embedded.url, embedded: true, poolSize: EMBEDDED_POOL_SIZE } },
    embedded: true,
    stop: () => embedded.stop(),
  };
}
