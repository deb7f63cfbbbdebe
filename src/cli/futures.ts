// hf futures --symbol MES --start 2024-01-02 --end 2024-06-28 --account 50K [--csv bars.csv] …
// (also `npm run futures -- …`). Runs the ORB futures backtest with a progress bar, prints verdict, rules,
// counters, metrics and the trades, and writes the equity curve as SVG (and the report as JSON, the trades
// as CSV, the HTML tearsheet) into the output folder (./output by default).
// Imports only what a run needs: the engine and the bar reader; the environment (for the synthetic seed), the
// HTML tearsheet and the progress bar are loaded when a run asks for them.
import type { Command } from 'commander';
import {
  buildFuturesReport,
  formatIsoDay,
  EngineError,
  formatUsd,
  type FuturesBacktestConfig,
  type FuturesBacktestInput,
  type FuturesBacktestResult,
  parseIsoDay,
  prepareFuturesData,
  resolveFuturesConfig,
  runFuturesBacktest,
} from '../engine';
import { CliError, cliAction, cliCommand, type CliOutput, collect, nonNegativeInteger, runCommand, STDIO } from './command';
import { renderEquitySvg } from './equity-svg';
import { type FuturesCliDataOptions, loadBars, requireSessions } from './futures-data';
import { DEFAULT_OUTPUT_DIR, textLog, writeJsonOutput, writeOutputFile } from './output-files';
import { tableLines } from './table';
import { formatTradeTable, tradesCsv } from './trade-list';

/** The options of `hf futures`, as commander parses them. */
export interface FuturesCliOptions extends FuturesCliDataOptions {
  readonly symbol: string;
  readonly account: string;
  readonly stage?: string;
  readonly attempts?: string;
  readonly resetFee?: string;
  readonly preset?: string;
  readonly mode?: string;
  readonly calendar?: string;
  readonly calendarDay?: string[];
  readonly strategy?: string[];
  readonly rules?: string[];
  readonly svg?: string;
  readonly trades?: string;
  readonly showTrades: string;
  readonly passProbability?: boolean;
  readonly method?: string;
  readonly horizonDays?: string;
  readonly paths?: string;
  readonly bootstrapSeed?: string;
  readonly blockDays?: string;
  readonly sweep?: string[];
  readonly objective?: string;
  readonly trainDays?: string;
  readonly testDays?: string;
  readonly top?: string;
}

const EXAMPLES = `
Examples:
  hf futures --symbol MES --start 2024-01-02 --end 2024-06-28            synthetic bars, 50K combine
  hf futures --csv "MES 06-24.Last.txt" --json report.json --html report.html
  hf futures --csv ESH4.csv --csv ESM4.csv --roll 8 --back-adjust difference
  hf futures --preset classic-orb --account none --start 2023-01-03 --end 2023-12-29
  hf futures --pass-probability --start 2023-01-03 --end 2023-12-29 --horizon-days 60 --paths 10000
  hf futures --start 2023-01-03 --end 2023-12-29 --sweep target_r=1.5,2,3 --sweep entry_mode=breakout,pullback --train-days 120 --test-days 20

Exit codes: 0 done, 1 the engine refused the data (a bad line in a file, a roll) or the run failed, 2 a usage or file
problem (a bad option value, a missing file, an option the run would ignore).
Bar formats, rules and the strategy parameters: docs/futures.md.`;

