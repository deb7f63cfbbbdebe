// npm run futures -- --symbol MES --start 2024-01-02 --end 2024-06-28 --account 50K [--csv bars.csv] …
// Runs the ORB futures backtest with a progress bar, prints verdict, rules, counters, metrics and the
// trades, and writes the equity curve as SVG (and the report as JSON, the trades as CSV) into the output
// folder (./output by default).
import { SingleBar } from 'cli-progress';
import { parseArgs } from 'node:util';
import { loadConfigFromProcess } from '../config';
import {
  buildFuturesReport,
  formatIsoDay,
  EngineError,
  formatUsd,
  type FuturesBacktestResult,
  parseIsoDay,
  prepareFuturesData,
  resolveFuturesConfig,
  runFuturesBacktest,
} from '../engine';
import { buildFuturesTearsheet } from '../modules/reports/futures-report';
import { renderEquitySvg } from './equity-svg';
import type { CliOutput } from './metrics';
import { CliError, loadBars } from './futures-data';
import { DEFAULT_OUTPUT_DIR, writeOutputFile } from './output-files';
import { formatTradeTable, tradesCsv } from './trade-list';

const USAGE = `usage: npm run futures -- --symbol MES --start YYYY-MM-DD --end YYYY-MM-DD [options]

  --symbol S          ES, MES, NQ, MNQ, YM, MYM, RTY, M2K, CL, MCL, GC, MGC (default MES)
  --start, --end      trading dates (America/Chicago); required without --csv
  --account SIZE      50K | 100K | 150K | none (default 50K; none: no prop-firm rules, pure strategy research)
  --stage STAGE       combine | xfa (default combine; not with --account none)
  --attempts A        single (default: stop at the pass or failure) | reset (a fresh account on the next session)
  --reset-fee USD     charged for each attempt after the first (default 49 / 99 / 149)
  --preset P          classic-orb: the textbook ORB (docs/futures.md); --strategy values override it
  --mode MODE         breakout | pullback | pullback_vwap | pullback_ema (default pullback)
  --csv FILE          minute bars: NinjaTrader, TradingView, Databento or generic (docs/futures.md); synthetic otherwise.
                      Repeat it for one file per contract (ESH4.csv, ES 06-24.Last.txt …): they are rolled
  --roll R            volume (default) | N days before expiry (e.g. 8): how contract files are spliced
  --back-adjust A     none (default) | difference: add each roll's gap to the earlier contract's prices
  --format F          auto (default) | ninjatrader | tradingview | databento | generic
  --tz ZONE           zone of stamps without an offset (NinjaTrader: UTC; naive ISO: America/Chicago)
  --contract C        the contract to keep from a file with several (Databento symbol column, e.g. ESM4)
  --calendar C        cme (default: holidays skipped, early closes shortened) | none
  --calendar-day D    correct one date, repeatable: YYYY-MM-DD=closed | =regular | =HH:MM (early close, CT)
  --warmup-days N     synthetic bars fetched before --start for the daily indicators (default 100)
  --seed N            synthetic data seed (default MARKET_DATA_SEED or 42)
  --strategy k=v      any strategy parameter, repeatable (e.g. --strategy target_r=3 --strategy vwap_filter=false);
                      an unknown key or a bad value is refused, every one named
  --rules k=v         any rule override, repeatable (e.g. --rules daily_loss_limit=null --rules mll_trail_mode=intraday)
  --out DIR           folder of the files below (default ./output); absolute file names are kept as given
  --svg FILE          equity chart (default futures-<symbol>-<start>-<end>.svg)
  --json FILE         also write the full report as JSON
  --html FILE         also write the HTML tearsheet (self-contained: charts, metrics, verdict, rules, trades)
  --trades FILE       also write the trade list as CSV (every field of every trade)
  --show-trades N     trades printed (default 40: the first and last 20; 0 for none)
  --no-progress       no progress bar`;

function parseAssignments(values: readonly string[] | undefined, flag: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const item of values ?? []) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`${flag} expects key=value, got "${item}"`);
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

class UsageError extends Error {}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

function show(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(4).replace(/0+$/, '').replace(/\.$/, '');
  return String(value);
}

/**
 * Runs the CLI on `args` (without node and the script); returns the exit code: 0, 1 for a run the engine
 * refuses (bad parameter, bad line in a file), 2 for a usage or file problem. Messages, never stack traces.
 */
export async function runFuturesCli(args: readonly string[], io: CliOutput): Promise<number> {
  try {
    await run(args, io);
    return 0;
  } catch (error) {
    if (error instanceof CliError) {
      io.err(error.message);
      return 2;
    }
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String((error as { code: unknown }).code).startsWith('ERR_PARSE_ARGS'))) {
      io.err(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof EngineError) {
      io.err(error.message);
      if (error.errors.length > 1) for (const e of error.errors) io.err(`  ${e.field}: ${e.message}`);
      return 1;
    }
    io.err(error instanceof Error ? error.message : String(error));
    return 1;
  }
}

