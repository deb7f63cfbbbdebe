// An independent ledger for tests: it replays the fills a backtest streamed and recomputes, with its own
// arithmetic (exact fractions in BigInt, money in integer cents), what the product's ledger should report:
// execution prices, commissions, cash, collateral, values, round trips and trade statistics. Written from the
// rules in docs/hedge-fund-api.md and src/engine/backtest/README.md, not from the product's code.

/** An exact rational number. */
export class Fraction {
  private constructor(
    readonly n: bigint,
    readonly d: bigint,
  ) {}

  static of(numerator: bigint, denominator = 1n): Fraction {
    if (denominator === 0n) throw new Error('division by zero');
    const sign = denominator < 0n ? -1n : 1n;
    const g = gcd(numerator < 0n ? -numerator : numerator, denominator < 0n ? -denominator : denominator) || 1n;
    return new Fraction((sign * numerator) / g, (sign * denominator) / g);
  }

  /** The exact value of a number's shortest decimal form (187.53 → 18753/100). */
  static decimal(value: number): Fraction {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    const [mantissa, exponentText] = value.toString().split('e');
    const exponent = exponentText === undefined ? 0 : Number(exponentText);
    const negative = mantissa.startsWith('-');
    const [whole, fraction = ''] = (negative ? mantissa.slice(1) : mantissa).split('.');
    let numerator = BigInt(whole + fraction) * (negative ? -1n : 1n);
    let denominator = 10n ** BigInt(fraction.length);
    if (exponent > 0) numerator *= 10n ** BigInt(exponent);
    else denominator *= 10n ** BigInt(-exponent);
    return Fraction.of(numerator, denominator);
  }

  static readonly ZERO = Fraction.of(0n);
  static readonly ONE = Fraction.of(1n);

  add(other: Fraction): Fraction {
    return Fraction.of(this.n * other.d + other.n * this.d, this.d * other.d);
  }

  sub(other: Fraction): Fraction {
    return Fraction.of(this.n * other.d - other.n * this.d, this.d * other.d);
  }

  mul(other: Fraction | bigint): Fraction {
    const o = typeof other === 'bigint' ? Fraction.of(other) : other;
    return Fraction.of(this.n * o.n, this.d * o.d);
  }

  div(other: Fraction | bigint): Fraction {
    const o = typeof other === 'bigint' ? Fraction.of(other) : other;
    return Fraction.of(this.n * o.d, this.d * o.n);
  }

  isZero(): boolean {
    return this.n === 0n;
  }

  toNumber(): number {
    // 30 digits of the quotient, then one conversion: no precision lost to large numerators.
    const scale = 10n ** 30n;
    return Number((this.n * scale) / this.d) / 1e30;
  }

