// Money to the cent: one rounding rule and one formatter for the whole engine (the ledger's cash, collateral,
// fees, realized and trade P&L, market values; the futures simulator's trade P&L, balances and floors), the CLIs
// and the reports.

/** Significant digits an amount is carried to before rounding: enough for 1e12 dollars with cents to spare. */
const DECIMAL_DIGITS = 15;

/**
 * Rounds an amount of money to cents, **half away from zero**, on its decimal value: 4,254.815 → 4,254.82,
 * −4,254.815 → −4,254.82, 1,002.675 → 1,002.68.
 *
 * A binary double holds most decimal amounts inexactly (109 × 78.07 × 0.5 is stored as 4254.81499999999959…,
 * so `Math.round(x * 100)` gives 4,254.81). The amount in cents is therefore first carried to 15 significant
 * digits, which removes that representation noise (a few units in the 16th-17th digit) without moving any
 * amount the ledger produces (whole shares × prices × rates, far below 1e13 dollars). Non-finite input is
 * returned unchanged; the result is never −0.
 */
export function roundCents(value: number): number {
  if (!Number.isFinite(value)) return value;
  const cents = Number((Math.abs(value) * 100).toPrecision(DECIMAL_DIGITS));
  const rounded = Math.floor(cents + 0.5) / 100;
  return value < 0 && rounded !== 0 ? -rounded : rounded;
}

/** How `formatUsd` prints: the currency symbol (`''` for a bare amount) and whether cents are shown. */
export interface MoneyFormat {
  /** Default `$`. */
  readonly symbol?: string;
  /** Default true; false rounds to whole dollars (half away from zero), for axis labels. */
  readonly cents?: boolean;
}

/**
 * An amount of money as people read it, `-$1,234.50`: the minus before the symbol, commas every three
 * digits, cents by `roundCents` (so text and ledger agree on every half cent), never `-$0.00`.
 * Fixed format with plain arithmetic: no host locale, and fast enough for a per-session path (Intl is not).
 * Non-finite input prints as `String(value)`.
 */
export function formatUsd(value: number, format: MoneyFormat = {}): string {
  if (!Number.isFinite(value)) return String(value);
  const withCents = format.cents ?? true;
  const cents = withCents ? Math.round(Math.abs(roundCents(value)) * 100) : Math.round(Math.abs(value)) * 100;
  const whole = Math.floor(cents / 100).toString();
  let grouped = '';
  for (let i = 0; i < whole.length; i += 1) {
    if (i > 0 && (whole.length - i) % 3 === 0) grouped += ',';
    grouped += whole[i];
  }
  const fraction = withCents ? `.${(cents % 100).toString().padStart(2, '0')}` : '';
  return `${value < 0 && cents > 0 ? '-' : ''}${format.symbol ?? '$'}${grouped}${fraction}`;
}
