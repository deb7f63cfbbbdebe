// Charts of the tearsheet: Apache ECharts options rendered to SVG strings on the server (SSR), so the
// page needs no script and no network to show them. Curves go to ECharts as flat typed arrays
// [t0, y0, t1, y1, …]; ECharts' own LTTB (`sampling: 'lttb'`) thins a line to about one point per pixel,
// and bars keep each pixel's largest gain and largest loss (`max` / `min`), so a spike is never lost.
import type * as ECharts from 'echarts';
import { computeHistogram, defaultBinCount, formatUsd, type Histogram } from '../../../engine';
import { formatPct, formatRatio } from './format';
import type { TearsheetCurve, TearsheetInput, TearsheetPassProbability, TearsheetTickerPnl, TearsheetWalkForward } from './tearsheet.types';

type ChartOption = ECharts.EChartsOption;

/** Apache ECharts, loaded by the first report (it is not needed to start a process that may never draw one). */
export function echarts(): typeof ECharts {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('echarts') as typeof ECharts;
}

const DAY_MS = 86_400_000;
export const CHART_WIDTH = 960;
const FONT = { fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif', fontSize: 12 };

export const COLORS = {
  equity: '#1f6feb',
  benchmark: '#8250df',
  floor: '#cf222e',
  target: '#1a7f37',
  start: '#6e7781',
  gain: '#2da44e',
  loss: '#cf222e',
  drawdown: '#cf222e',
  sharpe: '#bf8700',
  neutral: '#57606a',
} as const;

/** One rendered chart: the SVG and a caption saying how it was drawn. */
export interface RenderedChart {
  readonly id: string;
  readonly title: string;
  readonly svg: string;
  readonly caption: string;
}

/**
 * Renders an ECharts option to an SVG string with the server-side renderer. The hover stylesheet ECharts
 * puts in every SVG (for its optional client runtime) is dropped: the page has no chart script, and its
 * Content-Security-Policy admits only the page's own stylesheet.
 */
export function renderSvg(option: ChartOption, width: number, height: number): string {
  const chart = echarts().init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: FONT, ...option });
    return chart.renderToSVGString({ useViewBox: true }).replace(/<style[^>]*>[\s\S]*?<\/style>/g, '');
  } finally {
    chart.dispose();
  }
}

/** Interleaves x (epoch ms of each day) and y into the flat typed array ECharts reads without copying per point. */
export function flatSeries(days: ArrayLike<number>, values: ArrayLike<number>, offset = 0): Float64Array {
  const n = Math.min(days.length, values.length);
  const flat = new Float64Array(2 * n);
  for (let i = 0; i < n; i += 1) {
    flat[2 * i] = days[i] * DAY_MS;
    flat[2 * i + 1] = values[i] - offset;
  }
  return flat;
}

function lineSeries(name: string, data: Float64Array, color: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name,
    type: 'line',
    data,
    dimensions: ['date', 'value'],
    encode: { x: 0, y: 1 },
    showSymbol: false,
    sampling: 'lttb',
    silent: true,
    color,
    lineStyle: { width: 1.5, color },
    ...extra,
  };
}

const timeAxis = { type: 'time', axisLabel: { hideOverlap: true, color: '#444' } } as const;
const grid = (top = 36) => ({ left: 80, right: 28, top, bottom: 36, containLabel: false });

function valueAxis(formatter: (value: number) => string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'value', scale: true, axisLabel: { formatter, color: '#444' }, splitLine: { lineStyle: { color: '#e6e8eb' } }, ...extra };
}

