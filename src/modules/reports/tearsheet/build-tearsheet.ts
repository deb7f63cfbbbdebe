import { computeDailyPnlColumns, computePeriodReturns, computeRollingSharpe, ROLLING_SHARPE_WINDOW } from '../../../engine';
import {
  dailyPnlChart,
  echarts,
  equityChart,
  passProbabilityChart,
  type RenderedChart,
  returnHistogramChart,
  rMultipleChart,
  rollingSharpeChart,
  stitchedEquityChart,
  tickerPnlChart,
  underwaterChart,
} from './charts';
import { formatInt } from './format';
import { contentSecurityPolicy, PAGE_SCRIPT, PAGE_STYLE } from './page-assets';
import { attemptsHtml, escapeHtml, heatmapHtml, keyMetricsHtml, passProbabilityHtml, rulesHtml, sortableTableHtml, sweepBestHtml, sweepFiguresHtml, sweepWindowsTable, verdictHtml } from './tables';
import type { Tearsheet, TearsheetHeader, TearsheetInput, TearsheetKind, TearsheetSweepInput } from './tearsheet.types';

const KIND_LABELS: Record<TearsheetKind, string> = {
  metrics: 'Equity curve',
  hedge_fund_backtest: 'Hedge-fund backtest',
  futures_backtest: 'Futures backtest',
  pass_probability: 'Pass probability',
  futures_sweep: 'Futures parameter sweep',
};

function section(id: string, title: string, body: string): string {
  return `<section id="${id}"><h2>${escapeHtml(title)}</h2>${body}</section>`;
}

function chartSection(chart: RenderedChart): string {
  return section(chart.id, chart.title, `<figure data-chart="${chart.id}">${chart.svg}<figcaption>${escapeHtml(chart.caption)}</figcaption></figure>`);
}

function dataHtml(lines: readonly string[] | undefined): string {
  if (lines === undefined || lines.length === 0) return '';
  return `<dt>Data used</dt><dd data-field="data"><ul class="ran">${lines.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul></dd>`;
}

/** The page's header: kind, title, what ran, the period, the data source (with the synthetic banner), origin and time. */
function headerHtml(input: TearsheetHeader & { readonly kind: TearsheetKind }, period: string): string {
  const { source } = input;
  const banner = source.synthetic
    ? `<div class="banner synthetic" role="note" data-synthetic="true">Synthetic data<span>These prices come from the built-in deterministic generator, not from market history: read the results as a demonstration of the method, not as evidence about a market.</span></div>`
    : '';
  return `<header><p class="note">${escapeHtml(KIND_LABELS[input.kind])}</p><h1>${escapeHtml(input.title)}</h1>
<ul class="ran">${input.ran.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>
<dl><dt>Period</dt><dd data-field="period">${escapeHtml(period)}</dd><dt>Data source</dt><dd data-field="source">${escapeHtml(source.label)}</dd>${dataHtml(input.data)}<dt>From</dt><dd>${escapeHtml(input.origin)}</dd><dt>Generated</dt><dd data-field="generated">${escapeHtml(input.generatedAt)}</dd></dl>${banner}</header>`;
}

function notesHtml(notes: Readonly<Record<string, string>>): string {
  const entries = Object.entries(notes);
  if (entries.length === 0) return '';
  return section('notes', 'Notes on the metrics', `<ul class="note">${entries.map(([key, note]) => `<li><code>${escapeHtml(key)}</code>: ${escapeHtml(note)}</li>`).join('')}</ul>`);
}

/**
 * Builds the self-contained HTML tearsheet of an equity curve and its report (or of a parameter sweep):
 * inline stylesheet and script, charts as inline SVG rendered on the server, no external resource. Numbers
 * come from `input.metrics` (the JSON report; a sweep's stored ranking and walk-forward) as they are; the
 * series drawn are computed from `input.curve`. Returns the page and the Content-Security-Policy header to
 * serve it with.
 */
