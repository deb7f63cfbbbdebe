import { inputOf, lineItemColumns, metricsColumns } from '../../../../test/support/persona-fixtures';
import {
  aswathDamodaran,
  damodaranDcf,
  damodaranGrowthAndReinvestment,
  damodaranRelativeValuation,
  damodaranRisk,
} from './aswath-damodaran';
import type { PersonaAnalysis } from './types';

// ttm records 2024-03-31 … 2023-03-31: one year between the newest and the oldest
const metrics = metricsColumns('ttm', {
  return_on_invested_capital: [0.12, 0.11, 0.11, 0.1, 0.1],
  debt_to_equity: [0.5, 0.5, 0.5, 0.5, 0.5],
  price_to_earnings_ratio: [15, 20, 22, 25, 30],
});
const items = lineItemColumns('ttm', {
  revenue: [110, 107, 105, 102, 100],
  free_cash_flow: [20, 19, 18, 17, 16],
  ebit: [30, 29, 28, 27, 26],
  interest_expense: [5, 5, 5, 5, 5],
});

describe('aswath_damodaran analysis', () => {
  it('values the free cash flow from the line items and calls it on the margin of safety (always neutral in the anchor)', async () => {
    const analysis = await aswathDamodaran.analyze(inputOf({ metrics, items, marketCap: 300 }));
    // growth: revenue CAGR over 1 year 110/100 − 1 = .10 > .08 (+2); FCF 20 > 16 (+1); ROIC .12 > .10 (+1) = 4
    // risk: D/E .5 < 1 (+1); coverage 30/5 = 6 > 3 (+1) = 2; cost of equity 4 % + 1·5 % = 9 %
    // relative: P/E 15 < .7 × median 22 = 15.4 (+1).   Score 7 of 7
    // DCF: FCFF 20, growth .10 fading by (.025 − .10)/9 a year, compounded, discount 9 %:
    //   Σ PV = 185.86863, TV = FCFF₁₀·1.025/(.09 − .025)/1.09^10 = 243.64775 (numpy) → 429.51638
    //   MoS (429.51638 − 300)/300 = .43172 → bullish, confidence 150·.43172 = 64.8 → 65
    expect(analysis).toMatchObject({ score: 7, max_score: 7 });
    expect(analysis.details).toMatchObject({ growth_analysis: { score: 4 }, risk_analysis: { score: 2, cost_of_equity: 0.09 }, relative_val_analysis: { score: 1, historical_median: 22 } });
    expect((analysis.details.intrinsic_val_analysis as Record<string, number>).intrinsic_value).toBeCloseTo(429.51638004452366, 9);
    expect(analysis.details.margin_of_safety).toBeCloseTo(0.4317212668150789, 12);
    expect(aswathDamodaran.rules(analysis)).toMatchObject({ signal: 'bullish', confidence: 65 });
  });

  it('compounds each year’s FCFF and takes the terminal value on year 10 (the anchor grew every year from FCFF₀)', () => {
    const dcf = damodaranDcf(lineItemColumns('ttm', { free_cash_flow: [100] }), null, 0.09);
    // growth 4 % fading to 2.5 % (step −.001667); independent loop
    let flow = 100;
    let pv = 0;
    for (let year = 1; year <= 10; year += 1) {
      flow *= 1 + 0.04 + ((0.025 - 0.04) / 9) * (year - 1);
      pv += flow / 1.09 ** year;
    }
    pv += (flow * 1.025) / 0.065 / 1.09 ** 10;
    expect(dcf.initial_growth).toBe(0.04);
    expect(dcf.intrinsic_value).toBeCloseTo(pv, 9);
    expect(damodaranDcf(lineItemColumns('ttm', { free_cash_flow: [-5] }), 0.1, 0.09).intrinsic_value).toBeNull();
    expect(damodaranDcf(lineItemColumns('ttm', { free_cash_flow: [100] }), 0.3, 0.09).initial_growth).toBe(0.12);
  });

  it('without data is neutral 0; with data but no DCF it is neutral with clamp(100·score/max, 10, 50)', async () => {
    expect(aswathDamodaran.rules(await aswathDamodaran.analyze(inputOf({})))).toMatchObject({ signal: 'neutral', confidence: 0 });
    // no market cap: MoS null; score 7/7 → 100 → capped at 50
    const noCap = await aswathDamodaran.analyze(inputOf({ metrics, items }));
    expect(aswathDamodaran.rules(noCap)).toMatchObject({ signal: 'neutral', confidence: 50 });
  });
});

