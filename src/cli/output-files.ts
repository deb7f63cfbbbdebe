// Files the CLIs write (reports, charts, trade lists) go to one output folder, `./output` unless the user
// names another, instead of the working directory. An absolute file name is kept as given.
import { mkdirSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { CliError, type CliOutput } from './command';

export const DEFAULT_OUTPUT_DIR = 'output';

/** Where `name` is written: inside `dir` when relative (`--svg eq.svg` → `output/eq.svg`), as is when absolute. */
export function outputPath(dir: string, name: string): string {
  return isAbsolute(name) ? name : join(dir, name);
}

/**
 * Writes `content` to `outputPath(dir, name)`, creating the folders; returns the path as shown to the user
 * (relative to the working directory when inside it). A folder or file that cannot be written is a CliError.
 */
export function writeOutputFile(dir: string, name: string, content: string): string {
  const path = outputPath(dir, name);
  try {
    mkdirSync(resolve(path, '..'), { recursive: true });
    writeFileSync(path, content);
  } catch (error) {
    const code = (error as { code?: string }).code;
    const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOTDIR' || code === 'EEXIST' ? 'a file is in the way of the folder' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message;
    throw new CliError(`cannot write ${path}: ${why}`);
  }
  const shown = relative(process.cwd(), resolve(path));
  return shown.startsWith('..') || isAbsolute(shown) ? resolve(path) : shown;
}

/**
 * A JSON report for `--json FILE`: written like `writeOutputFile` and announced on `log` as `label: path`,
 * or, for `--json -`, printed to `io.out` (the command then prints its text to stderr: `hf futures --json - | jq`).
 */
export function writeJsonOutput(dir: string, name: string, value: unknown, io: CliOutput, label: string): void {
  const text = JSON.stringify(value, null, 2);
  if (name === '-') io.out(text);
  else textLog({ json: name }, io)(`${label}: ${writeOutputFile(dir, name, `${text}\n`)}`);
}

/** Where a command's text goes: stdout, or stderr when `--json -` takes stdout for the JSON. */
export function textLog(values: { readonly json?: string }, io: CliOutput): (line: string) => void {
  return values.json === '-' ? io.err : io.out;
}
