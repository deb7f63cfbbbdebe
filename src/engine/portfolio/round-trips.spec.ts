import fc from 'fast-check';
import { createPortfolio, executeTrade, portfolioValue } from './ledger';
import { markOpenTrades, openTradeBook, recordFill, type TradeBook } from './round-trips';
import type { Portfolio, RoundTrip, SeedPosition, TradeAction, TradeCosts } from './types';

type Step = readonly [date: string, action: TradeAction, quantity: number, price: number];

/** Runs scripted orders for one ticker through the ledger and the trade book. */
function replay(steps: readonly Step[], costs: TradeCosts = {}, start: Portfolio = createPortfolio({ tickers: ['AAA'], initial_cash: 100_000, margin_requirement: 0.5 })) {
  let portfolio = start;
  let book: TradeBook = openTradeBook(portfolio, {}, '2024-01-01');
  const closed: RoundTrip[] = [];
  for (const [date, action, quantity, price] of steps) {
    const result = executeTrade(portfolio, { ticker: 'AAA', action, quantity, price }, costs);
    expect(result.fill.quantity).toBe(quantity);
    portfolio = result.portfolio;
    const recorded = recordFill(book, result.fill, date);
    book = recorded.book;
    if (recorded.closed !== null) closed.push(recorded.closed);
  }
  return { portfolio, book, closed };
}

describe('round trips: worked by hand', () => {
  it('keeps scale-ins and partial sells in one long trade, net of every commission and slippage', () => {
    // commission 0.01/share, slippage 10 bp against the trader:
    // buy 100 @ 50 → 50.05: pays 5,005.00 + 1.00      buy 50 @ 60 → 60.06: pays 3,003.00 + 0.50
    // sell 80 @ 70 → 69.93: gets 5,594.40 − 0.80      sell 70 @ 40 → 39.96: gets 2,797.20 − 0.70
    // P&L = 8,391.60 − 8,008.00 − 3.00 = 380.60
    const { closed, book } = replay(
      [
        ['2024-01-02', 'buy', 100, 50],
        ['2024-01-03', 'buy', 50, 60],
        ['2024-01-04', 'sell', 80, 70],
        ['2024-01-05', 'sell', 70, 40],
      ],
      { commission_per_share: 0.01, slippage_bps: 10 },
    );
    expect(book.open).toEqual({});
    expect(closed).toHaveLength(1);
    const [trade] = closed;
    expect(trade).toMatchObject({
      ticker: 'AAA',
      side: 'long',
      entry_date: '2024-01-02',
      exit_date: '2024-01-05',
      quantity: 150,
      pnl: 380.6,
      holding_days: 3,
      fills: 4,
      commission: 3,
      slippage: 16.4, // 100·0.05 + 50·0.06 + 80·0.07 + 70·0.04
    });
    expect(trade.entry_price).toBeCloseTo(8008 / 150, 12);
    expect(trade.exit_price).toBeCloseTo(8391.6 / 150, 12);
    expect(trade.return_pct).toBeCloseTo((380.6 / 8008) * 100, 12);
  });

  it('keeps a short with a partial cover and a scale-in as one trade (margin 0.5)', () => {
    // short 100 @ 40; cover 40 @ 35 → +200; short 20 @ 45 (basis 41.25); cover 80 @ 42 → −60. P&L 140.
    const { closed, portfolio } = replay([
      ['2024-02-01', 'short', 100, 40],
      ['2024-02-02', 'cover', 40, 35],
      ['2024-02-05', 'short', 20, 45],
      ['2024-02-06', 'cover', 80, 42],
    ]);
    expect(portfolio.margin_used).toBe(0);
    expect(closed).toEqual([
      {
        ticker: 'AAA',
        side: 'short',
        entry_date: '2024-02-01',
        exit_date: '2024-02-06',
        quantity: 100,
        entry_price: 4900 / 120,
        exit_price: 4760 / 120,
        pnl: 140,
        return_pct: (140 / 4900) * 100,
        holding_days: 5,
        fills: 4,
        commission: 0,
        slippage: 0,
      },
    ]);
  });

  it('starts a new trade after flat, and keeps the long and short sides apart', () => {
    const { closed, book, portfolio } = replay([
      ['2024-03-01', 'buy', 10, 100],
      ['2024-03-04', 'sell', 10, 90], // closes the long: −100
      ['2024-03-05', 'short', 5, 90],
      ['2024-03-06', 'buy', 3, 95], // a new long beside the short
    ]);
    expect(closed.map((t) => [t.side, t.entry_date, t.exit_date, t.pnl])).toEqual([['long', '2024-03-01', '2024-03-04', -100]]);
    const open = markOpenTrades(book, portfolio, { AAA: 80 }, '2024-03-08');
    // short 5 @ 90 marked at 80: +50; long 3 @ 95 marked at 80: −45
    expect(open.map((t) => [t.side, t.entry_date, t.quantity, t.entry_price, t.mark_price, t.unrealized_pnl, t.holding_days])).toEqual([
      ['short', '2024-03-05', 5, 90, 80, 50, 3],
      ['long', '2024-03-06', 3, 95, 80, -45, 2],
    ]);
  });

  it('enters positions the portfolio starts with at the starting marks, and balances the books', () => {
    const seeds: SeedPosition[] = [
      { ticker: 'AAA', quantity: 10, trade_price: 20 },
      { ticker: 'BBB', quantity: -4, trade_price: 50 },
    ];
    let portfolio = createPortfolio({ tickers: ['AAA', 'BBB'], initial_cash: 5000, margin_requirement: 0.5, positions: seeds });
    const startMarks = { AAA: 22, BBB: 48 };
    // 5,000 cash + 100 collateral + 10·22 + (50 − 48)·4
    const startValue = portfolioValue(portfolio, startMarks);
    expect(startValue).toBe(5328);
    let book = openTradeBook(portfolio, startMarks, '2024-01-01');

    const sale = executeTrade(portfolio, { ticker: 'AAA', action: 'sell', quantity: 10, price: 25 });
    portfolio = sale.portfolio;
    const recorded = recordFill(book, sale.fill, '2024-01-03');
    book = recorded.book;
    // from the starting mark 22, not the seeded cost basis 20
    expect(recorded.closed).toMatchObject({ side: 'long', entry_date: '2024-01-01', entry_price: 22, exit_price: 25, pnl: 30, fills: 1 });

    const open = markOpenTrades(book, portfolio, { AAA: 25, BBB: 45 }, '2024-01-04');
    expect(open).toEqual([expect.objectContaining({ ticker: 'BBB', side: 'short', entry_price: 48, quantity: 4, unrealized_pnl: 12, fills: 0 })]);
    // 5,370 − 5,328 = 30 + 12
    expect(portfolioValue(portfolio, { AAA: 25, BBB: 45 }) - startValue).toBe(42);
  });

  it('refuses a closing fill larger than the open trade', () => {
    const portfolio = createPortfolio({ tickers: ['AAA'], initial_cash: 1000, positions: [{ ticker: 'AAA', quantity: 5, trade_price: 10 }] });
    const sale = executeTrade(portfolio, { ticker: 'AAA', action: 'sell', quantity: 5, price: 10 });
    expect(() => recordFill(openTradeBook(createPortfolio({ tickers: ['AAA'], initial_cash: 1000 }), {}, '2024-01-01'), sale.fill, '2024-01-02')).toThrow(
      /closes more shares than the open long trade holds \(0\)/,
    );
  });
});

