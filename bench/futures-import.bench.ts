import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { type BarFileFormat, type BarWriteOptions, formatMinuteBars, parseIsoDay, readMinuteBars, SyntheticMarket } from '../src/engine';
import type { BenchModule } from './run';
import { median, timeRuns } from './support';

/**
 * Import speed of the one bar reader per vendor format: 5 years of synthetic MES regular-session
 * minute bars written as each vendor writes them, read from disk (readFileSync + readMinuteBars, the
 * path the CLI and the csv provider take). A csv-parse pass over the generic file (records only, no
 * conversion) is the yardstick for the byte-level data loop.
 */
const bench: BenchModule = {
  title: 'futures: minute-bar import per format',
  async run() {
    const bars = new SyntheticMarket(42).minuteBars('MES', parseIsoDay('2019-01-01') as number, parseIsoDay('2023-12-31') as number);
    const n = bars.time.length;
    const dir = mkdtempSync(join(tmpdir(), 'hf-bench-import-'));
    const cases: [string, BarFileFormat, BarWriteOptions, string | undefined][] = [
      ['ninjatrader (UTC, close stamps)', 'ninjatrader', {}, undefined],
      ['ninjatrader (--tz America/New_York)', 'ninjatrader', { tz: 'America/New_York' }, 'America/New_York'],
      ['tradingview (unix s)', 'tradingview', {}, undefined],
      ['databento raw (ns, 1e-9 ints)', 'databento', {}, undefined],
      ['databento pretty (ISO, decimals)', 'databento', { pretty: true }, undefined],
      ['generic (ISO Z)', 'generic', {}, undefined],
    ];
    const rows: Record<string, string | number>[] = [];
    try {
      for (const [label, format, writeOptions, tz] of cases) {
        const file = join(dir, `${format}-${rows.length}.txt`);
        writeFileSync(file, formatMinuteBars(bars, format, writeOptions));
        const size = readFileSync(file).length;
        let read = 0;
        const times = await timeRuns(() => {
          read = readMinuteBars(readFileSync(file), { symbol: 'MES', tz, contract: format === 'databento' ? 'MES' : undefined }).bars.time.length;
        }, 5, 1);
        const ms = median(times);
        rows.push({ format: label, bars: read, MB: Number((size / 1e6).toFixed(1)), 'ms (median)': Math.round(ms), 'M bars/s': Number((n / ms / 1e3).toFixed(2)), 'MB/s': Math.round(size / 1e3 / ms) });
      }
      const generic = join(dir, 'generic-5.txt');
      const text = readFileSync(generic);
      const times = await timeRuns(() => parseCsv(text, { from_line: 2 }), 3, 1);
      const ms = median(times);
      rows.push({ format: 'yardstick: csv-parse records of the generic file', bars: n, MB: Number((text.length / 1e6).toFixed(1)), 'ms (median)': Math.round(ms), 'M bars/s': Number((n / ms / 1e3).toFixed(2)), 'MB/s': Math.round(text.length / 1e3 / ms) });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    console.table(rows);
  },
};
export default bench;
