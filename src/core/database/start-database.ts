import { join } from 'node:path';
import type { AppConfig } from '../../config';
import { startEmbeddedPostgres } from './embedded-postgres';

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
    maxConnections: Math.max(32, config.database.poolSize * 3),
  });
  return { config: { ...config, database: { ...config.database, url: embedded.url, embedded: true } }, embedded: true, stop: () => embedded.stop() };
}
