import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { formatMinuteBars, parseIsoDay, SyntheticMarket } from '../src/engine';
import type { BenchModule } from './run';
import { median } from './support';

// The process a user waits for: `hf futures --csv FILE` (bin/hf.js, dist/ already built) on 250 trading days
// of 1-minute MES bars, against a bare Node process that reads the same file, parses every line (ISO stamp and
// five numbers) and loops over the bars once. Issue 18's target: the CLI costs at most 3× the bare process.
const BARE = `
const { readFileSync } = require('node:fs');
const text = readFileSync(process.argv[2], 'latin1');
const lines = text.split('\\n');
let n = 0, high = -Infinity, low = Infinity, volume = 0, last = 0;
for (let i = 1; i < lines.length; i += 1) {
  const line = lines[i];
  if (line === '') continue;
  const f = line.split(',');
  const t = Date.parse(f[0]);
  const h = Number(f[2]), l = Number(f[3]), c = Number(f[4]), v = Number(f[5]);
  if (t < last) throw new Error('unsorted');
  last = t;
  if (h > high) high = h;
  if (l < low) low = l;
  volume += v + c * 0;
  n += 1;
}
process.stdout.write(n + ' bars, high ' + high + ', low ' + low + ', volume ' + volume + '\\n');
`;

function timeProcess(args: readonly string[]): { ms: number; stdout: string } {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return { ms, stdout: result.stdout };
}

const bench: BenchModule = {
  title: 'futures CLI process vs a bare read-parse-loop process (250 days of 1-minute bars)',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'hf-bench-cli-'));
    try {
      const bars = new SyntheticMarket(42).minuteBars('MES', parseIsoDay('2023-01-02') as number, parseIsoDay('2023-12-29') as number);
      const file = join(dir, 'MES-2023.csv');
      writeFileSync(file, formatMinuteBars(bars, 'generic'));
      const bare = join(dir, 'bare.js');
      writeFileSync(bare, BARE);
      const hf = join(__dirname, '..', '..', 'bin', 'hf.js');
      const cli = [hf, 'futures', '--csv', file, '--no-progress', '--show-trades', '0', '--out', dir];
      // Untimed: builds dist/ when it is stale (the launcher's one-time cost) and warms the file cache.
      const first = timeProcess(cli);
      const sessions = /bars in (\d+) sessions/.exec(first.stdout)?.[1] ?? '?';
      timeProcess([bare, file]);
      const rows: Record<string, string | number>[] = [];
      const cliTimes: number[] = [];
      const bareTimes: number[] = [];
      const nodeTimes: number[] = [];
      for (let i = 0; i < 5; i += 1) {
        cliTimes.push(timeProcess(cli).ms);
        bareTimes.push(timeProcess([bare, file]).ms);
        nodeTimes.push(timeProcess(['-e', '0']).ms);
      }
      const cliMs = median(cliTimes);
      const bareMs = median(bareTimes);
      rows.push({ process: `hf futures --csv (${sessions} sessions)`, 'ms (median of 5)': Math.round(cliMs) });
      rows.push({ process: 'bare node: read + parse + loop', 'ms (median of 5)': Math.round(bareMs) });
      rows.push({ process: 'node -e 0 (start-up alone)', 'ms (median of 5)': Math.round(median(nodeTimes)) });
      console.log(`${bars.time.length.toLocaleString('en-US')} bars, ${(statSync(file).size / 1e6).toFixed(1)} MB (generic CSV)`);
      console.table(rows);
      console.log(`ratio CLI / bare: ${(cliMs / bareMs).toFixed(2)}× (target ≤ 3×)`);
      console.log(`uptime: ${execFileSync('uptime', { encoding: 'utf8' }).trim()}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
export default bench;
