// Contract months and last trading days of the twelve contracts (futures-data reference §3.1–3.2).
// Pure: dates are day numbers (days since 1970-01-01).
import { daysFromCivil, nthWeekdayOfMonth } from '../civil-days';
import { isCmeBusinessDay } from './cme-calendar';
import { CONTRACT_SPECS, type ContractSymbol, isContractSymbol } from './contracts';

/** F Jan · G Feb · H Mar · J Apr · K May · M Jun · N Jul · Q Aug · U Sep · V Oct · X Nov · Z Dec. */
export const MONTH_CODES = 'FGHJKMNQUVXZ';

/** One listed contract: root, delivery year and month. */
export interface ContractMonth {
  readonly root: ContractSymbol;
  readonly year: number;
  /** 1–12. */
  readonly month: number;
  /** Canonical name, e.g. `ESM4` → `ESM2024`. */
  readonly name: string;
}

/** Full-size and micro siblings trade the same underlying; a run on one may read the other's files. */
const SIBLINGS: Readonly<Partial<Record<ContractSymbol, ContractSymbol>>> = { ES: 'MES', MES: 'ES', NQ: 'MNQ', MNQ: 'NQ', YM: 'MYM', MYM: 'YM', RTY: 'M2K', M2K: 'RTY', CL: 'MCL', MCL: 'CL', GC: 'MGC', MGC: 'GC' };

export function sameUnderlying(a: ContractSymbol, b: ContractSymbol): boolean {
  return a === b || SIBLINGS[a] === b;
}

function contractMonth(root: ContractSymbol, year: number, month: number): ContractMonth {
  return { root, year, month, name: `${root}${MONTH_CODES[month - 1]}${year}` };
}

/**
 * A one-digit year repeats every ten years: read it as the first year at or after `referenceYear − 1`
 * ending in that digit (data of a contract starts at most a year or so before it expires).
 */
function resolveYear(digits: string, referenceYear: number): number {
  if (digits.length === 4) return Number(digits);
  if (digits.length === 2) return 2000 + Number(digits);
  const digit = Number(digits);
  let year = referenceYear - 1;
  while (year % 10 !== digit) year += 1;
  return year;
}

/**
 * The contract a name denotes: `ESM4`, `ESM24`, `ESM2024` (exchange / Databento / TradingView), or
 * NinjaTrader's `ES 06-24` (also inside file names such as `ES 06-24.Last.txt`, `ES_06-24.Last.txt`,
 * `glbx-mdp3-ESM4.ohlcv-1m.csv`). Null when no known root with a month is found.
 */
export function parseContractName(text: string, referenceYear: number): ContractMonth | null {
  const upper = text.toUpperCase();
  const ninja = /(?:^|[^A-Z0-9])([A-Z][A-Z0-9]{0,3})[ _](\d{2})-(\d{2})(?:$|[^0-9])/.exec(upper) ?? /^([A-Z][A-Z0-9]{0,3})[ _](\d{2})-(\d{2})(?:$|[^0-9])/.exec(upper);
  if (ninja !== null && isContractSymbol(ninja[1])) {
    const month = Number(ninja[2]);
    if (month >= 1 && month <= 12) return contractMonth(ninja[1], 2000 + Number(ninja[3]), month);
  }
  for (const token of upper.split(/[^A-Z0-9]+/)) {
    const match = /^([A-Z][A-Z0-9]{0,3}?)([FGHJKMNQUVXZ])(\d{1,2}|\d{4})$/.exec(token);
    if (match === null || !isContractSymbol(match[1])) continue;
    return contractMonth(match[1], resolveYear(match[3], referenceYear), MONTH_CODES.indexOf(match[2]) + 1);
  }
  return null;
}

/**
 * The message refusing a single bar file whose own instrument column (Databento `symbol`) names a contract of
 * another root than the run's `symbol` (an MESH4 file for an ES run would be priced at ES's point value);
 * null when the file names none, names a continuous series, or names a contract of `symbol`.
 * `symbolField` is how the caller's user spells the symbol (`symbol` over HTTP, `--symbol` on the CLI).
 */
export function foreignContractMessage(source: string, contract: string | null, symbol: string, symbolField: string): string | null {
  if (contract === null) return null;
  const parsed = parseContractName(contract, 2000);
  if (parsed === null || parsed.root === symbol.toUpperCase()) return null;
  return `${source} holds contract ${contract} (${parsed.root}), but ${symbolField} is ${symbol}: give ${symbolField} ${parsed.root} or a file of ${symbol} bars`;
}

/** `n` CME business days before `day` (n ≥ 1), in the contract's calendar group. */
function businessDaysBefore(day: number, n: number, group: 'equity_index' | 'energy_metals'): number {
  let d = day;
  let left = n;
  while (left > 0) {
    d -= 1;
    if (isCmeBusinessDay(group, d)) left -= 1;
  }
  return d;
}

/**
 * Last trading day of a contract (reference §3.2):
 * - equity index (ES MES NQ MNQ YM MYM RTY M2K): third Friday of the contract month (trading stops 08:30 CT);
 * - CL: 3 business days before the 25th of the month before the contract month, 4 when the 25th is not a
 *   business day; MCL: one business day before CL;
 * - GC, MGC: third-last business day of the contract month (MGC unconfirmed).
 */
export function lastTradingDay(contract: ContractMonth): number {
  const spec = CONTRACT_SPECS[contract.root];
  if (spec.group === 'equity_index') return nthWeekdayOfMonth(contract.year, contract.month, 5, 3);
  if (spec.group === 'energy') {
    const prior = contract.month === 1 ? { year: contract.year - 1, month: 12 } : { year: contract.year, month: contract.month - 1 };
    const the25th = daysFromCivil(prior.year, prior.month, 25);
    const cl = businessDaysBefore(the25th, isCmeBusinessDay('energy_metals', the25th) ? 3 : 4, 'energy_metals');
    return contract.root === 'MCL' ? businessDaysBefore(cl, 1, 'energy_metals') : cl;
  }
  const afterMonth = daysFromCivil(contract.year, contract.month + 1, 1);
  return businessDaysBefore(afterMonth, 3, 'energy_metals');
}
