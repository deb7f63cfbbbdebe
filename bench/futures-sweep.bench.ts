import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startApi } from '../test/support/processes';
import { freshDatabase } from './support';
import type { BenchModule } from './run';

// The production path: the built server (embedded mode, its worker threads), POST /futures/sweep/report over
// HTTP, a year of synthetic MES minute bars. The figure is combinations per second with RUN_THREADS 1 and 2
// (the grid's parts run as jobs on the threads, each thread loading the bars once).
const ENTRY = join(__dirname, '..', 'src', 'main.js');

const BASE = { symbol: 'MES', start_date: '2023-01-03', end_date: '2023-12-29', account_size: '50K', strategy: { entry_mode: 'breakout' } };
const GRID = [
  { key: 'target_r', values: [1, 1.5, 2, 3] },
  { key: 'entry_mode', values: ['breakout', 'pullback'] },
  { key: 'trend_filter', values: [true, false] },
  { key: 'rules.max_loss_limit', values: [1500, 2000, 2500] },
  { key: 'break_ticks', values: [0, 1, 2, 4] },
];
const CASES = [
  { label: 'net_pnl, 192 combinations', body: { ...BASE, sweep: GRID, objective: 'net_pnl' } },
  { label: 'net_pnl + walk-forward 60/20, 192 combinations', body: { ...BASE, sweep: GRID, objective: 'net_pnl', train_days: 60, test_days: 20 } },
  { label: 'p_pass (rolling, 60 days), 16 combinations', body: { ...BASE, sweep: GRID.slice(0, 3), objective: 'p_pass' } },
];

async function post(url: string, body: unknown): Promise<{ combinations: number }> {
  const response = await fetch(`${url}/futures/sweep/report`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (response.status !== 200) throw new Error(`POST /futures/sweep/report answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as { combinations: number };
}

const bench: BenchModule = {
  title: 'futures sweep: combinations per second through POST /futures/sweep/report with 1 and 2 worker threads',
  async run() {
    const rows: Record<string, string | number>[] = [];
    for (const threads of [1, 2]) {
      const database = await freshDatabase(`sweep_${threads}`);
      const api = await startApi({ ...database.env, RUN_THREADS: String(threads), LOG_LEVEL: 'info', RATE_LIMIT_EXPENSIVE: '100000' }, ENTRY);
      try {
        // Starts the threads (each boots the worker module once) before anything is timed.
        await post(api.url, { ...BASE, end_date: '2023-01-31', sweep: [{ key: 'target_r', values: [1, 2, 3, 4] }] });
        for (const c of CASES) {
          const started = performance.now();
          const answer = await post(api.url, c.body);
          const seconds = (performance.now() - started) / 1000;
          const row = { threads, sweep: c.label, 'wall s': +seconds.toFixed(2), 'combinations/s': +(answer.combinations / seconds).toFixed(1) };
          // Each figure as it comes (a loaded machine makes the whole bench long), then the table.
          console.log(JSON.stringify(row));
          rows.push(row);
        }
      } finally {
        await api.process.stop();
        await database.cleanup();
      }
    }
    console.table(rows);
  },
};
export default bench;
