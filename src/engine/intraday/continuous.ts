// Continuous contracts: per-contract minute bars spliced by a roll rule, optionally back-adjusted
// (futures-data reference §3.3–3.4). Each CME trade date comes from one contract only, so a roll falls
// between two sessions: the strategy, flat at every session end, never holds a trade across it.
import { civilFromDays, formatIsoDay } from '../civil-days';
import type { MinuteBars } from '../data/types';
import { EngineError } from '../errors';
import { EXCHANGE_ZONE, ZoneClock } from '../time-zone';
import { type BarFileInfo, type BarReadOptions, readContractBars } from './bar-reader';
import { type ContractMonth, lastTradingDay, parseContractName, sameUnderlying } from './contract-months';
import { CONTRACT_SPECS, type ContractSymbol } from './contracts';
import { createTickGrid, roundToTick } from './tick-grid';

/**
 * - `volume`: switch on the session after the first one in which the next contract traded more than the
 *   front (decided on complete sessions only, so no look-ahead);
 * - `days_before_expiry`: switch on the first session on or after the front's last trading day minus
 *   `days` calendar days (8 = CME's equity convention, the Thursday of the week before expiry).
 * Either way the front is left at the latest on its last trading day.
 */
export type RollRule = { readonly kind: 'volume' } | { readonly kind: 'days_before_expiry'; readonly days: number };

/** `difference` adds each roll's gap to all earlier bars (Panama); `none` splices raw prices. */
export type BackAdjustment = 'none' | 'difference';
export const BACK_ADJUSTMENTS: readonly BackAdjustment[] = ['none', 'difference'];

export interface ContractBars {
  readonly contract: ContractMonth;
  readonly bars: MinuteBars;
  /** The file the contract was read from and what the reader made of it (set by `contractsFromFiles`). */
  readonly file?: { readonly name: string; readonly info: BarFileInfo };
}

export interface ContractRoll {
  /** First trade date on the new contract. */
  readonly date: string;
  readonly from: string;
  readonly to: string;
  /** New minus old close at the last minute both traded before the roll (points, on the tick grid). */
  readonly gap: number;
  /** That minute (bar open, UTC ISO). */
  readonly measured_at: string;
}

export interface ContractSegment {
  readonly contract: string;
  readonly last_trading_day: string;
  readonly first_date: string;
  readonly last_date: string;
  readonly sessions: number;
  /** Points added to this segment's prices by the back-adjustment (0 for the last segment and for `none`). */
  readonly adjustment: number;
}

export interface ContinuousBars {
  readonly bars: MinuteBars;
  readonly rolls: readonly ContractRoll[];
  readonly segments: readonly ContractSegment[];
  readonly back_adjust: BackAdjustment;
  readonly rule: RollRule;
}

/** The bars of one contract grouped by CME trade date (17:00 CT of the day before → 17:00 CT). */
interface DayIndex {
  readonly days: number[];
  readonly from: number[];
  readonly to: number[];
  readonly volume: number[];
}

function indexTradeDays(bars: MinuteBars, globexOpenMinute: number): DayIndex {
  const clock = new ZoneClock(EXCHANGE_ZONE);
  const index: DayIndex = { days: [], from: [], to: [], volume: [] };
  for (let i = 0; i < bars.time.length; i += 1) {
    const wall = clock.toWall(bars.time[i]);
    const localDay = Math.floor(wall / 86_400_000);
    const minute = Math.floor((wall - localDay * 86_400_000) / 60_000);
    const day = minute >= globexOpenMinute ? localDay + 1 : localDay;
    const last = index.days.length - 1;
    if (last >= 0 && index.days[last] === day) {
      index.to[last] = i + 1;
      index.volume[last] += bars.volume[i];
    } else {
      index.days.push(day);
      index.from.push(i);
      index.to.push(i + 1);
      index.volume.push(bars.volume[i]);
    }
  }
  return index;
}

function position(index: DayIndex, day: number): number {
  let lo = 0;
  let hi = index.days.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (index.days[mid] < day) lo = mid + 1;
    else hi = mid;
  }
  return lo < index.days.length && index.days[lo] === day ? lo : -1;
}

function fail(message: string, field = 'roll'): never {
  throw new EngineError('INVALID_INPUT', `${message}.`, [{ field, message }]);
}

