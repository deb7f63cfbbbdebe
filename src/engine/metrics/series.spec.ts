import { daysFromCivil } from '../civil-days';
import { computeHistogram, computePeriodReturns, computeRollingSharpe, defaultBinCount } from './index';

const day = (iso: string): number => {
  const [y, m, d] = iso.split('-').map(Number);
  return daysFromCivil(y, m, d);
};

describe('computePeriodReturns', () => {
  // Start 100 on 2023-12-29 (base only); Jan ends at 110 (+10 %), Feb at 99 (−10 %), Mar has no point,
  // Apr ends at 108.9 (+10 % over Feb's close), 2024 = 108.9/100 − 1; 2025-01-02 at 119.79 (+10 %).
  const dates = ['2023-12-29', '2024-01-02', '2024-01-31', '2024-02-01', '2024-02-29', '2024-04-30', '2025-01-02'];
  const values = [100, 105, 110, 104, 99, 108.9, 119.79];
  const result = computePeriodReturns(Int32Array.from(dates, day), Float64Array.from(values));

  it('groups by calendar month, compounding from the last value before the month', () => {
    expect(result.months.map((m) => [m.year, m.month, m.points])).toEqual([
      [2024, 1, 2],
      [2024, 2, 2],
      [2024, 4, 1],
      [2025, 1, 1],
    ]);
    expect(result.months.map((m) => m.return)).toEqual([110 / 100 - 1, 99 / 110 - 1, 108.9 / 99 - 1, 119.79 / 108.9 - 1]);
  });

  it('gives the starting point no period of its own and sums years the same way', () => {
    expect(result.years.map((y) => [y.year, y.points, y.return])).toEqual([
      [2024, 5, 108.9 / 100 - 1],
      [2025, 1, 119.79 / 108.9 - 1],
    ]);
  });

  it('compounds to the total return', () => {
    const compounded = result.years.reduce((acc, y) => acc * (1 + y.return), 1) - 1;
    expect(compounded).toBeCloseTo(119.79 / 100 - 1, 12);
  });
});

describe('computeRollingSharpe', () => {
  it('worked by hand: window 3 over returns +10 %, −10 %, +10 %, +10 %', () => {
    // Windows: [.1, −.1, .1] mean 1/30, std √(1/75) → (1/30)/√(1/75)·√252; [−.1, .1, .1] the same.
    const out = computeRollingSharpe([100, 110, 99, 108.9, 119.79], 3, 252);
    const expected = (1 / 30 / Math.sqrt(1 / 75)) * Math.sqrt(252);
    expect(Number.isNaN(out[0]) && Number.isNaN(out[1])).toBe(true);
    expect(out[2]).toBeCloseTo(expected, 9);
    expect(out[3]).toBeCloseTo(expected, 9);
  });

  it('is undefined for a flat window and for a curve shorter than the window', () => {
    expect(Array.from(computeRollingSharpe([100, 100, 100, 100], 2, 252)).every(Number.isNaN)).toBe(true);
    expect(computeRollingSharpe([100, 101], 5, 252)).toHaveLength(1);
    expect(() => computeRollingSharpe([1, 2, 3], 1, 252)).toThrow(RangeError);
  });
});

describe('computeHistogram', () => {
  it('bins half-open, the last bin closed, non-finite values skipped', () => {
    const h = computeHistogram([0, 1, 2, 3, 4, Number.NaN], 4);
    expect(Array.from(h.edges)).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(h.counts)).toEqual([1, 1, 1, 2]);
    expect(h.skipped).toBe(1);
  });

  it('centres a unit-wide range on equal values and picks Sturges bin counts', () => {
    expect(Array.from(computeHistogram([2, 2], 2).counts)).toEqual([0, 2]);
    expect(Array.from(computeHistogram([2, 2], 2).edges)).toEqual([1.5, 2, 2.5]);
    expect([defaultBinCount(1), defaultBinCount(2520), defaultBinCount(1e9)]).toEqual([5, 13, 31]);
  });
});
