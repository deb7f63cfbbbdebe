// The shipped vendor-format examples: up to date with their generator, and all the same bars.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildFuturesExamples, EXAMPLES_DIR } from '../../../src/cli/futures-examples';
import { buildContinuousBars, contractsFromFiles, readMinuteBars } from '../../../src/engine';

describe('examples/futures', () => {
  const examples = buildFuturesExamples();

  it.each(examples.map((e) => e.name))('%s is what `npm run examples:futures` writes, and is labelled synthetic', (name) => {
    expect(name.startsWith('synthetic-')).toBe(true);
    expect(readFileSync(join(EXAMPLES_DIR, name), 'utf8')).toBe(examples.find((e) => e.name === name)?.content);
  });

  it('the six MES files read to the same five sessions of bars, in the detected formats', () => {
    const files = examples.filter((e) => e.name.startsWith('synthetic-MES-'));
    const read = files.map((e) => readMinuteBars(readFileSync(join(EXAMPLES_DIR, e.name)), { symbol: 'MES' }));
    expect(read.map((r) => r.info.format)).toEqual(['ninjatrader', 'tradingview', 'databento', 'databento', 'generic', 'generic']);
    for (const r of read) expect(r.bars).toEqual(read[0].bars);
    expect(read[0].bars.time.length).toBe(5 * 390);
    // The first bar opens 08:30 CST (14:30Z); after the switch 08:30 CDT is 13:30Z.
    expect(new Date(read[0].bars.time[0]).toISOString()).toBe('2024-03-07T14:30:00.000Z');
    expect(new Date(read[0].bars.time[3 * 390]).toISOString()).toBe('2024-03-12T13:30:00.000Z');
  });

  it('the ES pair rolls on Thursday 2024-03-07 by either rule', () => {
    const files = ['synthetic-ESH4.csv', 'synthetic-ESM4.csv'].map((name) => ({ name, bytes: readFileSync(join(EXAMPLES_DIR, name)) }));
    const contracts = contractsFromFiles(files, { symbol: 'ES' });
    for (const rule of [{ kind: 'volume' as const }, { kind: 'days_before_expiry' as const, days: 8 }]) {
      expect(buildContinuousBars('ES', contracts, rule, 'difference').rolls.map((r) => [r.date, r.from, r.to, r.gap])).toEqual([['2024-03-07', 'ESH2024', 'ESM2024', 28.5]]);
    }
  });
});
