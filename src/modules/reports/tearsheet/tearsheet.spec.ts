import { createHash } from 'node:crypto';
import { computeMetrics, parseIsoDay } from '../../../engine';
import { buildTearsheet } from './build-tearsheet';
import { CHART_WIDTH, equityChart, rollingSharpeChart } from './charts';
import { heatmapHtml } from './tables';
import type { TearsheetInput } from './tearsheet.types';

const DAY_ONE = parseIsoDay('2000-01-03') as number;

function curveOf(values: Float64Array): { days: Int32Array; values: Float64Array } {
  return { days: Int32Array.from(values, (_, i) => DAY_ONE + i), values };
}

function inputOf(values: Float64Array, extra: Partial<TearsheetInput> = {}): TearsheetInput {
  const curve = curveOf(values);
  return {
    kind: 'metrics',
    title: 'Test <curve> & "quotes"',
    ran: ['a test'],
    source: { label: 'test data', synthetic: false },
    origin: 'unit test',
    generatedAt: '2026-01-01T00:00:00.000Z',
    metrics: computeMetrics({ equity: { dates: curve.days, values }, includeDailyPnl: false }),
    curve,
    ...extra,
  };
}

/** Sub-paths (split at each move-to) of every `<path d="…">` stroked in `color`, as [x, y] vertices. */
function pathsOf(svg: string, color: string): [number, number][][] {
  const paths: [number, number][][] = [];
  for (const match of svg.matchAll(/<path d="([^"]*)"([^>]*)>/g)) {
    if (!match[2].includes(`stroke="${color}"`)) continue;
    for (const sub of match[1].split('M').filter((part) => part.trim() !== '')) {
      const numbers = (sub.match(/-?\d+(?:\.\d+)?/g) ?? []).map(Number);
      const points: [number, number][] = [];
      for (let i = 0; i + 1 < numbers.length; i += 2) points.push([numbers[i], numbers[i + 1]]);
      paths.push(points);
    }
  }
  return paths;
}

function longest<T>(lists: T[][]): T[] {
  return lists.reduce((best, list) => (list.length > best.length ? list : best), [] as T[]);
}

describe('equity chart downsampling (ECharts LTTB)', () => {
  // 100,000 points: a gentle wave with one spike up at index 61,234 and one dip at 80,000.
  const n = 100_000;
  const values = new Float64Array(n);
  for (let i = 0; i < n; i += 1) values[i] = 100_000 + 1_000 * Math.sin(i / 500);
  values[61_234] = 150_000;
  values[80_000] = 60_000;
  const svg = equityChart(inputOf(values)).svg;
  const line = longest(pathsOf(svg, '#1f6feb'));
  const xs = line.map(([x]) => x);
  const ys = line.map(([, y]) => y);

  it('draws at most about two points per pixel of a 100k-point curve, and at least one per three pixels', () => {
    expect(line.length).toBeLessThanOrEqual(2 * CHART_WIDTH);
    expect(line.length).toBeGreaterThan(CHART_WIDTH / 3);
  });

  it('keeps the first and the last point at the ends of the plot, in x order', () => {
    expect(xs[0]).toBeCloseTo(80, 0);
    expect(xs[xs.length - 1]).toBeCloseTo(CHART_WIDTH - 28, 0);
    expect(xs.every((x, i) => i === 0 || x >= xs[i - 1])).toBe(true);
  });

  it('keeps the spike and the dip (the extremes a trader looks for)', () => {
    const top = Math.min(...ys);
    const bottom = Math.max(...ys);
    const spikeAt = xs[ys.indexOf(top)];
    const dipAt = xs[ys.indexOf(bottom)];
    const plot = CHART_WIDTH - 28 - 80;
    expect(spikeAt).toBeCloseTo(80 + (61_234 / (n - 1)) * plot, -1);
    expect(dipAt).toBeCloseTo(80 + (80_000 / (n - 1)) * plot, -1);
    // Every other vertex lies inside the wave's band, far from both extremes.
    const inner = ys.filter((y) => y !== top && y !== bottom);
    expect(Math.min(...inner) - top).toBeGreaterThan(50);
    expect(bottom - Math.max(...inner)).toBeGreaterThan(50);
  });

  it('draws a short curve point for point', () => {
    const short = new Float64Array(300).map((_, i) => 100 + (i % 7));
    expect(longest(pathsOf(equityChart(inputOf(short)).svg, '#1f6feb'))).toHaveLength(300);
  });

  it('leaves a gap where the rolling Sharpe is undefined instead of drawing through it', () => {
    const rolling = new Float64Array(2_000).map((_, i) => (i < 125 || (i >= 900 && i < 1_100) ? Number.NaN : Math.sin(i / 50)));
    const curve = curveOf(new Float64Array(2_001).fill(1));
    const paths = pathsOf(rollingSharpeChart(curve, rolling, 126, null).svg, '#bf8700').filter((p) => p.length > 10);
    expect(paths.length).toBeGreaterThanOrEqual(2);
    const gapStart = 80 + (899 / 1_999) * (CHART_WIDTH - 108);
    const gapEnd = 80 + (1_100 / 1_999) * (CHART_WIDTH - 108);
    const inside = paths.flatMap((path) => path.filter(([x], i) => (x > gapStart + 2 && x < gapEnd - 2) || (i > 0 && path[i - 1][0] < gapStart && x > gapEnd)));
    expect(inside).toEqual([]);
  });
});

