// Runs every bench/*.bench.ts (compiled) in turn; `npm run bench -- <filter>` runs the matching ones.
// Each bench prints its own figures; nothing here asserts a time.
import { readdirSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';

export interface BenchModule {
  readonly title: string;
  run(): Promise<void>;
}

async function main(): Promise<void> {
  const filters = process.argv.slice(2);
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.js'))
    .filter((f) => filters.length === 0 || filters.some((flt) => f.includes(flt)))
    .sort();
  if (files.length === 0) {
    console.log(`no benchmark matches ${filters.join(', ')}`);
    return;
  }
  for (const file of files) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const bench = require(join(__dirname, file)) as { default: BenchModule };
    console.log(`\n=== ${bench.default.title} (${file.replace(/\.js$/, '.ts')})`);
    // The figures depend on what else the machine runs: the load average (as `uptime` prints it) beside them.
    console.log(`load average: ${loadavg().map((l) => l.toFixed(2)).join(', ')} on ${availableParallelism()} CPUs`);
    const started = process.hrtime.bigint();
    await bench.default.run();
    console.log(`--- ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
