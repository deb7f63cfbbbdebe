// Bars for `npm run futures`: the user's files through the engine's one bar reader, or the synthetic
// market. File problems become CliError messages (no stack traces).
import { readFileSync } from 'node:fs';
import { BAR_FILE_FORMATS, type BarFile, type BarFileFormat, isoToDay, type MinuteBars, readMinuteBars, SyntheticMarket } from '../engine';

/** A problem the user can fix (bad option, missing file): printed as one message, exit code 2. */
export class CliError extends Error {}

export interface BarFileOptions {
  readonly format?: string;
  readonly tz?: string;
  readonly contract?: string;
}

/** The bytes of a file the user named; a missing or unreadable file is a CliError naming it. */
export function readUserFile(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT') throw new CliError(`${what} not found: ${path}`);
    if (code === 'EISDIR') throw new CliError(`${what} is a directory, not a file: ${path}`);
    if (code === 'EACCES' || code === 'EPERM') throw new CliError(`${what} cannot be read (permission denied): ${path}`);
    throw new CliError(`${what} cannot be read: ${path} (${(error as Error).message})`);
  }
}

export function checkFormat(format: string | undefined): BarFileFormat | 'auto' {
  const value = (format ?? 'auto').toLowerCase();
  if (value !== 'auto' && !(BAR_FILE_FORMATS as readonly string[]).includes(value)) throw new CliError(`--format must be auto, ${BAR_FILE_FORMATS.join(', ')}; got "${format}"`);
  return value as BarFileFormat | 'auto';
}

/** One file of minute bars in any supported format. */
export function loadBarFile(path: string, symbol: string, options: BarFileOptions): BarFile {
  return readMinuteBars(readUserFile(path, 'bar file'), { format: checkFormat(options.format), tz: options.tz, contract: options.contract, symbol, source: path, field: '--csv' });
}

/** Synthetic bars from `warmupDays` before `start` to `end`. */
export function syntheticBars(symbol: string, start: string | undefined, end: string | undefined, warmupDays: number, seed: number): MinuteBars {
  if (start === undefined || end === undefined) throw new CliError('--start and --end are required without --csv');
  const from = isoToDay(start);
  const to = isoToDay(end);
  if (from === null || to === null) throw new CliError('--start and --end must be dates YYYY-MM-DD');
  return new SyntheticMarket(seed).minuteBars(symbol, from - warmupDays, to);
}

/** One line about what was read: format, stamp convention, zone, contract. */
export function describeBarFile(path: string, file: BarFile): string {
  const { info } = file;
  const zone = info.time_zone === null ? 'stamps carry their zone' : `naive stamps in ${info.time_zone}`;
  const contract = file.contract === null ? '' : `, contract ${file.contract}`;
  const scale = info.price_scale === 1 ? '' : ', fixed-point prices ×1e-9';
  return `${path}: ${info.format} (bar ${info.stamp} stamps, ${zone}${contract}${scale}), ${info.rows.toLocaleString('en-US')} bars`;
}