describe('round trips: the books balance to the cent (property)', () => {
  const TICKERS = ['AAA', 'BBB'] as const;
  const tradeArb = fc.record({
    ticker: fc.constantFrom(...TICKERS),
    // buys and shorts open or scale in; sells and covers of random size close partly or fully
    action: fc.constantFrom<TradeAction>('buy', 'buy', 'sell', 'short', 'short', 'cover', 'hold'),
    quantity: fc.integer({ min: 0, max: 300 }),
    price: fc.integer({ min: 100, max: 30_000 }).map((c) => c / 100),
    day: fc.integer({ min: 0, max: 3 }),
  });
  const costsArb = fc.record({
    commission_per_share: fc.constantFrom(0, 0.005, 0.01),
    commission_rate: fc.constantFrom(0, 0.0005),
    slippage_bps: fc.constantFrom(0, 5, 25),
  });
  const seedArb = fc.array(
    fc.record({ ticker: fc.constantFrom(...TICKERS), quantity: fc.integer({ min: -50, max: 50 }).filter((q) => q !== 0), trade_price: fc.integer({ min: 100, max: 20_000 }).map((c) => c / 100) }),
    { maxLength: 2 },
  );

  it('end value − start value = Σ closed P&L + Σ open unrealized P&L after every fill; trades run flat to flat', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200_000 }),
        fc.constantFrom(0.5, 0.5, 0, 0.25),
        seedArb,
        costsArb,
        fc.array(tradeArb, { maxLength: 60 }),
        (cash, margin, rawSeeds, costs, trades) => {
          const seeds = rawSeeds.filter((s, i) => rawSeeds.findIndex((o) => o.ticker === s.ticker) === i);
          let portfolio = createPortfolio({ tickers: [...TICKERS], initial_cash: cash, margin_requirement: margin, positions: seeds });
          const marks: Record<string, number> = { AAA: 50, BBB: 120 };
          const startValue = portfolioValue(portfolio, marks);
          let book = openTradeBook(portfolio, marks, '2024-01-01');
          const closed: RoundTrip[] = [];
          let epochDay = 0;
          for (const trade of trades) {
            epochDay += trade.day;
            const date = `2024-01-${String(2 + epochDay).padStart(2, '0')}`;
            marks[trade.ticker] = trade.price;
            const { portfolio: next, fill } = executeTrade(portfolio, trade, costs);
            portfolio = next;
            const recorded = recordFill(book, fill, date);
            book = recorded.book;
            if (recorded.closed !== null) {
              closed.push(recorded.closed);
              // flat to flat: the side is flat when its trade closes
              const position = portfolio.positions[trade.ticker];
              expect(recorded.closed.side === 'long' ? position.long : position.short).toBe(0);
            }
            const open = markOpenTrades(book, portfolio, marks, date);
            const booked = closed.reduce((sum, t) => sum + t.pnl, 0) + open.reduce((sum, t) => sum + t.unrealized_pnl, 0);
            // every figure is whole cents: compare in integer cents
            expect(Math.round((portfolioValue(portfolio, marks) - startValue) * 100)).toBe(Math.round(booked * 100));
            // every open side of the portfolio has exactly one open trade of that size
            for (const ticker of TICKERS) {
              for (const side of ['long', 'short'] as const) {
                const held = portfolio.positions[ticker][side];
                const trades = open.filter((t) => t.ticker === ticker && t.side === side);
                expect(trades.map((t) => t.quantity)).toEqual(held > 0 ? [held] : []);
              }
            }
          }
          for (const trade of closed) {
            expect(trade.quantity).toBeGreaterThan(0);
            expect(trade.fills).toBeGreaterThan(0);
            expect(trade.entry_date <= trade.exit_date).toBe(true);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('prices every closed trade at the quantity-weighted averages of its fills', () => {
    fc.assert(
      fc.property(costsArb, fc.array(tradeArb, { maxLength: 60 }), (costs, trades) => {
        let portfolio = createPortfolio({ tickers: [...TICKERS], initial_cash: 1_000_000, margin_requirement: 0.5 });
        let book = openTradeBook(portfolio, {}, '2024-01-01');
        // independent: the fills of each side since it was last flat
        const legs: Record<string, { opened: number[][]; closed: number[][]; commission: number; cashIn: number }> = {};
        for (const trade of trades) {
          const { portfolio: next, fill } = executeTrade(portfolio, trade, costs);
          portfolio = next;
          const recorded = recordFill(book, fill, '2024-01-02');
          book = recorded.book;
          if (fill.quantity === 0) continue;
          const side = fill.action === 'buy' || fill.action === 'sell' ? 'long' : 'short';
          const leg = (legs[`${side}:${fill.ticker}`] ??= { opened: [], closed: [], commission: 0, cashIn: 0 });
          const opening = fill.action === 'buy' || fill.action === 'short';
          (opening ? leg.opened : leg.closed).push([fill.quantity, fill.price]);
          leg.commission += fill.commission;
          // what the side's shares were bought/sold or shorted/covered for, at the execution prices
          const sign = (side === 'long') === opening ? -1 : 1;
          leg.cashIn += sign * fill.quantity * fill.price;
          if (recorded.closed !== null) {
            const weighted = (rows: number[][]) => rows.reduce((s, [q, p]) => s + q * p, 0) / rows.reduce((s, [q]) => s + q, 0);
            const trip = recorded.closed;
            expect(trip.entry_price).toBeCloseTo(weighted(leg.opened), 9);
            expect(trip.exit_price).toBeCloseTo(weighted(leg.closed), 9);
            expect(trip.fills).toBe(leg.opened.length + leg.closed.length);
            expect(trip.commission).toBeCloseTo(leg.commission, 9);
            // net P&L = proceeds − costs − commissions, up to half a cent of rounding per fill
            expect(Math.abs(trip.pnl - (leg.cashIn - leg.commission))).toBeLessThanOrEqual(0.005 * trip.fills + 1e-9);
            delete legs[`${side}:${fill.ticker}`];
          }
        }
      }),
      { numRuns: 400 },
    );
  });
});
