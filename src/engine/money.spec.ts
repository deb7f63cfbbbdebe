import fc from 'fast-check';
import { formatUsd, roundCents } from './money';

/** Exact rounding of the rational `numerator / denominator` cents, half away from zero, as a decimal string. */
function exactCentsString(numerator: bigint, denominator: bigint): string {
  const negative = numerator < 0n !== denominator < 0n && numerator !== 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  let cents = n / d;
  if ((n % d) * 2n >= d) cents += 1n;
  const whole = cents / 100n;
  const fraction = (cents % 100n).toString().padStart(2, '0');
  return `${negative && cents !== 0n ? '-' : ''}${whole}.${fraction}`;
}

describe('roundCents: one rule, half away from zero', () => {
  it('rounds the issue examples and the classic binary halves up in magnitude', () => {
    // 109 × 78.07 × 0.5 = 4,254.815 exactly; the double is 4254.81499999999959…
    expect(roundCents(109 * 78.07 * 0.5)).toBe(4254.82);
    expect(roundCents(1002.675)).toBe(1002.68);
    expect(roundCents(1.005)).toBe(1.01);
    expect(roundCents(2.675)).toBe(2.68);
    expect(roundCents(-4254.815)).toBe(-4254.82);
    expect(roundCents(-0.005)).toBe(-0.01);
    expect(roundCents(0.0049)).toBe(0);
    expect(Object.is(roundCents(-0.004), 0)).toBe(true);
    expect(roundCents(123_456_789.125)).toBe(123_456_789.13);
  });

  it('rounds every decimal half-cent away from zero (X.YZ5 → X.YZ + 0.01 in magnitude)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 11n }), fc.boolean(), (cents, negative) => {
        const text = `${cents / 100n}.${(cents % 100n).toString().padStart(2, '0')}5`;
        const value = Number(negative ? `-${text}` : text);
        const expected = Number(exactCentsString((cents * 10n + 5n) * (negative ? -1n : 1n), 10n));
        expect(roundCents(value)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('rounds shares × price × collateral rate to the exact decimal result', () => {
    // The ledger's products: whole shares, cent prices, rates with up to four decimals.
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 1, max: 5_000_000 }),
        fc.constantFrom([1n, 2n], [1n, 4n], [3n, 4n], [1n, 1000n], [5n, 10_000n], [1n, 1n]),
        (shares, priceCents, [rateNumerator, rateDenominator]) => {
          const value = shares * (priceCents / 100) * (Number(rateNumerator) / Number(rateDenominator));
          const expected = exactCentsString(BigInt(shares) * BigInt(priceCents) * rateNumerator, rateDenominator);
          expect(roundCents(value)).toBe(Number(expected));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('is odd, idempotent, within half a cent, and lands on whole cents', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e10, max: 1e10, noNaN: true }), (value) => {
        const rounded = roundCents(value);
        expect(roundCents(rounded)).toBe(rounded);
        expect(roundCents(-value)).toBe(-rounded === 0 ? 0 : -rounded);
        expect(Math.abs(rounded - value)).toBeLessThanOrEqual(0.005 + Math.abs(value) * 1e-15);
        const cents = rounded * 100;
        expect(Math.abs(cents - Math.round(cents))).toBeLessThanOrEqual(Math.abs(cents) * 1e-15);
      }),
      { numRuns: 3000 },
    );
  });

  it('passes non-finite values through', () => {
    expect(roundCents(Number.NaN)).toBeNaN();
    expect(roundCents(Infinity)).toBe(Infinity);
  });
});

describe('formatUsd: the one money formatter', () => {
  it.each([
    [0, '$0.00'],
    [1234.5, '$1,234.50'],
    [-1000, '-$1,000.00'],
    [999_999.995, '$1,000,000.00'],
    [-0.004, '$0.00'],
    [109 * 78.07 * 0.5, '$4,254.82'],
    [-4254.815, '-$4,254.82'],
  ])('formatUsd(%d) = %s', (value, text) => {
    expect(formatUsd(value)).toBe(text);
  });

  it('prints a bare amount, or whole dollars, on request', () => {
    expect(formatUsd(-1234.5, { symbol: '' })).toBe('-1,234.50');
    expect(formatUsd(48_000.4, { cents: false })).toBe('$48,000');
    expect(formatUsd(-2_500.5, { cents: false })).toBe('-$2,501');
    expect(formatUsd(0.4951, { cents: false })).toBe('$0');
    expect(formatUsd(Number.NaN)).toBe('NaN');
  });

  it('shows exactly the cents roundCents keeps, grouped by thousands', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e12, max: 1e12, noNaN: true }), (value) => {
        const text = formatUsd(value);
        expect(text).toMatch(/^-?\$\d{1,3}(,\d{3})*\.\d{2}$/);
        const parsed = Number(text.replace(/[$,]/g, ''));
        expect(parsed).toBe(roundCents(value) === 0 ? 0 : roundCents(value));
      }),
      { numRuns: 3000 },
    );
  });
});