/** The `futures` command, writing to `io`. */
export function futuresCommand(io: CliOutput = STDIO): Command {
  return cliCommand('futures', io)
    .description('Backtest the opening-range-breakout futures strategy under prop-firm rules, on your minute bars or synthetic ones')
    .option('--symbol <S>', 'ES, MES, NQ, MNQ, YM, MYM, RTY, M2K, CL, MCL, GC, MGC', 'MES')
    .option('--start <YYYY-MM-DD>', 'first trading date (America/Chicago); required without --csv')
    .option('--end <YYYY-MM-DD>', 'last trading date; required without --csv')
    .option('--account <SIZE>', '50K | 100K | 150K | none (none: no prop-firm rules, pure strategy research)', '50K')
    .option('--stage <STAGE>', 'combine (default) | xfa; not with --account none')
    .option('--attempts <A>', 'single (default: stop at the pass or failure) | reset (a fresh account on the next session)')
    .option('--reset-fee <USD>', 'charged for each attempt after the first (default 49 / 99 / 149)')
    .option('--preset <P>', 'classic-orb: the textbook ORB (docs/futures.md); --strategy values override it')
    .option('--mode <MODE>', 'breakout | pullback (default) | pullback_vwap | pullback_ema')
    .option('--csv <FILE>', 'minute bars: NinjaTrader, TradingView, Databento or generic; synthetic otherwise. Repeat it for one file per contract (ESH4.csv, ES 06-24.Last.txt …): they are rolled', collect)
    .option('--roll <R>', 'volume (default) | N days before expiry (e.g. 8): how contract files are spliced')
    .option('--back-adjust <A>', 'none (default) | difference: add each roll\'s gap to the earlier contract\'s prices')
    .option('--format <F>', 'auto (default) | ninjatrader | tradingview | databento | generic')
    .option('--tz <ZONE>', 'zone of stamps without an offset (NinjaTrader: UTC; naive ISO: America/Chicago)')
    .option('--contract <C>', 'the contract to keep from a file with several (Databento symbol column, e.g. ESM4)')
    .option('--calendar <C>', 'cme (default: holidays skipped, early closes shortened) | none')
    .option('--calendar-day <D>', 'correct one date, repeatable: YYYY-MM-DD=closed | =regular | =HH:MM (early close, CT)', collect)
    .option('--warmup-days <N>', 'synthetic bars fetched before --start for the daily indicators', '100')
    .option('--seed <N>', 'synthetic data seed (default MARKET_DATA_SEED or 42)')
    .option('--strategy <k=v>', 'any strategy parameter, repeatable (e.g. --strategy target_r=3); an unknown key or a bad value is refused, every one named', collect)
    .option('--rules <k=v>', 'any rule override, repeatable (e.g. --rules daily_loss_limit=null --rules mll_trail_mode=intraday)', collect)
    .option('--out <DIR>', 'folder of the files below; absolute file names are kept as given', DEFAULT_OUTPUT_DIR)
    .option('--svg <FILE>', 'equity chart (default futures-<symbol>-<start>-<end>.svg); a backtest only')
    .option('--json <FILE>', 'also write the full report as JSON (- for stdout; the tables then go to stderr)')
    .option('--html <FILE>', 'also write the HTML report (self-contained: a backtest\'s charts, metrics, verdict, rules, trades; the odds of passing; a sweep\'s ranking and walk-forward)')
    .option('--trades <FILE>', 'also write the trade list as CSV (every field of every trade); a backtest only')
    .option('--show-trades <N>', 'trades printed (the first and last half; 0 for none)', '40')
    .option('--no-progress', 'no progress bar')
    .option('--pass-probability', 'the odds of passing instead of one backtest: rolling starts and a block bootstrap (docs/futures.md)')
    .option('--method <M>', 'with --pass-probability: rolling | bootstrap | both (default)')
    .option('--horizon-days <N>', 'with --pass-probability or --objective p_pass: trading days an attempt may take (default 60)')
    .option('--paths <N>', 'with --pass-probability: bootstrap paths (default 10000)')
    .option('--bootstrap-seed <N>', 'with --pass-probability: seed of the bootstrap (default 1; --seed is the synthetic data\'s)')
    .option('--block-days <N>', 'with --pass-probability: consecutive sessions per resampled block (default 5)')
    .option('--sweep <k=v1,v2>', 'a parameter sweep instead of one backtest: a strategy or rules key and its values, repeatable; every combination is run and ranked (docs/futures.md)', collect)
    .option('--objective <O>', 'with --sweep: net_pnl (default) | p_pass | profit_factor | sharpe')
    .option('--train-days <N>', 'with --sweep: walk-forward, trading sessions to choose the best combination on (with --test-days)')
    .option('--test-days <N>', 'with --sweep: walk-forward, trading sessions the chosen combination then trades')
    .option('--top <N>', 'with --sweep: ranked combinations printed (default 20; --json has them all)')
    .addHelpText('after', EXAMPLES)
    .action(cliAction(async (options: FuturesCliOptions) => runFutures(options, io)));
}

