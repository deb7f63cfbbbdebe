// `hf`: the one command line of the backend (bin/hf.js runs this file from dist/). Each subcommand's module is
// loaded only when that subcommand runs, so `hf futures` never loads Nest or the agent graph, and
// `hf --help` loads none of them.
import '../core/compile-cache';
import type { Command } from 'commander';
import { APP_VERSION } from '../config/version';
import { cliCommand, type CliOutput, runCommand, STDIO } from './command';

/* eslint-disable @typescript-eslint/no-require-imports */
interface HfCommand {
  readonly name: string;
  readonly summary: string;
  /** Loads the command's module and builds the command (with its options and subcommands). */
  load(io: CliOutput): Command;
}

/** Every subcommand of `hf`, in the order of `hf --help`. */
export const HF_COMMANDS: readonly HfCommand[] = [
  { name: 'backtest', summary: 'hedge-fund backtest through the agent graph (metrics, trades, benchmark, --html tearsheet)', load: (io) => (require('./backtest') as typeof import('./backtest')).backtestCommand(io) },
  { name: 'hedge-fund', summary: "one decision day: each analyst's signal per ticker, then the portfolio manager's orders", load: (io) => (require('./hedge-fund') as typeof import('./hedge-fund')).hedgeFundCommand(io) },
  { name: 'futures', summary: 'ORB futures backtest under prop-firm rules, on your minute bars or synthetic ones', load: (io) => (require('./futures') as typeof import('./futures')).futuresCommand(io) },
  { name: 'metrics', summary: 'every metric of an equity curve and its trades (table, JSON or HTML tearsheet)', load: (io) => (require('./metrics') as typeof import('./metrics')).metricsCommand(io) },
  { name: 'secrets', summary: 'rotate the key that encrypts the stored API keys', load: (io) => (require('./rotate-secrets') as typeof import('./rotate-secrets')).secretsCommand(io) },
  { name: 'migrate', summary: 'apply, revert or list the database migrations', load: (io) => (require('./migrate') as typeof import('./migrate')).migrateCommand(io) },
  { name: 'worker', summary: 'run a job worker of the scale-out mode (REDIS_URL and DATABASE_URL)', load: (io) => workerCommand(io) },
  { name: 'futures-examples', summary: 'regenerate examples/futures (synthetic bars in every vendor format)', load: (io) => (require('./futures-examples') as typeof import('./futures-examples')).futuresExamplesCommand(io) },
];

function workerCommand(io: CliOutput): Command {
  return cliCommand('worker', io)
    .description('Run a job worker of the scale-out mode: takes jobs from the Redis queue (REDIS_URL), records runs in PostgreSQL (DATABASE_URL); SIGTERM drains it')
    .addHelpText('after', '\nExample:\n  REDIS_URL=redis://127.0.0.1:6379 DATABASE_URL=postgres://user@host:5432/db hf worker\n\nSee README "Scaling out".')
    .action(async () => {
      await (require('../worker') as typeof import('../worker')).runWorker();
    });
}
/* eslint-enable @typescript-eslint/no-require-imports */

const FOOTER = `
Every command has --help. Through npm: npm run <command> -- <options> (e.g. npm run futures -- --help).
Exit codes: 0 done, 1 the run failed, 2 a usage or file problem.`;

/** The `hf` program for `argv`: the chosen subcommand fully built, the others listed by name and summary. */
export function hfProgram(argv: readonly string[], io: CliOutput = STDIO): Command {
  const program = cliCommand('hf', io)
    .description('The hedge-fund backend on the command line')
    .version(APP_VERSION, '-V, --version', 'print the version')
    .addHelpText('after', FOOTER);
  const chosen = argv[0] === 'help' ? argv[1] : argv[0];
  for (const command of HF_COMMANDS) {
    if (command.name === chosen) program.addCommand(command.load(io));
    else program.command(command.name).summary(command.summary);
  }
  return program;
}

/** Runs `hf` on `argv` (without node and the script); resolves to the exit code. */
export async function runHf(argv: readonly string[], io: CliOutput = STDIO): Promise<number> {
  return runCommand(hfProgram(argv, io), argv, io);
}

/** The process entry (bin/hf.js): exit code on the process, quiet when the reader of stdout goes away. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  // Piped into `head` and the like: stop quietly once the reader has gone.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  process.exitCode = await runHf(argv);
}

if (require.main === module) void main();
