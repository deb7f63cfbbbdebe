import { version as echartsVersion } from 'echarts';
import { computeDailyPnlColumns, computePeriodReturns, computeRollingSharpe, ROLLING_SHARPE_WINDOW } from '../../../engine';
import {
  dailyPnlChart,
  equityChart,
  passProbabilityChart,
  type RenderedChart,
  returnHistogramChart,
  rMultipleChart,
  rollingSharpeChart,
  tickerPnlChart,
  underwaterChart,
} from './charts';
import { formatInt } from './format';
import { contentSecurityPolicy, PAGE_SCRIPT, PAGE_STYLE } from './page-assets';
import { attemptsHtml, escapeHtml, heatmapHtml, keyMetricsHtml, passProbabilityHtml, rulesHtml, sortableTableHtml, verdictHtml } from './tables';
import type { Tearsheet, TearsheetInput } from './tearsheet.types';

const KIND_LABELS: Record<TearsheetInput['kind'], string> = {
  metrics: 'Equity curve',
  hedge_fund_backtest: 'Hedge-fund backtest',
  futures_backtest: 'Futures backtest',
  pass_probability: 'Pass probability',
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

function headerHtml(input: TearsheetInput): string {
  const { metrics, source } = input;
  const banner = source.synthetic
    ? `<div class="banner synthetic" role="note" data-synthetic="true">Synthetic data<span>These prices come from the built-in deterministic generator, not from market history: read the results as a demonstration of the method, not as evidence about a market.</span></div>`
    : '';
  const period = `${metrics.start_date} → ${metrics.end_date} (${formatInt(metrics.periods)} periods, ${formatInt(metrics.calendar_days)} calendar days)`;
  return `<header><p class="note">${escapeHtml(KIND_LABELS[input.kind])}</p><h1>${escapeHtml(input.title)}</h1>
<ul class="ran">${input.ran.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>
<dl><dt>Period</dt><dd data-field="period">${escapeHtml(period)}</dd><dt>Data source</dt><dd data-field="source">${escapeHtml(source.label)}</dd>${dataHtml(input.data)}<dt>From</dt><dd>${escapeHtml(input.origin)}</dd></dl>${banner}</header>`;
}

function notesHtml(notes: Readonly<Record<string, string>>): string {
  const entries = Object.entries(notes);
  if (entries.length === 0) return '';
  return section('notes', 'Notes on the metrics', `<ul class="note">${entries.map(([key, note]) => `<li><code>${escapeHtml(key)}</code>: ${escapeHtml(note)}</li>`).join('')}</ul>`);
}

/**
 * Builds the self-contained HTML tearsheet of an equity curve and its report: inline stylesheet and
 * script, charts as inline SVG rendered on the server, no external resource. Numbers come from
 * `input.metrics` (the JSON report) as they are; the series drawn are computed from `input.curve`.
 * Returns the page and the Content-Security-Policy header to serve it with.
 */
export function buildTearsheet(input: TearsheetInput): Tearsheet {
  const { curve, metrics, futures } = input;
  const daily = computeDailyPnlColumns({ dates: curve.days, values: curve.values });
  const window = metrics.periods_per_year === 252 ? ROLLING_SHARPE_WINDOW : Math.max(2, Math.round(metrics.periods_per_year / 2));
  const rolling = computeRollingSharpe(curve.values, window, metrics.periods_per_year, metrics.risk_free_rate);

  const parts: string[] = [headerHtml(input)];
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

  const footer = `<footer>Generated ${escapeHtml(input.generatedAt)} · charts: Apache ECharts ${escapeHtml(echartsVersion)}, rendered to SVG on the server · numbers as in the JSON report</footer>`;
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