async function run(args: readonly string[], io: CliOutput): Promise<void> {
  const log = io.out;
  const { values } = parseArgs({
    args: [...args],
    options: {
      symbol: { type: 'string', default: 'MES' },
      start: { type: 'string' },
      end: { type: 'string' },
      account: { type: 'string', default: '50K' },
      stage: { type: 'string' },
      attempts: { type: 'string' },
      'reset-fee': { type: 'string' },
      preset: { type: 'string' },
      mode: { type: 'string' },
      csv: { type: 'string', multiple: true },
      roll: { type: 'string' },
      'back-adjust': { type: 'string' },
      format: { type: 'string' },
      tz: { type: 'string' },
      contract: { type: 'string' },
      calendar: { type: 'string' },
      'calendar-day': { type: 'string', multiple: true },
      'warmup-days': { type: 'string', default: '100' },
      seed: { type: 'string' },
      strategy: { type: 'string', multiple: true },
      rules: { type: 'string', multiple: true },
      out: { type: 'string', default: DEFAULT_OUTPUT_DIR },
      svg: { type: 'string' },
      json: { type: 'string' },
      html: { type: 'string' },
      trades: { type: 'string' },
      'show-trades': { type: 'string', default: '40' },
      'no-progress': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    log(USAGE);
    return;
  }
  const strategy = parseAssignments(values.strategy, '--strategy');
  if (values.mode !== undefined) strategy.entry_mode = values.mode;
  if (values.preset !== undefined) strategy.preset = values.preset.replace(/-/g, '_');
  const config = resolveFuturesConfig({
    symbol: values.symbol,
    start_date: values.start ?? null,
    end_date: values.end ?? null,
    account_size: values.account,
    stage: values.stage,
    strategy,
    rules: parseAssignments(values.rules, '--rules'),
    attempts: values.attempts,
    reset_fee: values['reset-fee'] === undefined ? undefined : Number(values['reset-fee']),
    calendar: values.calendar,
    calendar_overrides: values['calendar-day'],
  });
  const showTrades = Number(values['show-trades']);
  if (!Number.isInteger(showTrades) || showTrades < 0) throw new UsageError('--show-trades must be a non-negative integer');
  const warmupDays = Number(values['warmup-days']);
  if (!Number.isInteger(warmupDays) || warmupDays < 0) throw new UsageError('--warmup-days must be a non-negative integer');
  const seed = values.seed === undefined ? loadConfigFromProcess().marketData.syntheticSeed : Number(values.seed);
  const { bars, description } = loadBars(config.symbol, values, warmupDays, seed);
  const data = prepareFuturesData(bars, config);

  const bar = values['no-progress'] ? null : new SingleBar({ format: ' {bar} {value}/{total} sessions | {date} | balance {balance}', hideCursor: true });
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

  log(`\n${config.symbol} ORB (${config.strategy.entry_mode}) · ${config.rules.account_size} ${config.rules.stage} · ${report.period.first_session ?? '—'} → ${report.period.last_session ?? '—'}`);
  for (const line of description) log(line);
  log(`${report.bars_processed.toLocaleString('en-US')} bars in ${report.period.sessions_simulated} sessions; ${report.trades.length} trades; net ${formatUsd(report.net_pnl)}; balance ${formatUsd(report.final_balance)}`);
  log(`\nVERDICT: ${report.verdict.status.toUpperCase()} — ${report.verdict.detail}`);
  const cushion = report.min_cushion;
  if (cushion !== null) log(`Smallest cushion to the loss limit: ${formatUsd(cushion.amount)} on ${cushion.date} at ${cushion.time.slice(11, 16)} CT`);
  if (report.attempts.length > 1) {
    log(`\nAttempts (${report.attempts.length}; reset fees ${formatUsd(report.reset_fees)}; net after fees ${formatUsd(report.net_pnl_after_fees)})`);
    for (const a of report.attempts) {
      const cushionText = a.min_cushion === null ? '—' : formatUsd(a.min_cushion.amount);
      log(`  ${pad(String(a.attempt), 4)} ${a.start_date} → ${a.end_date}  ${pad(a.outcome, 7)} ${pad(String(a.sessions), 5)} sessions  net ${pad(formatUsd(a.net_pnl), 12)} smallest cushion ${cushionText}`);
    }
  }
  log('');
  log('Rules');
  for (const rule of report.rules) log(`  ${pad(rule.rule, 20)} ${pad(rule.status, 14)} limit ${pad(show(rule.limit), 10)} value ${show(rule.value)}`);
  log('\nCounters');
  for (const [key, value] of Object.entries(report.counters)) log(`  ${pad(key, 32)} ${show(value)}`);
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
  for (const [key, value] of metricRows) log(`  ${pad(key, 32)} ${show(value)}${m.metric_notes[key] === undefined ? '' : `  (${m.metric_notes[key]})`}`);

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
        title: `${config.symbol} ORB ${config.strategy.entry_mode} · ${config.rules.account_size} ${config.rules.stage} · ${report.verdict.status}`,
        start: { date: startDate, balance: report.start_balance, floor: config.rules.max_loss_limit === null ? null : report.start_balance - config.rules.max_loss_limit },
        profitTarget: config.rules.profit_target === null ? null : report.start_balance + config.rules.profit_target,
        synthetic,
      },
    ),
  );
  log(`\nEquity chart: ${svgFile}`);
  if (values.json !== undefined) log(`Report: ${writeOutputFile(values.out, values.json, `${JSON.stringify(report, null, 2)}\n`)}`);
  if (values.html !== undefined) {
    log(`HTML report: ${writeOutputFile(values.out, values.html, buildFuturesTearsheet(report, description.join('; '), new Date().toISOString()).html)}`);
  }
  if (values.trades !== undefined) log(`Trades: ${writeOutputFile(values.out, values.trades, tradesCsv(report.trades))}`);
}

if (require.main === module) {
  void runFuturesCli(process.argv.slice(2), { out: (line) => process.stdout.write(`${line}\n`), err: (line) => process.stderr.write(`${line}\n`) }).then((code) => {
    process.exitCode = code;
  });
}
