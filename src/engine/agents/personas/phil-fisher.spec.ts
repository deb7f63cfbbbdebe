import { inputOf, lineItemColumns } from '../../../../test/support/persona-fixtures';
import { fisherGrowthQuality, fisherManagementEfficiency, fisherMarginsStability, fisherValuation, philFisher } from './phil-fisher';
import type { PersonaAnalysis } from './types';

const quality = {
  revenue: [200, 170, 150, 120, 100],
  earnings_per_share: [3.0, 2.4, 2.0, 1.5, 1.0],
  research_and_development: [20, 17, 15, 12, 10],
  operating_margin: [0.25, 0.24, 0.24, 0.23, 0.22],
  gross_margin: [0.55, 0.55, 0.55, 0.55, 0.55],
  net_income: [40, 35, 30, 25, 20],
  shareholders_equity: [160, 150, 140, 130, 120],
  total_debt: [40, 40, 40, 40, 40],
  free_cash_flow: [30, 25, 20, 15, -5],
};

describe('phil_fisher analysis', () => {
  it('scores a long-run grower by hand, CAGRs over the 4 years between the reports', async () => {
    const analysis = await philFisher.analyze(inputOf({ items: lineItemColumns('annual', quality), marketCap: 700 }));
    // growth: revenue CAGR 2^(1/4) − 1 = .1892 (2); EPS 3^(1/4) − 1 = .3161 (3); R&D 20/200 = .10 in 3-15 % (3) = 8 → 8.8889
    // margins: .25 ≥ .22 > 0 (2); gross .55 (2); σ of .25 .24 .24 .23 .22 = √(.00052/5) = .0102 < .02 (2) = 6 → 10
    // management: ROE 40/160 = .25 (3); D/E .25 (2); FCF positive in 4/5 = .8, not > .8 (0) = 5 → 8.3333
    // valuation: P/E 700/40 = 17.5 (2); P/FCF 700/30 = 23.3 (1) = 3 → 7.5
    // no trades, no news: 5 and 5
    // total .3·8.8889 + .25·10 + .2·8.3333 + .15·7.5 + .05·5 + .05·5 = 8.45833
    expect(analysis.score).toBeCloseTo(8.458333333, 8);
    expect(analysis.details).toMatchObject({
      growth_quality: { raw_score: 8 },
      margins_stability: { raw_score: 6 },
      management_efficiency: { raw_score: 5 },
      valuation_analysis: { raw_score: 3 },
    });
    expect((analysis.details.growth_quality as Record<string, number>).revenue_cagr).toBeCloseTo(2 ** 0.25 - 1, 12);
    // r .84583 → 60 + 40·.09583/.25 = 75.3
    expect(philFisher.rules(analysis)).toMatchObject({ signal: 'bullish', confidence: 75 });
  });

  it('is neutral with confidence 0 without data', async () => {
    expect(philFisher.rules(await philFisher.analyze(inputOf({})))).toMatchObject({ signal: 'neutral', confidence: 0 });
  });
});

describe('phil_fisher sub-scores at their edges', () => {
  const growthRaw = (fields: Record<string, number[]>) => fisherGrowthQuality(lineItemColumns('annual', fields)).raw_score;
  const marginsRaw = (fields: Record<string, number[]>) => fisherMarginsStability(lineItemColumns('annual', fields)).raw_score;
  const managementRaw = (fields: Record<string, number[]>) => fisherManagementEfficiency(lineItemColumns('annual', fields)).raw_score;

  it('growth and R&D', () => {
    // one year apart: CAGR = simple growth
    expect(growthRaw({ revenue: [120.1, 100] })).toBe(3);
    expect(growthRaw({ revenue: [120, 100] })).toBe(2); // .20 is not > .20
    expect(growthRaw({ revenue: [103.1, 100] })).toBe(1);
    expect(growthRaw({ revenue: [102.9, 100] })).toBe(0);
    expect(growthRaw({ revenue: [150, -10] })).toBe(0); // no CAGR from a negative base
    expect(growthRaw({ earnings_per_share: [1.25, 1] })).toBe(3);
    expect(growthRaw({ revenue: [100, 100], research_and_development: [3, 3] })).toBe(3);
    expect(growthRaw({ revenue: [100, 100], research_and_development: [15, 15] })).toBe(3);
    expect(growthRaw({ revenue: [100, 100], research_and_development: [15.1, 15] })).toBe(2);
    expect(growthRaw({ revenue: [100, 100], research_and_development: [2.9, 3] })).toBe(1);
    expect(growthRaw({ revenue: [0, 100], research_and_development: [5, 3] })).toBe(0); // no revenue: no ratio
  });

  it('margins and stability', () => {
    expect(marginsRaw({ operating_margin: [0.1, 0.1] })).toBe(2);
    expect(marginsRaw({ operating_margin: [0.09, 0.1] })).toBe(1);
    expect(marginsRaw({ operating_margin: [0.1, -0.1] })).toBe(1); // oldest not > 0
    expect(marginsRaw({ operating_margin: [-0.01, 0.1] })).toBe(0);
    expect(marginsRaw({ gross_margin: [0.5, 0.5] })).toBe(1);
    expect(marginsRaw({ gross_margin: [0.3, 0.3] })).toBe(0);
    // σ of .10, .13, .16 = .0245 → 1 (and .10 < .16 → 1); of .10, .20, .30 = .0816 → 0
    expect(marginsRaw({ operating_margin: [0.1, 0.13, 0.16] })).toBe(1 + 1);
    expect(marginsRaw({ operating_margin: [0.1, 0.2, 0.3] })).toBe(1 + 0);
  });

  it('management efficiency and valuation', () => {
    expect(managementRaw({ net_income: [21], shareholders_equity: [100] })).toBe(3);
    expect(managementRaw({ net_income: [20], shareholders_equity: [100] })).toBe(2);
    expect(managementRaw({ net_income: [10], shareholders_equity: [100] })).toBe(1);
    expect(managementRaw({ net_income: [10], shareholders_equity: [-100] })).toBe(0); // negative equity
    expect(managementRaw({ total_debt: [29], shareholders_equity: [100] })).toBe(2);
    expect(managementRaw({ total_debt: [30], shareholders_equity: [100] })).toBe(1);
    expect(managementRaw({ total_debt: [100], shareholders_equity: [100] })).toBe(0);
    expect(managementRaw({ free_cash_flow: [1, 1, 1, 1, 1] })).toBe(1);
    const valuationRaw = (netIncome: number, fcf: number, marketCap: number) => fisherValuation(lineItemColumns('annual', { net_income: [netIncome], free_cash_flow: [fcf] }), marketCap).raw_score;
    expect(valuationRaw(10, 10, 199)).toBe(4);
    expect(valuationRaw(10, 10, 200)).toBe(2); // P/E 20 and P/FCF 20: 1 each
    expect(valuationRaw(10, 10, 300)).toBe(0);
    expect(valuationRaw(-10, -10, 100)).toBe(0);
  });
});

describe('phil_fisher rules', () => {
  const withScore = (score: number): PersonaAnalysis => ({ ticker: 'T', score, max_score: 10, facts: {}, details: { data_points: { line_items: 1 } } });
  it.each([
    [7.5, 'bullish', 60],
    [7.4, 'neutral', 31], // r .74: 50 − 20·.14/.15 = 31.3
    [4.5, 'bearish', 60],
    [2.25, 'bearish', 80], // r .225: 60 + 40·.225/.45
  ])('score %d → %s %i', (score, signal, confidence) => {
    expect(philFisher.rules(withScore(score))).toMatchObject({ signal, confidence });
  });
});
