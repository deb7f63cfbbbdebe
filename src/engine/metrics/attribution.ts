import { EngineError } from '../errors';
import { roundCents } from '../money';
import type { AttributionInput, TickerPnl } from './types';

interface Tally {
  realized: number;
  unrealized: number;
  closed: number;
  open: number;
  wins: number;
  losses: number;
  commission: number;
}

/**
 * Per-ticker P&L: realized (closed trades) + unrealized (open trades), in cents, and each ticker's
 * contribution to the total return in percent points of the starting value. When the trades are a ledger's
 * round trips, Σ total_pnl = end value − start value and Σ contribution_pct = total return in percent points.
 * Throws INVALID_INPUT for a start value that is not a finite number > 0 or a P&L that is not finite.
 */
export function attributeByTicker(input: AttributionInput): TickerPnl[] {
  if (typeof input.start_value !== 'number' || !(input.start_value > 0) || input.start_value === Infinity) {
    throw new EngineError('INVALID_INPUT', `start_value must be a finite number > 0; got ${String(input.start_value)}.`, [{ field: 'start_value', message: 'must be a finite number > 0' }]);
  }
  const tallies = new Map<string, Tally>();
  const tally = (ticker: string): Tally => {
    let t = tallies.get(ticker);
    if (t === undefined) {
      t = { realized: 0, unrealized: 0, closed: 0, open: 0, wins: 0, losses: 0, commission: 0 };
      tallies.set(ticker, t);
    }
    return t;
  };
  for (const ticker of input.tickers ?? []) tally(ticker);
  input.trades.forEach((trade, i) => {
    if (!Number.isFinite(trade.pnl)) throw new EngineError('INVALID_INPUT', `trades[${i}].pnl must be finite`, [{ field: `trades[${i}].pnl`, message: 'must be finite' }]);
    const t = tally(trade.ticker);
    t.realized = roundCents(t.realized + trade.pnl);
    t.closed += 1;
    if (trade.pnl > 0) t.wins += 1;
    else if (trade.pnl < 0) t.losses += 1;
    t.commission = roundCents(t.commission + (trade.commission ?? 0));
  });
  (input.open_trades ?? []).forEach((trade, i) => {
    if (!Number.isFinite(trade.unrealized_pnl)) {
      throw new EngineError('INVALID_INPUT', `open_trades[${i}].unrealized_pnl must be finite`, [{ field: `open_trades[${i}].unrealized_pnl`, message: 'must be finite' }]);
    }
    const t = tally(trade.ticker);
    t.unrealized = roundCents(t.unrealized + trade.unrealized_pnl);
    t.open += 1;
    t.commission = roundCents(t.commission + (trade.commission ?? 0));
  });
  const listed = new Set(input.tickers ?? []);
  const order = [...(input.tickers ?? []), ...[...tallies.keys()].filter((t) => !listed.has(t)).sort()];
  return [...new Set(order)].map((ticker) => {
    const t = tallies.get(ticker) as Tally;
    const total = roundCents(t.realized + t.unrealized);
    return {
      ticker,
      realized_pnl: t.realized,
      unrealized_pnl: t.unrealized,
      total_pnl: total,
      contribution_pct: (total / input.start_value) * 100,
      closed_trades: t.closed,
      open_trades: t.open,
      winning_trades: t.wins,
      losing_trades: t.losses,
      commission: t.commission,
    };
  });
}
