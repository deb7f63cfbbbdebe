// npm run migration:run | migration:revert — applies or reverts migrations on DATABASE_URL (or the embedded database).
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfigFromProcess } from '../config';
import { buildDataSourceOptions, revertLastMigrationLocked, runMigrationsLocked, startDatabase } from '../core/database';

async function main(): Promise<void> {
  const command = process.argv[2];
  if (command !== 'run' && command !== 'revert' && command !== 'show') {
    console.error('usage: migrate run|revert|show');
    process.exit(2);
  }
  const database = await startDatabase(loadConfigFromProcess());
  const url = database.config.database.url as string;
  const dataSource = new DataSource(buildDataSourceOptions(url, 2, database.config.database.timeouts));
  await dataSource.initialize();
  try {
    if (command === 'run') {
      const applied = await runMigrationsLocked(dataSource);
      console.log(applied.length === 0 ? 'No pending migrations.' : `Applied: ${applied.map((m) => m.name).join(', ')}`);
    } else if (command === 'revert') {
      await revertLastMigrationLocked(dataSource);
      console.log('Reverted the last migration.');
    } else {
      console.log((await dataSource.showMigrations()) ? 'Pending migrations exist.' : 'The schema is up to date.');
    }
  } finally {
    await dataSource.destroy();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
