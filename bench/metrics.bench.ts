import { computeDailyPnlColumns, computeMetrics, type ClosedTrade, type EquityPoint, formatIsoDay } from '../src/engine';
import { readCsvRecords, readEquityTable } from '../src/modules/metrics/metrics-csv';
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
            const table = readEquityTable(readCsvRecords(csv, 'bench'), 'bench', points);
            return computeMetrics({ equity: { dates: table.dates, values: table.values }, includeDailyPnl: false });
          },
        ],
      ];
    },
  ];
}

const bench: BenchModule = {
  title: 'metrics: computeMetrics on daily equity curves (single thread, after warm-up)',
  async run() {
    const rows: Record<string, string | number>[] = [];
    for (const points of [10_000, 100_000, 1_000_000]) {
      const runs = points >= 1_000_000 ? 7 : 15;
      for (const group of caseGroups(points)) {
        for (const [label, fn] of group()) {
          const ms = median(await timeRuns(fn, runs, 3));
          rows.push({ points, case: label, 'median ms': Number(ms.toFixed(2)), 'ns/point': Number(((ms * 1e6) / points).toFixed(1)) });
        }
      }
    }
    printTable(rows);
    const headline = 'columns + trades + daily series as columns';
    const row = (points: number): Record<string, string | number> | undefined => rows.find((r) => r.points === points && r.case === headline);
    console.log(
      `all metrics + daily series (columns) on 1,000,000 points: ${row(1_000_000)?.['median ms']} ms; ` +
        `ns/point 1M vs 10k: ${(Number(row(1_000_000)?.['ns/point']) / Number(row(10_000)?.['ns/point'])).toFixed(2)}x`,
    );
  },
};
export default bench;
