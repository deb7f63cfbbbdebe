import {
  createSimulation,
  parseIsoDay,
  prepareFuturesData,
  resolvePassProbabilityConfig,
  runAttempt,
  runPassProbabilitySync,
  SyntheticMarket,
  tradingSessions,
} from '../src/engine';
import type { BenchModule } from './run';
import { median, printTable, timeRuns } from './support';

/**
 * The odds of passing on five years of synthetic MES minute bars under the 50K Combine: the bootstrap with
 * 10,000 paths × 60 sessions (target ≤ 2 s), the rolling estimate from every session (each start with its own
 * 100-day warm-up, as the route runs it), and, for scale, the bootstrap without the session memo (every
 * session of every path simulated bar by bar).
 */
const bench: BenchModule = {
  title: 'futures: pass probability (bootstrap 10,000 paths × 60 days, rolling over 5 years)',
  async run() {
    const bars = new SyntheticMarket(42).minuteBars('MES', parseIsoDay('2018-09-01') as number, parseIsoDay('2024-03-29') as number);
    const { config, odds } = resolvePassProbabilityConfig({ symbol: 'MES', start_date: '2019-01-02', end_date: '2023-12-29', horizon_days: 60, paths: 10_000, seed: 1, block_days: 5 });
    const data = prepareFuturesData(bars, config);
    const sessions = tradingSessions(data, config).length;
    const rows: Record<string, string | number>[] = [];

    let bootstrapOdds = '';
    const bootstrap = await timeRuns(() => {
      const result = runPassProbabilitySync(data, config, { ...odds, method: 'bootstrap' });
      bootstrapOdds = `${result.bootstrap?.p_pass.toFixed(4)} / ${result.bootstrap?.p_fail.toFixed(4)} / ${result.bootstrap?.p_open.toFixed(4)}`;
    }, 5, 1);
    rows.push({ run: 'bootstrap 10,000 paths × 60 sessions', sessions, 'ms (median)': Number(median(bootstrap).toFixed(1)), 'p_pass / p_fail / p_open': bootstrapOdds, target: '≤ 2,000 ms' });

    let rollingOdds = '';
    const rolling = await timeRuns(() => {
      const result = runPassProbabilitySync(data, config, { ...odds, method: 'rolling' }, { warmupDays: 100 });
      rollingOdds = `${result.rolling?.p_pass.toFixed(4)} / ${result.rolling?.p_fail.toFixed(4)} / ${result.rolling?.p_open.toFixed(4)}`;
    }, 3, 1);
    rows.push({ run: `rolling, ${sessions} starts × 60 sessions (own warm-up each)`, sessions, 'ms (median)': Number(median(rolling).toFixed(1)), 'p_pass / p_fail / p_open': rollingOdds, target: '' });

    // Random 60-session paths with every session simulated bar by bar (what the session memo saves).
    const sim = createSimulation(config, data, { record: false });
    const pool = tradingSessions(data, config);
    const paths = 2_000;
    const path = new Int32Array(60);
    let state = 1;
    const t0 = performance.now();
    for (let p = 0; p < paths; p += 1) {
      for (let i = 0; i < 60; i += 1) {
        state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
        path[i] = pool[state % pool.length];
      }
      runAttempt(sim, path);
    }
    const plainMs = ((performance.now() - t0) / paths) * odds.paths;
    rows.push({ run: 'bootstrap without the memo (2,000 paths, scaled to 10,000)', sessions, 'ms (median)': Number(plainMs.toFixed(1)), 'p_pass / p_fail / p_open': '', target: '' });
    printTable(rows);
  },
};

export default bench;
