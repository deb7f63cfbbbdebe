// hf secrets rotate [--write-key-file] (also `npm run secrets:rotate [-- --write-key-file]`) — re-encrypts
// every stored API key with NEW_SECRETS_KEY.
import 'reflect-metadata';
import type { Command } from 'commander';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { ConfigError, loadConfigFromProcess } from '../config/load-config';
import { buildDataSourceOptions, runMigrationsLocked, startDatabase } from '../core/database';
import { keyFilePath, parseSecretsKeyText, readKeyFile, replaceKeyFile } from '../modules/api-keys/secrets/key-file';
import { rotateSecrets } from '../modules/api-keys/secrets/rotate-secrets';
import { SecretsCipher } from '../modules/api-keys/secrets/secrets-cipher';
import { cliAction, cliCommand, type CliOutput, runCommand, STDIO } from './command';

const USAGE = `usage: NEW_SECRETS_KEY=<key> npm run secrets:rotate [-- --write-key-file]
   or: NEW_SECRETS_KEY=<key> hf secrets rotate [--write-key-file]

Re-encrypts every stored API key from the current secrets key (SECRETS_KEY, or DATA_DIR/secrets.key when
SECRETS_KEY is unset) to NEW_SECRETS_KEY (64 hex characters or base64 of 32 bytes, e.g. from
"openssl rand -base64 32"), in one transaction: all keys or none.
  --write-key-file   afterwards, replace DATA_DIR/secrets.key with the new key (mode 0600)
Without --write-key-file, restart the server with SECRETS_KEY set to the new key.`;

/** The command itself, for the CLI and the tests; returns the process exit code. */
export async function runRotateSecrets(config: AppConfig, args: readonly string[], print: (line: string) => void): Promise<number> {
  const unknown = args.filter((a) => a !== '--write-key-file');
  if (unknown.length > 0 || args.includes('--help')) {
    print(USAGE);
    return 2;
  }
  const writeKeyFile = args.includes('--write-key-file');
  const rawNew = config.security.newSecretsKeyText;
  if (rawNew === null) throw new ConfigError('NEW_SECRETS_KEY', 'must be set to the new key (openssl rand -base64 32)');
  const newKey = parseSecretsKeyText(rawNew);
  if (newKey === null) throw new ConfigError('NEW_SECRETS_KEY', 'must be 32 bytes, given as 64 hex characters or base64');
  const path = keyFilePath(config.storage.dataDir);
  const currentKey = config.security.secretsKey ?? (await readKeyFile(path));
  if (currentKey === null) throw new ConfigError('SECRETS_KEY', `is unset and there is no key file ${path}: no key has ever been stored, nothing to rotate`);

  const from = new SecretsCipher(currentKey);
  const to = new SecretsCipher(newKey);
  const database = await startDatabase(config);
  const dataSource = new DataSource(buildDataSourceOptions(database.config.database.url as string, 2, database.config.database.timeouts));
  await dataSource.initialize();
  try {
    await runMigrationsLocked(dataSource);
    const result = await rotateSecrets(dataSource, from, to);
    print(`Re-encrypted ${result.rotated} API key(s) from key id ${from.keyId} to ${to.keyId}${result.alreadyCurrent > 0 ? ` (${result.alreadyCurrent} already on the new key)` : ''}.`);
  } finally {
    await dataSource.destroy();
    await database.stop();
  }
  if (writeKeyFile) {
    await replaceKeyFile(path, newKey);
    print(`Wrote the new key to ${path}${config.security.secretsKey !== null ? '; unset SECRETS_KEY so the server reads it' : ''}.`);
  } else {
    print('Restart the server with SECRETS_KEY set to the new key.');
  }
  return 0;
}

/** The `secrets` command (`secrets rotate`), writing to `io`. */
export function secretsCommand(io: CliOutput = STDIO): Command {
  const rotate = cliCommand('rotate', io)
    .description('Re-encrypt every stored API key from the current secrets key to NEW_SECRETS_KEY, in one transaction')
    .option('--write-key-file', 'afterwards, replace DATA_DIR/secrets.key with the new key (mode 0600)')
    .addHelpText(
      'after',
      `
The current key is SECRETS_KEY, or DATA_DIR/secrets.key when SECRETS_KEY is unset; NEW_SECRETS_KEY is 64 hex
characters or base64 of 32 bytes (openssl rand -base64 32). Without --write-key-file, restart the server with
SECRETS_KEY set to the new key.

Example:
  NEW_SECRETS_KEY=$(openssl rand -base64 32) hf secrets rotate --write-key-file`,
    )
    .action(cliAction(async (options: { writeKeyFile?: boolean }) => runRotateSecrets(loadConfigFromProcess(), options.writeKeyFile === true ? ['--write-key-file'] : [], io.out)));
  return cliCommand('secrets', io).description('Manage the key that encrypts the stored API keys').addCommand(rotate);
}

/** Runs the CLI on `args` (without node and the script, e.g. `['rotate', '--write-key-file']`); resolves to the exit code. */
export async function runSecretsCli(args: readonly string[], io: CliOutput): Promise<number> {
  return runCommand(secretsCommand(io), args, io);
}

if (require.main === module) {
  void runSecretsCli(['rotate', ...process.argv.slice(2)], STDIO).then((code) => {
    process.exitCode = code;
  });
}