/**
 * Runs the CLI on `args` (without node and the script); resolves to the exit code: 0, 1 for a run the engine
 * refuses (bad parameter, bad line in a file), 2 for a usage or file problem. Messages, never stack traces.
 */
export async function runFuturesCli(args: readonly string[], io: CliOutput): Promise<number> {
  return runCommand(futuresCommand(io), args, io);
}

function parseAssignments(values: readonly string[] | undefined, flag: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const item of values ?? []) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new CliError(`${flag} expects key=value, got "${item}"`);
    const raw = item.slice(eq + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      value = raw;
    }
    out[item.slice(0, eq)] = value;
  }
  return out;
}

/** MARKET_DATA_SEED (default 42): the environment is read only for synthetic bars. */
function syntheticSeed(): number {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../config/load-config') as typeof import('../config/load-config')).loadConfigFromProcess().marketData.syntheticSeed;
}

function show(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(4).replace(/0+$/, '').replace(/\.$/, '');
  return String(value);
}

/** The request fields the options fill, as the user typed them (`end_date` → `--end`, `sweep[0].key` → `--sweep key`). */
const FLAG_OF_FIELD: readonly (readonly [RegExp, string])[] = [
  [/\bstart_date\b/g, '--start'],
  [/\bend_date\b/g, '--end'],
  [/\baccount_size\b/g, '--account'],
  [/\breset_fee\b/g, '--reset-fee'],
  [/\bcalendar_overrides(\[\d+\])?/g, '--calendar-day'],
  [/\btrain_days\b/g, '--train-days'],
  [/\btest_days\b/g, '--test-days'],
  [/\bhorizon_days\b/g, '--horizon-days'],
  [/\bblock_days\b/g, '--block-days'],
  [/\bsweep\[\d+\]\.values\[\d+\]/g, '--sweep value'],
  [/\bsweep\[\d+\]\.(key|values)\b/g, '--sweep $1'],
  [/(?<![-\w])sweep(\[\d+\])?/g, '--sweep'],
  [/(?<![-.\w])strategy\.(\w+)/g, '--strategy $1'],
  [/(?<![-.\w])rules\.(\w+)/g, '--rules $1'],
  [/^(symbol|stage|attempts|calendar|objective|method|paths)\b/g, '--$1'],
  [/^seed\b/g, '--bootstrap-seed'],
];

/** Fields whose errors are about a file's content (a bad line, a roll), not an option value: exit 1. */
const FILE_FIELDS = new Set(['--csv', 'roll', 'back_adjust']);

function asFlags(text: string): string {
  return FLAG_OF_FIELD.reduce((acc, [pattern, flag]) => acc.replace(pattern, flag), text);
}

/**
 * The run itself. An EngineError is printed field by field, in the flags' names: a bad option value is a usage
 * problem (exit 2), a file the engine refuses (a bad line, a roll) or a run that fails is exit 1.
 */
export async function runFutures(values: FuturesCliOptions, io: CliOutput): Promise<number> {
  try {
    await run(values, io);
    return 0;
  } catch (error) {
    if (error instanceof EngineError) {
      // Several: one line each under a count (the engine's one-line summary would repeat them).
      if (error.errors.length > 1) {
        io.err(`${error.errors.length} options are invalid:`);
        for (const e of error.errors) io.err(`  ${asFlags(e.message)}`);
      } else io.err(asFlags(error.message));
      const usage = error.code === 'INVALID_INPUT' && error.errors.length > 0 && error.errors.every((e) => !FILE_FIELDS.has(e.field));
      return usage ? 2 : 1;
    }
    throw error;
  }
}

/**
 * Why a run made no trade, from the counters: no break at all, or which regime filter blocked how many of the
 * breaks it checked (a filter without enough history blocks: files need sessions before --start).
 */
