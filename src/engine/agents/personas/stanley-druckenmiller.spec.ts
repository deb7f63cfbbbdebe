import { bars, inputOf, lineItemColumns } from '../../../../test/support/persona-fixtures';
import { populationStd, simpleReturns } from '../indicators';
import { druckenmillerGrowthMomentum, druckenmillerRiskReward, druckenmillerValuation, stanleyDruckenmiller } from './stanley-druckenmiller';
import type { PersonaAnalysis } from './types';

const items = lineItemColumns('annual', {
  revenue: [121, 110, 100],
  earnings_per_share: [2.2, 2.1, 2.0],
  total_debt: [20, 20, 20],
  shareholders_equity: [100, 95, 90],
  cash_and_equivalents: [120, 100, 80],
  net_income: [80, 75, 70],
  free_cash_flow: [60, 55, 50],
  ebit: [100, 95, 90],
  ebitda: [120, 115, 110],
});
// 41 daily closes 100 → 130 ending at the decision date, inside the run window; one bar before the window
const rising = bars(Array.from({ length: 41 }, (_, i) => 100 + 0.75 * i));
const beforeWindow = { time: '2023-12-01', open: 1, high: 1, low: 1, close: 1, volume: 1000 };

describe('stanley_druckenmiller analysis', () => {
  it('scores growth with momentum over the run window by hand', async () => {
    const input = inputOf({ items, prices: [beforeWindow, ...rising], marketCap: 1000 });
    const analysis = await stanleyDruckenmiller.analyze(input);
    // growth/momentum raw: revenue CAGR over 2021 … 2023 = √1.21 − 1 = .10 (3); EPS √1.1 − 1 = .0488 (2);
    //   momentum (130 − 100)/100 = .30 over the 41 bars in the window (2) = 7 → 7.7778
    // risk/reward raw: D/E 20/100 = .2 (3); σ of daily returns (.75/100 … .75/129.25) ≈ .0005 < .01 (3) = 6 → 10
    // valuation raw: P/E 1000/80 = 12.5 (2); P/FCF 16.7 (1); EV 1000 + 20 − 120 = 900: EV/EBIT 9 (2), EV/EBITDA 7.5 (2) = 7 → 8.75
    // sentiment and insiders without data: 5 and 5
    // total .35·7.7778 + .2·10 + .2·8.75 + .15·5 + .1·5 = 7.72222
    expect(analysis.score).toBeCloseTo(7.722222222, 8);
    expect(analysis.details).toMatchObject({
      growth_momentum_analysis: { raw_score: 7, price_momentum: 0.3 },
      risk_reward_analysis: { raw_score: 6 },
      valuation_analysis: { raw_score: 7, ev_to_ebit: 9, ev_to_ebitda: 7.5 },
    });
    const returns = simpleReturns(rising.map((b) => b.close));
    expect((analysis.details.risk_reward_analysis as Record<string, number>).daily_volatility).toBeCloseTo(populationStd(returns), 15);
    // r .77222: 60 + 40·.02222/.25 = 63.6
    expect(stanleyDruckenmiller.rules(analysis)).toMatchObject({ signal: 'bullish', confidence: 64 });
    expect(input.data.calls.getPrices).toBe(1);
  });

  it('is neutral with confidence 0 without data', async () => {
    expect(stanleyDruckenmiller.rules(await stanleyDruckenmiller.analyze(inputOf({})))).toMatchObject({ signal: 'neutral', confidence: 0 });
  });
});