describe('aswath_damodaran sub-scores at their edges', () => {
  it('growth and reinvestment', () => {
    const growth = (revenue: number[], roic: number | null = null, fcf: number[] = []) =>
      damodaranGrowthAndReinvestment(metricsColumns('ttm', { return_on_invested_capital: [roic] }), lineItemColumns('ttm', { revenue, free_cash_flow: fcf })).score;
    // ttm 2024-03-31 vs 2023-03-31 = 1 year
    expect(growth([108.1, 0, 0, 0, 100])).toBe(2);
    expect(growth([107.9, 0, 0, 0, 100])).toBe(1);
    expect(growth([103.1, 0, 0, 0, 100])).toBe(1);
    expect(growth([102.9, 0, 0, 0, 100])).toBe(0);
    // 2024-03-31 vs 2022-03-31 = 2 years: 1.17/1 → CAGR .0817 (+2); the anchor's 8 "years" would give .0198
    expect(growth([117, 0, 0, 0, 0, 0, 0, 0, 100])).toBe(2);
    expect(growth([100], 0.1001)).toBe(1);
    expect(growth([100], 0.1)).toBe(0);
    expect(growth([100], null, [11, 10])).toBe(1);
    expect(growth([100], null, [10, 10])).toBe(0);
  });

  it('risk and relative valuation', () => {
    const risk = (de: number | null, ebit: number | null, interest: number | null) =>
      damodaranRisk(metricsColumns('ttm', { debt_to_equity: [de] }), lineItemColumns('ttm', { ebit: [ebit], interest_expense: [interest] })).score;
    expect(risk(0.99, null, null)).toBe(1);
    expect(risk(1, null, null)).toBe(0);
    expect(risk(null, 31, 10)).toBe(1);
    expect(risk(null, 30, 10)).toBe(0); // coverage 3 is not > 3
    expect(risk(null, 31, -10)).toBe(1); // interest reported negative: 31/|−10|
    expect(risk(null, 5, 0)).toBe(1); // no interest to cover
    expect(risk(null, -5, 0)).toBe(0);
    const relative = (pe: (number | null)[]) => damodaranRelativeValuation(metricsColumns('ttm', { price_to_earnings_ratio: pe })).score;
    expect(relative([13.9, 20, 20, 20, 20])).toBe(1); // < .7 × 20 = 14
    expect(relative([14, 20, 20, 20, 20])).toBe(0);
    expect(relative([26.1, 20, 20, 20, 20])).toBe(-1); // > 1.3 × 20 = 26
    expect(relative([26, 20, 20, 20, 20])).toBe(0);
    expect(relative([10, 20, 20, 20, null])).toBe(0); // 4 ratios < 5
    // even count: the anchor's upper median, sorted [10, 11, 20, 30, 40, 50][3] = 30 → 20 < 21 (+1); the mean of
    // the middle pair (25) would give 17.5 and no point
    expect(relative([20, 10, 11, 30, 40, 50])).toBe(1);
  });
});

describe('aswath_damodaran rules', () => {
  const withMos = (mos: number | null, score = 3): PersonaAnalysis => ({ ticker: 'T', score, max_score: 7, facts: {}, details: { margin_of_safety: mos, data_points: { line_items: 1 } } });
  it.each([
    [0.25, 'bullish', 38], // 150·.25 = 37.5
    [0.2499, 'neutral', 37],
    [0.1, 'neutral', 20], // 15 → floor 20
    [-0.25, 'bearish', 38],
    [-0.7, 'bearish', 95], // 105 → cap 95
  ])('MoS %p → %s %i', (mos, signal, confidence) => {
    expect(aswathDamodaran.rules(withMos(mos))).toMatchObject({ signal, confidence });
  });
  it('without a MoS: neutral, 100·score/7 between 10 and 50', () => {
    expect(aswathDamodaran.rules(withMos(null, 3))).toMatchObject({ signal: 'neutral', confidence: 43 }); // 42.9
    expect(aswathDamodaran.rules(withMos(null, -1))).toMatchObject({ signal: 'neutral', confidence: 10 });
  });
});
