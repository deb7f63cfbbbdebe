// hf futures --sweep target_r=1.5,2,3 --sweep entry_mode=breakout,pullback [--objective net_pnl]
// [--train-days 120 --test-days 20] [--top 20] … (the backtest options): every combination of the values over
// the range on the same bars, ranked by the objective and printed as a table; with --train-days/--test-days a
// walk-forward; --json writes the whole sweep, --html its page (the run report of a persisted sweep).
import { loadConfigFromProcess } from '../config/load-config';
import { EngineError, formatUsd, type FuturesBacktestInput, prepareFuturesData, resolveSweep, runSweepSync, type SweepObjective, type SweepReport, type SweepScore } from '../engine';
import { CliError, type CliOutput, nonNegativeInteger } from './command';
import { type FuturesCliDataOptions, loadBars, requireSessions } from './futures-data';
import { textLog, writeJsonOutput, writeOutputFile } from './output-files';
import { tableLines, type TableRow } from './table';

/** The options of `hf futures` a sweep reads (the backtest's own are turned into `input` by the caller). */
export interface SweepCliOptions extends FuturesCliDataOptions {
  readonly sweep?: string[];
  readonly objective?: string;
  readonly trainDays?: string;
  readonly testDays?: string;
  readonly horizonDays?: string;
  readonly top?: string;
}

/** `key=v1,v2,…` → `{key, values}`; each value read as JSON when it parses (numbers, true/false, null), else as text. */
export function parseSweepOption(item: string): { key: string; values: unknown[] } {
  const eq = item.indexOf('=');
  if (eq <= 0 || eq === item.length - 1) throw new CliError(`--sweep expects key=value1,value2,…, got "${item}"`);
  const values = item
    .slice(eq + 1)
    .split(',')
    .map((raw) => {
      const text = raw.trim();
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return text;
      }
    });
  return { key: item.slice(0, eq).trim(), values };
}

function numberOption(raw: string | undefined): number | undefined {
  return raw === undefined ? undefined : Number(raw);
}

function show(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(4).replace(/0+$/, '').replace(/\.$/, '');
  return String(value);
}

const OBJECTIVE_LABEL: Record<SweepObjective, string> = { p_pass: 'P(pass)', net_pnl: 'net P&L', profit_factor: 'profit factor', sharpe: 'Sharpe' };

function scoreCells(score: SweepScore, objective: SweepObjective): (string | number | null)[] {
  return [...(objective === 'p_pass' ? [score.p_pass === null ? null : `${(100 * score.p_pass).toFixed(1)} %`] : []), formatUsd(score.net_pnl), show(score.profit_factor), show(score.sharpe), score.trades];
}

function scoreHead(objective: SweepObjective): string[] {
  return [...(objective === 'p_pass' ? ['P(pass)'] : []), 'net P&L', 'profit factor', 'Sharpe', 'trades'];
}

/** The sweep as tables: the ranking (the first `top` rows), then the walk-forward's windows and summary. */
export function formatSweepReport(report: SweepReport, top: number): string[] {
  const lines: string[] = [];
  const keys = report.parameters.map((p) => p.key);
  const shape = report.parameters.map((p) => `${p.key} ${p.values.length}`).join(' × ');
  lines.push(`\nRanking by ${OBJECTIVE_LABEL[report.objective]} (${report.combinations} combinations: ${shape}; ${report.period.sessions} sessions)`);
  const rows: TableRow[] = report.ranking.slice(0, top).map((r) => [r.rank, ...keys.map((k) => show(r.params[k])), ...scoreCells(r.score, report.objective)]);
  if (report.ranking.length > top) rows.push({ note: `… ${report.ranking.length - top} more (all of them in --json)` });
  lines.push(...tableLines(['rank', ...keys, ...scoreHead(report.objective)], rows, { align: ['right', ...keys.map(() => 'left' as const), ...scoreHead(report.objective).map(() => 'right' as const)] }));
  const wf = report.walk_forward;
  if (wf === null) return lines;
  lines.push(`\nWalk-forward: best by ${OBJECTIVE_LABEL[wf.objective]} on ${wf.train_days} training sessions, traded on the next ${wf.test_days}`);
  const objectiveCell = (score: SweepScore): string => {
    const value = score[wf.objective];
    if (value === null) return '—';
    return wf.objective === 'net_pnl' ? formatUsd(value) : wf.objective === 'p_pass' ? `${(100 * value).toFixed(1)} %` : show(value);
  };
  const withPnl = wf.objective !== 'net_pnl';
  lines.push(
    ...tableLines(
      ['window', 'train', 'test', 'chosen', `in-sample ${OBJECTIVE_LABEL[wf.objective]}`, `out-of-sample ${OBJECTIVE_LABEL[wf.objective]}`, ...(withPnl ? ['out-of-sample net P&L'] : [])],
      wf.windows.map((w) => [
        w.index + 1,
        `${w.train.start_date} → ${w.train.end_date}`,
        `${w.test.start_date} → ${w.test.end_date}`,
        keys.map((k) => `${k}=${show(w.chosen.params[k])}`).join(' '),
        objectiveCell(w.in_sample),
        objectiveCell(w.out_of_sample),
        ...(withPnl ? [formatUsd(w.out_of_sample.net_pnl)] : []),
      ]),
      { align: ['right', 'left', 'left', 'left', 'right', 'right', 'right'] },
    ),
  );
  const s = wf.stitched;
  lines.push(`Stitched out-of-sample ${s.start_date} → ${s.end_date}: ${s.sessions} sessions, ${s.trades} trades, net ${formatUsd(s.net_pnl)}${s.net_pnl_after_fees === s.net_pnl ? '' : `, reset fees ${formatUsd(s.net_pnl - s.net_pnl_after_fees)} (net after fees ${formatUsd(s.net_pnl_after_fees)})`}, equity ${formatUsd(s.start_equity)} → ${formatUsd(s.end_equity)}, profit factor ${show(s.profit_factor)}, Sharpe ${show(s.sharpe)}${s.p_pass === null ? '' : `, P(pass) ${(100 * s.p_pass).toFixed(1)} %`}`);
  const d = wf.degradation;
  const unit = d.objective === 'net_pnl' ? ' per session' : '';
  lines.push(`Degradation (${OBJECTIVE_LABEL[d.objective]}${unit}): in-sample ${show(d.in_sample)}, out-of-sample ${show(d.out_of_sample)}, degradation ${show(d.degradation)}${d.degradation_pct === null ? '' : ` (${show(d.degradation_pct)} %)`}, efficiency ${show(d.efficiency)}`);
  const p = d.net_pnl_per_session;
  if (d.objective !== 'net_pnl') lines.push(`Net P&L per session: in-sample ${show(p.in_sample)}, out-of-sample ${show(p.out_of_sample)}, efficiency ${show(p.efficiency)}`);
  return lines;
}

