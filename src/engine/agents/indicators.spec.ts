import { adx, correlation, emaSeries, ewmAdjustedSeries, hurstExponent, populationStd, rsi, sampleSkew, sampleStd } from './indicators';

/** Park-Miller LCG in (0, 1): a seeded source for random-walk fixtures. */
function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
}

describe('indicators (values worked by hand)', () => {
  it('recursive EMA: span 3 → α 0.5 on 1, 2, 3 gives 1, 1.5, 2.25', () => {
    expect([...emaSeries([1, 2, 3], 3)]).toEqual([1, 1.5, 2.25]);
  });

  it('adjusted EWM (pandas adjust=True): 1, (2 + 0.5)/1.5, (3 + 1 + 0.25)/1.75', () => {
    const out = ewmAdjustedSeries([1, 2, 3], 3);
    expect(out[0]).toBe(1);
    expect(out[1]).toBeCloseTo(2.5 / 1.5, 12);
    expect(out[2]).toBeCloseTo(4.25 / 1.75, 12);
  });

  it('adjusted EWM skips missing values but keeps their place in the decay (ignore_na=False)', () => {
    const out = ewmAdjustedSeries([Number.NaN, 1, Number.NaN, 3], 3);
    expect(Number.isNaN(out[0])).toBe(true);
    expect(out[1]).toBe(1);
    expect(out[2]).toBe(1);
    // weights: 3 → 1, 1 → 0.25 (two steps back)
    expect(out[3]).toBeCloseTo((3 + 0.25) / 1.25, 12);
  });

  it('standard deviations: 2, 4, 4, 4, 5, 5, 7, 9 has Σ(x − 5)² = 32', () => {
    const values = [2, 4, 4, 4, 5, 5, 7, 9];
    expect(populationStd(values)).toBe(2);
    expect(sampleStd(values)).toBeCloseTo(Math.sqrt(32 / 7), 12);
  });

  it('bias-corrected skew of 1, 2, 3, 10: m2 = 12.5, m3 = 45, G1 = √12/2 · 45/12.5^1.5', () => {
    expect(sampleSkew([1, 2, 3, 10])).toBeCloseTo((Math.sqrt(12) / 2) * (45 / 12.5 ** 1.5), 12);
  });

  it('RSI over the last 3 changes +1, −1, +2: RS = 3 → 75', () => {
    expect(rsi([10, 11, 10, 12], 3)).toBe(75);
    expect(rsi([10, 11], 3)).toBeNull();
  });

  it('ADX is 100 on a staircase (every bar one up-move and no down-move)', () => {
    const n = 60;
    const low = Array.from({ length: n }, (_, i) => i);
    const high = low.map((l) => l + 1);
    const close = low.map((l) => l + 0.5);
    expect(adx({ high, low, close }, 14)).toBeCloseTo(100, 9);
    // mirrored: falling staircase is just as strong a trend
    expect(adx({ high: [...high].reverse(), low: [...low].reverse(), close: [...close].reverse() }, 14)).toBeCloseTo(100, 9);
  });

  it('Hurst exponent ≈ 0.5 for a random walk (the anchor formula gives ≈ 0.25) and 0 for a straight line', () => {
    const random = lcg(7);
    const walk = [100];
    for (let i = 1; i < 4000; i += 1) walk.push(walk[i - 1] + (random() - 0.5));
    expect(hurstExponent(walk)).toBeGreaterThan(0.45);
    expect(hurstExponent(walk)).toBeLessThan(0.55);
    expect(hurstExponent(Array.from({ length: 100 }, (_, i) => i))).toBeCloseTo(0, 9);
  });

  it('Pearson correlation: a series with itself is 1, with its negation −1, with a constant null', () => {
    const a = [1, 3, 2, 5, 4];
    expect(correlation(a, a)).toBeCloseTo(1, 12);
    expect(correlation(a, a.map((x) => -2 * x))).toBeCloseTo(-1, 12);
    expect(correlation(a, [1, 1, 1, 1, 1])).toBeNull();
  });
});
