// The tearsheet's HTML tables: key metrics, monthly/yearly returns heatmap, trades, futures verdict,
// rules and attempts. Every number cell carries its exact JSON value in `data-value` (tables of
// metrics) or `data-v` (sortable tables); the text is the rounded reading of that value.
import type { MetricsReport, PeriodReturns, RuleCheck } from '../../../engine';
import { clockOf, EMPTY, formatCell, formatPct } from './format';
import type { TearsheetAttempt, TearsheetCellKind, TearsheetColumn, TearsheetCushion, TearsheetFutures, TearsheetSweep, TearsheetTable, TearsheetWalkForward } from './tearsheet.types';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** Where a key metric's value lives in the JSON report: the metrics report, the futures `counters`, or the benchmark's metrics. */
export type MetricSource = 'metrics' | 'counters' | 'benchmark';

export interface KeyMetric {
  readonly label: string;
  readonly source: MetricSource;
  /** Field name, or a dotted path into a nested object (`max_drawdown_details.time_to_recovery_trading_days`). */
  readonly key: string;
  readonly kind: TearsheetCellKind;
}

const m = (label: string, key: string, kind: TearsheetCellKind): KeyMetric => ({ label, source: 'metrics', key, kind });
const c = (label: string, key: string): KeyMetric => ({ label, source: 'counters', key, kind: 'int' });

/**
 * The key-metrics table, group by group. It holds every metric of the status report the product was
 * built from (reference/status-report.md): Sharpe, Sortino, max drawdown and its date, exposures and
 * long/short ratio, total return, win rate, total trades, time to recovery, losing streaks, % profitable
 * days, largest winning/losing day, average win/loss, profit factor, expectancy, and the ORB counters
 * (opening range breaks, pullback entries, regime filter passes, daily trade limit hits); daily P&L is
 * its own chart.
 */
export const KEY_METRICS: readonly (readonly [string, readonly KeyMetric[]])[] = [
  [
    'Returns and risk',
    [
      m('Total return', 'total_return_pct', 'pct'),
      m('CAGR', 'cagr_pct', 'pct'),
      m('Annual volatility', 'annual_volatility_pct', 'pct'),
      m('Sharpe ratio', 'sharpe_ratio', 'ratio'),
      m('Sortino ratio', 'sortino_ratio', 'ratio'),
      m('Calmar ratio', 'calmar_ratio', 'ratio'),
      m('Start value', 'start_value', 'money'),
      m('End value', 'end_value', 'money'),
    ],
  ],
  [
    'Drawdown',
    [
      m('Max drawdown', 'max_drawdown_pct', 'pct'),
      m('Max drawdown (money)', 'max_drawdown_money', 'money'),
      m('Max drawdown date (trough)', 'max_drawdown_trough_date', 'date'),
      m('Max drawdown peak date', 'max_drawdown_peak_date', 'date'),
      m('Recovery date', 'max_drawdown_recovery_date', 'date'),
      m('Time to recovery (trading days)', 'max_drawdown_details.time_to_recovery_trading_days', 'int'),
      m('Time to recovery (calendar days)', 'max_drawdown_details.time_to_recovery_calendar_days', 'int'),
      m('Longest drawdown (trading days)', 'longest_drawdown_trading_days', 'int'),
      m('Current drawdown', 'current_drawdown_pct', 'pct'),
    ],
  ],
  [
    'Days',
    [
      m('Trading days', 'periods', 'int'),
      m('% profitable days', 'profitable_days_pct', 'pct'),
      m('Largest winning day', 'largest_winning_day', 'money'),
      m('Largest winning day date', 'largest_winning_day_date', 'date'),
      m('Largest losing day', 'largest_losing_day', 'money'),
      m('Largest losing day date', 'largest_losing_day_date', 'date'),
      m('Best day share of profit', 'best_day_share_pct', 'pct'),
      m('Longest winning streak (days)', 'longest_winning_streak_days', 'int'),
      m('Longest losing streak (days)', 'longest_losing_streak_days', 'int'),
    ],
  ],
  [
    'Trades',
    [
      m('Total trades', 'total_trades', 'int'),
      m('Win rate', 'win_rate_pct', 'pct'),
      m('Average win', 'average_win', 'money'),
      m('Average loss', 'average_loss', 'money'),
      m('Payoff ratio', 'payoff_ratio', 'ratio'),
      m('Profit factor', 'profit_factor', 'ratio'),
      m('Expectancy (per trade)', 'expectancy', 'money'),
      m('Expectancy (R)', 'expectancy_r', 'ratio'),
      m('Longest losing streak (trades)', 'longest_losing_streak_trades', 'int'),
      m('Net profit of the trades', 'net_profit', 'money'),
    ],
  ],
  [
    'Exposure (open positions at the end)',
    [m('Gross exposure', 'gross_exposure', 'money'), m('Net exposure', 'net_exposure', 'money'), m('Long/short ratio', 'long_short_ratio', 'ratio')],
  ],
  [
    'Opening range breakout',
    [c('Opening range breaks', 'opening_range_breaks'), c('Pullback entries', 'pullback_entries'), c('Regime filter passes', 'regime_filter_passes'), c('Daily trade limit hits', 'daily_trade_limit_hits')],
  ],
];

