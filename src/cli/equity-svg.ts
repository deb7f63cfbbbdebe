// A hand-written SVG line chart of the session balances, the maximum-loss-limit floor, the profit target and
// the start balance, for the futures CLI (one small file; the HTML tearsheet has the full charts).

import { formatUsd } from '../engine';

export interface EquityChartPoint {
  readonly date: string;
  readonly balance: number;
  /** Null without a maximum loss limit (account none): no floor line is drawn. */
  readonly floor: number | null;
}

export interface EquityChartOptions {
  readonly title: string;
  /** Starting balance, drawn as the first point and a dashed reference line. */
  readonly start: EquityChartPoint;
  /** Balance at which the Combine's profit target is reached (start + target); null or absent: no target line. */
  readonly profitTarget?: number | null;
  /** Labels the chart "synthetic data" when the bars came from the built-in generator. */
  readonly synthetic?: boolean;
  readonly width?: number;
  readonly height?: number;
}

const MARGIN = { top: 40, right: 24, bottom: 48, left: 84 };

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Round step (1, 2, 2.5 or 5 × 10^k) giving about `count` ticks over `span`. */
function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const candidates = [1, 2, 2.5, 5, 10].map((m) => m * power);
  return candidates.find((c) => c >= raw) ?? 10 * power;
}


export function renderEquitySvg(points: readonly EquityChartPoint[], options: EquityChartOptions): string {
  const width = options.width ?? 960;
  const height = options.height ?? 420;
  const series = [options.start, ...points];
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const target = options.profitTarget ?? null;
  const withFloor = series.every((p) => p.floor !== null);
  const values = series.flatMap((p) => (withFloor ? [p.balance, p.floor ?? p.balance] : [p.balance]));
  if (target !== null) values.push(target);
  let min = Math.min(...values);
  let max = Math.max(...values);
  if (max - min < 1) {
    min -= 50;
    max += 50;
  }
  const step = niceStep(max - min, 6);
  const lo = Math.floor(min / step) * step;
  const hi = Math.ceil(max / step) * step;
  const x = (i: number): number => MARGIN.left + (series.length === 1 ? plotW / 2 : (i / (series.length - 1)) * plotW);
  const y = (v: number): number => MARGIN.top + (1 - (v - lo) / (hi - lo)) * plotH;
  const path = (pick: (p: EquityChartPoint) => number | null): string => series.map((p, i) => `${x(i).toFixed(1)},${y(pick(p) ?? 0).toFixed(1)}`).join(' ');

  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`);
  parts.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  parts.push(`<text x="${MARGIN.left}" y="24" font-size="15" font-weight="bold">${escapeXml(options.title)}</text>`);
  if (options.synthetic === true) {
    parts.push(`<text x="${width - MARGIN.right}" y="24" text-anchor="end" font-size="13" font-weight="bold" fill="#9a6700" data-label="synthetic">SYNTHETIC DATA (generated bars, not market history)</text>`);
  }
  for (let v = lo; v <= hi + step / 2; v += step) {
    const yy = y(v).toFixed(1);
    parts.push(`<line x1="${MARGIN.left}" y1="${yy}" x2="${width - MARGIN.right}" y2="${yy}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${MARGIN.left - 8}" y="${yy}" text-anchor="end" dominant-baseline="middle" fill="#444">${formatUsd(v, { cents: false })}</text>`);
  }
  const labelCount = Math.min(series.length, 7);
  for (let k = 0; k < labelCount; k += 1) {
    const i = labelCount === 1 ? 0 : Math.round((k / (labelCount - 1)) * (series.length - 1));
    const xx = x(i).toFixed(1);
    parts.push(`<line x1="${xx}" y1="${MARGIN.top + plotH}" x2="${xx}" y2="${MARGIN.top + plotH + 5}" stroke="#444"/>`);
    // The end labels align to the plot's edges so the last date is never cut off by the right margin.
    const anchor = labelCount > 1 && k === labelCount - 1 ? 'end' : labelCount > 1 && k === 0 ? 'start' : 'middle';
    parts.push(`<text x="${xx}" y="${MARGIN.top + plotH + 20}" text-anchor="${anchor}" fill="#444">${escapeXml(series[i].date)}</text>`);
  }
  parts.push(`<line x1="${MARGIN.left}" y1="${MARGIN.top}" x2="${MARGIN.left}" y2="${MARGIN.top + plotH}" stroke="#444"/>`);
  parts.push(`<line x1="${MARGIN.left}" y1="${MARGIN.top + plotH}" x2="${width - MARGIN.right}" y2="${MARGIN.top + plotH}" stroke="#444"/>`);
  const startY = y(options.start.balance).toFixed(1);
  parts.push(`<line x1="${MARGIN.left}" y1="${startY}" x2="${width - MARGIN.right}" y2="${startY}" stroke="#999" stroke-dasharray="4 4"/>`);
  if (target !== null) {
    const targetY = y(target).toFixed(1);
    parts.push(`<line x1="${MARGIN.left}" y1="${targetY}" x2="${width - MARGIN.right}" y2="${targetY}" stroke="#1a7f37" stroke-width="1.5" stroke-dasharray="8 4" data-line="profit-target"/>`);
    // Above the line, or below it when the line runs along the top of the plot (the title row is above).
    const labelY = Number(targetY) - MARGIN.top < 18 ? Number(targetY) + 15 : Number(targetY) - 5;
    parts.push(`<text x="${width - MARGIN.right - 4}" y="${labelY.toFixed(1)}" text-anchor="end" fill="#1a7f37">profit target ${formatUsd(target, { cents: false })}</text>`);
  }
  if (withFloor) parts.push(`<polyline fill="none" stroke="#c0392b" stroke-width="1.5" stroke-dasharray="6 3" points="${path((p) => p.floor)}"/>`);
  parts.push(`<polyline fill="none" stroke="#1f6feb" stroke-width="2" points="${path((p) => p.balance)}"/>`);
  const legendY = height - 12;
  parts.push(`<line x1="${MARGIN.left}" y1="${legendY}" x2="${MARGIN.left + 24}" y2="${legendY}" stroke="#1f6feb" stroke-width="2"/>`);
  parts.push(`<text x="${MARGIN.left + 30}" y="${legendY}" dominant-baseline="middle">balance (end of session)</text>`);
  if (withFloor) {
    parts.push(`<line x1="${MARGIN.left + 220}" y1="${legendY}" x2="${MARGIN.left + 244}" y2="${legendY}" stroke="#c0392b" stroke-width="1.5" stroke-dasharray="6 3"/>`);
    parts.push(`<text x="${MARGIN.left + 250}" y="${legendY}" dominant-baseline="middle">maximum loss limit floor</text>`);
  }
  if (target !== null) {
    parts.push(`<line x1="${MARGIN.left + 440}" y1="${legendY}" x2="${MARGIN.left + 464}" y2="${legendY}" stroke="#1a7f37" stroke-width="1.5" stroke-dasharray="8 4"/>`);
    parts.push(`<text x="${MARGIN.left + 470}" y="${legendY}" dominant-baseline="middle">profit target</text>`);
  }
  parts.push(`<line x1="${MARGIN.left + 590}" y1="${legendY}" x2="${MARGIN.left + 614}" y2="${legendY}" stroke="#999" stroke-dasharray="4 4"/>`);
  parts.push(`<text x="${MARGIN.left + 620}" y="${legendY}" dominant-baseline="middle">start balance ${formatUsd(options.start.balance, { cents: false })}</text>`);
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