/** Index of `t` in a sorted time column, -1 when absent. */
function findTime(time: Float64Array, t: number): number {
  let lo = 0;
  let hi = time.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (time[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo < time.length && time[lo] === t ? lo : -1;
}

/**
 * Splices per-contract bars into one continuous series of `symbol` (the contracts may be its full-size
 * or micro sibling). Throws EngineError INVALID_INPUT (field `roll`) for a foreign or repeated contract,
 * a roll without a common minute to measure its gap, or back-adjusted prices at or below zero.
 */
export function buildContinuousBars(symbol: ContractSymbol, contracts: readonly ContractBars[], rule: RollRule, backAdjust: BackAdjustment): ContinuousBars {
  if (contracts.length === 0) fail('no contract files to roll');
  if (rule.kind === 'days_before_expiry' && !(Number.isInteger(rule.days) && rule.days >= 0 && rule.days <= 366)) fail('roll days before expiry must be an integer from 0 to 366');
  const spec = CONTRACT_SPECS[symbol];
  const seen = new Set<string>();
  for (const c of contracts) {
    if (!sameUnderlying(symbol, c.contract.root)) fail(`${c.contract.name} is not a ${symbol} contract`);
    if (seen.has(c.contract.name)) fail(`${c.contract.name} is given twice`);
    seen.add(c.contract.name);
  }
  const sorted = [...contracts].sort((a, b) => lastTradingDay(a.contract) - lastTradingDay(b.contract));
  const expiry = sorted.map((c) => lastTradingDay(c.contract));
  const indexes = sorted.map((c) => indexTradeDays(c.bars, spec.globex_open_minute));
  const allDays = [...new Set(indexes.flatMap((x) => x.days))].sort((a, b) => a - b);

  const volumeOn = (k: number, day: number): number => {
    const p = position(indexes[k], day);
    return p < 0 ? 0 : indexes[k].volume[p];
  };
  const mustLeave = (k: number, day: number, previous: number | null): boolean => {
    if (day >= expiry[k]) return true;
    if (rule.kind === 'days_before_expiry') return day >= expiry[k] - rule.days;
    return previous !== null && volumeOn(k + 1, previous) > volumeOn(k, previous);
  };

  // The contract of each trade date.
  const chosen: number[] = [];
  let front = 0;
  let previous: number | null = null;
  for (const day of allDays) {
    while (front < sorted.length - 1 && mustLeave(front, day, previous)) front += 1;
    chosen.push(front);
    previous = day;
  }

  const grid = createTickGrid(spec.tick_size);
  const rolls: ContractRoll[] = [];
  for (let d = 1; d < allDays.length; d += 1) {
    if (chosen[d] === chosen[d - 1]) continue;
    const from = chosen[d - 1];
    const to = chosen[d];
    // The last minute before the roll where both contracts printed a bar.
    const old = sorted[from].bars;
    const fresh = sorted[to].bars;
    const oldIndex = indexes[from];
    let endOld = 0;
    for (let p = 0; p < oldIndex.days.length && oldIndex.days[p] < allDays[d]; p += 1) endOld = oldIndex.to[p];
    let measured = -1;
    let freshAt = -1;
    for (let i = endOld - 1; i >= 0 && measured < 0; i -= 1) {
      const j = findTime(fresh.time, old.time[i]);
      if (j >= 0) {
        measured = i;
        freshAt = j;
      }
    }
    if (measured < 0) fail(`cannot measure the roll ${sorted[from].contract.name} → ${sorted[to].contract.name} on ${formatIsoDay(allDays[d])}: the two contracts share no minute before it`);
    rolls.push({
      date: formatIsoDay(allDays[d]),
      from: sorted[from].contract.name,
      to: sorted[to].contract.name,
      gap: roundToTick(grid, fresh.close[freshAt] - old.close[measured]),
      measured_at: new Date(old.time[measured]).toISOString(),
    });
  }

  // Segments (runs of days on one contract) and their back-adjustment, accumulated from the latest roll.
  const segmentOf: number[] = [];
  const segments: { k: number; first: number; last: number; sessions: number }[] = [];
  for (let d = 0; d < allDays.length; d += 1) {
    const k = chosen[d];
    if (position(indexes[k], allDays[d]) < 0) {
      segmentOf.push(-1);
      continue;
    }
    const last = segments[segments.length - 1];
    if (last !== undefined && last.k === k) {
      last.last = allDays[d];
      last.sessions += 1;
    } else segments.push({ k, first: allDays[d], last: allDays[d], sessions: 1 });
    segmentOf.push(segments.length - 1);
  }
  const adjustment = new Array<number>(segments.length).fill(0);
  if (backAdjust === 'difference') {
    for (let s = segments.length - 2; s >= 0; s -= 1) {
      const roll = rolls.find((r) => r.from === sorted[segments[s].k].contract.name && r.to === sorted[segments[s + 1].k].contract.name);
      adjustment[s] = roundToTick(grid, adjustment[s + 1] + (roll?.gap ?? 0));
    }
  }

  let total = 0;
  for (let d = 0; d < allDays.length; d += 1) {
    if (segmentOf[d] < 0) continue;
    const index = indexes[chosen[d]];
    const p = position(index, allDays[d]);
    total += index.to[p] - index.from[p];
  }
  const out = { symbol, time: new Float64Array(total), open: new Float64Array(total), high: new Float64Array(total), low: new Float64Array(total), close: new Float64Array(total), volume: new Float64Array(total) };
  let n = 0;
  for (let d = 0; d < allDays.length; d += 1) {
    if (segmentOf[d] < 0) continue;
    const k = chosen[d];
    const p = position(indexes[k], allDays[d]);
    const shift = adjustment[segmentOf[d]];
    const src = sorted[k].bars;
    for (let i = indexes[k].from[p]; i < indexes[k].to[p]; i += 1) {
      out.time[n] = src.time[i];
      out.volume[n] = src.volume[i];
      if (shift === 0) {
        out.open[n] = src.open[i];
        out.high[n] = src.high[i];
        out.low[n] = src.low[i];
        out.close[n] = src.close[i];
      } else {
        out.open[n] = roundToTick(grid, src.open[i] + shift);
        out.high[n] = roundToTick(grid, src.high[i] + shift);
        out.low[n] = roundToTick(grid, src.low[i] + shift);
        out.close[n] = roundToTick(grid, src.close[i] + shift);
        if (!(out.low[n] > 0)) fail(`back-adjusted ${sorted[k].contract.name} prices fall to ${out.low[n]} on ${formatIsoDay(allDays[d])}; use back_adjust none`, 'back_adjust');
      }
      n += 1;
    }
  }

  return {
    bars: out,
    rolls,
    segments: segments.map((s, i) => ({
      contract: sorted[s.k].contract.name,
      last_trading_day: formatIsoDay(expiry[s.k]),
      first_date: formatIsoDay(s.first),
      last_date: formatIsoDay(s.last),
      sessions: s.sessions,
      adjustment: adjustment[i],
    })),
    back_adjust: backAdjust,
    rule,
  };
}

/** `volume`, or a whole number of calendar days before expiry (`8`); null when malformed. */
export function parseRollRule(text: string): RollRule | null {
  const value = text.trim().toLowerCase();
  if (value === 'volume') return { kind: 'volume' };
  if (/^\d{1,3}$/.test(value)) return { kind: 'days_before_expiry', days: Number(value) };
  return null;
}

export interface NamedFile {
  /** File name (its base name may name the contract: `ESM4.csv`, `ES 06-24.Last.txt`). */
  readonly name: string;
  readonly bytes: Uint8Array;
}

/**
 * The contracts in a set of files: each contract of a file's `symbol` column (Databento), or else the
 * contract its name denotes. Reads with the one bar reader; errors name the file (and line) in `field`.
 */
export function contractsFromFiles(files: readonly NamedFile[], options: BarReadOptions = {}): ContractBars[] {
  const field = options.field ?? 'csv';
  const out: ContractBars[] = [];
  for (const file of files) {
    const { contracts, info } = readContractBars(file.bytes, { ...options, source: file.name });
    for (const [label, bars] of contracts) {
      const year = bars.time.length > 0 ? civilFromDays(Math.floor(bars.time[0] / 86_400_000)).year : 2000;
      const fromColumn = label === (options.symbol ?? 'UNKNOWN') ? null : parseContractName(label, year);
      const contract = fromColumn ?? parseContractName(file.name.split(/[\\/]/).pop() ?? file.name, year);
      if (contract === null) {
        const message = `cannot tell which contract ${file.name} holds: name the file after it (ESM4.csv, ESM2024.csv, ES 06-24.Last.txt) or give a symbol column`;
        throw new EngineError('INVALID_INPUT', `${message}.`, [{ field, message }]);
      }
      out.push({ contract, bars, file: { name: file.name, info } });
    }
  }
  return out;
}