/** Figures against the benchmark (hedge-fund backtests with a `benchmark`), from `benchmark.metrics`. */
export const BENCHMARK_METRICS: readonly KeyMetric[] = [
  { label: 'Benchmark total return', source: 'benchmark', key: 'benchmark_total_return_pct', kind: 'pct' },
  { label: 'Active return', source: 'benchmark', key: 'active_return_pct', kind: 'pct' },
  { label: 'Beta', source: 'benchmark', key: 'beta', kind: 'ratio' },
  { label: 'Alpha (annualised, fraction)', source: 'benchmark', key: 'alpha', kind: 'ratio' },
  { label: 'Correlation', source: 'benchmark', key: 'correlation', kind: 'ratio' },
  { label: 'Information ratio', source: 'benchmark', key: 'information_ratio', kind: 'ratio' },
  { label: 'Tracking error (annualised, fraction)', source: 'benchmark', key: 'tracking_error', kind: 'ratio' },
];

function lookup(source: unknown, path: string): unknown {
  let value: unknown = source;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null) return null;
    value = (value as Record<string, unknown>)[part];
  }
  return value === undefined ? null : value;
}

/** Why a key metric is empty: the report's own note, else a short reason. */
function emptyReason(metric: KeyMetric, report: MetricsReport, hasCounters: boolean, benchmark: Readonly<Record<string, unknown>> | null): string {
  if (metric.source === 'counters') return hasCounters ? 'not in this report' : 'futures ORB runs only';
  if (metric.source === 'benchmark') {
    const notes = benchmark?.metric_notes;
    const note = typeof notes === 'object' && notes !== null ? (notes as Record<string, unknown>)[metric.key] : undefined;
    return typeof note === 'string' ? note : 'undefined';
  }
  const notes = report.metric_notes;
  const base = metric.key.split('.')[0];
  if (metric.key.startsWith('max_drawdown_details.time_to_recovery')) {
    return report.max_drawdown_details === null ? (notes.max_drawdown_details ?? 'no drawdown') : 'not recovered by the last date';
  }
  return notes[metric.key] ?? notes[base] ?? 'undefined';
}

interface MetricSources {
  readonly report: MetricsReport;
  readonly counters?: Readonly<Record<string, number | null>>;
  readonly benchmark?: Readonly<Record<string, unknown>> | null;
}

function metricRow(metric: KeyMetric, { report, counters, benchmark = null }: MetricSources): string {
  const source = metric.source === 'metrics' ? report : metric.source === 'counters' ? counters : benchmark;
  const value = source === undefined || source === null ? null : lookup(source, metric.key);
  const shown = typeof value === 'number' || typeof value === 'string' ? value : null;
  const key = `${metric.source}.${metric.key}`;
  const text = formatCell(shown, metric.kind);
  const reason = shown === null ? `<span class="why">${escapeHtml(emptyReason(metric, report, counters !== undefined, benchmark))}</span>` : '';
  return `<tr><th scope="row">${escapeHtml(metric.label)}</th><td class="num" data-key="${escapeHtml(key)}" data-value="${escapeHtml(JSON.stringify(shown))}">${escapeHtml(text)}${reason}</td></tr>`;
}