export function noTradeHint(trades: number, counters: FuturesBacktestResult['counters'], strategy: FuturesBacktestConfig['strategy']): string[] {
  if (trades > 0) return [];
  const checked = counters.regime_filter_passes + counters.regime_blocks;
  const history = 'A filter without enough history blocks (ATR: 14+ sessions, its percentile: 20+, slow EMA: 50): give bars from well before --start';
  if (counters.or_valid_days === 0 && counters.sessions_evaluated > 0 && strategy.width_filter) {
    return [`No trades: the width filter (opening range against the ATR) rejected the opening range of all ${counters.sessions_evaluated} sessions.`, `${history}, or turn it off (--strategy width_filter=false).`];
  }
  if (counters.opening_range_breaks === 0) return [`No trades: no opening-range break in ${counters.sessions_evaluated} sessions.`];
  if (counters.regime_blocks === 0) return [];
  const filters: [boolean, string, number][] = [
    [strategy.trend_filter, 'trend_filter', counters.trend_pass],
    [strategy.volatility_filter, 'volatility_filter', counters.vol_pass],
    [strategy.gap_filter, 'gap_filter', counters.gap_pass],
    [strategy.vwap_filter, 'vwap_filter', counters.vwap_pass],
  ];
  const blocked = filters.filter(([on]) => on).map(([, name, passed]) => `${name} ${checked - passed}`);
  return [
    `No trades: the regime filters blocked ${counters.regime_blocks} of ${checked} breaks (blocked by ${blocked.join(', ')}).`,
    `${history}, or turn one off (--strategy volatility_filter=false).`,
  ];
}

/** The account in a header: `50K combine`, or `no prop-firm rules` for --account none. */
export function accountLabel(rules: { readonly account_size: string; readonly stage: string | null }): string {
  return rules.account_size === 'none' ? 'no prop-firm rules' : `${rules.account_size}${rules.stage === null ? '' : ` ${rules.stage}`}`;
}

/** Options of one mode (--sweep, --pass-probability, a backtest) that another mode would ignore: refused, exit 2. */
const MODE_OPTIONS: readonly { readonly key: keyof FuturesCliOptions; readonly flag: string; readonly modes: readonly Mode[] }[] = [
  { key: 'svg', flag: '--svg', modes: ['backtest'] },
  { key: 'trades', flag: '--trades', modes: ['backtest'] },
  { key: 'method', flag: '--method', modes: ['pass-probability'] },
  { key: 'paths', flag: '--paths', modes: ['pass-probability'] },
  { key: 'bootstrapSeed', flag: '--bootstrap-seed', modes: ['pass-probability'] },
  { key: 'blockDays', flag: '--block-days', modes: ['pass-probability'] },
  { key: 'horizonDays', flag: '--horizon-days', modes: ['pass-probability', 'sweep'] },
  { key: 'objective', flag: '--objective', modes: ['sweep'] },
  { key: 'trainDays', flag: '--train-days', modes: ['sweep'] },
  { key: 'testDays', flag: '--test-days', modes: ['sweep'] },
  { key: 'top', flag: '--top', modes: ['sweep'] },
];

type Mode = 'backtest' | 'pass-probability' | 'sweep';

const MODE_FLAG: Record<Mode, string> = { backtest: 'a backtest', 'pass-probability': '--pass-probability', sweep: '--sweep' };

/** The run's mode; an option the mode would ignore, or `-` for a file other than --json, is a CliError. */
export function futuresMode(values: FuturesCliOptions): Mode {
  if (values.passProbability === true && values.sweep !== undefined) throw new CliError('--pass-probability and --sweep are two different runs: give one of them');
  const mode: Mode = values.passProbability === true ? 'pass-probability' : values.sweep !== undefined ? 'sweep' : 'backtest';
  for (const option of MODE_OPTIONS) {
    if (values[option.key] === undefined || option.modes.includes(mode)) continue;
    const where = option.modes.map((m) => (m === 'backtest' ? 'a backtest (no --sweep or --pass-probability)' : m === 'sweep' ? '--sweep' : `--${m}`)).join(' or ');
    throw new CliError(`${option.flag} does not apply to ${MODE_FLAG[mode]}: it is for ${where}`);
  }
  for (const [flag, name] of [['--svg', values.svg], ['--html', values.html], ['--trades', values.trades]] as const) {
    if (name === '-') throw new CliError(`${flag} takes a file name; only --json - writes to stdout`);
  }
  return mode;
}