describe('heatmapHtml', () => {
  it('puts each month in its year row and column, with the year return last and empty months blank', () => {
    const html = heatmapHtml({
      months: [
        { year: 2024, month: 1, return: 0.1, points: 2 },
        { year: 2024, month: 3, return: -0.05, points: 1 },
        { year: 2025, month: 12, return: 0.02, points: 1 },
      ],
      years: [
        { year: 2024, month: null, return: 0.045, points: 3 },
        { year: 2025, month: null, return: 0.02, points: 1 },
      ],
    });
    const rows = html.split('<tr>').slice(2);
    expect(rows).toHaveLength(2);
    const cells = (row: string) => [...row.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]);
    expect(cells(rows[0])).toEqual(['10.0', '', '-5.0', '', '', '', '', '', '', '', '', '', '4.5']);
    expect(cells(rows[1])).toEqual(['', '', '', '', '', '', '', '', '', '', '', '2.0', '2.0']);
    expect(html).toContain('data-period="2024-03" data-value="-0.05"');
  });
});

describe('buildTearsheet', () => {
  const values = new Float64Array(800).map((_, i) => 100_000 * (1 + 0.0004 * i + 0.02 * Math.sin(i / 30)));
  const sheet = buildTearsheet(inputOf(values, { source: { label: 'synthetic (seed 42)', synthetic: true } }));

  it('is one self-contained file: one inline stylesheet, one inline script, no external reference', () => {
    expect(sheet.html.match(/<style/g)).toHaveLength(1);
    expect(sheet.html.match(/<script/g)).toHaveLength(1);
    expect(sheet.html).not.toMatch(/\s(src|href)=/);
    expect(sheet.html).not.toMatch(/url\((?!#)/);
    expect(sheet.html).not.toMatch(/https?:\/\/(?!www\.w3\.org\/)/);
  });

  it('names exactly the hashes of its stylesheet and script in its Content-Security-Policy', () => {
    const style = /<style>([\s\S]*?)<\/style>/.exec(sheet.html)?.[1] ?? '';
    const script = /<script>([\s\S]*?)<\/script>/.exec(sheet.html)?.[1] ?? '';
    const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    expect(sheet.contentSecurityPolicy).toContain(`script-src ${hash(script)};`);
    expect(sheet.contentSecurityPolicy).toContain(`style-src-elem ${hash(style)};`);
    expect(sheet.contentSecurityPolicy).toMatch(/^default-src 'none';/);
    expect(sheet.contentSecurityPolicy).toContain("frame-ancestors 'none'");
    expect(sheet.html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src ${hash(script)};`);
  });

  it('escapes text and labels synthetic data', () => {
    expect(sheet.html).toContain('<h1>Test &lt;curve&gt; &amp; &quot;quotes&quot;</h1>');
    expect(sheet.html).toContain('data-synthetic="true"');
  });

  it('lists every metric the status report names in the key-metrics table', () => {
    // reference/status-report.md §4: the calculated and the missing metrics.
    const required = [
      'Sharpe ratio',
      'Sortino ratio',
      'Max drawdown',
      'Max drawdown date',
      'Gross exposure',
      'Net exposure',
      'Long/short ratio',
      'Total return',
      'Win rate',
      'Total trades',
      'Time to recovery',
      'Longest losing streak',
      '% profitable days',
      'Largest winning day',
      'Largest losing day',
      'Average win',
      'Average loss',
      'Profit factor',
      'Expectancy',
      'Opening range breaks',
      'Pullback entries',
      'Regime filter passes',
      'Daily trade limit hits',
    ];
    const labels = [...sheet.html.matchAll(/<th scope="row">([^<]*)<\/th><td class="num" data-key=/g)].map((m) => m[1].replace('&amp;', '&'));
    expect(required.filter((name) => !labels.some((label) => label.startsWith(name)))).toEqual([]);
    expect(sheet.html).toContain('data-chart="daily-pnl"');
  });

  it('draws every chart of a metrics report', () => {
    const charts = [...sheet.html.matchAll(/<figure data-chart="([^"]+)"><svg/g)].map((m) => m[1]);
    expect(charts).toEqual(['equity', 'underwater', 'daily-pnl', 'return-histogram', 'rolling-sharpe']);
    expect(sheet.html).toContain('data-chart="heatmap"');
  });
});

describe('pass-probability section (for the pass-probability runs to come)', () => {
  const values = new Float64Array(200).map((_, i) => 50_000 + 10 * i);
  const starts = Array.from({ length: 60 }, (_, i) => ({
    start_date: `2024-${String(1 + Math.floor(i / 28)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
    outcome: (['passed', 'failed', 'open'] as const)[i % 3],
    trading_days: 5 + (i % 40),
  }));
  const html = buildTearsheet(
    inputOf(values, {
      kind: 'pass_probability',
      passProbability: { method: 'rolling', p_pass: 0.45, p_fail: 0.35, p_open: 0.2, days_to_pass: { p50: 23, p90: 51.5, mean: 27.25 }, starts },
    }),
  ).html;

  it('shows the odds as the JSON gives them and draws the outcomes and every start', () => {
    expect(html).toContain('data-key="pass_probability.p_pass" data-value="0.45">0.450<');
    expect(html).toContain('data-key="pass_probability.days_to_pass.p90" data-value="51.5">51.5<');
    const figure = /<figure data-chart="pass-probability">([\s\S]*?)<\/figure>/.exec(html)?.[1] ?? '';
    expect(figure).toContain('45.00 %');
    expect(figure).toContain('35.00 %');
    // one marker per start: 60 scatter symbols in the three outcome colours
    const markers = [...figure.matchAll(/<path d="M[^"]*"[^>]*fill="(#2da44e|#cf222e|#57606a)"/g)].length;
    expect(markers).toBeGreaterThanOrEqual(60 + 3);
  });
});

