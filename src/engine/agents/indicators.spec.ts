import { adx, correlation, emaLast, hurstExponent, median, percentile, populationStd, rollingSampleStd, rsi, sampleExcessKurtosis, sampleSkew, sampleStd } from './indicators';

/** Park-Miller LCG in (0, 1): a seeded source for random-walk fixtures. */
function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
}

describe('indicators (values worked by hand)', () => {
  it('recursive EMA: span 3 → α 0.5 on 1, 2, 3 ends at 2.25', () => {
    expect(emaLast([1, 2, 3], 3)).toBe(2.25);
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

  it('ADX equals a plain array implementation of the anchor formula (pandas adjusted EWMs) on a random path', () => {
    // Reference, written the long way: full TR/+DM/−DM series, adjusted EWM = Σ w·x / Σ w with w = (1 − α)^age,
    // +DI/−DI from the EWMs, DX (NaN when +DI + −DI = 0, skipped by the EWM), ADX = adjusted EWM of DX.
    const ewm = (xs: number[], span: number): number[] => {
      const a = 2 / (span + 1);
      return xs.map((_, t) => {
        let num = 0;
        let den = 0;
        for (let i = 0; i <= t; i += 1) {
          if (Number.isNaN(xs[i])) continue;
          const w = (1 - a) ** (t - i);
          num += w * xs[i];
          den += w;
        }
        return den > 0 ? num / den : Number.NaN;
      });
    };
    const random = lcg(11);
    const close: number[] = [];
    const high: number[] = [];
    const low: number[] = [];
    let price = 50;
    for (let i = 0; i < 120; i += 1) {
      price *= 1 + (random() - 0.48) * 0.04;
      close.push(price);
      high.push(price * (1 + random() * 0.02));
      low.push(price * (1 - random() * 0.02));
    }
    const tr = close.map((_, i) => (i === 0 ? high[0] - low[0] : Math.max(high[i] - low[i], Math.abs(high[i] - close[i - 1]), Math.abs(low[i] - close[i - 1]))));
    const plusDm = close.map((_, i) => {
      if (i === 0) return 0;
      const up = high[i] - high[i - 1];
      const down = low[i - 1] - low[i];
      return up > down && up > 0 ? up : 0;
    });
    const minusDm = close.map((_, i) => {
      if (i === 0) return 0;
      const up = high[i] - high[i - 1];
      const down = low[i - 1] - low[i];
      return down > up && down > 0 ? down : 0;
    });
    const trE = ewm(tr, 14);
    const plusE = ewm(plusDm, 14);
    const minusE = ewm(minusDm, 14);
    const dx = close.map((_, i) => {
      const p = (100 * plusE[i]) / trE[i];
      const m = (100 * minusE[i]) / trE[i];
      return (100 * Math.abs(p - m)) / (p + m);
    });
    const reference = ewm(dx, 14)[close.length - 1];
    expect(adx({ high, low, close }, 14)).toBeCloseTo(reference, 9);
  });

  it('rolling sample std over a window equals the two-pass std of each window', () => {
    const values = [0.01, -0.02, 0.015, 0.003, -0.007, 0.02, -0.011];
    const rolling = rollingSampleStd(values, 3);
    expect(rolling).toHaveLength(5);
    rolling.forEach((std, i) => expect(std).toBeCloseTo(sampleStd(values, i, i + 3), 12));
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

  it('median, linear percentile and bias-corrected excess kurtosis match numpy/scipy', () => {
    const x = [0.01, -0.02, 0.03, 0.05, -0.04, 0.002, 0.07, -0.01];
    // numpy: median 0.006, percentile(x, 95) 0.063, percentile(x, 5) −0.033; scipy.stats.kurtosis(x, bias=False) −0.7075160145622426
    expect(median(x)).toBeCloseTo(0.006, 15);
    expect(median([3, 1, 2])).toBe(2);
    expect(percentile(x, 95)).toBeCloseTo(0.063, 15);
    expect(percentile(x, 5)).toBeCloseTo(-0.033, 15);
    expect(sampleExcessKurtosis(x)).toBeCloseTo(-0.7075160145622426, 12);
    expect(sampleExcessKurtosis([1, 2, 3])).toBeNaN();
    expect(Number.isNaN(median([]))).toBe(true);
  });
});
