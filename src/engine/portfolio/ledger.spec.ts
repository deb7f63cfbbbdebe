import fc from 'fast-check';
import { EngineError } from '../errors';
import { collateralRate, computeExposure, createPortfolio, executeTrade, portfolioValue } from './ledger';
import type { Portfolio, TradeAction, TradeCosts } from './types';

const fresh = (cash = 10_000, margin = 0.5): Portfolio => createPortfolio({ tickers: ['AAA', 'BBB'], initial_cash: cash, margin_requirement: margin });

describe('ledger: hand-checked trades', () => {
  it('buys, then sells part and all, with the average cost basis and realized gains', () => {
    let p = fresh();
    p = executeTrade(p, { ticker: 'AAA', action: 'buy', quantity: 10, price: 100 }).portfolio; // cash 9000
    p = executeTrade(p, { ticker: 'AAA', action: 'buy', quantity: 30, price: 120 }).portfolio; // cash 5400, basis (1000+3600)/40 = 115
    expect(p.cash).toBe(5400);
    expect(p.positions.AAA.long).toBe(40);
    expect(p.positions.AAA.long_cost_basis).toBeCloseTo(115, 10);

    const partial = executeTrade(p, { ticker: 'AAA', action: 'sell', quantity: 15, price: 130 });
    // realized (130 − 115)·15 = 225; cash 5400 + 1950 = 7350; basis unchanged on a sell
    expect(partial.fill.realized_pnl).toBe(225);
    expect(partial.portfolio.cash).toBe(7350);
    expect(partial.portfolio.positions.AAA.long).toBe(25);
    expect(partial.portfolio.positions.AAA.long_cost_basis).toBeCloseTo(115, 10);

    const all = executeTrade(partial.portfolio, { ticker: 'AAA', action: 'sell', quantity: 100, price: 110 });
    // only 25 held: clamp reported; realized (110 − 115)·25 = −125
    expect(all.fill.quantity).toBe(25);
    expect(all.fill.clamp_reason).toBe('position');
    expect(all.fill.clamp_detail).toBe('only 25 shares held long');
    expect(all.portfolio.positions.AAA).toEqual({ long: 0, short: 0, long_cost_basis: 0, short_cost_basis: 0, short_margin_used: 0 });
    expect(all.portfolio.realized_gains.AAA).toEqual({ long: 100, short: 0 });
    expect(all.portfolio.cash).toBe(7350 + 2750);
  });

  it('shorts with collateral from cash and values the short without a phantom loss', () => {
    const opened = executeTrade(fresh(), { ticker: 'BBB', action: 'short', quantity: 50, price: 40 });
    // notional 2000, collateral 50 % = 1000 moves from cash to margin
    expect(opened.portfolio.cash).toBe(9000);
    expect(opened.portfolio.margin_used).toBe(1000);
    expect(opened.portfolio.positions.BBB).toMatchObject({ short: 50, short_cost_basis: 40, short_margin_used: 1000 });
    expect(portfolioValue(opened.portfolio, { BBB: 40 })).toBe(10_000);
    // price falls to 30: unrealized +500
    expect(portfolioValue(opened.portfolio, { BBB: 30 })).toBe(10_500);
    expect(computeExposure(opened.portfolio, { BBB: 30 })).toEqual({
      long_exposure: 0,
      short_exposure: 1500,
      gross_exposure: 1500,
      net_exposure: -1500,
      long_short_ratio: 0,
    });

    const covered = executeTrade(opened.portfolio, { ticker: 'BBB', action: 'cover', quantity: 20, price: 30 });
    // releases 20/50 of 1000 = 400 and realizes (40 − 30)·20 = 200
    expect(covered.fill.realized_pnl).toBe(200);
    expect(covered.portfolio.cash).toBe(9600);
    expect(covered.portfolio.margin_used).toBe(600);
    expect(covered.portfolio.positions.BBB).toMatchObject({ short: 30, short_cost_basis: 40, short_margin_used: 600 });
    expect(portfolioValue(covered.portfolio, { BBB: 30 })).toBe(10_500);
  });

  it('rounds an exact half cent of collateral away from zero, as every other amount', () => {
    // 109 × 78.07 × 0.5 = 4,254.815 → 4,254.82 (it was 4,254.81 while 1,002.675 became 1,002.68)
    const opened = executeTrade(fresh(10_000, 0.5), { ticker: 'AAA', action: 'short', quantity: 109, price: 78.07 });
    expect(opened.portfolio.positions.AAA.short_margin_used).toBe(4254.82);
    expect(opened.portfolio.margin_used).toBe(4254.82);
    expect(opened.portfolio.cash).toBe(5745.18);
    expect(opened.fill.notional).toBe(8509.63);
    // value in cents: 5,745.18 + 4,254.82 + (78.07 − 78.07)·109
    expect(portfolioValue(opened.portfolio, { AAA: 78.07 })).toBe(10_000);
  });

  it('treats margin_requirement 0 as cash-secured shorts and clamps them to free cash', () => {
    const p = fresh(1000, 0);
    expect(collateralRate(p)).toBe(1);
    const result = executeTrade(p, { ticker: 'AAA', action: 'short', quantity: 1_000_000, price: 30 });
    // 1000 / 30 = 33.3 → 33 shares, collateral 990
    expect(result.fill.quantity).toBe(33);
    expect(result.fill.clamp_reason).toBe('margin');
    expect(result.portfolio.cash).toBe(10);
    expect(result.portfolio.margin_used).toBe(990);
  });

  it('clamps a buy to cash including commission and slippage', () => {
    const costs: TradeCosts = { commission_per_share: 0.01, commission_rate: 0.001, slippage_bps: 10 };
    const result = executeTrade(fresh(1000), { ticker: 'AAA', action: 'buy', quantity: 50, price: 100 }, costs);
    // fill price 100.1; per share 100.1 + 0.01 + 0.1001 = 100.2101 → 9 shares (9·100.2101 = 901.89)
    expect(result.fill.price).toBeCloseTo(100.1, 10);
    expect(result.fill.quantity).toBe(9);
    expect(result.fill.clamp_reason).toBe('cash');
    expect(result.fill.commission).toBe(0.99); // 9·(0.01 + 0.1001) = 0.9909
    expect(result.fill.slippage).toBe(0.9); // 9·0.1
    expect(result.portfolio.cash).toBe(98.11); // 1000 − 900.90 − 0.99
    expect(result.portfolio.fees_paid).toBe(0.99);
  });

  it('never lets a losing cover take cash below zero and reports it', () => {
    let p = fresh(1000, 0.5);
    p = executeTrade(p, { ticker: 'AAA', action: 'short', quantity: 40, price: 50 }).portfolio; // collateral 1000, cash 0
    expect(p.cash).toBe(0);
    const cover = executeTrade(p, { ticker: 'AAA', action: 'cover', quantity: 40, price: 80 });
    // per share: release 25 + pnl (50 − 80) = −5 → no cash to pay for any loss beyond the collateral
    expect(cover.fill.quantity).toBe(0);
    expect(cover.fill.clamp_reason).toBe('cash');
    expect(cover.portfolio).toBe(p);
  });

  it('rejects invalid quantities and prices without trading', () => {
    const p = fresh();
    const negative = executeTrade(p, { ticker: 'AAA', action: 'buy', quantity: -3, price: 10 });
    expect(negative.fill).toMatchObject({ quantity: 0, clamp_reason: 'invalid_quantity' });
    const noPrice = executeTrade(p, { ticker: 'AAA', action: 'buy', quantity: 3, price: 0 });
    expect(noPrice.fill).toMatchObject({ quantity: 0, clamp_reason: 'invalid_price' });
    const fractional = executeTrade(p, { ticker: 'AAA', action: 'buy', quantity: 2.7, price: 10 });
    expect(fractional.fill).toMatchObject({ quantity: 2, clamp_reason: 'invalid_quantity' });
  });

  it('seeds positions on top of the initial cash and validates them', () => {
    const p = createPortfolio({
      tickers: ['AAA', 'BBB'],
      initial_cash: 5000,
      margin_requirement: 0.5,
      positions: [
        { ticker: 'AAA', quantity: 10, trade_price: 20 },
        { ticker: 'BBB', quantity: -4, trade_price: 50 },
      ],
    });
    expect(p.cash).toBe(5000);
    expect(p.positions.AAA).toMatchObject({ long: 10, long_cost_basis: 20 });
    expect(p.positions.BBB).toMatchObject({ short: 4, short_cost_basis: 50, short_margin_used: 100 });
    expect(p.margin_used).toBe(100);
    // 5000 + 10·20 + 100 + 0
    expect(portfolioValue(p, { AAA: 20, BBB: 50 })).toBe(5300);

    expect(() => createPortfolio({ tickers: ['AAA'], initial_cash: 1, positions: [{ ticker: 'ZZZ', quantity: 1, trade_price: 0 }] })).toThrow(
      new EngineError('INVALID_INPUT', 'Invalid portfolio: portfolio_positions[0].ticker ZZZ is not one of the tickers; portfolio_positions[0].trade_price must be positive'),
    );
  });
});