  /** Rounded to whole cents (this value in dollars), half away from zero. */
  cents(): bigint {
    const n = this.n * 100n;
    const magnitude = n < 0n ? -n : n;
    let q = magnitude / this.d;
    if ((magnitude % this.d) * 2n >= this.d) q += 1n;
    return n < 0n ? -q : q;
  }
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

export const centsToNumber = (cents: bigint): number => Number(cents) / 100;

export interface StreamedFill {
  readonly ticker: string;
  readonly action: 'buy' | 'sell' | 'short' | 'cover' | 'hold';
  readonly requested_quantity: number;
  readonly quantity: number;
  readonly reference_price: number;
  readonly price: number;
  readonly notional: number;
  readonly commission: number;
  readonly slippage: number;
  readonly realized_pnl: number;
  readonly clamp_reason: string | null;
}

export interface Costs {
  readonly commission_per_share?: number;
  readonly commission_rate?: number;
  readonly slippage_bps?: number;
}

interface Side {
  shares: bigint;
  basis: Fraction;
}

interface Leg {
  readonly ticker: string;
  readonly side: 'long' | 'short';
  readonly entryDate: string;
  shares: bigint;
  maxShares: bigint;
  openedShares: bigint;
  openedNotional: Fraction;
  closedShares: bigint;
  closedNotional: Fraction;
  cashFlowCents: bigint;
  fills: number;
  commissionCents: bigint;
}

export interface ExpectedTrade {
  readonly ticker: string;
  readonly side: 'long' | 'short';
  readonly entry_date: string;
  readonly exit_date: string;
  readonly quantity: number;
  readonly entry_price: number;
  readonly exit_price: number;
  readonly pnl: number;
  readonly holding_days: number;
  readonly fills: number;
  readonly commission: number;
}

export interface ExpectedOpenTrade {
  readonly ticker: string;
  readonly side: 'long' | 'short';
  readonly entry_date: string;
  readonly quantity: number;
  readonly entry_price: number;
  readonly unrealized_pnl: number;
}

/** Expected values of one fill, to compare with what the product reported. */
export interface FillCheck {
  readonly price: number;
  readonly notional: number;
  readonly commission: number;
  readonly realized_pnl: number;
}

const days = (from: string, to: string): number => (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;

/** The replaying ledger. */
export class IndependentLedger {
  cashCents: bigint;
  marginCents = 0n;
  private readonly longs = new Map<string, Side>();
  private readonly shorts = new Map<string, Side & { collateralCents: bigint }>();
  private readonly legs = new Map<string, Leg>();
  readonly trades: ExpectedTrade[] = [];
  private readonly collateralRate: Fraction;
  private readonly perShare: Fraction;
  private readonly rate: Fraction;
  private readonly slip: Fraction;

  constructor(initialCash: number, marginRequirement: number, costs: Costs = {}) {
    this.cashCents = Fraction.decimal(initialCash).cents();
    this.collateralRate = marginRequirement > 0 ? Fraction.decimal(marginRequirement) : Fraction.ONE;
    this.perShare = Fraction.decimal(costs.commission_per_share ?? 0);
    this.rate = Fraction.decimal(costs.commission_rate ?? 0);
    this.slip = Fraction.decimal(costs.slippage_bps ?? 0).div(10_000n);
  }

  cash(): number {
    return centsToNumber(this.cashCents);
  }

  long(ticker: string): number {
    return Number(this.longs.get(ticker)?.shares ?? 0n);
  }

  short(ticker: string): number {
    return Number(this.shorts.get(ticker)?.shares ?? 0n);
  }

  /** Applies a fill of `fill.quantity` shares at `fill.reference_price` on `date`; returns what it should have reported. */
  apply(fill: StreamedFill, date: string): FillCheck {
    const q = BigInt(fill.quantity);
    const reference = Fraction.decimal(fill.reference_price);
    const buying = fill.action === 'buy' || fill.action === 'cover';
    const price = reference.mul(buying ? Fraction.ONE.add(this.slip) : Fraction.ONE.sub(this.slip));
    const commissionCents = this.perShare.add(this.rate.mul(price)).mul(q).cents();
    const notionalCents = price.mul(q).cents();
    let realizedCents = 0n;
    const legSide = fill.action === 'buy' || fill.action === 'sell' ? 'long' : 'short';
    let flow = 0n;
    if (q > 0n) {
      switch (fill.action) {
        case 'buy': {
          const side = this.longs.get(fill.ticker) ?? { shares: 0n, basis: Fraction.ZERO };
          side.basis = side.basis.mul(side.shares).add(price.mul(q)).div(side.shares + q);
          side.shares += q;
          this.longs.set(fill.ticker, side);
          this.cashCents -= notionalCents + commissionCents;
          flow = -notionalCents - commissionCents;
          break;
        }
        case 'sell': {
          const side = this.longs.get(fill.ticker);
          if (side === undefined || side.shares < q) throw new Error(`${date}: sells ${q} ${fill.ticker} but holds ${side?.shares ?? 0n}`);
          realizedCents = price.sub(side.basis).mul(q).cents();
          side.shares -= q;
          if (side.shares === 0n) this.longs.delete(fill.ticker);
          this.cashCents += notionalCents - commissionCents;
          flow = notionalCents - commissionCents;
          break;
        }
        case 'short': {
          const side = this.shorts.get(fill.ticker) ?? { shares: 0n, basis: Fraction.ZERO, collateralCents: 0n };
          const collateral = price.mul(q).mul(this.collateralRate).cents();
          side.basis = side.basis.mul(side.shares).add(price.mul(q)).div(side.shares + q);
          side.shares += q;
          side.collateralCents += collateral;
          this.shorts.set(fill.ticker, side);
          this.cashCents -= collateral + commissionCents;
          this.marginCents += collateral;
          flow = -commissionCents;
          break;
        }
        case 'cover': {
          const side = this.shorts.get(fill.ticker);
          if (side === undefined || side.shares < q) throw new Error(`${date}: covers ${q} ${fill.ticker} but is short ${side?.shares ?? 0n}`);
          const released = q === side.shares ? side.collateralCents : Fraction.of(side.collateralCents * q, side.shares).div(100n).cents();
          realizedCents = side.basis.sub(price).mul(q).cents();
          side.shares -= q;
          side.collateralCents -= released;
          if (side.shares === 0n) this.shorts.delete(fill.ticker);
          this.cashCents += released + realizedCents - commissionCents;
          this.marginCents -= released;
          flow = realizedCents - commissionCents;
          break;
        }
        case 'hold':
          break;
      }
      this.book(fill, legSide, q, price, flow, commissionCents, date);
    }
    return {
      price: price.toNumber(),
      notional: q > 0n ? centsToNumber(notionalCents) : 0,
      commission: q > 0n ? centsToNumber(commissionCents) : 0,
      realized_pnl: centsToNumber(realizedCents),
    };
  }

  private book(fill: StreamedFill, side: 'long' | 'short', q: bigint, price: Fraction, flowCents: bigint, commissionCents: bigint, date: string): void {
    const key = `${side}:${fill.ticker}`;
    const opening = fill.action === 'buy' || fill.action === 'short';
    let leg = this.legs.get(key);
    if (leg === undefined) {
      if (!opening) throw new Error(`${date}: ${fill.action} ${fill.ticker} without an open ${side} trade`);
      leg = {
        ticker: fill.ticker,
        side,
        entryDate: date,
        shares: 0n,
        maxShares: 0n,
        openedShares: 0n,
        openedNotional: Fraction.ZERO,
        closedShares: 0n,
        closedNotional: Fraction.ZERO,
        cashFlowCents: 0n,
        fills: 0,
        commissionCents: 0n,
      };
      this.legs.set(key, leg);
    }
    leg.fills += 1;
    leg.cashFlowCents += flowCents;
    leg.commissionCents += commissionCents;
    if (opening) {
      leg.shares += q;
      leg.openedShares += q;
      leg.openedNotional = leg.openedNotional.add(price.mul(q));
      if (leg.shares > leg.maxShares) leg.maxShares = leg.shares;
      return;
    }
    leg.shares -= q;
    leg.closedShares += q;
    leg.closedNotional = leg.closedNotional.add(price.mul(q));
    if (leg.shares > 0n) return;
    this.legs.delete(key);
    this.trades.push({
      ticker: leg.ticker,
      side,
      entry_date: leg.entryDate,
      exit_date: date,
      quantity: Number(leg.maxShares),
      entry_price: leg.openedNotional.div(leg.openedShares).toNumber(),
      exit_price: leg.closedNotional.div(leg.closedShares).toNumber(),
      pnl: centsToNumber(leg.cashFlowCents),
      holding_days: days(leg.entryDate, date),
      fills: leg.fills,
      commission: centsToNumber(leg.commissionCents),
    });
  }

  private markCents(prices: Readonly<Record<string, number>>): { longs: Map<string, bigint>; shorts: Map<string, bigint> } {
    const longs = new Map<string, bigint>();
    const shorts = new Map<string, bigint>();
    for (const [ticker, side] of this.longs) longs.set(ticker, Fraction.decimal(prices[ticker]).mul(side.shares).cents());
    for (const [ticker, side] of this.shorts) shorts.set(ticker, side.basis.sub(Fraction.decimal(prices[ticker])).mul(side.shares).cents());
    return { longs, shorts };
  }

  /** Portfolio value at `prices`: cash + collateral + Σ long market values + Σ short unrealized P&L (each in cents). */
  value(prices: Readonly<Record<string, number>>): number {
    const { longs, shorts } = this.markCents(prices);
    let total = this.cashCents + this.marginCents;
    for (const cents of longs.values()) total += cents;
    for (const cents of shorts.values()) total += cents;
    return centsToNumber(total);
  }

  /** The trades still open, marked at `prices`. */
  openTrades(prices: Readonly<Record<string, number>>): ExpectedOpenTrade[] {
    const { longs, shorts } = this.markCents(prices);
    return [...this.legs.values()].map((leg) => ({
      ticker: leg.ticker,
      side: leg.side,
      entry_date: leg.entryDate,
      quantity: Number(leg.shares),
      entry_price: leg.openedNotional.div(leg.openedShares).toNumber(),
      unrealized_pnl: centsToNumber(leg.cashFlowCents + ((leg.side === 'long' ? longs : shorts).get(leg.ticker) ?? 0n)),
    }));
  }
}

/** Trade statistics of closed trades, computed from their P&L in cents (break-even trades counted apart). */
export function expectedTradeStats(trades: readonly ExpectedTrade[]) {
  const cents = trades.map((t) => BigInt(Math.round(t.pnl * 100)));
  const wins = cents.filter((c) => c > 0n);
  const losses = cents.filter((c) => c < 0n);
  const sum = (values: bigint[]): number => centsToNumber(values.reduce((a, b) => a + b, 0n));
  return {
    total_trades: trades.length,
    winning_trades: wins.length,
    losing_trades: losses.length,
    win_rate: wins.length + losses.length > 0 ? wins.length / (wins.length + losses.length) : null,
    gross_profit: sum(wins),
    gross_loss: sum(losses),
    average_win: wins.length > 0 ? sum(wins) / wins.length : null,
    average_loss: losses.length > 0 ? sum(losses) / losses.length : null,
    profit_factor: losses.length > 0 ? sum(wins) / -sum(losses) : null,
    expectancy: trades.length > 0 ? sum(cents) / trades.length : null,
  };
}

interface SignalLike {
  readonly signal: 'bullish' | 'bearish' | 'neutral';
  readonly confidence: number;
}

interface RiskLike {
  readonly remaining_position_limit: number;
  readonly remaining_short_limit: number;
  readonly current_price: number;
}

/**
 * The rule portfolio manager's decision for one ticker, from the README's rule: score = mean of
 * direction × confidence/100 over the analysts' signals; above +0.2 cover a short first, else buy
 * ⌊allowed × score⌋ (at least 1); below −0.2 sell a long first, else short ⌊allowed × |score|⌋; otherwise hold.
 * Buys are bounded by the risk limit and free cash, shorts by the short limit.
 */
export function expectedDecision(
  signals: readonly SignalLike[],
  risk: RiskLike | undefined,
  position: { long: number; short: number },
  cash: number,
): { action: string; quantity: number } {
  const score = signals.length === 0 ? 0 : signals.reduce((s, x) => s + ({ bullish: 1, bearish: -1, neutral: 0 })[x.signal] * (Math.min(100, Math.max(0, x.confidence)) / 100), 0) / signals.length;
  const price = risk?.current_price ?? 0;
  const maxBuy = risk && price > 0 ? Math.min(Math.floor(risk.remaining_position_limit / price), Math.floor(cash / price)) : 0;
  const maxShort = risk && price > 0 ? Math.floor(risk.remaining_short_limit / price) : 0;
  if (score > 0.2) {
    if (position.short > 0) return { action: 'cover', quantity: position.short };
    if (maxBuy > 0) return { action: 'buy', quantity: Math.max(1, Math.floor(maxBuy * Math.min(1, score))) };
    return { action: 'hold', quantity: 0 };
  }
  if (score < -0.2) {
    if (position.long > 0) return { action: 'sell', quantity: position.long };
    if (maxShort > 0) return { action: 'short', quantity: Math.max(1, Math.floor(maxShort * Math.min(1, -score))) };
    return { action: 'hold', quantity: 0 };
  }
  return { action: 'hold', quantity: 0 };
}

/** The parts of a streamed backtest the replay reads (day results as parsed from `progress.analysis`). */
export interface ReplayDay {
  readonly date: string;
  readonly portfolio_value: number;
  readonly cash: number;
  readonly decisions: Record<string, { action: string; quantity: number }>;
  readonly fills: readonly StreamedFill[];
  readonly closed_trades: readonly ExpectedTrade[];
  readonly analyst_signals: Record<string, Record<string, unknown>>;
  readonly current_prices: Record<string, number>;
  readonly margin_call: boolean;
}

export interface ReplaySetup {
  readonly tickers: readonly string[];
  readonly initial_cash: number;
  readonly margin_requirement: number;
  readonly costs?: Costs;
  /** Open and close of a ticker on a date, from the market data (not from the backtest). */
  readonly open: (ticker: string, date: string) => number;
  readonly close: (ticker: string, date: string) => number;
}

const isRisk = (value: unknown): value is RiskLike => typeof value === 'object' && value !== null && 'remaining_position_limit' in value;

/**
 * Replays a next-open backtest day by day through an independent ledger and checks, with jest's `expect`,
 * that each fill is the previous day's decision at this day's open (reduced only with a clamp reason), that
 * its price, notional, commission and realized P&L, the day's cash and value, and the trades closed that day
 * are what the ledger computes, and that each decision is the rule portfolio manager's answer to the day's
 * signals and risk limits. Returns the ledger at the end.
 */
export function replayDays(days: readonly ReplayDay[], setup: ReplaySetup): IndependentLedger {
  const ledger = new IndependentLedger(setup.initial_cash, setup.margin_requirement, setup.costs);
  days.forEach((day, index) => {
    const previous = index > 0 ? days[index - 1] : null;
    const tradesBefore = ledger.trades.length;
    for (const fill of day.fills) {
      const where = `${day.date} ${fill.action} ${fill.ticker}`;
      if (previous?.margin_call === true) {
        expect([where, fill.action]).toEqual([where, ledger.long(fill.ticker) > 0 ? 'sell' : 'cover']);
      } else {
        const decision = previous?.decisions[fill.ticker];
        expect([where, fill.action, fill.requested_quantity]).toEqual([where, decision?.action, decision?.quantity]);
      }
      expect([where, fill.reference_price]).toEqual([where, setup.open(fill.ticker, day.date)]);
      expect(fill.quantity).toBeLessThanOrEqual(fill.requested_quantity);
      if (fill.quantity < fill.requested_quantity) expect([where, fill.clamp_reason]).toEqual([where, expect.any(String)]);
      const check = ledger.apply(fill, day.date);
      expect(fill.price).toBeCloseTo(check.price, 9);
      expect([where, fill.notional, fill.commission, fill.realized_pnl]).toEqual([where, check.notional, check.commission, check.realized_pnl]);
    }
    if (previous !== null && previous.margin_call !== true) {
      // every order of the previous day reached the ledger (a fill of 0 shares when it could not be done)
      const ordered = Object.entries(previous.decisions).filter(([, d]) => d.action !== 'hold').map(([ticker]) => ticker).sort();
      expect([day.date, day.fills.map((f) => f.ticker).sort()]).toEqual([day.date, ordered]);
    }
    const closes = Object.fromEntries(setup.tickers.map((ticker) => [ticker, setup.close(ticker, day.date)]));
    expect([day.date, day.current_prices]).toEqual([day.date, closes]);
    expect([day.date, day.cash, day.portfolio_value]).toEqual([day.date, ledger.cash(), ledger.value(closes)]);
    expect([day.date, day.closed_trades.map(comparable)]).toEqual([day.date, ledger.trades.slice(tradesBefore).map(comparable)]);

    for (const ticker of setup.tickers) {
      const signals: SignalLike[] = [];
      let risk: RiskLike | undefined;
      for (const byTicker of Object.values(day.analyst_signals)) {
        const entry = byTicker[ticker];
        if (isRisk(entry)) risk = entry;
        else if (entry !== undefined) signals.push(entry as SignalLike);
      }
      const expected = expectedDecision(signals, risk, { long: ledger.long(ticker), short: ledger.short(ticker) }, ledger.cash());
      const made = day.decisions[ticker];
      expect([day.date, ticker, made.action, made.quantity]).toEqual([day.date, ticker, expected.action, expected.quantity]);
    }
  });
  return ledger;
}

const round9 = (value: number): number => Math.round(value * 1e9) / 1e9;

/** The fields of a trade the replay recomputes. */
function pick(t: ExpectedTrade): ExpectedTrade {
  return {
    ticker: t.ticker,
    side: t.side,
    entry_date: t.entry_date,
    exit_date: t.exit_date,
    quantity: t.quantity,
    entry_price: t.entry_price,
    exit_price: t.exit_price,
    pnl: t.pnl,
    holding_days: t.holding_days,
    fills: t.fills,
    commission: t.commission,
  };
}

/** Rounds the prices of a trade to 9 decimals so the product's doubles and the exact fractions compare. */
export function comparable(t: ExpectedTrade): ExpectedTrade {
  return { ...pick(t), entry_price: round9(t.entry_price), exit_price: round9(t.exit_price) };
}
