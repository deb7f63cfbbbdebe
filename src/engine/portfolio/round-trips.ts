// Round trips (closed and open trades) from the ledger's fills. A trade is one position side of one ticker
// from flat to flat; its P&L is what its fills moved into or out of cash and short collateral, so the books
// balance to the cent: end value − start value = Σ closed P&L + Σ open unrealized P&L.
import { EngineError } from '../errors';
import { parseIsoDay } from '../civil-days';
import { roundCents } from '../money';
import { markPrice, sideMarketValue } from './ledger';
import type { OpenRoundTrip, Portfolio, RoundTrip, TradeFill, TradeSide } from './types';

/** A trade still open: what its fills have done so far. */
interface OpenTrade {
  readonly ticker: string;
  readonly side: TradeSide;
  readonly entry_date: string;
  /** Shares held now and the most held so far. */
  readonly quantity: number;
  readonly max_quantity: number;
  /** Shares opened and Σ shares × price of the opening fills (the entry average's parts). */
  readonly opened_quantity: number;
  readonly opened_notional: number;
  readonly closed_quantity: number;
  readonly closed_notional: number;
  /** Cents the fills moved into (+) or out of (−) cash and collateral; minus the starting mark for a seed. */
  readonly cash_flow: number;
  readonly fills: number;
  readonly commission: number;
  readonly slippage: number;
}

/** The open trades of a ledger, by side and ticker. Immutable: `recordFill` returns a new book. */
export interface TradeBook {
  readonly open: Readonly<Record<string, OpenTrade>>;
}

const key = (side: TradeSide, ticker: string): string => `${side}:${ticker}`;

const SIDES: readonly TradeSide[] = ['long', 'short'];

/**
 * The book of a portfolio as it starts: every position it already holds is an open trade entered on `date`
 * at `prices` (the marks of the starting value, so its P&L counts from there; the cost basis the position
 * was seeded with only matters to the ledger's realized gains).
 */
export function openTradeBook(portfolio: Portfolio, prices: Readonly<Record<string, number>>, date: string): TradeBook {
  const open: Record<string, OpenTrade> = {};
  for (const [ticker, position] of Object.entries(portfolio.positions)) {
    for (const side of SIDES) {
      const shares = position[side];
      if (shares <= 0) continue;
      const basis = side === 'long' ? position.long_cost_basis : position.short_cost_basis;
      const mark = markPrice(prices, ticker, basis);
      open[key(side, ticker)] = {
        ticker,
        side,
        entry_date: date,
        quantity: shares,
        max_quantity: shares,
        opened_quantity: shares,
        opened_notional: shares * mark,
        closed_quantity: 0,
        closed_notional: 0,
        cash_flow: -sideMarketValue(position, side, prices, ticker),
        fills: 0,
        commission: 0,
        slippage: 0,
      };
    }
  }
  return { open };
}

function sideOf(fill: TradeFill): TradeSide {
  return fill.action === 'short' || fill.action === 'cover' ? 'short' : 'long';
}

/** What a fill moved into (+) or out of (−) cash plus short collateral, in cents (commission included). */
function cashFlowOf(fill: TradeFill): number {
  switch (fill.action) {
    case 'buy':
      return -fill.notional - fill.commission;
    case 'sell':
      return fill.notional - fill.commission;
    case 'short':
      // The collateral moves from cash to margin held: the value does not change.
      return -fill.commission;
    case 'cover':
      return fill.realized_pnl - fill.commission;
    case 'hold':
      return 0;
  }
}

function calendarDays(from: string, to: string): number {
  const start = parseIsoDay(from);
  const end = parseIsoDay(to);
  return start === null || end === null ? 0 : end - start;
}

function invalidFill(fill: TradeFill, message: string): EngineError {
  return new EngineError('INVALID_INPUT', `${fill.action} ${fill.quantity} ${fill.ticker}: ${message}`, [{ field: 'fills', message }]);
}

/**
 * Adds one ledger fill (made on `date`) to the book. An opening fill (buy, short) starts or scales into the
 * side's trade; a closing fill (sell, cover) reduces it, and the fill that makes the side flat closes it:
 * `closed` is then the finished round trip. A fill of 0 shares changes nothing. Throws INVALID_INPUT for a
 * closing fill larger than the open trade (a fill sequence the ledger cannot produce).
 */