export function buildTearsheet(input: TearsheetInput | TearsheetSweepInput): Tearsheet {
  if (input.kind === 'futures_sweep') return pageOf(input, sweepParts(input));
  const { curve, metrics, futures } = input;
  const daily = computeDailyPnlColumns({ dates: curve.days, values: curve.values });
  const window = metrics.periods_per_year === 252 ? ROLLING_SHARPE_WINDOW : Math.max(2, Math.round(metrics.periods_per_year / 2));
  const rolling = computeRollingSharpe(curve.values, window, metrics.periods_per_year, metrics.risk_free_rate);

  const period = `${metrics.start_date} → ${metrics.end_date} (${formatInt(metrics.periods)} periods, ${formatInt(metrics.calendar_days)} calendar days)`;
  const parts: string[] = [headerHtml(input, period)];
  if (futures !== undefined) parts.push(section('verdict', 'Verdict', verdictHtml(futures)));
  const benchmark = input.benchmark;
  parts.push(
    section(
      'key-metrics',
      'Key metrics',
      `<div class="metrics">${keyMetricsHtml({ report: metrics, counters: futures?.counters, benchmark: benchmark?.metrics, benchmarkLabel: benchmark?.label })}</div>`,
    ),
  );
  parts.push(chartSection(equityChart(input)));
  parts.push(chartSection(underwaterChart(input, daily.drawdown)));
  parts.push(chartSection(dailyPnlChart(curve, daily.pnl)));
  parts.push(
    section(
      'returns-heatmap',
      'Monthly and yearly returns (%)',
      `${heatmapHtml(computePeriodReturns(curve.days, curve.values))}<p class="note">Each month compounds from the last value of the month before; the year column is the year's return.</p>`,
    ),
  );
  parts.push(chartSection(returnHistogramChart(daily.return)));
  parts.push(chartSection(rollingSharpeChart(curve, rolling, window, metrics.sharpe_ratio)));
  if (futures !== undefined) {
    parts.push(section('rules', 'Prop-firm rules', rulesHtml(futures.rules)));
    parts.push(section('attempts', 'Attempts', attemptsHtml(futures.attempts, futures.minCushion)));
    if (futures.rMultiples.length > 0) parts.push(chartSection(rMultipleChart(futures.rMultiples)));
  }
  if (input.tickerPnl !== undefined && input.tickerPnl.length > 0) {
    const chart = tickerPnlChart(input.tickerPnl);
    const table = input.tickerTable === undefined ? '' : sortableTableHtml('ticker-pnl-table', input.tickerTable, 'tickers');
    parts.push(section(chart.id, chart.title, `<figure data-chart="${chart.id}">${chart.svg}<figcaption>${escapeHtml(chart.caption)}</figcaption></figure>${table}`));
  }
  if (input.passProbability !== undefined) {
    const chart = passProbabilityChart(input.passProbability);
    parts.push(section(chart.id, chart.title, `${passProbabilityHtml(input.passProbability)}<figure data-chart="${chart.id}">${chart.svg}<figcaption>${escapeHtml(chart.caption)}</figcaption></figure>`));
  }
  if (input.trades !== undefined) {
    const body = input.trades.total === 0 ? '<p class="note">No trades.</p>' : sortableTableHtml('trades-table', input.trades);
    parts.push(section('trades', `Trades (${formatInt(input.trades.total)})`, `${body}<p class="note">Click a column header to sort.</p>`));
  }
  if (input.openTrades !== undefined && input.openTrades.total > 0) {
    parts.push(section('open-trades', `Open at the end (${formatInt(input.openTrades.total)})`, sortableTableHtml('open-trades-table', input.openTrades, 'open trades')));
  }
  parts.push(notesHtml(metrics.metric_notes));
  return pageOf(input, parts);
}

/** A sweep: the best combination, the ranking of every combination, and the walk-forward when it ran. */
function sweepParts(input: TearsheetSweepInput): string[] {
  const { sweep } = input;
  const parts: string[] = [headerHtml(input, input.period)];
  parts.push(section('best', 'Best combination', sweepBestHtml(sweep)));
  parts.push(
    section(
      'ranking',
      `Ranking (${formatInt(sweep.combinations)} combinations, best first by ${sweep.objective})`,
      `${sortableTableHtml('ranking-table', sweep.ranking, 'combinations')}<p class="note">Each combination over the whole range; the best is highlighted. Click a column header to sort.</p>`,
    ),
  );
  const wf = sweep.walkForward;
  if (wf !== null) {
    parts.push(
      section(
        'walk-forward',
        `Walk-forward (${formatInt(wf.windows.length)} windows: ${formatInt(wf.train_days)} training sessions, then ${formatInt(wf.test_days)} test sessions)`,
        `${sortableTableHtml('windows-table', sweepWindowsTable(sweep), 'windows')}<p class="note">On each training window every combination ran and the best by ${escapeHtml(sweep.objective)} was chosen; it then traded the test window as a fresh run.</p>`,
      ),
    );
    if (wf.equity.days.length > 0) parts.push(chartSection(stitchedEquityChart(wf)));
    parts.push(section('degradation', 'In sample against out of sample', sweepFiguresHtml(sweep.objective, wf)));
  }
  return parts;
}

/** The whole page around its sections: one stylesheet, one script, their hashes in the policy. */
function pageOf(input: TearsheetHeader, parts: readonly string[]): Tearsheet {
  const footer = `<footer>Generated ${escapeHtml(input.generatedAt)} · charts: Apache ECharts ${escapeHtml(echarts().version)}, rendered to SVG on the server · numbers as in the JSON report</footer>`;
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(false)}">
<title>${escapeHtml(input.title)}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<main>
${parts.join('\n')}
${footer}
</main>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
  return { html, contentSecurityPolicy: contentSecurityPolicy(true) };
}