async function run(values: FuturesCliOptions, io: CliOutput): Promise<void> {
  futuresMode(values);
  const log = textLog(values, io);
  const strategy = parseAssignments(values.strategy, '--strategy');
  if (values.mode !== undefined) strategy.entry_mode = values.mode;
  if (values.preset !== undefined) strategy.preset = values.preset.replace(/-/g, '_');
  const input: FuturesBacktestInput = {
    symbol: values.symbol,
    start_date: values.start ?? null,
    end_date: values.end ?? null,
    account_size: values.account,
    stage: values.stage,
    strategy,
    rules: parseAssignments(values.rules, '--rules'),
    attempts: values.attempts,
    reset_fee: values.resetFee === undefined ? undefined : Number(values.resetFee),
    calendar: values.calendar,
    calendar_overrides: values.calendarDay,
  };
  if (values.passProbability === true) {
    // The estimate's own modules (mapper, metrics, config) are loaded for --pass-probability only.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { runPassProbabilityCli } = require('./futures-pass-probability') as typeof import('./futures-pass-probability');
    return runPassProbabilityCli(values, input, io);
  }
  if (values.sweep !== undefined) {
    // The sweep's modules (and the config for the synthetic seed) are loaded for --sweep only.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { runSweepCli } = require('./futures-sweep') as typeof import('./futures-sweep');
    return runSweepCli(values, input, io);
  }
  const config = resolveFuturesConfig(input);
  const showTrades = nonNegativeInteger(values.showTrades, '--show-trades');
  const warmupDays = nonNegativeInteger(values.warmupDays, '--warmup-days');
  const seed = values.seed !== undefined ? Number(values.seed) : (values.csv ?? []).length > 0 ? Number.NaN : syntheticSeed();
  const { bars, description } = loadBars(
    config.symbol,
    { csv: values.csv, roll: values.roll, 'back-adjust': values.backAdjust, format: values.format, tz: values.tz, contract: values.contract, start: values.start, end: values.end },
    warmupDays,
    seed,
  );
  const data = prepareFuturesData(bars, config);
  requireSessions(data, config, (values.csv ?? []).length === 0);

  // The progress bar only when asked for (the default) and loaded then.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const bar = values.progress ? new (require('cli-progress') as typeof import('cli-progress')).SingleBar({ format: ' {bar} {value}/{total} sessions | {date} | balance {balance}', hideCursor: true }) : null;
  const generator = runFuturesBacktest(data, config);
  let step = await generator.next();
  let started = false;
  while (step.done !== true) {
    const event = step.value;
    if (event.type === 'session' && bar !== null) {
      if (!started) {
        bar.start(event.total, 0, { date: '', balance: '' });
        started = true;
      }
      bar.update(event.index, { date: event.row.date, balance: formatUsd(event.row.balance) });
    }
    step = await generator.next();
  }
  bar?.stop();
  const result: FuturesBacktestResult = step.value;
  const report = buildFuturesReport(result);

  log(`\n${config.symbol} ORB (${config.strategy.entry_mode}) · ${accountLabel(config.rules)} · ${report.period.first_session ?? '—'} → ${report.period.last_session ?? '—'}`);
  for (const line of description) log(line);
  log(`${report.bars_processed.toLocaleString('en-US')} bars in ${report.period.sessions_simulated} sessions; ${report.trades.length} trades; net ${formatUsd(report.net_pnl)}; balance ${formatUsd(report.final_balance)}`);
  for (const line of noTradeHint(report.trades.length, report.counters, config.strategy)) log(line);
  log(`\nVERDICT: ${report.verdict.status.toUpperCase()} — ${report.verdict.detail}`);
  const cushion = report.min_cushion;
  if (cushion !== null) log(`Smallest cushion to the loss limit: ${formatUsd(cushion.amount)} on ${cushion.date} at ${cushion.time.slice(11, 16)} CT`);
  if (report.attempts.length > 1) {
    log(`\nAttempts (${report.attempts.length}; reset fees ${formatUsd(report.reset_fees)}; net after fees ${formatUsd(report.net_pnl_after_fees)})`);
    for (const line of tableLines(
      ['attempt', 'from', 'to', 'outcome', 'sessions', 'net P&L', 'smallest cushion'],
      report.attempts.map((a) => [String(a.attempt), a.start_date, a.end_date, a.outcome, a.sessions, formatUsd(a.net_pnl), a.min_cushion === null ? null : formatUsd(a.min_cushion.amount)]),
      { textColumns: 4 },
    ))
      log(line);
  }
  log('\nRules');
  for (const line of tableLines(['rule', 'status', 'limit', 'value'], report.rules.map((rule) => [rule.rule, rule.status, show(rule.limit), show(rule.value)]), { textColumns: 2 })) log(line);
  log('\nCounters');
  for (const line of tableLines(['counter', 'value'], Object.entries(report.counters).map(([key, value]) => [key, show(value)]))) log(line);
  const m = report.metrics;
  log('\nMetrics');
  const metricRows: [string, unknown][] = [
    ['total_return_pct', m.total_return_pct],
    ['cagr_pct', m.cagr_pct],
    ['sharpe_ratio', m.sharpe_ratio],
    ['sortino_ratio', m.sortino_ratio],
    ['calmar_ratio', m.calmar_ratio],
    ['max_drawdown_pct', m.max_drawdown_pct],
    ['max_drawdown_money', m.max_drawdown_money],
    ['profitable_days_pct', m.profitable_days_pct],
    ['largest_winning_day', m.largest_winning_day],
    ['largest_losing_day', m.largest_losing_day],
    ['longest_losing_streak_days', m.longest_losing_streak_days],
    ['win_rate_pct', m.win_rate_pct],
    ['profit_factor', m.profit_factor],
    ['payoff_ratio', m.payoff_ratio],
    ['expectancy', m.expectancy],
    ['expectancy_r', m.expectancy_r],
    ['longest_losing_streak_trades', m.longest_losing_streak_trades],
  ];
  for (const line of tableLines(['metric', 'value', 'note'], metricRows.map(([key, value]) => [key, show(value), m.metric_notes[key] ?? ''])))  log(line);

  if (showTrades > 0) {
    log(`\nTrades (${report.trades.length})`);
    for (const line of formatTradeTable(report.trades, showTrades, config.contract.tick_size)) log(line);
  }

  const synthetic = (values.csv ?? []).length === 0;
  const first = report.sessions[0];
  const svgName = values.svg ?? `futures-${config.symbol}-${report.period.first_session ?? 'none'}-${report.period.last_session ?? 'none'}.svg`;
  const startDate = first === undefined ? (values.start ?? 'start') : formatIsoDay((parseIsoDay(first.date) ?? 1) - 1);
  const svgFile = writeOutputFile(
    values.out,
    svgName,
    renderEquitySvg(
      report.sessions.map((s) => ({ date: s.date, balance: s.balance, floor: s.mll_floor })),
      {
        title: `${config.symbol} ORB ${config.strategy.entry_mode} · ${accountLabel(config.rules)} · ${report.verdict.status}`,
        start: { date: startDate, balance: report.start_balance, floor: config.rules.max_loss_limit === null ? null : report.start_balance - config.rules.max_loss_limit },
        profitTarget: config.rules.profit_target === null ? null : report.start_balance + config.rules.profit_target,
        synthetic,
      },
    ),
  );
  log(`\nEquity chart: ${svgFile}`);
  if (values.json !== undefined) writeJsonOutput(values.out, values.json, report, io, 'Report');
  if (values.html !== undefined) {
    // The tearsheet (echarts and the report layer) is loaded only for --html.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { buildFuturesTearsheet } = require('../modules/reports/futures-report') as typeof import('../modules/reports/futures-report');
    log(`HTML report: ${writeOutputFile(values.out, values.html, buildFuturesTearsheet(report, description.join('; '), new Date().toISOString()).html)}`);
  }
  if (values.trades !== undefined) log(`Trades: ${writeOutputFile(values.out, values.trades, tradesCsv(report.trades))}`);
}

if (require.main === module) {
  void runFuturesCli(process.argv.slice(2), STDIO).then((code) => {
    process.exitCode = code;
  });
}
