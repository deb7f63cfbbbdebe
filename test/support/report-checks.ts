import type { Page } from 'playwright-core';

// Reading a tearsheet in the browser and checking it against a JSON answer. The expected texts and the
// monthly returns are computed here, independently of the report builder.

export interface ShownMetric {
  readonly key: string;
  readonly value: unknown;
  readonly text: string;
}

/** Every key-metric cell as the browser shows it: its JSON path, exact value and visible text. */
export function readKeyMetrics(page: Page): Promise<ShownMetric[]> {
  return page.$$eval('td[data-key]', (cells) =>
    cells.map((cell) => ({
      key: cell.getAttribute('data-key') ?? '',
      value: JSON.parse(cell.getAttribute('data-value') ?? 'null') as unknown,
      text: (cell.firstChild?.textContent ?? '').trim(),
    })),
  );
}

/** A dotted path into a JSON object (`max_drawdown_details.time_to_recovery_trading_days`). */
export function jsonAt(source: unknown, path: string): unknown {
  let value = source;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null) return null;
    value = (value as Record<string, unknown>)[part];
  }
  return value === undefined ? null : value;
}

const USD = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const RATIOS = new Set(['sharpe_ratio', 'sortino_ratio', 'calmar_ratio', 'payoff_ratio', 'profit_factor', 'expectancy_r', 'long_short_ratio', 'beta', 'alpha', 'correlation', 'information_ratio', 'tracking_error']);
const COUNTS = /(^|\.)(periods|total_trades|opening_range_breaks|pullback_entries|regime_filter_passes|daily_trade_limit_hits)$|_days$|_trades$/;

/** The text a reader should see for a metric, from its name and its JSON value. */
export function expectedText(key: string, value: unknown): string {
  if (value === null) return '—';
  if (typeof value === 'string') return value;
  const number = value as number;
  const name = key.split('.').pop() ?? key;
  if (name.endsWith('_pct')) return `${number.toFixed(2)} %`;
  if (RATIOS.has(name)) return number.toFixed(3);
  if (COUNTS.test(key)) return number.toLocaleString('en-US');
  return USD.format(number);
}

/** Compares every shown metric with the JSON answer; returns the mismatches (empty when all agree). */
export function metricMismatches(shown: readonly ShownMetric[], sources: Record<string, unknown>): string[] {
  return shown.flatMap(({ key, value, text }) => {
    const [source, ...rest] = key.split('.');
    if (!(source in sources)) return [`${key}: unknown source`];
    const want = jsonAt(sources[source], rest.join('.'));
    const problems: string[] = [];
    if (JSON.stringify(value) !== JSON.stringify(want)) problems.push(`${key}: shows value ${JSON.stringify(value)}, JSON has ${JSON.stringify(want)}`);
    if (text !== expectedText(key, want)) problems.push(`${key}: shows "${text}", expected "${expectedText(key, want)}"`);
    return problems;
  });
}

/** The monthly and yearly returns of a curve, grouped by the `YYYY-MM` / `YYYY` prefix of each date. */
export function periodReturns(startValue: number, series: { readonly dates: readonly string[]; readonly equity: readonly number[] }): Map<string, number> {
  const out = new Map<string, number>();
  const { dates, equity } = series;
  for (const length of [7, 4]) {
    let base = startValue;
    for (let i = 0; i < dates.length; i += 1) {
      const period = dates[i].slice(0, length);
      const next = dates[i + 1];
      if (next !== undefined && next.slice(0, length) === period) continue;
      out.set(period, equity[i] / base - 1);
      base = equity[i];
    }
  }
  return out;
}

/** The heatmap cells shown: period → [exact value, text]. */
export function readHeatmap(page: Page): Promise<[string, number, string][]> {
  return page.$$eval('table.heatmap td[data-value]', (cells) =>
    cells.map((cell) => [cell.getAttribute('data-period') ?? '', Number(cell.getAttribute('data-value')), cell.textContent ?? ''] as [string, number, string]),
  );
}

/** For each chart figure: its id, the number of drawn paths and the SVG's rendered width. */
export function readCharts(page: Page): Promise<{ id: string; paths: number; width: number }[]> {
  return page.$$eval('figure[data-chart]', (figures) =>
    figures.map((figure) => {
      const svg = figure.querySelector('svg');
      return { id: figure.getAttribute('data-chart') ?? '', paths: svg?.querySelectorAll('path').length ?? 0, width: svg?.getBoundingClientRect().width ?? 0 };
    }),
  );
}

/** Clicks a column header of a sortable table (the trades by default) and returns that column's values top to bottom. */
export async function sortTableBy(page: Page, header: string, table = 'trades-table'): Promise<string[]> {
  const column = await page.$$eval(`#${table} thead th`, (heads, label) => heads.findIndex((th) => th.textContent?.replace(/[▲▼]/g, '').trim() === label), header);
  if (column < 0) throw new Error(`no "${header}" column in #${table}`);
  await page.click(`#${table} thead th:nth-child(${column + 1}) button`);
  return page.$$eval(`#${table} tbody tr td:nth-child(${column + 1})`, (cells) => cells.map((cell) => cell.getAttribute('data-v') ?? ''));
}

/** The rows of a page's sortable table (`id`) from its HTML: each cell's exact value (`data-v`), and whether the row is marked best. */
export function sortableRows(html: string, id: string): { best: boolean; cells: string[] }[] {
  const table = new RegExp(`<table class="data" id="${id}"[\\s\\S]*?</table>`).exec(html)?.[0] ?? '';
  const body = /<tbody>([\s\S]*)<\/tbody>/.exec(table)?.[1] ?? '';
  return [...body.matchAll(/<tr([^>]*)>([\s\S]*?)<\/tr>/g)].map((m) => ({ best: m[1].includes('data-best="true"'), cells: [...m[2].matchAll(/data-v="([^"]*)"/g)].map((c) => c[1]) }));
}
