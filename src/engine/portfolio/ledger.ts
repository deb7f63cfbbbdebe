// The ledger: pure functions over the anchor-shaped portfolio. Every trade returns a new portfolio and a fill
// that says how much was traded and, when less than asked, why. Money is rounded to cents at this boundary
// (one rule, `roundCents`: half away from zero); cost bases keep full precision (they are per-share
// averages, not money moved).
import { EngineError } from '../errors';
import { roundCents } from '../money';
import type {
  ClampReason,
  Exposure,
  Portfolio,
  PortfolioSetup,
  Position,
  TradeCosts,
  TradeRequest,
  TradeResult,
  TradeSide,
} from './types';

const EMPTY_POSITION: Position = { long: 0, short: 0, long_cost_basis: 0, short_cost_basis: 0, short_margin_used: 0 };

/**
 * The fraction of a short's notional posted as collateral. `margin_requirement` 0 (the SPA's default) means
 * no leverage: a short is fully cash-secured (100 %), so shorting is bounded by free cash instead of unlimited.
 */
export function collateralRate(portfolio: Pick<Portfolio, 'margin_requirement'>): number {
  return portfolio.margin_requirement > 0 ? portfolio.margin_requirement : 1;
}

/**
 * A new portfolio: `initial_cash` is free cash. Seed positions come on top of it (as the anchor does: cash is not
 * debited); a seeded short brings its collateral (`|quantity| × trade_price × collateral rate`) with it.
 */