describe('ledger: properties', () => {
  const actions: TradeAction[] = ['buy', 'sell', 'short', 'cover', 'hold'];
  const tradeArb = fc.record({
    ticker: fc.constantFrom('AAA', 'BBB'),
    action: fc.constantFrom(...actions),
    quantity: fc.integer({ min: 0, max: 400 }),
    price: fc.integer({ min: 100, max: 50_000 }).map((c) => c / 100),
  });
  const costsArb = fc.record({
    commission_per_share: fc.constantFrom(0, 0.005, 0.01),
    commission_rate: fc.constantFrom(0, 0.0005, 0.001),
    slippage_bps: fc.constantFrom(0, 5, 25),
  });
  const setupArb = fc.record({
    cash: fc.integer({ min: 0, max: 100_000 }),
    margin: fc.constantFrom(0, 0.25, 0.5, 1.5),
  });

  it('conserves value on every trade: value after = value before − commission − slippage (at the trade price)', () => {
    fc.assert(
      fc.property(setupArb, costsArb, fc.array(tradeArb, { maxLength: 40 }), ({ cash, margin }, costs, trades) => {
        let p = fresh(cash, margin);
        const marks: Record<string, number> = { AAA: 100, BBB: 100 };
        for (const trade of trades) {
          marks[trade.ticker] = trade.price;
          const before = portfolioValue(p, marks);
          const { portfolio, fill } = executeTrade(p, trade, costs);
          const after = portfolioValue(portfolio, marks);
          // cents rounding of cash, collateral and P&L: at most a few cents per trade
          expect(Math.abs(after - (before - fill.commission - fill.slippage))).toBeLessThan(0.03);
          p = portfolio;
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never makes cash, shares or margin negative and keeps margin_used = Σ short_margin_used', () => {
    fc.assert(
      fc.property(setupArb, costsArb, fc.array(tradeArb, { maxLength: 40 }), ({ cash, margin }, costs, trades) => {
        let p = fresh(cash, margin);
        for (const trade of trades) {
          p = executeTrade(p, trade, costs).portfolio;
          expect(p.cash).toBeGreaterThanOrEqual(0);
          let sum = 0;
          for (const position of Object.values(p.positions)) {
            expect(position.long).toBeGreaterThanOrEqual(0);
            expect(position.short).toBeGreaterThanOrEqual(0);
            expect(position.short_margin_used).toBeGreaterThanOrEqual(0);
            expect(Number.isInteger(position.long) && Number.isInteger(position.short)).toBe(true);
            if (position.short === 0) expect(position.short_margin_used).toBe(0);
            sum += position.short_margin_used;
          }
          expect(Math.abs(p.margin_used - sum)).toBeLessThan(0.005);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the cost basis equal to an independent lot-by-lot average through partial sells and covers', () => {
    fc.assert(
      fc.property(fc.array(tradeArb, { maxLength: 40 }), (trades) => {
        let p = fresh(1_000_000, 0.5);
        // independent bookkeeping: total cost and shares per side; a sell/cover removes shares at the average
        const book: Record<string, { longShares: number; longCost: number; shortShares: number; shortProceeds: number; realizedLong: number; realizedShort: number }> = {
          AAA: { longShares: 0, longCost: 0, shortShares: 0, shortProceeds: 0, realizedLong: 0, realizedShort: 0 },
          BBB: { longShares: 0, longCost: 0, shortShares: 0, shortProceeds: 0, realizedLong: 0, realizedShort: 0 },
        };
        for (const trade of trades) {
          const { portfolio, fill } = executeTrade(p, trade);
          const b = book[trade.ticker];
          const q = fill.quantity;
          if (trade.action === 'buy') {
            b.longShares += q;
            b.longCost += q * trade.price;
          } else if (trade.action === 'sell' && q > 0) {
            const avg = b.longCost / b.longShares;
            b.realizedLong += (trade.price - avg) * q;
            b.longCost -= avg * q;
            b.longShares -= q;
          } else if (trade.action === 'short') {
            b.shortShares += q;
            b.shortProceeds += q * trade.price;
          } else if (trade.action === 'cover' && q > 0) {
            const avg = b.shortProceeds / b.shortShares;
            b.realizedShort += (avg - trade.price) * q;
            b.shortProceeds -= avg * q;
            b.shortShares -= q;
          }
          p = portfolio;
          const position = p.positions[trade.ticker];
          expect(position.long).toBe(b.longShares);
          expect(position.short).toBe(b.shortShares);
          if (b.longShares > 0) expect(position.long_cost_basis).toBeCloseTo(b.longCost / b.longShares, 6);
          if (b.shortShares > 0) expect(position.short_cost_basis).toBeCloseTo(b.shortProceeds / b.shortShares, 6);
          // per-trade rounding to cents: at most half a cent per realizing trade
          expect(Math.abs(p.realized_gains[trade.ticker].long - b.realizedLong)).toBeLessThan(0.01 * trades.length + 1e-6);
          expect(Math.abs(p.realized_gains[trade.ticker].short - b.realizedShort)).toBeLessThan(0.01 * trades.length + 1e-6);
        }
      }),
      { numRuns: 300 },
    );
  });
});
