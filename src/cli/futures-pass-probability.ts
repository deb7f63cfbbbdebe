// hf futures --pass-probability [--method both] [--horizon-days 60] [--paths 10000] [--bootstrap-seed 1]
// [--block-days 5] … (the backtest options): the odds of passing the evaluation, rolling starts and a block
// bootstrap of whole sessions, printed as tables; --json and --html write the estimate and its tearsheet.
import { loadConfigFromProcess } from '../config/load-config';
import {
  buildFuturesReport,
  formatIsoDay,
  formatUsd,
  type FuturesBacktestInput,
  horizonCalendarDays,
  parseIsoDay,
  type OutcomeOdds,
  passProbability,
  prepareFuturesData,
  resolvePassProbabilityConfig,
  runFuturesBacktestSync,
} from '../engine';
import { toPassProbabilityResponse } from '../modules/futures/pass-probability.mapper';
import { toMetricsResponse } from '../modules/metrics/metrics.mapper';
import { type CliOutput, nonNegativeInteger } from './command';
import { type FuturesCliDataOptions, loadBars, requireSessions } from './futures-data';
import { textLog, writeJsonOutput, writeOutputFile } from './output-files';
import { tableLines, type TableRow } from './table';

/** The options of `hf futures` the estimate reads (the backtest's own are turned into `input` by the caller). */
export interface PassProbabilityCliOptions extends FuturesCliDataOptions {
  readonly method?: string;
  readonly horizonDays?: string;
  readonly paths?: string;
  readonly bootstrapSeed?: string;
  readonly blockDays?: string;
}

/** A number option as the engine should judge it: absent stays absent, anything else becomes a number (NaN is refused there). */
function numberOption(raw: string | undefined): number | undefined {
  return raw === undefined ? undefined : Number(raw);
}

function pct(share: number): string {
  return `${(100 * share).toFixed(1)} %`;
}

function oddsRow(label: string, counted: number, odds: OutcomeOdds, spread: string): TableRow {
  const days = odds.days_to_pass;
  return [
    label,
    counted,
    `${pct(odds.p_pass)}${spread}`,
    pct(odds.p_fail),
    pct(odds.p_open),
    days === null ? null : `${days.p50} / ${days.p90} / ${days.mean.toFixed(1)}`,
    odds.expected_cost_to_pass === null ? null : formatUsd(odds.expected_cost_to_pass),
  ];
}

