import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config';
import { computeDailyPnlColumns, computeMetrics, type ClosedTrade, type EquityPoint, formatIsoDay } from '../src/engine';
import { readEquitySections } from '../src/modules/metrics/metrics-csv';
import { toMetricsResponse } from '../src/modules/metrics/metrics.mapper';
import { MetricsService } from '../src/modules/metrics/metrics.service';
import type { BenchModule } from './run';
import { median, printTable, timeRuns } from './support';

/** A deterministic random walk (LCG + Box-Muller) of `points` daily values and a trade every 3 days. */
function syntheticCurve(points: number): { days: Int32Array; values: Float64Array; trades: ClosedTrade[] } {
  let state = 12345;
  const uniform = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state + 1) / 4294967297;
  };
  const days = new Int32Array(points);
  const values = new Float64Array(points);
  const trades: ClosedTrade[] = [];
  let value = 100_000;
  for (let i = 0; i < points; i += 1) {
    days[i] = -700_000 + i;
    values[i] = value;
    const normal = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    value *= 1 + 0.0003 + 0.01 * normal;
    if (i % 3 === 0) trades.push({ pnl: Math.round(normal * 50_000) / 100, risk: 250, exit_date: formatIsoDay(days[i]) });
  }
  return { days, values, trades };
}

type Case = [label: string, fn: () => unknown];

/** Each group builds its own input, so one group's large live heap (1M row objects) does not slow another's GCs. */
function caseGroups(points: number): (() => Case[])[] {
  const { days, values, trades } = syntheticCurve(points);
  const rowObjects = (): EquityPoint[] => Array.from(values, (value, i) => ({ date: formatIsoDay(days[i]), value }));
  return [
    () => [
      ['columns, no trades, no daily rows', () => computeMetrics({ equity: { dates: days, values }, includeDailyPnl: false })],
      ['columns + trades, no daily rows', () => computeMetrics({ equity: { dates: days, values }, trades, includeDailyPnl: false })],
      [
        'columns + trades + daily series as columns',
        () => [computeMetrics({ equity: { dates: days, values }, trades, includeDailyPnl: false }), computeDailyPnlColumns({ dates: days, values })],
      ],
      ['columns + trades + daily rows', () => computeMetrics({ equity: { dates: days, values }, trades })],
    ],
    () => {
      const objects = rowObjects();
      return [
        ['row objects + trades, no daily rows', () => computeMetrics({ equity: objects, trades, includeDailyPnl: false })],
        ['row objects + trades + daily rows', () => computeMetrics({ equity: objects, trades })],
      ];
    },
    () => {
      const csv = `date,value\n${rowObjects()
        .map((p) => `${p.date},${p.value}`)
        .join('\n')}\n`;
      return [
        [
          'CSV text -> columns -> metrics, no daily rows',
          () => {
            const table = readEquitySections(csv, 'bench', points).equity;
            return computeMetrics({ equity: { dates: table.dates, values: table.values }, includeDailyPnl: false });
          },
        ],
      ];
    },
  ];
}

/**
 * POST /metrics as the route runs it, minus the HTTP layer: the JSON body's text parsed by the service, every
 * metric computed, the response written as the JSON bytes the controller sends. Summary alone
 * (include_daily_pnl=false) against the default (with the columnar daily series).
 */
const ROUTE_SUMMARY = 'route: JSON body -> response text, summary alone (include_daily_pnl=false)';
const ROUTE_DEFAULT = 'route: JSON body -> response text, default (+ daily series columns)';
const ROUTE_STRINGIFY = 'for comparison: default with the series as number arrays through JSON.stringify (the path before)';

function routeCases(points: number): Case[] {
  const { days, values, trades } = syntheticCurve(points);
  const text = JSON.stringify({ equity: { dates: Array.from(days, (d) => formatIsoDay(d)), values: Array.from(values) }, trades });
  const service = new MetricsService(loadConfig({ LOG_LEVEL: 'silent', METRICS_MAX_POINTS: String(points) }));
  // The controller sends these chunks as they are (a StreamableFile of the bytes).
  const respond = (query: { include_daily_pnl?: 'false' }) => () => service.computeJson({ kind: 'json', text }, query).reduce((sum, chunk) => sum + chunk.length, 0);
  // What the route did before the series was written from typed columns: the whole answer through JSON.stringify.
  const stringified = () => JSON.stringify(toMetricsResponse(computeMetrics(service.parse({ kind: 'json', text }, {}).input))).length;
  return [
    [ROUTE_SUMMARY, respond({ include_daily_pnl: 'false' })],
    [ROUTE_DEFAULT, respond({})],
    [ROUTE_STRINGIFY, stringified],
  ];
}