/** The sweep from the command line: validated like the route (every bad field named), run in this process, printed. */
export function runSweepCli(values: SweepCliOptions, input: FuturesBacktestInput, io: CliOutput): void {
  const log = textLog(values, io);
  const plan = resolveSweep({
    base: input,
    sweep: (values.sweep ?? []).map(parseSweepOption),
    objective: values.objective,
    train_days: numberOption(values.trainDays),
    test_days: numberOption(values.testDays),
    horizon_days: numberOption(values.horizonDays),
  });
  const top = values.top === undefined ? 20 : nonNegativeInteger(values.top, '--top');
  const warmupDays = nonNegativeInteger(values.warmupDays, '--warmup-days');
  const seed = values.seed !== undefined ? Number(values.seed) : (values.csv ?? []).length > 0 ? Number.NaN : loadConfigFromProcess().marketData.syntheticSeed;
  const { bars, description } = loadBars(
    plan.config.symbol,
    { csv: values.csv, roll: values.roll, 'back-adjust': values.backAdjust, format: values.format, tz: values.tz, contract: values.contract, start: values.start, end: values.end },
    warmupDays,
    seed,
  );
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const bar = values.progress ? new (require('cli-progress') as typeof import('cli-progress')).SingleBar({ format: ' {bar} {value}/{total} combination runs', hideCursor: true }) : null;
  let started = false;
  let report: SweepReport;
  try {
    report = runSweepSync(bars, plan, (done, total) => {
      if (bar === null) return;
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done);
    });
  } catch (error) {
    // No session in the range: the backtest's message, naming --start and the sessions the bars have.
    if (error instanceof EngineError && error.code === 'INSUFFICIENT_DATA') requireSessions(prepareFuturesData(bars, plan.config), plan.config, (values.csv ?? []).length === 0);
    throw error;
  }
  bar?.stop();
  const { config } = plan;
  log(`\n${config.symbol} ORB sweep · ${config.rules.account_size}${config.rules.stage === null ? '' : ` ${config.rules.stage}`} · ${report.period.start_date ?? 'first session'} → ${report.period.end_date ?? 'last session'}`);
  for (const line of description) log(line);
  for (const line of formatSweepReport(report, top)) log(line);
  if (values.json !== undefined) {
    log('');
    writeJsonOutput(values.out, values.json, report, io, 'Sweep');
  }
  if (values.html !== undefined) {
    // The page (echarts, the report layer, the wire mapper) is loaded only for --html.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { toFuturesSweepResponse } = require('../modules/futures/futures-sweep.mapper') as typeof import('../modules/futures/futures-sweep.mapper');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { buildSweepTearsheet } = require('../modules/reports/sweep-report') as typeof import('../modules/reports/sweep-report');
    const results = JSON.parse(JSON.stringify(toFuturesSweepResponse(report, description.join('; '), null))) as Record<string, unknown>;
    const request = JSON.parse(JSON.stringify({ ...input, horizon_days: plan.horizon_days })) as Record<string, unknown>;
    log(`HTML report: ${writeOutputFile(values.out, values.html, buildSweepTearsheet(results, request, new Date().toISOString()).html)}`);
  }
}
