// CME contract specifications (reference/funded-account-and-metrics.md §2). Session times are minutes
// after midnight in America/Chicago; the zone's DST rules apply when bars are mapped to sessions.

export type ContractSymbol = 'ES' | 'MES' | 'NQ' | 'MNQ' | 'YM' | 'MYM' | 'RTY' | 'M2K' | 'CL' | 'MCL' | 'GC' | 'MGC';

export type ContractGroup = 'equity_index' | 'energy' | 'metals';

export interface ContractSpec {
  readonly symbol: ContractSymbol;
  readonly name: string;
  readonly exchange: 'CME' | 'CBOT' | 'NYMEX' | 'COMEX';
  readonly group: ContractGroup;
  /** Micro contracts count as a fraction of a lot on TopstepX (`micro_ratio`). */
  readonly micro: boolean;
  readonly tick_size: number;
  readonly tick_value: number;
  /** Dollars per 1.0 price move per contract (tick_value / tick_size). */
  readonly point_value: number;
  /** Default round-turn commission and fees per contract, USD. */
  readonly commission_round_turn: number;
  /** Regular (day) session used for opening-range work, minutes after midnight CT. */
  readonly rth_open_minute: number;
  readonly rth_close_minute: number;
  /** CME Globex trading day: 17:00 CT (previous calendar day) to 16:00 CT. */
  readonly globex_open_minute: number;
  readonly globex_close_minute: number;
}

const GLOBEX_OPEN = 17 * 60;
const GLOBEX_CLOSE = 16 * 60;
const EQUITY_RTH = { rth_open_minute: 8 * 60 + 30, rth_close_minute: 15 * 60 };
const ENERGY_RTH = { rth_open_minute: 8 * 60, rth_close_minute: 13 * 60 + 30 };
const METALS_RTH = { rth_open_minute: 7 * 60 + 20, rth_close_minute: 12 * 60 + 30 };
const MINI_COMMISSION = 5;
const MICRO_COMMISSION = 1.5;

function spec(
  symbol: ContractSymbol,
  name: string,
  exchange: ContractSpec['exchange'],
  group: ContractGroup,
  micro: boolean,
  tickSize: number,
  tickValue: number,
): ContractSpec {
  const rth = group === 'equity_index' ? EQUITY_RTH : group === 'energy' ? ENERGY_RTH : METALS_RTH;
  return {
    symbol,
    name,
    exchange,
    group,
    micro,
    tick_size: tickSize,
    tick_value: tickValue,
    point_value: Math.round((tickValue / tickSize) * 1e6) / 1e6,
    commission_round_turn: micro ? MICRO_COMMISSION : MINI_COMMISSION,
    ...rth,
    globex_open_minute: GLOBEX_OPEN,
    globex_close_minute: GLOBEX_CLOSE,
  };
}

export const CONTRACT_SPECS: Readonly<Record<ContractSymbol, ContractSpec>> = {
  ES: spec('ES', 'E-mini S&P 500', 'CME', 'equity_index', false, 0.25, 12.5),
  MES: spec('MES', 'Micro E-mini S&P 500', 'CME', 'equity_index', true, 0.25, 1.25),
  NQ: spec('NQ', 'E-mini Nasdaq-100', 'CME', 'equity_index', false, 0.25, 5),
  MNQ: spec('MNQ', 'Micro E-mini Nasdaq-100', 'CME', 'equity_index', true, 0.25, 0.5),
  YM: spec('YM', 'E-mini Dow ($5)', 'CBOT', 'equity_index', false, 1, 5),
  MYM: spec('MYM', 'Micro E-mini Dow', 'CBOT', 'equity_index', true, 1, 0.5),
  RTY: spec('RTY', 'E-mini Russell 2000', 'CME', 'equity_index', false, 0.1, 5),
  M2K: spec('M2K', 'Micro E-mini Russell 2000', 'CME', 'equity_index', true, 0.1, 0.5),
  CL: spec('CL', 'WTI Crude Oil', 'NYMEX', 'energy', false, 0.01, 10),
  MCL: spec('MCL', 'Micro WTI Crude Oil', 'NYMEX', 'energy', true, 0.01, 1),
  GC: spec('GC', 'Gold', 'COMEX', 'metals', false, 0.1, 10),
  MGC: spec('MGC', 'Micro Gold', 'COMEX', 'metals', true, 0.1, 1),
};

export const CONTRACT_SYMBOLS = Object.keys(CONTRACT_SPECS) as ContractSymbol[];

export function isContractSymbol(value: string): value is ContractSymbol {
  return Object.prototype.hasOwnProperty.call(CONTRACT_SPECS, value);
}

/** `HH:MM` for a minute of the day. */
export function formatMinute(minute: number): string {
  const h = Math.floor(minute / 60);
  const m = minute % 60;
  return `${h < 10 ? '0' : ''}${h}:${m < 10 ? '0' : ''}${m}`;
}

/** Minute of the day for `HH:MM` (or `HH:MM:SS`, seconds must be 0), or null when malformed. */
export function parseMinute(text: string): number | null {
  const match = /^([01]\d|2[0-3]):([0-5]\d)(?::00)?$/.exec(text);
  if (match === null) return null;
  return Number(match[1]) * 60 + Number(match[2]);
}
