// The ledger's state, in the anchor's portfolio dict shape (snake_case: it goes on the wire unchanged as
// `final_portfolio` and in day results) plus the fees paid. Semantics: src/engine/backtest/README.md "Ledger".

export type TradeAction = 'buy' | 'sell' | 'short' | 'cover' | 'hold';

/** The side of a position or a round trip: buy/sell trade the long side, short/cover the short side. */
export type TradeSide = 'long' | 'short';

export interface Position {
  /** Shares held long (whole shares, ≥ 0). */
  long: number;
  /** Shares sold short (whole shares, ≥ 0). */
  short: number;
  /** Average price paid per long share (0 when flat). */
  long_cost_basis: number;
  /** Average price received per short share (0 when flat). */
  short_cost_basis: number;
  /** Collateral posted from cash for this short (held by the broker, part of the portfolio value). */
  short_margin_used: number;
}

export interface RealizedGains {
  long: number;
  short: number;
}

/**
 * Portfolio value = cash + Σ long·price + margin_used + Σ (short_cost_basis − price)·short.
 * Short-sale proceeds are not credited to `cash`: the broker holds them against the liability; the collateral
 * (`margin_requirement` × notional, 100 % when `margin_requirement` is 0) moves from `cash` to `margin_used`.
 */
export interface Portfolio {
  /** Free cash (never negative). */
  cash: number;
  /** Collateral fraction of a short's notional; 0 means cash-secured shorts (100 % collateral). */
  margin_requirement: number;
  /** Σ short_margin_used over positions. */
  margin_used: number;
  positions: Record<string, Position>;
  realized_gains: Record<string, RealizedGains>;
  /** Total commissions paid. */
  fees_paid: number;
  /** Total slippage cost (|fill price − reference price| × quantity). */
  slippage_paid: number;
}

/** A position the portfolio starts with: quantity > 0 is long, < 0 short, at `trade_price` per share. */
export interface SeedPosition {
  readonly ticker: string;
  readonly quantity: number;
  readonly trade_price: number;
}

export interface PortfolioSetup {
  readonly tickers: readonly string[];
  readonly initial_cash: number;
  readonly margin_requirement?: number;
  readonly positions?: readonly SeedPosition[];
}

/** Trading costs; all default to 0. */
export interface TradeCosts {
  /** Commission per share traded. */
  readonly commission_per_share?: number;
  /** Commission as a fraction of the traded notional (0.001 = 10 bp). */
  readonly commission_rate?: number;
  /** Adverse price move on every fill, in basis points of the reference price. */
  readonly slippage_bps?: number;
}

export interface TradeRequest {
  readonly ticker: string;
  readonly action: TradeAction;
  readonly quantity: number;
  /** Reference price (open or close of the fill bar) before slippage. */
  readonly price: number;
}

/** Why fewer shares were filled than requested. */
export type ClampReason = 'cash' | 'position' | 'margin' | 'invalid_quantity' | 'invalid_price';

export interface TradeFill {
  readonly ticker: string;
  readonly action: TradeAction;
  readonly requested_quantity: number;
  /** Shares actually traded (whole, ≥ 0). */
  readonly quantity: number;
  /** Reference price before slippage. */
  readonly reference_price: number;
  /** Execution price after slippage. */
  readonly price: number;
  /** Money traded: quantity × price, in cents (what a buy pays and a sell receives, before commission). */
  readonly notional: number;
  readonly commission: number;
  readonly slippage: number;
  /** Realized P&L of a sell or cover (0 otherwise), net of nothing (fees are reported apart). */
  readonly realized_pnl: number;
  /** Non-null when the quantity was reduced; `clamp_detail` says why in words. */
  readonly clamp_reason: ClampReason | null;
  readonly clamp_detail: string | null;
}

export interface TradeResult {
  readonly portfolio: Portfolio;
  readonly fill: TradeFill;
}

export interface Exposure {
  readonly long_exposure: number;
  readonly short_exposure: number;
  readonly gross_exposure: number;
  readonly net_exposure: number;
  /** long / short; null when there is no short exposure. */
  readonly long_short_ratio: number | null;
}

/**
 * A closed trade: one round trip of a position side per ticker, from flat to flat. Scale-ins and partial
 * closes belong to the same trade. Money in cents; prices are execution prices (after slippage).
 */
export interface RoundTrip {
  readonly ticker: string;
  readonly side: TradeSide;
  /** Date of the first opening fill (the curve's first date for a position the portfolio started with). */
  readonly entry_date: string;
  /** Date of the fill that made the side flat. */
  readonly exit_date: string;
  /** Largest number of shares held during the trade. */
  readonly quantity: number;
  /** Quantity-weighted average price of the opening fills (buys of a long, shorts of a short). */
  readonly entry_price: number;
  /** Quantity-weighted average price of the closing fills (sells of a long, covers of a short). */
  readonly exit_price: number;
  /**
   * Net P&L: what the trade's fills moved into (+) or out of (−) cash and short collateral, every fill's
   * commission included (slippage is in the execution prices). Long: Σ sells − Σ buys − commissions;
   * short: Σ realized short P&L − commissions. ≈ (exit − entry) × shares × (+1 long, −1 short) − commissions.
   */
  readonly pnl: number;
  /** pnl / (entry_price × shares opened) × 100 (percent points of the capital the entries committed). */
  readonly return_pct: number;
  /** Calendar days from entry_date to exit_date. */
  readonly holding_days: number;
  /** Fills of the trade (opening and closing). */
  readonly fills: number;
  /** Σ commissions of the trade's fills (already in `pnl`). */
  readonly commission: number;
  /** Σ slippage cost of the trade's fills (already in `pnl` through the execution prices). */
  readonly slippage: number;
}

/** A position side still open at the end, marked at `mark_price` (the last close). */
export interface OpenRoundTrip {
  readonly ticker: string;
  readonly side: TradeSide;
  readonly entry_date: string;
  /** Shares held now. */
  readonly quantity: number;
  /** Largest number of shares held so far. */
  readonly max_quantity: number;
  readonly entry_price: number;
  readonly mark_date: string;
  readonly mark_price: number;
  /**
   * The trade's P&L if it were closed at the mark with no further cost: its fills' cash flows so far (partial
   * closes and every commission included) plus the open shares' market value at the mark. In cents.
   */
  readonly unrealized_pnl: number;
  /** unrealized_pnl / (entry_price × shares opened) × 100. */
  readonly return_pct: number;
  /** Calendar days from entry_date to mark_date. */
  readonly holding_days: number;
  readonly fills: number;
  readonly commission: number;
  readonly slippage: number;
}
