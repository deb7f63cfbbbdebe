// Bars for `npm run futures`: the user's files through the engine's one bar reader, or the synthetic
// market. File problems become CliError messages (no stack traces).
import { readFileSync } from 'node:fs';
import {
  BACK_ADJUSTMENTS,
  type BackAdjustment,
  BAR_FILE_FORMATS,
  type BarFile,
  type BarFileFormat,
  buildContinuousBars,
  type ContinuousBars,
  contractsFromFiles,
  type ContractSymbol,
  foreignContractMessage,
  formatIsoDay,
  type FuturesBacktestConfig,
  type PreparedFuturesData,
  sessionsInRange,
  parseIsoDay,
  type MinuteBars,
  parseRollRule,
  readMinuteBars,
  SyntheticMarket,
} from '../engine';

import { CliError } from './command';

export { CliError };

export interface BarFileOptions {
  readonly format?: string;
  readonly tz?: string;
  readonly contract?: string;
}

/** The data options of `npm run futures`. */
export interface BarSourceOptions extends BarFileOptions {
  readonly csv?: readonly string[];
  readonly roll?: string;
  readonly 'back-adjust'?: string;
  readonly start?: string;
  readonly end?: string;
}

/**
 * The data and output options every `hf futures` run takes (a backtest, `--pass-probability`, `--sweep`), as
 * commander parses them: where the bars come from, the dates, the synthetic seed and the output folder.
 */
export interface FuturesCliDataOptions {
  readonly csv?: string[];
  readonly roll?: string;
  readonly backAdjust?: string;
  readonly format?: string;
  readonly tz?: string;
  readonly contract?: string;
  readonly start?: string;
  readonly end?: string;
  readonly warmupDays: string;
  readonly seed?: string;
  readonly out: string;
  readonly json?: string;
  /** The HTML report of the run (a backtest's tearsheet, the odds of passing, the sweep's page). */
  readonly html?: string;
  readonly progress: boolean;
}

export interface LoadedBars {
  readonly bars: MinuteBars;
  /** Lines describing where the bars came from (files, formats, rolls). */
  readonly description: readonly string[];
  readonly continuous: ContinuousBars | null;
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

/** One file of minute bars in any supported format; a file naming another contract than `symbol` is a CliError. */
export function loadBarFile(path: string, symbol: string, options: BarFileOptions): BarFile {
  const file = readMinuteBars(readUserFile(path, 'bar file'), { format: checkFormat(options.format), tz: options.tz, contract: options.contract, symbol, source: path, field: '--csv' });
  const foreign = foreignContractMessage(path, file.contract, symbol, '--symbol');
  if (foreign !== null) throw new CliError(`${foreign}.`);
  return file;
}

/** Synthetic bars from `warmupDays` before `start` to `end`. */
export function syntheticBars(symbol: string, start: string | undefined, end: string | undefined, warmupDays: number, seed: number): MinuteBars {
  if (start === undefined || end === undefined) throw new CliError('--start and --end are required without --csv');
  const from = parseIsoDay(start);
  const to = parseIsoDay(end);
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

/**
 * The bars of a run: synthetic without --csv; one file as it is (a continuous series, or the --contract
 * of a multi-contract file); several contract files, or --roll, spliced into a continuous series.
 */
export function loadBars(symbol: ContractSymbol, options: BarSourceOptions, warmupDays: number, seed: number): LoadedBars {
  const files = options.csv ?? [];
  if (files.length === 0) return { bars: syntheticBars(symbol, options.start, options.end, warmupDays, seed), description: [`synthetic bars (seed ${seed})`], continuous: null };
  if (files.length === 1 && options.roll === undefined) {
    const file = loadBarFile(files[0], symbol, options);
    return { bars: file.bars, description: [describeBarFile(files[0], file)], continuous: null };
  }
  const rule = parseRollRule(options.roll ?? 'volume');
  if (rule === null) throw new CliError(`--roll must be volume or a number of days before expiry (e.g. 8); got "${options.roll}"`);
  const adjust = (options['back-adjust'] ?? 'none').toLowerCase();
  if (!(BACK_ADJUSTMENTS as readonly string[]).includes(adjust)) throw new CliError(`--back-adjust must be ${BACK_ADJUSTMENTS.join(' or ')}; got "${options['back-adjust']}"`);
  const contracts = contractsFromFiles(
    files.map((name) => ({ name, bytes: readUserFile(name, 'bar file') })),
    { format: checkFormat(options.format), tz: options.tz, symbol, field: '--csv' },
  );
  const continuous = buildContinuousBars(symbol, contracts, rule, adjust as BackAdjustment);
  return { bars: continuous.bars, description: describeContinuous(files, continuous), continuous };
}

/**
 * Refuses a run whose --start/--end hold no regular session of the bars (CliError, exit 2): the HTTP route's
 * 422 message, plus the sessions the file has (or that it has none).
 */
export function requireSessions(data: PreparedFuturesData, config: FuturesBacktestConfig, synthetic: boolean): void {
  if (sessionsInRange(data, config) > 0) return;
  const { table } = data;
  let first = -1;
  let last = -1;
  for (let k = 0; k < table.count; k += 1) {
    if (table.rthFirstBar[k] < 0) continue;
    if (first < 0) first = table.day[k];
    last = table.day[k];
  }
  const source = synthetic ? 'the synthetic bars' : 'the file';
  const has = first < 0 ? `${source} has no regular-session bars at all` : `${source} has sessions from ${formatIsoDay(first)} to ${formatIsoDay(last)}`;
  const range = config.start_date === null && config.end_date === null ? '' : ` between ${config.start_date ?? 'its first day'} and ${config.end_date ?? 'its last day'}`;
  throw new CliError(`--start: no ${config.symbol} regular-session bars${range}; ${has}.`);
}

function signed(points: number): string {
  return `${points >= 0 ? '+' : ''}${points}`;
}

export function describeContinuous(files: readonly string[], series: ContinuousBars): string[] {
  const rule = series.rule.kind === 'volume' ? 'by volume' : `${series.rule.days} days before expiry`;
  const lines = [`${files.join(', ')}: ${series.segments.length} contract${series.segments.length === 1 ? '' : 's'} rolled ${rule}, back-adjustment ${series.back_adjust}`];
  for (const s of series.segments) lines.push(`  ${s.contract.padEnd(9)} ${s.first_date} → ${s.last_date} (${s.sessions} sessions, last trade ${s.last_trading_day})${s.adjustment === 0 ? '' : `, prices ${signed(s.adjustment)} points`}`);
  for (const r of series.rolls) lines.push(`  roll ${r.date}: ${r.from} → ${r.to}, gap ${signed(r.gap)} points at ${r.measured_at}`);
  return lines;
}