function compactMoney(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${(value / 1e9).toFixed(abs >= 1e10 ? 0 : 1)}B`;
  if (abs >= 1e6) return `${(value / 1e6).toFixed(abs >= 1e7 ? 0 : 1)}M`;
  if (abs >= 1e4) return `${(value / 1e3).toFixed(0)}k`;
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

function drawnFrom(points: number): string {
  return points > CHART_WIDTH ? `${points.toLocaleString('en-US')} points, thinned to about one per pixel for drawing (LTTB)` : `${points.toLocaleString('en-US')} points`;
}

/** A horizontal reference line across the whole period, drawn as a two-point series (so the axis includes it). */
function levelSeries(name: string, days: Int32Array, level: number, color: string, type: 'dashed' | 'dotted'): Record<string, unknown> {
  const flat = Float64Array.of(days[0] * DAY_MS, level, days[days.length - 1] * DAY_MS, level);
  return lineSeries(name, flat, color, { sampling: undefined, lineStyle: { width: 1.5, type, color } });
}

/** Money lines over time with a legend on top (each series' colour its own). */
function moneyLinesOption(series: Record<string, unknown>[], axisLabel: (value: number) => string = compactMoney): ChartOption {
  return {
    color: series.map((s) => s.color as string),
    // The gap leaves room for the browser's font, a little wider than the text ECharts measures on the server.
    legend: { top: 0, left: 'center', itemGap: 24, textStyle: { color: '#333' } },
    grid: grid(),
    xAxis: timeAxis,
    yAxis: valueAxis(axisLabel),
    series,
  } as ChartOption;
}

/** Whole dollars with separators (`49,800`): for a curve that moves by hundreds around tens of thousands, where `50k` would repeat. */
function wholeDollars(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 0 });
}

/** The equity curve with its benchmark, or a futures balance with the loss-limit floor, target and start lines. */
export function equityChart(input: TearsheetInput): RenderedChart {
  const { curve, futures, benchmark } = input;
  const account = futures?.account;
  const drawn = account?.balance === undefined ? flatSeries(curve.days, curve.values, account?.offset ?? 0) : flatSeries(curve.days, account.balance);
  const series: Record<string, unknown>[] = [lineSeries(account === undefined ? 'Equity' : 'Balance (end of session)', drawn, COLORS.equity)];
  if (benchmark !== undefined) {
    series.push(lineSeries(benchmark.label, flatSeries(curve.days, benchmark.values), COLORS.benchmark, { lineStyle: { width: 1.2, color: COLORS.benchmark } }));
  }
  const caption = [`Equity: ${drawnFrom(curve.values.length)}.`];
  if (account !== undefined) {
    if (account.floor !== null) {
      series.push(lineSeries('Maximum loss limit floor', flatSeries(curve.days, account.floor), COLORS.floor, { lineStyle: { width: 1.2, type: 'dashed', color: COLORS.floor }, step: 'end' }));
    }
    if (account.profitTargetBalance !== null) series.push(levelSeries(`Profit target ${formatUsd(account.profitTargetBalance)}`, curve.days, account.profitTargetBalance, COLORS.target, 'dashed'));
    series.push(levelSeries(`Start balance ${formatUsd(account.startBalance)}`, curve.days, account.startBalance, COLORS.start, 'dotted'));
    caption.push(
      `${account.floor === null ? 'No maximum loss limit (no account rules). ' : 'Red dashes: the maximum-loss-limit floor after each session; '}` +
        `${account.profitTargetBalance === null ? '' : 'green dashes: the balance that reaches the profit target; '}grey dots: the start balance.`,
    );
  }
  const option = moneyLinesOption(series);
  return { id: 'equity', title: account === undefined ? 'Equity curve' : 'Account balance', svg: renderSvg(option, CHART_WIDTH, 360), caption: caption.join(' ') };
}

/** Drawdown below the running peak (percent), the deepest drawdown marked from the JSON report. */
export function underwaterChart(input: TearsheetInput, drawdown: Float64Array): RenderedChart {
  const { curve, metrics } = input;
  const days = curve.days;
  const flat = new Float64Array(2 * days.length);
  flat[0] = days[0] * DAY_MS;
  flat[1] = 0;
  for (let i = 1; i < days.length; i += 1) {
    flat[2 * i] = days[i] * DAY_MS;
    flat[2 * i + 1] = drawdown[i - 1] * 100;
  }
  const details = metrics.max_drawdown_details;
  const line = lineSeries('Drawdown', flat, COLORS.drawdown, { areaStyle: { color: 'rgba(207,34,46,0.18)' }, lineStyle: { width: 1, color: COLORS.drawdown } });
  let caption = `${drawnFrom(days.length)}. No drawdown: the curve never falls below a previous peak.`;
  if (details !== null) {
    const troughTime = Date.parse(`${details.trough_date}T00:00:00Z`);
    const endTime = Date.parse(`${details.recovery_date ?? metrics.end_date}T00:00:00Z`);
    line.markPoint = {
      silent: true,
      symbol: 'pin',
      symbolSize: 30,
      itemStyle: { color: COLORS.drawdown },
      label: {
        show: true,
        position: troughTime - days[0] * DAY_MS > (days[days.length - 1] - days[0]) * DAY_MS * 0.6 ? 'left' : 'right',
        formatter: `deepest ${formatPct(details.drawdown_pct)} on ${details.trough_date}`,
        color: '#7d1a1f',
        fontWeight: 'bold',
        backgroundColor: 'rgba(255,255,255,0.85)',
        padding: [2, 4],
      },
      data: [{ name: 'Deepest drawdown', coord: [troughTime, details.drawdown_pct] }],
    };
    line.markArea = {
      silent: true,
      itemStyle: { color: 'rgba(207,34,46,0.07)' },
      data: [[{ xAxis: Date.parse(`${details.peak_date}T00:00:00Z`) }, { xAxis: endTime }]],
    };
    caption =
      `${drawnFrom(days.length)}. Marked: the deepest drawdown, ${formatPct(details.drawdown_pct)} from the peak on ${details.peak_date} ` +
      `to the trough on ${details.trough_date}, ${details.recovered ? `recovered on ${details.recovery_date}` : 'not recovered'} (shaded).`;
  }
  const option = {
    grid: grid(16),
    xAxis: timeAxis,
    yAxis: valueAxis((v: number) => `${v.toFixed(Math.abs(v) < 10 ? 1 : 0)} %`, { max: 0 }),
    series: [line],
  } as ChartOption;
  return { id: 'underwater', title: 'Underwater (drawdown from the running peak)', svg: renderSvg(option, CHART_WIDTH, 240), caption };
}

/** Daily P&L as bars: gains up, losses down; each pixel keeps its largest gain and its largest loss. */
export function dailyPnlChart(curve: TearsheetCurve, pnl: Float64Array): RenderedChart {
  const n = pnl.length;
  const gains = new Float64Array(2 * n);
  const losses = new Float64Array(2 * n);
  for (let i = 0; i < n; i += 1) {
    const t = curve.days[i + 1] * DAY_MS;
    gains[2 * i] = t;
    losses[2 * i] = t;
    // Zero, not NaN, where the other series has the day: a sampled bucket of NaN alone breaks ECharts' large-bar path.
    gains[2 * i + 1] = pnl[i] > 0 ? pnl[i] : 0;
    losses[2 * i + 1] = pnl[i] < 0 ? pnl[i] : 0;
  }
  const bar = (name: string, data: Float64Array, color: string, sampling: string): Record<string, unknown> => ({
    name,
    type: 'bar',
    data,
    dimensions: ['date', 'pnl'],
    encode: { x: 0, y: 1 },
    sampling,
    large: true,
    silent: true,
    barGap: '-100%',
    barMaxWidth: 8,
    itemStyle: { color },
  });
  const option = {
    grid: grid(16),
    xAxis: timeAxis,
    yAxis: valueAxis(compactMoney),
    series: [bar('Gain', gains, COLORS.gain, 'max'), bar('Loss', losses, COLORS.loss, 'min')],
  } as ChartOption;
  const thinned = n > CHART_WIDTH ? `${n.toLocaleString('en-US')} days; each bar shows the largest gain and the largest loss of the days under its pixel.` : `${n.toLocaleString('en-US')} days.`;
  return { id: 'daily-pnl', title: 'Daily P&L', svg: renderSvg(option, CHART_WIDTH, 240), caption: thinned };
}

function histogramOption(histogram: Histogram, label: (lo: number, hi: number) => string, color: string, highlight?: (lo: number, hi: number) => string | null): ChartOption {
  const labels: string[] = [];
  const data: { value: number; itemStyle?: { color: string } }[] = [];
  for (let b = 0; b < histogram.counts.length; b += 1) {
    const lo = histogram.edges[b];
    const hi = histogram.edges[b + 1];
    labels.push(label(lo, hi));
    const special = highlight?.(lo, hi) ?? null;
    data.push(special === null ? { value: histogram.counts[b] } : { value: histogram.counts[b], itemStyle: { color: special } });
  }
  return {
    grid: { left: 60, right: 20, top: 16, bottom: 56 },
    xAxis: { type: 'category', data: labels, axisLabel: { rotate: 35, color: '#444', interval: 'auto' } },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { color: '#444' }, splitLine: { lineStyle: { color: '#e6e8eb' } } },
    series: [{ type: 'bar', data, silent: true, barCategoryGap: '8%', itemStyle: { color }, label: { show: histogram.counts.length <= 24, position: 'top', color: '#444', fontSize: 10 } }],
  } as ChartOption;
}

/** Distribution of the daily returns. */
export function returnHistogramChart(returns: Float64Array): RenderedChart {
  const histogram = computeHistogram(returns, defaultBinCount(returns.length, 40));
  const option = histogramOption(
    histogram,
    (lo, hi) => `${((lo + hi) * 50).toFixed(2)} %`,
    COLORS.equity,
    (lo, hi) => (hi <= 0 ? COLORS.loss : lo >= 0 ? COLORS.gain : null),
  );
  return {
    id: 'return-histogram',
    title: 'Distribution of daily returns',
    svg: renderSvg(option, CHART_WIDTH, 260),
    caption: `${returns.length.toLocaleString('en-US')} daily returns in ${histogram.counts.length} equal-width bins (labels: bin centres).`,
  };
}

/** Rolling Sharpe ratio over `window` returns, with the whole period's Sharpe for reference. */
export function rollingSharpeChart(curve: TearsheetCurve, rolling: Float64Array, window: number, overall: number | null): RenderedChart {
  const flat = flatSeries(curve.days.subarray(1), rolling);
  const defined = rolling.reduce((count, v) => (Number.isNaN(v) ? count : count + 1), 0);
  const lines: Record<string, unknown>[] = [{ yAxis: 0, lineStyle: { color: '#8c959f', type: 'solid', width: 1 }, label: { show: false } }];
  if (overall !== null) {
    lines.push({ yAxis: overall, lineStyle: { color: COLORS.neutral, type: 'dashed' }, label: { formatter: `whole period ${formatRatio(overall)}`, position: 'insideEndTop', color: COLORS.neutral } });
  }
  const option = {
    grid: grid(16),
    xAxis: timeAxis,
    yAxis: valueAxis((v: number) => v.toFixed(1)),
    series: [lineSeries(`Rolling Sharpe (${window} days)`, flat, COLORS.sharpe, { connectNulls: false, markLine: { silent: true, symbol: 'none', data: lines } })],
  } as ChartOption;
  const caption =
    defined === 0
      ? `Needs more than ${window} daily returns with some volatility; this curve has ${rolling.length.toLocaleString('en-US')} returns.`
      : `Sharpe ratio of the ${window} daily returns (six months) ending each day, annualised (√252), risk-free rate as the report; ${drawnFrom(defined)}.`;
  return { id: 'rolling-sharpe', title: 'Rolling six-month Sharpe ratio', svg: renderSvg(option, CHART_WIDTH, 240), caption };
}

/** Distribution of the trades' R multiples (futures). */
export function rMultipleChart(rMultiples: Float64Array): RenderedChart {
  const histogram = computeHistogram(rMultiples, defaultBinCount(rMultiples.length, 30));
  const option = histogramOption(histogram, (lo, hi) => `${((lo + hi) / 2).toFixed(2)} R`, COLORS.equity, (lo, hi) => (hi <= 0 ? COLORS.loss : lo >= 0 ? COLORS.gain : null));
  return {
    id: 'r-multiples',
    title: 'R multiples of the trades',
    svg: renderSvg(option, CHART_WIDTH, 240),
    caption: `${rMultiples.length.toLocaleString('en-US')} trades: P&L divided by the money at risk at entry, in ${histogram.counts.length} bins.`,
  };
}

/** P&L by ticker, largest gain at the top. */
export function tickerPnlChart(rows: readonly TearsheetTickerPnl[]): RenderedChart {
  const sorted = [...rows].sort((a, b) => a.pnl - b.pnl);
  const option = {
    grid: { left: 90, right: 90, top: 12, bottom: 28 },
    xAxis: valueAxis(compactMoney, { scale: false }),
    yAxis: { type: 'category', data: sorted.map((r) => r.ticker), axisLabel: { color: '#333' } },
    series: [
      {
        type: 'bar',
        silent: true,
        data: sorted.map((r) => ({ value: r.pnl, itemStyle: { color: r.pnl >= 0 ? COLORS.gain : COLORS.loss } })),
        label: { show: true, position: 'right', formatter: (p: { value: number }) => formatUsd(p.value), color: '#333' },
      },
    ],
  } as ChartOption;
  return { id: 'ticker-pnl', title: 'P&L by ticker', svg: renderSvg(option, CHART_WIDTH, Math.max(140, 40 + 28 * rows.length)), caption: 'Realized and unrealized P&L of each ticker over the backtest.' };
}

/** The odds of passing: outcome probabilities, and each rolling start's outcome when there are starts. */
export function passProbabilityChart(odds: TearsheetPassProbability): RenderedChart {
  const outcomes = [
    { name: 'passed', value: odds.p_pass, color: COLORS.gain },
    { name: 'failed', value: odds.p_fail, color: COLORS.loss },
    { name: 'still open', value: odds.p_open, color: COLORS.neutral },
  ];
  const series: Record<string, unknown>[] = [
    {
      type: 'bar',
      silent: true,
      xAxisIndex: 0,
      yAxisIndex: 0,
      data: outcomes.map((o) => ({ value: o.value * 100, itemStyle: { color: o.color } })),
      label: { show: true, position: 'right', formatter: (p: { value: number }) => formatPct(p.value), color: '#333' },
    },
  ];
  const option: Record<string, unknown> = {
    grid: [{ left: 90, right: 80, top: 12, height: 90 }],
    xAxis: [{ type: 'value', max: 100, axisLabel: { formatter: '{value} %', color: '#444' }, gridIndex: 0 }],
    yAxis: [{ type: 'category', data: outcomes.map((o) => o.name), gridIndex: 0, axisLabel: { color: '#333' } }],
    series,
  };
  let height = 140;
  if (odds.starts.length > 0) {
    height = 360;
    option.legend = { data: ['passed', 'failed', 'open'], top: 132, right: 80, textStyle: { color: '#333' } };
    (option.grid as unknown[]).push({ left: 90, right: 80, top: 160, bottom: 36 });
    (option.xAxis as unknown[]).push({ ...timeAxis, gridIndex: 1 });
    (option.yAxis as unknown[]).push({ type: 'value', name: 'trading days', nameLocation: 'middle', nameGap: 40, gridIndex: 1, axisLabel: { color: '#444' } });
    for (const outcome of ['passed', 'failed', 'open'] as const) {
      const starts = odds.starts.filter((s) => s.outcome === outcome);
      series.push({
        name: outcome,
        type: 'scatter',
        silent: true,
        xAxisIndex: 1,
        yAxisIndex: 1,
        symbolSize: 4,
        itemStyle: { color: outcome === 'passed' ? COLORS.gain : outcome === 'failed' ? COLORS.loss : COLORS.neutral },
        data: starts.map((s) => [Date.parse(`${s.start_date}T00:00:00Z`), s.trading_days]),
      });
    }
  }
  return {
    id: 'pass-probability',
    title: 'Odds of passing',
    svg: renderSvg(option as ChartOption, CHART_WIDTH, height),
    caption: `Method: ${odds.method}.${odds.starts.length > 0 ? ' Below: each start date, the trading days until it passed, failed or the horizon ended.' : ''}`,
  };
}

/**
 * A sweep's walk-forward: the test windows' sessions one after another on one equity curve (`stitched.daily`),
 * the start equity dotted, and a thin line where each test window begins.
 */
export function stitchedEquityChart(walkForward: TearsheetWalkForward): RenderedChart {
  const { equity, startEquity, windows } = walkForward;
  const starts = windows.map((w) => ({ xAxis: Date.parse(`${w.test.start_date}T00:00:00Z`) })).filter((m) => Number.isFinite(m.xAxis));
  const series: Record<string, unknown>[] = [
    lineSeries('Stitched equity', flatSeries(equity.days, equity.values), COLORS.equity, {
      markLine: { silent: true, symbol: 'none', label: { show: false }, lineStyle: { color: '#d0d7de', type: 'solid', width: 1 }, data: starts },
    }),
    levelSeries(`Start equity ${formatUsd(startEquity)}`, equity.days, startEquity, COLORS.start, 'dotted'),
  ];
  const option = moneyLinesOption(series, wholeDollars);
  return {
    id: 'stitched-equity',
    title: 'Out-of-sample equity (stitched test windows)',
    svg: renderSvg(option, CHART_WIDTH, 320),
    caption: `${drawnFrom(equity.values.length)}: the equity after each test session, each window traded by the combination chosen on its training window; grey lines: where each of the ${windows.length} test windows begins.`,
  };
}
