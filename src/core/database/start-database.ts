import { join } from 'node:path';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../../config';
import { buildDataSourceOptions } from './data-source-options';
import { type EmbeddedTemplate, startEmbeddedPostgres } from './embedded-postgres';
import { runMigrationsLocked } from './migration-lock';
import { migrationsKey } from './migrations';

export const EMBEDDED_POOL_SIZE = 1;

export interface StartedDatabase {
  /** The configuration with `database.url` filled in. */
  readonly config: AppConfig;
  readonly embedded: boolean;
  stop(): Promise<void>;
}

/**
 * The embedded database's template (PGLITE_TEMPLATE_DIR): a cluster with every migration applied, keyed by their
 * hash, so a fresh data dir is a copy that the boot finds up to date (no initdb, no migration); null when off.
 */
export function migratedTemplate(config: AppConfig): EmbeddedTemplate | null {
  const dir = config.database.embeddedTemplateDir;
  if (dir === null) return null;
  return {
    dir,
    key: migrationsKey(),
    prepare: async (url) => {
      const dataSource = await new DataSource(buildDataSourceOptions(url, EMBEDDED_POOL_SIZE, config.database.timeouts)).initialize();
      try {
        await runMigrationsLocked(dataSource);
      } finally {
        await dataSource.destroy();
      }
    },
  };
}

/** With DATABASE_URL, uses it; otherwise starts the embedded PGlite server under DATA_DIR/pglite. */
export async function startDatabase(config: AppConfig): Promise<StartedDatabase> {
  if (config.database.url !== null) return { config, embedded: false, stop: async () => undefined };
  const embedded = await startEmbeddedPostgres({
    dataDir: join(config.storage.dataDir, 'pglite'),
    maxConnections: 16,
    template: migratedTemplate(config),
  });
  // One connection: pglite-socket queues protocol messages one by one, not per Parse/Bind/Execute/Sync
  // group, so statements of concurrent connections can interleave. PGlite is a single session anyway.
  return {
    config: { ...config, database: { ...config.database, url: embedded.url, embedded: true, poolSize: EMBEDDED_POOL_SIZE } },
    embedded: true,
    stop: () => embedded.stop(),
  };
}