export function recordFill(book: TradeBook, fill: TradeFill, date: string): { book: TradeBook; closed: RoundTrip | null } {
  if (fill.quantity <= 0 || fill.action === 'hold') return { book, closed: null };
  const side = sideOf(fill);
  const id = key(side, fill.ticker);
  const current = book.open[id];
  const opening = fill.action === 'buy' || fill.action === 'short';
  const costs = { fills: 1, commission: fill.commission, slippage: fill.slippage, cash_flow: cashFlowOf(fill) };

  if (opening) {
    const base: OpenTrade = current ?? {
      ticker: fill.ticker,
      side,
      entry_date: date,
      quantity: 0,
      max_quantity: 0,
      opened_quantity: 0,
      opened_notional: 0,
      closed_quantity: 0,
      closed_notional: 0,
      cash_flow: 0,
      fills: 0,
      commission: 0,
      slippage: 0,
    };
    const quantity = base.quantity + fill.quantity;
    const next: OpenTrade = {
      ...base,
      quantity,
      max_quantity: Math.max(base.max_quantity, quantity),
      opened_quantity: base.opened_quantity + fill.quantity,
      opened_notional: base.opened_notional + fill.quantity * fill.price,
      cash_flow: roundCents(base.cash_flow + costs.cash_flow),
      fills: base.fills + 1,
      commission: roundCents(base.commission + costs.commission),
      slippage: roundCents(base.slippage + costs.slippage),
    };
    return { book: { open: { ...book.open, [id]: next } }, closed: null };
  }

  if (current === undefined || fill.quantity > current.quantity) {
    throw invalidFill(fill, `closes more shares than the open ${side} trade holds (${current?.quantity ?? 0})`);
  }
  const next: OpenTrade = {
    ...current,
    quantity: current.quantity - fill.quantity,
    closed_quantity: current.closed_quantity + fill.quantity,
    closed_notional: current.closed_notional + fill.quantity * fill.price,
    cash_flow: roundCents(current.cash_flow + costs.cash_flow),
    fills: current.fills + 1,
    commission: roundCents(current.commission + costs.commission),
    slippage: roundCents(current.slippage + costs.slippage),
  };
  if (next.quantity > 0) return { book: { open: { ...book.open, [id]: next } }, closed: null };

  const { [id]: _finished, ...rest } = book.open;
  const closed: RoundTrip = {
    ticker: next.ticker,
    side,
    entry_date: next.entry_date,
    exit_date: date,
    quantity: next.max_quantity,
    entry_price: next.opened_notional / next.opened_quantity,
    exit_price: next.closed_notional / next.closed_quantity,
    pnl: next.cash_flow,
    return_pct: next.opened_notional > 0 ? (next.cash_flow / next.opened_notional) * 100 : 0,
    holding_days: calendarDays(next.entry_date, date),
    fills: next.fills,
    commission: next.commission,
    slippage: next.slippage,
  };
  return { book: { open: rest }, closed };
}

/**
 * The open trades marked at `prices` on `date` (in the order they were opened): each one's P&L so far is its
 * fills' cash flows plus the open shares' market value, valued exactly as `portfolioValue` values them.
 */
export function markOpenTrades(book: TradeBook, portfolio: Portfolio, prices: Readonly<Record<string, number>>, date: string): OpenRoundTrip[] {
  return Object.values(book.open).map((trade) => {
    const position = portfolio.positions[trade.ticker];
    const basis = trade.side === 'long' ? position.long_cost_basis : position.short_cost_basis;
    const unrealized = roundCents(trade.cash_flow + sideMarketValue(position, trade.side, prices, trade.ticker));
    return {
      ticker: trade.ticker,
      side: trade.side,
      entry_date: trade.entry_date,
      quantity: trade.quantity,
      max_quantity: trade.max_quantity,
      entry_price: trade.opened_notional / trade.opened_quantity,
      mark_date: date,
      mark_price: markPrice(prices, trade.ticker, basis),
      unrealized_pnl: unrealized,
      return_pct: trade.opened_notional > 0 ? (unrealized / trade.opened_notional) * 100 : 0,
      holding_days: calendarDays(trade.entry_date, date),
      fills: trade.fills,
      commission: trade.commission,
      slippage: trade.slippage,
    };
  });
}
