// hf futures-examples (npm run examples:futures) — regenerates examples/futures: the same synthetic bars in every vendor format
// the bar reader knows, and two contract files to roll. All of it is synthetic (the generator of
// src/engine/synthetic), and every file name says so.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { EXCHANGE_ZONE, formatMinuteBars, type MinuteBars, parseIsoDay, SyntheticMarket } from '../engine';
import { cliAction, cliCommand, type CliOutput, STDIO } from './command';

export const EXAMPLES_DIR = join('examples', 'futures');
const SEED = 2024;

export interface ExampleFile {
  readonly name: string;
  readonly content: string;
}

function bars(symbol: string, from: string, to: string): MinuteBars {
  return new SyntheticMarket(SEED).minuteBars(symbol, parseIsoDay(from) as number, parseIsoDay(to) as number);
}

/** The same path as `base`, `points` higher, with each day's volume scaled by `volume(dayIndex)`. */
function otherContract(base: MinuteBars, points: number, volume: (day: number) => number): MinuteBars {
  const day = (i: number) => Math.floor((base.time[i] - base.time[0]) / 86_400_000);
  return {
    symbol: base.symbol,
    time: base.time,
    open: base.open.map((p) => p + points),
    high: base.high.map((p) => p + points),
    low: base.low.map((p) => p + points),
    close: base.close.map((p) => p + points),
    volume: base.volume.map((v, i) => Math.max(1, Math.round(v * volume(day(i))))),
  };
}

/**
 * Five MES sessions around the 2024 March DST switch (2024-03-07 → 2024-03-13) in each format, and an
 * ES March/June pair over 2024-03-04 → 2024-03-08 whose volume crosses on 03-06 (both roll rules switch on
 * Thursday 03-07, the CME roll day, 8 days before the March expiry).
 */
export function buildFuturesExamples(): ExampleFile[] {
  const mes = bars('MES', '2024-03-07', '2024-03-13');
  const march = bars('ES', '2024-03-04', '2024-03-08');
  const h4 = { ...march, volume: march.volume.map((v, i) => Math.max(1, Math.round(v * [1, 0.9, 0.45, 0.2, 0.1][Math.min(4, Math.floor((march.time[i] - march.time[0]) / 86_400_000))]))) };
  const m4 = otherContract(march, 28.5, (d) => [0.15, 0.3, 0.6, 1, 1.1][Math.min(4, d)]);
  return [
    { name: 'synthetic-MES-ninjatrader.txt', content: formatMinuteBars(mes, 'ninjatrader', { decimals: 2 }) },
    { name: 'synthetic-MES-tradingview.csv', content: formatMinuteBars(mes, 'tradingview', { decimals: 2 }) },
    { name: 'synthetic-MES-databento.csv', content: formatMinuteBars(mes, 'databento', { contract: 'MESH4' }) },
    { name: 'synthetic-MES-databento-pretty.csv', content: formatMinuteBars(mes, 'databento', { contract: 'MESH4', pretty: true }) },
    { name: 'synthetic-MES-generic.csv', content: formatMinuteBars(mes, 'generic') },
    { name: 'synthetic-MES-generic-chicago.csv', content: formatMinuteBars(mes, 'generic', { tz: EXCHANGE_ZONE }) },
    { name: 'synthetic-ESH4.csv', content: formatMinuteBars(h4, 'generic') },
    { name: 'synthetic-ESM4.csv', content: formatMinuteBars(m4, 'generic') },
  ];
}

/** Writes the example files into examples/futures (of the working directory), printing each path. */
export function writeFuturesExamples(io: CliOutput): void {
  mkdirSync(EXAMPLES_DIR, { recursive: true });
  for (const file of buildFuturesExamples()) {
    writeFileSync(join(EXAMPLES_DIR, file.name), file.content);
    io.out(join(EXAMPLES_DIR, file.name));
  }
}

/** The `futures-examples` command, writing to `io`. */
export function futuresExamplesCommand(io: CliOutput = STDIO): Command {
  return cliCommand('futures-examples', io)
    .description('Regenerate examples/futures: the same synthetic bars in every vendor format the bar reader knows, and two contract files to roll')
    .action(cliAction(() => writeFuturesExamples(io)));
}

if (require.main === module) writeFuturesExamples(STDIO);