describe('stanley_druckenmiller sub-scores at their edges', () => {
  const growthRaw = (fields: Record<string, number[]>, closes: number[] = []) => druckenmillerGrowthMomentum(lineItemColumns('annual', fields), bars(closes)).raw_score;
  const flat = (n: number, last: number) => [...Array.from({ length: n - 1 }, () => 100), last];

  it('growth and momentum', () => {
    expect(growthRaw({ revenue: [108.1, 100] })).toBe(3);
    expect(growthRaw({ revenue: [107.9, 100] })).toBe(2);
    expect(growthRaw({ revenue: [104.1, 100] })).toBe(2);
    expect(growthRaw({ revenue: [103.9, 100] })).toBe(1);
    expect(growthRaw({ revenue: [101.1, 100] })).toBe(1);
    expect(growthRaw({ revenue: [100.9, 100] })).toBe(0);
    expect(growthRaw({ revenue: [100, 100] }, flat(31, 151))).toBe(3); // .51
    expect(growthRaw({ revenue: [100, 100] }, flat(31, 150))).toBe(2); // .50 is not > .50
    expect(growthRaw({ revenue: [100, 100] }, flat(31, 121))).toBe(2);
    expect(growthRaw({ revenue: [100, 100] }, flat(31, 120))).toBe(1);
    expect(growthRaw({ revenue: [100, 100] }, flat(31, 100))).toBe(0);
    expect(growthRaw({ revenue: [100, 100] }, flat(30, 200))).toBe(0); // 30 bars are not more than 30
  });

  it('risk/reward and valuation', () => {
    const riskRaw = (debt: number, equity: number, closes: number[]) => druckenmillerRiskReward(lineItemColumns('annual', { total_debt: [debt], shareholders_equity: [equity] }), bars(closes)).raw_score;
    // 11 closes alternating +x and −x % around 100: σ of the returns ≈ x
    const swinging = (x: number) => Array.from({ length: 11 }, (_, i) => (i % 2 === 0 ? 100 : 100 * (1 + x)));
    expect(riskRaw(29, 100, [1])).toBe(3);
    expect(riskRaw(30, 100, [1])).toBe(2);
    expect(riskRaw(70, 100, [1])).toBe(1);
    expect(riskRaw(150, 100, [1])).toBe(0);
    expect(riskRaw(10, -100, [1])).toBe(0); // negative equity (the anchor divided and scored it as low debt)
    const vol = (x: number) => riskRaw(150, 100, swinging(x));
    const sigma = (x: number) => populationStd(simpleReturns(swinging(x)));
    expect(sigma(0.009)).toBeLessThan(0.01);
    expect(vol(0.009)).toBe(3);
    expect(sigma(0.011)).toBeGreaterThan(0.01);
    expect(vol(0.011)).toBe(2);
    expect(vol(0.05)).toBe(0);
    expect(riskRaw(150, 100, Array.from({ length: 10 }, (_, i) => 100 + 50 * (i % 2)))).toBe(0); // 10 closes: no volatility score
    const valuationRaw = (fields: Record<string, number[]>, marketCap: number) => druckenmillerValuation(lineItemColumns('annual', fields), marketCap).raw_score;
    expect(valuationRaw({ net_income: [10] }, 149)).toBe(2);
    expect(valuationRaw({ net_income: [10] }, 150)).toBe(1);
    expect(valuationRaw({ net_income: [10] }, 250)).toBe(0);
    expect(valuationRaw({ ebitda: [10] }, 99)).toBe(2);
    expect(valuationRaw({ ebitda: [10] }, 100)).toBe(1);
    expect(valuationRaw({ ebitda: [10] }, 180)).toBe(0);
    expect(valuationRaw({ ebit: [10], cash_and_equivalents: [200] }, 100)).toBe(0); // EV −100
  });
});

describe('stanley_druckenmiller rules', () => {
  const withScore = (score: number): PersonaAnalysis => ({ ticker: 'T', score, max_score: 10, facts: {}, details: { data_points: { prices: 5 } } });
  it.each([
    [7.5, 'bullish', 60],
    [6, 'neutral', 50],
    [4.5, 'bearish', 60],
  ])('score %d → %s %i', (score, signal, confidence) => {
    expect(stanleyDruckenmiller.rules(withScore(score))).toMatchObject({ signal, confidence });
  });
});