/** The estimate from the command line: validated like the route (every bad field named), then printed. */
export async function runPassProbabilityCli(values: PassProbabilityCliOptions, input: FuturesBacktestInput, io: CliOutput): Promise<void> {
  const log = textLog(values, io);
  const { config, odds } = resolvePassProbabilityConfig({
    ...input,
    method: values.method,
    horizon_days: numberOption(values.horizonDays),
    paths: numberOption(values.paths),
    seed: numberOption(values.bootstrapSeed),
    block_days: numberOption(values.blockDays),
  });
  const warmupDays = nonNegativeInteger(values.warmupDays, '--warmup-days');
  const dataSeed = values.seed === undefined ? loadConfigFromProcess().marketData.syntheticSeed : Number(values.seed);
  const synthetic = (values.csv ?? []).length === 0;
  // Synthetic bars go on past --end, so every rolling start gets its whole horizon; a file has what it has.
  const end = synthetic && values.end !== undefined && odds.method !== 'bootstrap' ? formatIsoDay((parseIsoDay(values.end) ?? 0) + horizonCalendarDays(odds.horizon_days)) : values.end;
  const { bars, description } = loadBars(
    config.symbol,
    { csv: values.csv, roll: values.roll, 'back-adjust': values.backAdjust, format: values.format, tz: values.tz, contract: values.contract, start: values.start, end },
    warmupDays,
    dataSeed,
  );
  const data = prepareFuturesData(bars, config);
  requireSessions(data, config, synthetic);

  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const bar = values.progress ? new (require('cli-progress') as typeof import('cli-progress')).SingleBar({ format: ' {bar} {value}/{total} {phase}', hideCursor: true }) : null;
  // Synthetic bars are fetched from each start's warm-up like a backtest from it; a file is one dataset.
  const steps = passProbability(data, config, odds, { warmupDays: synthetic ? warmupDays : null });
  let step = steps.next();
  let phase = '';
  while (step.done !== true) {
    const progress = step.value;
    if (bar !== null) {
      if (progress.phase !== phase) {
        if (phase !== '') bar.stop();
        bar.start(progress.total, 0, { phase: progress.phase === 'rolling' ? 'rolling starts' : 'bootstrap paths' });
        phase = progress.phase;
      }
      bar.update(progress.done);
    }
    step = steps.next();
  }
  bar?.stop();
  const result = step.value;
  const history = runFuturesBacktestSync(data, { ...config, attempts: 'reset', rules: { ...config.rules, continue_after_pass: false } });
  const response = toPassProbabilityResponse(result, config, toMetricsResponse(buildFuturesReport(history).metrics), description.join('; '), null);

  log(`\n${config.symbol} ORB (${config.strategy.entry_mode}) · ${config.rules.account_size} ${config.rules.stage} · odds of passing within ${odds.horizon_days} trading days`);
  for (const line of description) log(line);
  log(`Range ${result.first_session ?? '—'} → ${result.last_session ?? '—'}; profit target ${formatUsd(config.rules.profit_target ?? 0)}, maximum loss limit ${formatUsd(config.rules.max_loss_limit ?? 0)}; reset fee ${formatUsd(result.reset_fee)}`);
  const rows: TableRow[] = [];
  if (result.rolling !== null) rows.push(oddsRow('rolling', result.rolling.starts_counted, result.rolling, ''));
  if (result.bootstrap !== null) rows.push(oddsRow('bootstrap', result.bootstrap.paths, result.bootstrap, ` ± ${pct(result.bootstrap.p_pass_standard_error)}`));
  log('');
  for (const line of tableLines(['method', 'attempts', 'passed', 'failed', 'open', 'days to pass p50 / p90 / mean', 'expected reset fees to pass'], rows)) log(line);
  if (result.bootstrap !== null) log(`Bootstrap: ${result.bootstrap.paths} paths of blocks of ${result.bootstrap.block_days} sessions drawn from ${result.bootstrap.sessions_pooled} (seed ${result.bootstrap.seed}).`);
  if (result.rolling !== null) {
    const starts = result.rolling.starts;
    const shown = starts.length <= 40 ? starts : [...starts.slice(0, 20), null, ...starts.slice(-20)];
    log(`\nRolling starts (${starts.length}; ${result.rolling.starts_counted} counted)`);
    for (const line of tableLines(
      ['start', 'outcome', 'decided / ended', 'horizon end', 'trading days', 'net P&L', 'smallest cushion'],
      shown.map((s) =>
        s === null
          ? { note: `… ${starts.length - 40} more …` }
          : [s.start_date, s.horizon_complete ? s.outcome : `${s.outcome} (data ended)`, s.end_date, s.horizon_end, s.trading_days, formatUsd(s.net_pnl), s.min_cushion === null ? null : formatUsd(s.min_cushion)],
      ),
      { textColumns: 4 },
    ))
      log(line);
  }
  if (values.json !== undefined) {
    log('');
    writeJsonOutput(values.out, values.json, response, io, 'Estimate');
  }
  if (values.html !== undefined) {
    // The tearsheet (echarts and the report layer) is loaded only for --html.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { buildPassProbabilityTearsheet } = require('../modules/reports/pass-probability-report') as typeof import('../modules/reports/pass-probability-report');
    const json = JSON.parse(JSON.stringify(response)) as Record<string, unknown>;
    log(`HTML report: ${writeOutputFile(values.out, values.html, buildPassProbabilityTearsheet(json, new Date().toISOString()).html)}`);
  }
}
