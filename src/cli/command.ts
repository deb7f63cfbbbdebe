// The one way the `hf` commands are declared and run: commander commands that write through a CliOutput
// (stdout/stderr in the process, arrays in the tests), never call process.exit, and turn every failure into
// an exit code (0 done or help shown, 1 a run that failed, 2 a usage or file problem the user can fix).
import { Command, CommanderError } from 'commander';

/** Where a command writes: one line per call, without the trailing newline. */
export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
  /** Text already encoded (UTF-8, whole lines with their newlines), written as it is; see `outBytes`. */
  outBytes?(text: Uint8Array): void;
}

/** The process's own stdout and stderr. */
export const STDIO: CliOutput = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  outBytes: (text) => process.stdout.write(text),
};

/**
 * Writes encoded lines (ending with a newline) to `io`: as bytes where it takes them (a large output, such as
 * `hf metrics --json`, then never exists as strings), else line by line.
 */
export function outBytes(io: CliOutput, text: Buffer): void {
  if (io.outBytes !== undefined) {
    io.outBytes(text);
    return;
  }
  for (const line of text.toString('utf8').replace(/\n$/, '').split('\n')) io.out(line);
}

/** A problem the user can fix (bad option value, missing or unwritable file): one message, exit code 2. */
export class CliError extends Error {}

/** What an action returns: its exit code (undefined is 0). */
export type ActionResult = number | undefined | void;

const EXIT_CODES = new WeakMap<Command, number>();

function rootOf(command: Command): Command {
  let root = command;
  while (root.parent !== null) root = root.parent;
  return root;
}

function writer(write: (line: string) => void): (text: string) => void {
  return (text) => {
    for (const line of text.replace(/\n$/, '').split('\n')) write(line);
  };
}

/**
 * A command that writes to `io`, throws instead of exiting, and refuses unknown options and extra arguments.
 * Give it options, then `.action(cliAction(...))`.
 */
export function cliCommand(name: string, io: CliOutput): Command {
  return new Command(name)
    .exitOverride()
    .configureOutput({ writeOut: writer(io.out), writeErr: writer(io.err), outputError: (text, write) => write(text) })
    .showHelpAfterError(`(${name === 'hf' ? 'hf' : `hf ${name}`} --help lists the options)`)
    .allowExcessArguments(false);
}

/** Wraps an action so that its exit code reaches `runCommand` (sync actions stay sync). */
export function cliAction<A extends unknown[]>(action: (...args: A) => ActionResult | Promise<ActionResult>): (...args: A) => void | Promise<void> {
  return (...args: A) => {
    const command = args[args.length - 1] as Command;
    const result = action(...args);
    if (result instanceof Promise) {
      return result.then((code) => {
        EXIT_CODES.set(rootOf(command), code ?? 0);
      });
    }
    EXIT_CODES.set(rootOf(command), result ?? 0);
    return undefined;
  };
}

/** The exit code of a failure: commander's own (usage, help) or the action's error, printed to `io.err`. */
export function exitCodeOf(error: unknown, io: CliOutput): number {
  if (error instanceof CommanderError) {
    // Help and --version exit 0 (help shown for a missing command exits 2); commander has printed it already.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
    return error.code === 'commander.help' && error.exitCode === 0 ? 0 : 2;
  }
  if (error instanceof CliError) {
    io.err(error.message);
    return 2;
  }
  io.err(error instanceof Error ? error.message : String(error));
  return 1;
}

/** Parses `args` (without node and the script) and runs the chosen action; resolves to the exit code. */
export async function runCommand(command: Command, args: readonly string[], io: CliOutput): Promise<number> {
  EXIT_CODES.delete(command);
  try {
    await command.parseAsync([...args], { from: 'user' });
    return EXIT_CODES.get(command) ?? 0;
  } catch (error) {
    return exitCodeOf(error, io);
  }
}

/** `runCommand` for a command whose actions are synchronous. */
export function runCommandSync(command: Command, args: readonly string[], io: CliOutput): number {
  EXIT_CODES.delete(command);
  try {
    command.parse([...args], { from: 'user' });
    return EXIT_CODES.get(command) ?? 0;
  } catch (error) {
    return exitCodeOf(error, io);
  }
}

/** Collects a repeatable option (`--csv a --csv b`) into an array. */
export function collect(value: string, previous: readonly string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** A non-negative integer option value, else a CliError naming the option. */
export function nonNegativeInteger(raw: string, flag: string): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(value) || value < 0) throw new CliError(`${flag} must be a non-negative integer, got "${raw}"`);
  return value;
}
