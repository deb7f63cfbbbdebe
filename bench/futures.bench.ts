import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  buildFuturesReport,
  createSimulation,
  formatMinuteBars,
  type MinuteBars,
  parseIsoDay,
  readMinuteBars,
  prepareFuturesData,
  resolveFuturesConfig,
  runAttempt,
  runFuturesBacktestSync,
  SyntheticMarket,
  tradingSessions,
} from '../src/engine';
import type { BenchModule } from './run';
import { median, timeRuns } from './support';

// Limits out of reach so every session is simulated (a failed Combine would stop the loop early).
const INPUT = { symbol: 'MES', rules: { max_loss_limit: 1e9, profit_target: 1e9, daily_loss_limit: null } } as const;

function rate(bars: number, ms: number): string {
  return `${(bars / (ms / 1000) / 1e6).toFixed(2)} M bars/s`;
}

/**
 * The 50K Combine rules over five years: the whole range with `attempts: reset` (trades and rows
 * recorded), and `runAttempt` on a fresh account from every session for 60 sessions (nothing recorded:
 * the path of rolling pass-probability estimates).
 */
async function attemptRows(market: SyntheticMarket): Promise<Record<string, string | number>[]> {
  const bars = market.minuteBars('MES', parseIsoDay('2018-09-01') as number, parseIsoDay('2023-12-31') as number);
  const config = resolveFuturesConfig({ symbol: 'MES', start_date: '2019-01-02', attempts: 'reset' });
  const data = prepareFuturesData(bars, config);
  let attempts = 0;
  const whole = await timeRuns(() => {
    attempts = runFuturesBacktestSync(data, config).attempts.length;
  }, 9);
  const sim = createSimulation(config, data, { record: false });
  const sessions = tradingSessions(data, config);
  const horizon = 60;
  const starts = sessions.length - horizon;
  const rolling = await timeRuns(() => {
    for (let start = 0; start < starts; start += 1) runAttempt(sim, sessions, start, start + horizon);
  }, 5);
  const perAttempt = median(rolling) / starts;
  return [
    { run: 'attempts: reset, 5 years', sessions: sessions.length, attempts, 'ms (median)': Number(median(whole).toFixed(1)), 'per attempt µs': '' },
    { run: `runAttempt × ${starts} (60 sessions each)`, sessions: starts * horizon, attempts: starts, 'ms (median)': Number(median(rolling).toFixed(1)), 'per attempt µs': Number((perAttempt * 1000).toFixed(1)) },
  ];
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
        const bars: MinuteBars = market.minuteBars('MES', parseIsoDay(from) as number, parseIsoDay('2023-12-31') as number);
        const n = bars.time.length;
        const config = resolveFuturesConfig(INPUT);
        let started = performance.now();
        const data = prepareFuturesData(bars, config);
        const prepMs = performance.now() - started;
        let trades = 0;
        const loop = await timeRuns(() => {
          trades = runFuturesBacktestSync(data, config).trades.length;
        }, 15);
        // Entry window to 14:50: sessions are scanned to (nearly) their last bar, the loop's worst case.
        const wideConfig = resolveFuturesConfig({ ...INPUT, strategy: { entry_window_end: '14:50' } });
        const wideData = prepareFuturesData(bars, wideConfig);
        const wideLoop = await timeRuns(() => runFuturesBacktestSync(wideData, wideConfig), 15);
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
    console.table(await attemptRows(market));
  },
};
export default bench;
