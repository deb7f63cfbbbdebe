// Money to the cent: one rounding rule for the whole ledger (cash, collateral, fees, realized and trade P&L,
// market values).

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