/** `hf metrics FILE --json` on a 1M-point CSV, as a separate process: wall time, CPU time and peak memory. */
function cliRun(points: number): Record<string, string | number> {
  const { days, values } = syntheticCurve(points);
  const dir = mkdtempSync(join(tmpdir(), 'hf-bench-metrics-'));
  try {
    const csv = join(dir, 'equity.csv');
    const rows = Array.from(values, (value, i) => `${formatIsoDay(days[i])},${value.toFixed(2)}`);
    writeFileSync(csv, `date,value\n${rows.join('\n')}\n`);
    const usage = join(dir, 'usage.js');
    writeFileSync(usage, "process.on('exit', () => { const u = process.resourceUsage(); process.stderr.write(`usage ${u.maxRSS} ${u.userCPUTime + u.systemCPUTime}\\n`); });\n");
    const hf = join(__dirname, '..', '..', 'bin', 'hf.js');
    const run = () => {
      const started = performance.now();
      const child = spawnSync(process.execPath, ['-r', usage, hf, 'metrics', csv, '--json'], { encoding: 'utf8', maxBuffer: 1 << 30 });
      const ms = performance.now() - started;
      if (child.status !== 0) throw new Error(`hf metrics failed: ${child.stderr}`);
      const [, rssKb, cpuUs] = /usage (\d+) (\d+)/.exec(child.stderr) ?? [];
      return { ms, rssMb: Number(rssKb) / 1024, cpuMs: Number(cpuUs) / 1000, bytes: child.stdout.length };
    };
    run(); // builds dist/ if it is stale, warms the disk cache
    const samples = [run(), run(), run()];
    return {
      points,
      case: 'hf metrics equity.csv --json (whole process)',
      'median wall ms': Math.round(median(samples.map((r) => r.ms))),
      'median CPU ms': Math.round(median(samples.map((r) => r.cpuMs))),
      'max RSS MB': Math.round(Math.max(...samples.map((r) => r.rssMb))),
      'output MB': Math.round(samples[0].bytes / 1e6),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const bench: BenchModule = {
  title: 'metrics: computeMetrics on daily equity curves, POST /metrics, hf metrics --json (single thread, after warm-up)',
  async run() {
    const rows: Record<string, string | number>[] = [];
    for (const points of [10_000, 100_000, 1_000_000]) {
      const runs = points >= 1_000_000 ? 7 : 15;
      for (const group of [...caseGroups(points), ...(points <= 100_000 ? [() => routeCases(points)] : [])]) {
        for (const [label, fn] of group()) {
          const ms = median(await timeRuns(fn, runs, 3));
          rows.push({ points, case: label, 'median ms': Number(ms.toFixed(2)), 'ns/point': Number(((ms * 1e6) / points).toFixed(1)) });
        }
      }
    }
    printTable(rows);
    const headline = 'columns + trades + daily series as columns';
    const row = (points: number, label = headline): Record<string, string | number> | undefined => rows.find((r) => r.points === points && r.case === label);
    console.log(
      `all metrics + daily series (columns) on 1,000,000 points: ${row(1_000_000)?.['median ms']} ms; ` +
        `ns/point 1M vs 10k: ${(Number(row(1_000_000)?.['ns/point']) / Number(row(10_000)?.['ns/point'])).toFixed(2)}x`,
    );
    const summary = row(100_000, ROUTE_SUMMARY);
    const withSeries = row(100_000, ROUTE_DEFAULT);
    const before = row(100_000, ROUTE_STRINGIFY);
    const times = (other: Record<string, string | number> | undefined) => (Number(other?.['median ms']) / Number(summary?.['median ms'])).toFixed(2);
    console.log(`POST /metrics at 100,000 points: default (with the series) = ${times(withSeries)}x the summary alone (through JSON.stringify, as before: ${times(before)}x)`);
    printTable([cliRun(1_000_000)]);
  },
};
export default bench;