export function createPortfolio(setup: PortfolioSetup): Portfolio {
  const errors: { field: string; message: string }[] = [];
  if (!Number.isFinite(setup.initial_cash) || setup.initial_cash < 0) {
    errors.push({ field: 'initial_cash', message: 'must be a finite number ≥ 0' });
  }
  const marginRequirement = setup.margin_requirement ?? 0;
  if (!Number.isFinite(marginRequirement) || marginRequirement < 0) {
    errors.push({ field: 'margin_requirement', message: 'must be a finite number ≥ 0' });
  }
  const tickers = new Set(setup.tickers);
  (setup.positions ?? []).forEach((seed, i) => {
    if (!tickers.has(seed.ticker)) {
      errors.push({ field: `portfolio_positions[${i}].ticker`, message: `${seed.ticker} is not one of the tickers` });
    }
    if (!Number.isInteger(seed.quantity) || seed.quantity === 0) {
      errors.push({ field: `portfolio_positions[${i}].quantity`, message: 'must be a non-zero whole number of shares' });
    }
    if (!Number.isFinite(seed.trade_price) || seed.trade_price <= 0) {
      errors.push({ field: `portfolio_positions[${i}].trade_price`, message: 'must be positive' });
    }
  });
  if (errors.length > 0) {
    throw new EngineError('INVALID_INPUT', `Invalid portfolio: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, errors);
  }

  const portfolio: Portfolio = {
    cash: roundCents(setup.initial_cash),
    margin_requirement: marginRequirement,
    margin_used: 0,
    positions: {},
    realized_gains: {},
    fees_paid: 0,
    slippage_paid: 0,
  };
  for (const ticker of setup.tickers) {
    portfolio.positions[ticker] = { ...EMPTY_POSITION };
    portfolio.realized_gains[ticker] = { long: 0, short: 0 };
  }
  for (const seed of setup.positions ?? []) {
    const position = portfolio.positions[seed.ticker];
    if (seed.quantity > 0) {
      position.long_cost_basis = weightedBasis(position.long, position.long_cost_basis, seed.quantity, seed.trade_price);
      position.long += seed.quantity;
    } else {
      const shares = -seed.quantity;
      const collateral = roundCents(shares * seed.trade_price * collateralRate(portfolio));
      position.short_cost_basis = weightedBasis(position.short, position.short_cost_basis, shares, seed.trade_price);
      position.short += shares;
      position.short_margin_used = roundCents(position.short_margin_used + collateral);
      portfolio.margin_used = roundCents(portfolio.margin_used + collateral);
    }
  }
  return portfolio;
}

function weightedBasis(shares: number, basis: number, added: number, price: number): number {
  return (shares * basis + added * price) / (shares + added);
}

function commissionFor(quantity: number, price: number, costs: TradeCosts): number {
  return roundCents(quantity * ((costs.commission_per_share ?? 0) + (costs.commission_rate ?? 0) * price));
}

/**
 * The largest quantity ≤ `wanted` for which `cashAfter` stays ≥ 0, given that cash falls by about
 * `drainPerShare` per share (cashAfter is monotone in the quantity for every action).
 */
function affordable(wanted: number, cash: number, drainPerShare: number, cashAfter: (q: number) => number): number {
  if (cashAfter(wanted) >= 0) return wanted;
  let q = drainPerShare > 0 ? Math.min(wanted, Math.floor(cash / drainPerShare)) : 0;
  while (q > 0 && cashAfter(q) < 0) q -= 1;
  return q;
}

interface Clamp {
  reason: ClampReason | null;
  detail: string | null;
}

function noTrade(portfolio: Portfolio, request: TradeRequest, requested: number, clamp: Clamp): TradeResult {
  return {
    portfolio,
    fill: {
      ticker: request.ticker,
      action: request.action,
      requested_quantity: requested,
      quantity: 0,
      reference_price: request.price,
      price: request.price,
      notional: 0,
      commission: 0,
      slippage: 0,
      realized_pnl: 0,
      clamp_reason: clamp.reason,
      clamp_detail: clamp.detail,
    },
  };
}

/**
 * Executes one order at `request.price` (adjusted by slippage against the trader). Quantities are whole shares,
 * clamped to what the position (sell, cover) or free cash (buy, short collateral, cover losses) allows.
 */
export function executeTrade(portfolio: Portfolio, request: TradeRequest, costs: TradeCosts = {}): TradeResult {
  const requested = request.quantity;
  if (request.action === 'hold') return noTrade(portfolio, request, requested, { reason: null, detail: null });
  if (!Number.isFinite(requested) || requested < 0) {
    return noTrade(portfolio, request, requested, { reason: 'invalid_quantity', detail: `quantity ${requested} is not a share count ≥ 0` });
  }
  if (!Number.isFinite(request.price) || request.price <= 0) {
    return noTrade(portfolio, request, requested, { reason: 'invalid_price', detail: `no valid price for ${request.ticker}` });
  }

  let quantity = Math.floor(requested);
  const clamp: Clamp =
    quantity < requested ? { reason: 'invalid_quantity', detail: `fractional shares are not traded (${requested} → ${quantity})` } : { reason: null, detail: null };
  const reduce = (allowed: number, reason: ClampReason, detail: string): void => {
    if (allowed < quantity) {
      quantity = Math.max(0, allowed);
      clamp.reason = reason;
      clamp.detail = detail;
    }
  };

  const slip = (costs.slippage_bps ?? 0) / 10_000;
  const buying = request.action === 'buy' || request.action === 'cover';
  const price = request.price * (buying ? 1 + slip : 1 - slip);
  const commissionPerShare = (costs.commission_per_share ?? 0) + (costs.commission_rate ?? 0) * price;
  const position: Position = { ...(portfolio.positions[request.ticker] ?? EMPTY_POSITION) };
  const gains = { ...(portfolio.realized_gains[request.ticker] ?? { long: 0, short: 0 }) };
  let cashDelta = 0;
  let marginDelta = 0;
  let realized = 0;

  switch (request.action) {
    case 'buy': {
      const cashAfter = (q: number): number => portfolio.cash - roundCents(q * price) - commissionFor(q, price, costs);
      reduce(affordable(quantity, portfolio.cash, price + commissionPerShare, cashAfter), 'cash', `cash $${portfolio.cash.toFixed(2)} buys at most that many shares`);
      if (quantity > 0) {
        position.long_cost_basis = weightedBasis(position.long, position.long_cost_basis, quantity, price);
        position.long += quantity;
        cashDelta = -roundCents(quantity * price);
      }
      break;
    }
    case 'sell': {
      reduce(position.long, 'position', `only ${position.long} shares held long`);
      const cashAfter = (q: number): number => portfolio.cash + roundCents(q * price) - commissionFor(q, price, costs);
      reduce(affordable(quantity, portfolio.cash, commissionPerShare - price, cashAfter), 'cash', 'commission exceeds the proceeds and free cash');
      if (quantity > 0) {
        realized = roundCents((price - position.long_cost_basis) * quantity);
        position.long -= quantity;
        if (position.long === 0) position.long_cost_basis = 0;
        cashDelta = roundCents(quantity * price);
      }
      break;
    }
    case 'short': {
      const rate = collateralRate(portfolio);
      const cashAfter = (q: number): number => portfolio.cash - roundCents(q * price * rate) - commissionFor(q, price, costs);
      reduce(
        affordable(quantity, portfolio.cash, price * rate + commissionPerShare, cashAfter),
        'margin',
        `free cash $${portfolio.cash.toFixed(2)} posts collateral (${(rate * 100).toFixed(0)} %) for at most that many shares`,
      );
      if (quantity > 0) {
        const collateral = roundCents(quantity * price * rate);
        position.short_cost_basis = weightedBasis(position.short, position.short_cost_basis, quantity, price);
        position.short += quantity;
        position.short_margin_used = roundCents(position.short_margin_used + collateral);
        marginDelta = collateral;
        cashDelta = -collateral;
      }
      break;
    }
    case 'cover': {
      reduce(position.short, 'position', `only ${position.short} shares held short`);
      const release = (q: number): number => (q === position.short ? position.short_margin_used : roundCents((position.short_margin_used * q) / position.short));
      const pnl = (q: number): number => roundCents((position.short_cost_basis - price) * q);
      const cashAfter = (q: number): number => portfolio.cash + release(q) + pnl(q) - commissionFor(q, price, costs);
      const drain = price - position.short_cost_basis + commissionPerShare - (position.short > 0 ? position.short_margin_used / position.short : 0);
      reduce(affordable(quantity, portfolio.cash, drain, cashAfter), 'cash', 'the loss on the short exceeds its collateral and free cash');
      if (quantity > 0) {
        const released = release(quantity);
        realized = pnl(quantity);
        position.short -= quantity;
        position.short_margin_used = roundCents(position.short_margin_used - released);
        if (position.short === 0) {
          position.short_cost_basis = 0;
          position.short_margin_used = 0;
        }
        marginDelta = -released;
        cashDelta = released + realized;
      }
      break;
    }
  }

  if (quantity === 0) return noTrade(portfolio, request, requested, clamp);

  const commission = commissionFor(quantity, price, costs);
  const slippage = roundCents(quantity * Math.abs(price - request.price));
  if (request.action === 'sell') gains.long = roundCents(gains.long + realized);
  if (request.action === 'cover') gains.short = roundCents(gains.short + realized);

  const next: Portfolio = {
    ...portfolio,
    cash: roundCents(portfolio.cash + cashDelta - commission),
    margin_used: roundCents(portfolio.margin_used + marginDelta),
    positions: { ...portfolio.positions, [request.ticker]: position },
    realized_gains: { ...portfolio.realized_gains, [request.ticker]: gains },
    fees_paid: roundCents(portfolio.fees_paid + commission),
    slippage_paid: roundCents(portfolio.slippage_paid + slippage),
  };
  return {
    portfolio: next,
    fill: {
      ticker: request.ticker,
      action: request.action,
      requested_quantity: requested,
      quantity,
      reference_price: request.price,
      price,
      notional: roundCents(quantity * price),
      commission,
      slippage,
      realized_pnl: realized,
      clamp_reason: clamp.reason,
      clamp_detail: clamp.reason === null ? null : clamp.detail,
    },
  };
}

/** The price of `ticker`, or `fallback` when it has no valid (finite, positive) price. */
export function markPrice(prices: Readonly<Record<string, number>>, ticker: string, fallback: number): number {
  const price = prices[ticker];
  return Number.isFinite(price) && price > 0 ? price : fallback;
}

/**
 * What one side of a position adds to the portfolio value at `price`, in cents: long·price for the long side,
 * (short basis − price)·short (the short's unrealized P&L) for the short side. A missing price marks the side
 * at its cost basis. The collateral held for a short is counted apart (`margin_used`).
 */
export function sideMarketValue(position: Position, side: TradeSide, prices: Readonly<Record<string, number>>, ticker: string): number {
  if (side === 'long') return position.long > 0 ? roundCents(position.long * markPrice(prices, ticker, position.long_cost_basis)) : 0;
  return position.short > 0 ? roundCents((position.short_cost_basis - markPrice(prices, ticker, position.short_cost_basis)) * position.short) : 0;
}

/**
 * cash + Σ long·price + margin held for shorts + Σ (short basis − price)·short, in cents (each side's market
 * value rounded to cents, then the sum). A ticker without a price is marked at its cost basis.
 */
export function portfolioValue(portfolio: Portfolio, prices: Readonly<Record<string, number>>): number {
  let value = portfolio.cash + portfolio.margin_used;
  for (const [ticker, position] of Object.entries(portfolio.positions)) {
    value += sideMarketValue(position, 'long', prices, ticker) + sideMarketValue(position, 'short', prices, ticker);
  }
  return roundCents(value);
}

/** Dollar exposures (the anchor's definitions: absolute dollars, not % of value). */
export function computeExposure(portfolio: Portfolio, prices: Readonly<Record<string, number>>): Exposure {
  let long = 0;
  let short = 0;
  for (const [ticker, position] of Object.entries(portfolio.positions)) {
    long += position.long * markPrice(prices, ticker, position.long_cost_basis);
    short += position.short * markPrice(prices, ticker, position.short_cost_basis);
  }
  return {
    long_exposure: long,
    short_exposure: short,
    gross_exposure: long + short,
    net_exposure: long - short,
    long_short_ratio: short > 1e-9 ? long / short : null,
  };
}
