import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  buildFuturesReport,
  formatMinuteBars,
  type MinuteBars,
  parseDay,
  readMinuteBars,
  prepareFuturesData,
  resolveFuturesConfig,
  runFuturesBacktestSync,
  SyntheticMarket,
} from '../src/engine';
import type { BenchModule } from './run';
import { median, timeRuns } from './support';

// Limits out of reach so every session is simulated (a failed Combine would stop the loop early).
const INPUT = { symbol: 'MES', rules: { max_loss_limit: 1e9, profit_target: 1e9, daily_loss_limit: null } } as const;

function rate(bars: number, ms: number): string {
  return `${(bars / (ms / 1000) / 1e6).toFixed(2)} M bars/s`;
}

/**
 * Strategy loop (bars already mapped to sessions) and end to end (read the CSV file, parse, map to
 * Chicago sessions, run, build the report with the metrics) on 1 and 5 years of synthetic MES
 * regular-session minute bars.
 */
const bench: BenchModule = {
  title: 'futures: ORB minute-bar loop and CSV end to end',
  async run() {
    const market = new SyntheticMarket(42);
    const dir = mkdtempSync(join(tmpdir(), 'hf-bench-futures-'));
    const rows: Record<string, string | number>[] = [];
    try {
      for (const [label, from] of [
        ['1 year', '2023-01-01'],
        ['5 years', '2019-01-01'],
      ] as const) {
        const bars: MinuteBars = market.minuteBars('MES', parseDay(from) as number, parseDay('2023-12-31') as number);
        const n = bars.time.length;
        const config = resolveFuturesConfig(INPUT);
        let started = performance.now();
        const data = prepareFuturesData(bars, config);
        const prepMs = performance.now() - started;
        let trades = 0;
        const loop = await timeRuns(() => {
          trades = runFuturesBacktestSync(data, config).trades.length;
        }, 5);
        // Entry window to 14:50: sessions are scanned to (nearly) their last bar, the loop's worst case.
        const wideConfig = resolveFuturesConfig({ ...INPUT, strategy: { entry_window_end: '14:50' } });
        const wideData = prepareFuturesData(bars, wideConfig);
        const wideLoop = await timeRuns(() => runFuturesBacktestSync(wideData, wideConfig), 5);
        const file = join(dir, `mes-${label.replace(' ', '')}.csv`);
        writeFileSync(file, formatMinuteBars(bars, 'generic'));
        let verdict = '';
        const endToEnd = await timeRuns(
          () => {
            const parsed = readMinuteBars(readFileSync(file), { symbol: 'MES' }).bars;
            const report = buildFuturesReport(runFuturesBacktestSync(prepareFuturesData(parsed, config), config));
            verdict = report.verdict.status;
          },
          3,
          1,
        );
        started = performance.now();
        readMinuteBars(readFileSync(file), { symbol: 'MES' });
        const parseMs = performance.now() - started;
        rows.push({
          data: label,
          bars: n,
          trades,
          'prepare ms': Math.round(prepMs),
          'loop ms (median)': Number(median(loop).toFixed(1)),
          'loop rate': rate(n, median(loop)),
          'full-scan loop rate': rate(n, median(wideLoop)),
          'csv parse ms': Math.round(parseMs),
          'end-to-end ms (median)': Math.round(median(endToEnd)),
          'end-to-end rate': rate(n, median(endToEnd)),
          verdict,
        });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    console.table(rows);
  },
};
export default bench;