/** The key-metrics tables, one per group (and one against the benchmark when there is one). */
export function keyMetricsHtml(sources: MetricSources & { readonly benchmarkLabel?: string }): string {
  const groups = sources.benchmarkLabel === undefined ? KEY_METRICS : [...KEY_METRICS, [`Against the benchmark (${sources.benchmarkLabel})`, BENCHMARK_METRICS] as const];
  return groups
    .map(
      ([group, metrics]) =>
        `<table class="kv" data-group="${escapeHtml(group)}"><caption>${escapeHtml(group)}</caption><tbody>${metrics.map((metric) => metricRow(metric, sources)).join('')}</tbody></table>`,
    )
    .join('\n');
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Colour class of a return: five steps each way, scaled to the largest monthly move. */
function heatClass(value: number, scale: number): string {
  if (value === 0 || scale === 0) return 'h0';
  const step = Math.min(5, Math.max(1, Math.ceil((Math.abs(value) / scale) * 5)));
  return value > 0 ? `hp${step}` : `hn${step}`;
}

function heatCell(value: number, scale: number, label: string): string {
  return `<td class="hm ${heatClass(value, scale)}" data-period="${label}" data-value="${value}">${(value * 100).toFixed(1)}</td>`;
}

/** Monthly returns (percent) by year, with each year's return in the last column. */
export function heatmapHtml(periods: PeriodReturns): string {
  const scale = periods.months.reduce((max, p) => Math.max(max, Math.abs(p.return)), 0);
  const yearScale = periods.years.reduce((max, p) => Math.max(max, Math.abs(p.return)), 0);
  const byYear = new Map<number, Map<number, number>>();
  for (const p of periods.months) {
    if (!byYear.has(p.year)) byYear.set(p.year, new Map());
    byYear.get(p.year)?.set(p.month as number, p.return);
  }
  const rows = periods.years.map((y) => {
    const months = byYear.get(y.year) ?? new Map<number, number>();
    const cells = MONTHS.map((_, i) => {
      const value = months.get(i + 1);
      const label = `${y.year}-${String(i + 1).padStart(2, '0')}`;
      return value === undefined ? `<td class="hm none" data-period="${label}"></td>` : heatCell(value, scale, label);
    });
    return `<tr><th scope="row">${y.year}</th>${cells.join('')}${heatCell(y.return, yearScale, String(y.year)).replace('class="hm', 'class="hm year')}</tr>`;
  });
  return `<table class="heatmap" data-chart="heatmap"><thead><tr><th></th>${MONTHS.map((mo) => `<th scope="col">${mo}</th>`).join('')}<th scope="col">Year</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** A table sorted by clicking its headers (the page's one script). */
export function sortableTableHtml(id: string, table: TearsheetTable, noun = 'trades'): string {
  const head = table.columns
    .map((col) => `<th scope="col" data-kind="${col.kind === 'text' || col.kind === 'date' ? 'text' : 'number'}"><button type="button">${escapeHtml(col.label)}</button></th>`)
    .join('');
  const body = table.rows
    .map(
      (row, r) =>
        `<tr${r === table.highlight ? ' class="best" data-best="true"' : ''}>${table.columns
          .map((col, i) => {
            const value = row[i];
            const numeric = col.kind !== 'text' && col.kind !== 'date';
            return `<td${numeric ? ' class="num"' : ''} data-v="${value === null ? '' : escapeHtml(String(value))}">${escapeHtml(formatCell(value, col.kind))}</td>`;
          })
          .join('')}</tr>`,
    )
    .join('');
  const shown =
    table.rows.length < table.total
      ? `<p class="note">Showing the last ${table.rows.length.toLocaleString('en-US')} of ${table.total.toLocaleString('en-US')} ${noun}; the metrics use all of them.</p>`
      : '';
  return `${shown}<div class="scroll"><table class="data" id="${id}" data-sortable><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

function ruleValue(value: number | string | null): string {
  if (value === null) return EMPTY;
  return typeof value === 'number' ? value.toLocaleString('en-US', { maximumFractionDigits: 4 }) : value;
}

export function verdictHtml(futures: TearsheetFutures): string {
  const { verdict } = futures;
  const when = verdict.date === null ? '' : ` on ${verdict.date}${verdict.time === null ? '' : ` at ${verdict.time} CT`}`;
  return `<div class="verdict v-${escapeHtml(verdict.status)}" data-verdict="${escapeHtml(verdict.status)}"><strong>${escapeHtml(verdict.status.replace('_', ' ').toUpperCase())}</strong>${escapeHtml(when)}<p>${escapeHtml(verdict.detail)}</p></div>`;
}

export function rulesHtml(rules: readonly RuleCheck[]): string {
  const rows = rules
    .map(
      (r) =>
        `<tr data-rule="${escapeHtml(r.rule)}"><th scope="row">${escapeHtml(r.rule)}</th><td>${escapeHtml(r.description)}</td><td class="num">${escapeHtml(ruleValue(r.limit))}</td><td class="num">${escapeHtml(ruleValue(r.value))}</td><td><span class="status s-${escapeHtml(r.status)}">${escapeHtml(r.status.replace('_', ' '))}</span></td></tr>`,
    )
    .join('');
  return `<table class="data" data-table="rules"><thead><tr><th scope="col">Rule</th><th scope="col">What</th><th scope="col">Limit</th><th scope="col">Value</th><th scope="col">Status</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function cushionText(cushion: TearsheetCushion | null): string {
  if (cushion === null) return EMPTY;
  // An ISO time shows as its clock time: the date is already there.
  const clock = cushion.time === null ? '' : ` ${clockOf(cushion.time)}`;
  return `${formatCell(cushion.amount, 'money')} (${cushion.date}${clock})`;
}

export function attemptsHtml(attempts: readonly TearsheetAttempt[], minCushion: TearsheetCushion | null): string {
  const cushion =
    minCushion === null
      ? ''
      : `<p data-field="min-cushion">Smallest cushion to the maximum-loss-limit floor: <strong data-value="${minCushion.amount}">${escapeHtml(cushionText(minCushion))}</strong>.</p>`;
  if (attempts.length <= 1) {
    const single = attempts.length === 1 ? ` (${escapeHtml(attempts[0].outcome)}${attempts[0].outcome_at === null ? '' : ` on ${escapeHtml(attempts[0].outcome_at)}`})` : '';
    return `${cushion}<p class="note">One attempt${single}: the run stops at the first pass or failure unless it resets (attempts: reset).</p>`;
  }
  const rows = attempts
    .map(
      (a) =>
        `<tr data-attempt="${a.number}"><td class="num">${a.number}</td><td>${escapeHtml(a.start_date)}</td><td>${escapeHtml(a.end_date ?? EMPTY)}</td><td>${escapeHtml(a.outcome)}</td><td>${escapeHtml(a.outcome_at ?? EMPTY)}</td><td class="num">${escapeHtml(formatCell(a.trading_days, 'int'))}</td><td class="num">${escapeHtml(formatCell(a.trades, 'int'))}</td><td class="num" data-v="${a.net_pnl ?? ''}">${escapeHtml(formatCell(a.net_pnl, 'money'))}</td><td class="num">${escapeHtml(cushionText(a.min_cushion))}</td><td class="num">${escapeHtml(formatCell(a.reset_fee, 'money'))}</td></tr>`,
    )
    .join('');
  return `${cushion}<table class="data" data-table="attempts"><thead><tr><th scope="col">#</th><th scope="col">Start</th><th scope="col">End</th><th scope="col">Outcome</th><th scope="col">When</th><th scope="col">Trading days</th><th scope="col">Trades</th><th scope="col">Net P&amp;L</th><th scope="col">Smallest cushion</th><th scope="col">Reset fee</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** One figure of a key-value table: its label, JSON path (`data-key`), exact value (`data-value`) and how it reads. */
export interface Figure {
  readonly label: string;
  readonly key: string;
  readonly value: string | number | null;
  readonly kind: TearsheetCellKind;
}

/** Figures as a key-value table, each value cell carrying its JSON path and exact value. */
export function figuresHtml(figures: readonly Figure[], caption?: string): string {
  const rows = figures
    .map((f) => `<tr><th scope="row">${escapeHtml(f.label)}</th><td class="num" data-key="${escapeHtml(f.key)}" data-value="${escapeHtml(JSON.stringify(f.value) ?? 'null')}">${escapeHtml(formatCell(f.value, f.kind))}</td></tr>`)
    .join('');
  return `<table class="kv"${caption === undefined ? '' : ` data-group="${escapeHtml(caption)}"><caption>${escapeHtml(caption)}</caption`}><tbody>${rows}</tbody></table>`;
}

/** The odds-of-passing figures as a table beside the chart. */
export function passProbabilityHtml(odds: { p_pass: number; p_fail: number; p_open: number; days_to_pass: { p50: number | null; p90: number | null; mean: number | null } | null }): string {
  const figure = (label: string, key: string, value: number | null, kind: TearsheetCellKind): Figure => ({ label, key: `pass_probability.${key}`, value, kind });
  return `${figuresHtml([
    figure('Passed', 'p_pass', odds.p_pass, 'ratio'),
    figure('Failed', 'p_fail', odds.p_fail, 'ratio'),
    figure('Still open', 'p_open', odds.p_open, 'ratio'),
    figure('Days to pass (median)', 'days_to_pass.p50', odds.days_to_pass?.p50 ?? null, 'number'),
    figure('Days to pass (90th percentile)', 'days_to_pass.p90', odds.days_to_pass?.p90 ?? null, 'number'),
    figure('Days to pass (mean)', 'days_to_pass.mean', odds.days_to_pass?.mean ?? null, 'number'),
  ])}<p class="note">Probabilities as fractions; ${formatPct(100 * odds.p_pass)} of the attempts passed.</p>`;
}

/** `record[key]` when the record has it as its own property (a stored parameter named `constructor` is not Object's). */
export function ownValue(record: Readonly<Record<string, unknown>>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : null;
}

/** A swept parameter's value as a cell: numbers and text as they are, `true`/`false` as text, null empty; never undefined. */
export function sweepParamCell(value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string') return value;
  return typeof value === 'boolean' ? String(value) : (JSON.stringify(value) ?? null);
}

/** One column per swept parameter: numeric when every value is a number, else text. */
export function sweepParamColumns(parameters: TearsheetSweep['parameters']): TearsheetColumn[] {
  return parameters.map((p) => ({ key: p.key, label: p.key, kind: p.values.every((v) => typeof v === 'number') ? 'number' : 'text' }));
}

/** The scores of a combination as columns (P(pass) and its starts only when the sweep computed them). */
export function sweepScoreColumns(withPassProbability: boolean): TearsheetColumn[] {
  return [
    ...(withPassProbability
      ? [
          { key: 'p_pass', label: 'P(pass)', kind: 'ratio' as const },
          { key: 'p_pass_starts', label: 'Starts', kind: 'int' as const },
        ]
      : []),
    { key: 'net_pnl', label: 'Net P&L', kind: 'money' },
    { key: 'net_pnl_after_fees', label: 'Net after fees', kind: 'money' },
    { key: 'profit_factor', label: 'Profit factor', kind: 'ratio' },
    { key: 'sharpe', label: 'Sharpe', kind: 'ratio' },
    { key: 'trades', label: 'Trades', kind: 'int' },
    { key: 'passed', label: 'Passed', kind: 'int' },
    { key: 'failed', label: 'Failed', kind: 'int' },
  ];
}

/** How the objective's value reads: money for net P&L, a ratio otherwise (P(pass) as a fraction). */
function objectiveKind(objective: string): TearsheetCellKind {
  return objective === 'net_pnl' ? 'money' : 'ratio';
}

function stored(source: Readonly<Record<string, unknown>>, key: string): string | number | null {
  const value = source[key];
  return typeof value === 'number' || typeof value === 'string' ? value : null;
}

/** The best combination: its parameters and its scores over the whole range. */
export function sweepBestHtml(sweep: TearsheetSweep): string {
  const { best } = sweep;
  const params = sweepParamColumns(sweep.parameters).map((col) => ({ label: col.label, key: `best.params.${col.key}`, value: sweepParamCell(ownValue(best.params, col.key)), kind: col.kind }));
  const scores = sweepScoreColumns(sweep.withPassProbability).map((col) => ({ label: col.label, key: `best.score.${col.key}`, value: stored(best.score, col.key), kind: col.kind }));
  return `<div class="metrics">${figuresHtml([{ label: 'Rank', key: 'best.rank', value: best.rank, kind: 'int' }, { label: 'Grid index', key: 'best.index', value: best.index, kind: 'int' }, ...params], 'Parameters')}${figuresHtml(scores, 'Scores over the whole range')}</div>`;
}

/** The walk-forward's windows: train and test ranges, the combination chosen, its objective in and out of sample. */
export function sweepWindowsTable(sweep: TearsheetSweep): TearsheetTable {
  const windows = sweep.walkForward?.windows ?? [];
  const params = sweepParamColumns(sweep.parameters);
  const kind = objectiveKind(sweep.objective);
  return {
    columns: [
      { key: 'window', label: 'Window', kind: 'int' },
      { key: 'train', label: 'Train', kind: 'text' },
      { key: 'train_sessions', label: 'Train sessions', kind: 'int' },
      { key: 'test', label: 'Test', kind: 'text' },
      { key: 'test_sessions', label: 'Test sessions', kind: 'int' },
      { key: 'chosen_index', label: 'Chosen #', kind: 'int' },
      ...params,
      { key: 'in_sample', label: `In-sample ${sweep.objective}`, kind },
      { key: 'out_of_sample', label: `Out-of-sample ${sweep.objective}`, kind },
      { key: 'out_of_sample_net_pnl', label: 'Out-of-sample net P&L', kind: 'money' },
      { key: 'out_of_sample_trades', label: 'Out-of-sample trades', kind: 'int' },
    ],
    rows: windows.map((w) => [
      w.number,
      `${w.train.start_date} → ${w.train.end_date}`,
      w.train.sessions,
      `${w.test.start_date} → ${w.test.end_date}`,
      w.test.sessions,
      w.chosen_index,
      ...params.map((col) => sweepParamCell(ownValue(w.chosen, col.key))),
      w.in_sample,
      w.out_of_sample,
      w.out_of_sample_net_pnl,
      w.out_of_sample_trades,
    ]),
    total: windows.length,
  };
}

/** The stitched out-of-sample figures and the degradation (walk-forward efficiency), as stored. */
export function sweepFiguresHtml(objective: string, wf: TearsheetWalkForward): string {
  const s = (label: string, key: string, kind: TearsheetCellKind): Figure => ({ label, key: `walk_forward.stitched.${key}`, value: stored(wf.stitched, key), kind });
  const d = (label: string, key: string, kind: TearsheetCellKind): Figure => ({ label, key: `walk_forward.degradation.${key}`, value: stored(wf.degradation, key), kind });
  const perSession = typeof wf.degradation.net_pnl_per_session === 'object' && wf.degradation.net_pnl_per_session !== null ? (wf.degradation.net_pnl_per_session as Readonly<Record<string, unknown>>) : {};
  const p = (label: string, key: string, kind: TearsheetCellKind): Figure => ({ label, key: `walk_forward.degradation.net_pnl_per_session.${key}`, value: stored(perSession, key), kind });
  const kind = objectiveKind(objective);
  const unit = objective === 'net_pnl' ? ' (per session)' : '';
  const stitched = [
    s('First session', 'start_date', 'date'),
    s('Last session', 'end_date', 'date'),
    s('Sessions', 'sessions', 'int'),
    s('Trades', 'trades', 'int'),
    s('Net P&L', 'net_pnl', 'money'),
    s('Net after fees', 'net_pnl_after_fees', 'money'),
    s('Profit factor', 'profit_factor', 'ratio'),
    s('Sharpe', 'sharpe', 'ratio'),
    ...(objective === 'p_pass' || stored(wf.stitched, 'p_pass') !== null ? [s('P(pass)', 'p_pass', 'ratio')] : []),
    s('Start equity', 'start_equity', 'money'),
    s('End equity', 'end_equity', 'money'),
  ];
  const degradation = [
    d(`In sample${unit}`, 'in_sample', kind),
    d(`Out of sample${unit}`, 'out_of_sample', kind),
    d('Degradation (in − out)', 'degradation', kind),
    d('Degradation', 'degradation_pct', 'pct'),
    d('Walk-forward efficiency (out / in)', 'efficiency', 'ratio'),
  ];
  const pnl = [p('In sample', 'in_sample', 'money'), p('Out of sample', 'out_of_sample', 'money'), p('Degradation (in − out)', 'degradation', 'money'), p('Efficiency (out / in)', 'efficiency', 'ratio')];
  return `<div class="metrics">${figuresHtml(stitched, 'Stitched out-of-sample run')}${figuresHtml(degradation, `Degradation of ${objective}`)}${figuresHtml(pnl, 'Net P&L per session')}</div><p class="note">In and out of sample: the mean over the windows of the chosen combination's ${escapeHtml(objective)}${unit} on its training and on its test window (windows where it is undefined left out); efficiency is null unless the in-sample value is positive.</p>`;
}
