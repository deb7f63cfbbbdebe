import { loadConfig } from '../src/config';
import { formatIsoDay, parseIsoDay } from '../src/engine';
import { MetricsService } from '../src/modules/metrics/metrics.service';
import { buildMetricsTearsheet } from '../src/modules/reports/metrics-report';
import type { BenchModule } from './run';
import { median, printTable, timeRuns } from './support';

/** A body of POST /metrics/report.html: `points` business days of a seeded random walk, a trade every 3 days. */
function body(points: number): string {
  let state = 2024;
  const uniform = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state + 1) / 4294967297;
  };
  const dates: string[] = [];
  const values: number[] = [];
  const trades: { pnl: number; risk: number; entry_date: string; exit_date: string; ticker: string }[] = [];
  let day = parseIsoDay('1990-01-02') as number;
  let value = 100_000;
  while (dates.length < points) {
    const weekday = (((day + 4) % 7) + 7) % 7;
    if (weekday !== 0 && weekday !== 6) {
      dates.push(formatIsoDay(day));
      values.push(Math.round(value * 100) / 100);
      const normal = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
      value *= 1 + 0.0003 + 0.01 * normal;
      if (dates.length % 3 === 0) trades.push({ pnl: Math.round(normal * 50_000) / 100, risk: 250, entry_date: dates[dates.length - 2], exit_date: dates[dates.length - 1], ticker: 'SPY' });
    }
    day += 1;
  }
  return JSON.stringify({ equity: { dates, values }, trades });
}

const bench: BenchModule = {
  title: 'HTML tearsheet: what POST /metrics/report.html runs (parse the JSON body, every metric, every chart, the page)',
  async run() {
    const metrics = new MetricsService(loadConfig({}));
    const rows: Record<string, string | number>[] = [];
    for (const [label, points, runs] of [
      ['10 years daily', 2_521, 15],
      ['100,000 points', 100_000, 5],
      ['1,000,000 points', 1_000_000, 3],
    ] as const) {
      const text = body(points);
      let size = 0;
      const cpu: number[] = [];
      const times = await timeRuns(() => {
        const before = process.cpuUsage();
        size = buildMetricsTearsheet(metrics, metrics.parse({ kind: 'json', text }, {}), new Date().toISOString()).html.length;
        const used = process.cpuUsage(before);
        cpu.push((used.user + used.system) / 1000);
      }, runs, 1);
      rows.push({
        curve: label,
        'body MB': Number((text.length / 1e6).toFixed(1)),
        'median ms': Number(median(times).toFixed(1)),
        'min ms': Number(Math.min(...times).toFixed(1)),
        'max ms': Number(Math.max(...times).toFixed(1)),
        // CPU time of this process (user + system) over the same runs: on a busy machine it stays close to
        // what the build takes on an idle core, where wall time also counts the waits for a core.
        'median CPU ms': Number(median(cpu.slice(1)).toFixed(1)),
        'page KB': Math.round(size / 1024),
        runs,
      });
    }
    printTable(rows);
    console.log('Target: a 10-year daily report in <= 300 ms. Curves are thinned for drawing by ECharts (LTTB); the tables are exact.');
  },
};

export default bench;
