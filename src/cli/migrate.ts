// hf migrate run|revert|show (also `npm run migration:run` / `migration:revert`): applies, reverts or lists
// the migrations on DATABASE_URL (or the embedded database).
import type { Command } from 'commander';
import { cliAction, cliCommand, type CliOutput, runCommand, STDIO } from './command';

export type MigrateAction = 'run' | 'revert' | 'show';

const ACTIONS: readonly [MigrateAction, string][] = [
  ['run', 'apply every pending migration (each in its own transaction)'],
  ['revert', 'revert the last applied migration'],
  ['show', 'say whether migrations are pending'],
];

/** The `migrate` command and its three subcommands, writing to `io`. */
export function migrateCommand(io: CliOutput = STDIO): Command {
  const command = cliCommand('migrate', io)
    .description('Apply, revert or list the database migrations on DATABASE_URL (the embedded database without it)')
    .addHelpText('after', '\nExamples:\n  hf migrate run\n  DATABASE_URL=postgres://user@host:5432/db hf migrate show');
  for (const [action, summary] of ACTIONS) {
    command.addCommand(cliCommand(action, io).description(summary).action(cliAction(async () => runMigrate(action, io))));
  }
  return command;
}

/** Runs the CLI on `args` (without node and the script); resolves to the exit code. */
export async function runMigrateCli(args: readonly string[], io: CliOutput): Promise<number> {
  return runCommand(migrateCommand(io), args, io);
}

/** Applies, reverts or lists the migrations, printing one line of what happened. */
export async function runMigrate(action: MigrateAction, io: CliOutput): Promise<void> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  require('reflect-metadata');
  const { DataSource } = require('typeorm') as typeof import('typeorm');
  const { loadConfigFromProcess } = require('../config/load-config') as typeof import('../config/load-config');
  const { buildDataSourceOptions, revertLastMigrationLocked, runMigrationsLocked, startDatabase } = require('../core/database') as typeof import('../core/database');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const database = await startDatabase(loadConfigFromProcess());
  const url = database.config.database.url as string;
  const dataSource = new DataSource(buildDataSourceOptions(url, 2, database.config.database.timeouts));
  await dataSource.initialize();
  try {
    if (action === 'run') {
      const applied = await runMigrationsLocked(dataSource);
      io.out(applied.length === 0 ? 'No pending migrations.' : `Applied: ${applied.map((m) => m.name).join(', ')}`);
    } else if (action === 'revert') {
      await revertLastMigrationLocked(dataSource);
      io.out('Reverted the last migration.');
    } else {
      io.out((await dataSource.showMigrations()) ? 'Pending migrations exist.' : 'The schema is up to date.');
    }
  } finally {
    await dataSource.destroy();
    await database.stop();
  }
}

if (require.main === module) {
  void runMigrateCli(process.argv.slice(2), STDIO).then((code) => {
    process.exitCode = code;
  });
}
