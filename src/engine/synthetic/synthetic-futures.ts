/** Regular trading hours of a futures symbol, in America/Chicago wall-clock minutes after midnight. */
export interface SyntheticFuturesSession {
  readonly startMinute: number;
  readonly endMinute: number;
}

export interface SyntheticFuturesSpec {
  readonly symbol: string;
  /** The full-size contract whose price path a micro shares (MES → ES). */
  readonly root: string;
  readonly tickSize: number;
  readonly tickValue: number;
  readonly session: SyntheticFuturesSession;
  /** Typical 1-minute volume at mid-session, in contracts. */
  readonly minuteVolume: number;
}

const EQUITY_INDEX: SyntheticFuturesSession = { startMinute: 8 * 60 + 30, endMinute: 15 * 60 };
const ENERGY: SyntheticFuturesSession = { startMinute: 8 * 60, endMinute: 13 * 60 + 30 };
const METALS: SyntheticFuturesSession = { startMinute: 7 * 60 + 20, endMinute: 12 * 60 + 30 };

/** The futures symbols the intraday engine trades (CME Group contract specifications). */
export const SYNTHETIC_FUTURES_SPECS: Readonly<Record<string, SyntheticFuturesSpec>> = {
  ES: { symbol: 'ES', root: 'ES', tickSize: 0.25, tickValue: 12.5, session: EQUITY_INDEX, minuteVolume: 3000 },
  MES: { symbol: 'MES', root: 'ES', tickSize: 0.25, tickValue: 1.25, session: EQUITY_INDEX, minuteVolume: 2500 },
  NQ: { symbol: 'NQ', root: 'NQ', tickSize: 0.25, tickValue: 5, session: EQUITY_INDEX, minuteVolume: 1200 },
  MNQ: { symbol: 'MNQ', root: 'NQ', tickSize: 0.25, tickValue: 0.5, session: EQUITY_INDEX, minuteVolume: 2000 },
  YM: { symbol: 'YM', root: 'YM', tickSize: 1, tickValue: 5, session: EQUITY_INDEX, minuteVolume: 250 },
  MYM: { symbol: 'MYM', root: 'YM', tickSize: 1, tickValue: 0.5, session: EQUITY_INDEX, minuteVolume: 200 },
  RTY: { symbol: 'RTY', root: 'RTY', tickSize: 0.1, tickValue: 5, session: EQUITY_INDEX, minuteVolume: 300 },
  M2K: { symbol: 'M2K', root: 'RTY', tickSize: 0.1, tickValue: 0.5, session: EQUITY_INDEX, minuteVolume: 250 },
  CL: { symbol: 'CL', root: 'CL', tickSize: 0.01, tickValue: 10, session: ENERGY, minuteVolume: 900 },
  MCL: { symbol: 'MCL', root: 'CL', tickSize: 0.01, tickValue: 1, session: ENERGY, minuteVolume: 300 },
  GC: { symbol: 'GC', root: 'GC', tickSize: 0.1, tickValue: 10, session: METALS, minuteVolume: 400 },
  MGC: { symbol: 'MGC', root: 'GC', tickSize: 0.1, tickValue: 1, session: METALS, minuteVolume: 150 },
};

export const SYNTHETIC_FUTURES_SYMBOLS: readonly string[] = Object.keys(SYNTHETIC_FUTURES_SPECS);

export function syntheticFuturesSpec(symbol: string): SyntheticFuturesSpec | undefined {
  return Object.prototype.hasOwnProperty.call(SYNTHETIC_FUTURES_SPECS, symbol) ? SYNTHETIC_FUTURES_SPECS[symbol] : undefined;
}

let lastTick = Number.NaN;
let lastScale = 1;

/** 10^(decimals of the tick); the last answer is kept because callers round many prices to one tick. */
function tickScale(tick: number): number {
  if (tick !== lastTick) {
    lastScale = 10 ** (String(tick).split('.')[1] ?? '').length;
    lastTick = tick;
  }
  return lastScale;
}

/** Rounds a price to the nearest multiple of the tick (kept free of binary noise such as 0.30000000000000004). */
export function roundToTick(price: number, tick: number): number {
  const scale = tickScale(tick);
  return Math.round(Math.round(price / tick) * tick * scale) / scale;
}
