import { inputOf, lineItemColumns, metricsRows } from '../../../../test/support/persona-fixtures';
import { cathieWood, woodDisruptivePotential, woodInnovationGrowth, woodValuation } from './cathie-wood';
import type { PersonaAnalysis } from './types';

const gate = metricsRows('annual', [{}]);
const disruptor = {
  revenue: [330, 200, 150, 120],
  gross_margin: [0.62, 0.6, 0.58, 0.55],
  operating_expense: [100, 80, 70, 60],
  research_and_development: [66, 40, 27, 18],
  free_cash_flow: [40, 30, 20, 10],
  operating_margin: [0.2, 0.15, 0.1, 0.05],
  capital_expenditure: [-40, -25, -20, -15],
  dividends_and_other_cash_distributions: [0, 0, 0, 0],
};

describe('cathie_wood analysis', () => {
  it('scores an accelerating, R&D-heavy disruptor by hand', async () => {
    const analysis = await cathieWood.analyze(inputOf({ metrics: gate, items: lineItemColumns('annual', disruptor), marketCap: 900 }));
    // disruptive raw: growth 330/200 − 1 = .65 above the oldest step 150/120 − 1 = .25 (+2) and > .5 (+2);
    //   gross margin +7 pts (+2), .62 > .5 (+2); revenue +175 % vs opex +66.7 % (+2); R&D 66/330 = .20 > .15 (+3) = 13
    //   → 13/14·5 = 4.642857
    // innovation raw: R&D +267 % (+3), intensity .20 > .15 (+2); FCF +300 % and all positive (+3);
    //   margin .20 > .15 and rising (+3); capex 40/330 = .121 > .10 growing 167 % (+2); no dividends, payout 0 (+2) = 15 → 5
    // valuation: FCF 40 grown 20 %/yr, exit 25×, discount 15 % → 1464.784 (numpy); MoS (1464.784 − 900)/900 = .6275 (+3)
    expect(analysis.score).toBeCloseTo(13 / 14 * 5 + 5 + 3, 12);
    expect(analysis.max_score).toBe(13);
    expect(analysis.details).toMatchObject({ disruptive_analysis: { raw_score: 13 }, innovation_analysis: { raw_score: 15, score: 5 }, valuation_analysis: { score: 3 } });
    expect((analysis.details.valuation_analysis as Record<string, number>).intrinsic_value).toBeCloseTo(4 * 366.19605884894577, 9);
    // 12.64 ≥ .7·13 = 9.1 → bullish; r .97253 → 60 + 40·.27253/.3 = 96.3
    expect(cathieWood.rules(analysis)).toMatchObject({ signal: 'bullish', confidence: 96 });
  });

  it('is neutral with confidence 0 without data', async () => {
    expect(cathieWood.rules(await cathieWood.analyze(inputOf({})))).toMatchObject({ signal: 'neutral', confidence: 0 });
  });
});

describe('cathie_wood fixed defects', () => {
  it('scales disruptive potential by its reachable raw maximum 14, so it never passes 5 (the anchor divided by 12)', () => {
    // raw 14: accelerating (+2), growth 1.2 > 1 (+3), margin +10 pts (+2), .6 > .5 (+2), leverage (+2), R&D .2 (+3)
    const all = lineItemColumns('annual', {
      revenue: [220, 100, 90],
      gross_margin: [0.6, 0.55, 0.5],
      operating_expense: [50, 45, 45],
      research_and_development: [44, 10, 10],
    });
    const score = woodDisruptivePotential(gate, all);
    expect(score.raw_score).toBe(14);
    expect(score.score).toBe(5);
  });

  it('reads the payout from the size of the dividends (negative cash flows), not their sign', () => {
    const payout = (dividends: number, fcf: number) => woodInnovationGrowth(lineItemColumns('annual', { dividends_and_other_cash_distributions: [dividends], free_cash_flow: [fcf] })).raw_score;
    // a company paying out half its FCF: |−50|/100 = .5 → 0 (the anchor saw −0.5 < .2 → +2)
    expect(payout(-50, 100)).toBe(0);
    expect(payout(-19, 100)).toBe(2);
    expect(payout(-39, 100)).toBe(1);
    expect(payout(-10, -100)).toBe(0); // dividends out of negative FCF
    expect(payout(0, -100)).toBe(2); // reinvesting everything
  });
});

describe('cathie_wood sub-scores at their edges', () => {
  const disruptiveRaw = (fields: Record<string, number[]>) => woodDisruptivePotential(gate, lineItemColumns('annual', fields)).raw_score;
  const innovationRaw = (fields: Record<string, number[]>) => woodInnovationGrowth(lineItemColumns('annual', fields)).raw_score;

  it('disruptive potential', () => {
    expect(disruptiveRaw({ revenue: [201, 100, 100] })).toBe(2 + 3); // growth 1.01 > 0 (oldest step 0)
    expect(disruptiveRaw({ revenue: [200, 100, 100] })).toBe(2 + 2); // 1.0 is not > 1.0
    expect(disruptiveRaw({ revenue: [150, 100, 100] })).toBe(2 + 1); // .5 is not > .5
    expect(disruptiveRaw({ revenue: [120, 100, 100] })).toBe(2 + 0); // .2 is not > .2
    expect(disruptiveRaw({ revenue: [110, 100, 50] })).toBe(0); // .1 vs 1.0: decelerating
    expect(disruptiveRaw({ revenue: [200, 100] })).toBe(0); // fewer than 3 revenues
    expect(disruptiveRaw({ gross_margin: [0.4, 0.349] })).toBe(2);
    expect(disruptiveRaw({ gross_margin: [0.4, 0.351] })).toBe(1); // +.049
    expect(disruptiveRaw({ gross_margin: [0.4, 0.4] })).toBe(0);
    expect(disruptiveRaw({ gross_margin: [0.51, 0.6] })).toBe(2);
    expect(disruptiveRaw({ revenue: [110, 100], operating_expense: [54, 50] })).toBe(2); // +10 % vs +8 %
    expect(disruptiveRaw({ revenue: [110, 100], operating_expense: [55, 50] })).toBe(0); // +10 % vs +10 %
    expect(disruptiveRaw({ revenue: [100], research_and_development: [15.1] })).toBe(3);
    expect(disruptiveRaw({ revenue: [100], research_and_development: [15] })).toBe(2);
    expect(disruptiveRaw({ revenue: [100], research_and_development: [8] })).toBe(1);
    expect(disruptiveRaw({ revenue: [100], research_and_development: [5] })).toBe(0);
    expect(woodDisruptivePotential([], lineItemColumns('annual', disruptor)).score).toBe(0); // no metrics
  });

  it('innovation growth', () => {
    expect(innovationRaw({ research_and_development: [15.1, 10] })).toBe(3);
    expect(innovationRaw({ research_and_development: [15, 10] })).toBe(2);
    expect(innovationRaw({ research_and_development: [12, 10] })).toBe(0);
    expect(innovationRaw({ research_and_development: [11, 10], revenue: [100, 100] })).toBe(2); // intensity .11 > .10
    expect(innovationRaw({ free_cash_flow: [13.1, 10] })).toBe(3);
    expect(innovationRaw({ free_cash_flow: [13, 10] })).toBe(2); // +30 % is not > 30 %, all positive
    expect(innovationRaw({ free_cash_flow: [10, 10, 10, -1] })).toBe(2); // 75 %
    expect(innovationRaw({ free_cash_flow: [10, 10, -1] })).toBe(1); // 67 % > 50 %
    expect(innovationRaw({ free_cash_flow: [10, -1] })).toBe(0); // 50 %
    expect(innovationRaw({ operating_margin: [0.16, 0.1] })).toBe(3);
    expect(innovationRaw({ operating_margin: [0.16, 0.2] })).toBe(2);
    expect(innovationRaw({ operating_margin: [0.1, 0.05] })).toBe(1);
    expect(innovationRaw({ operating_margin: [0.05, 0.1] })).toBe(0);
    expect(innovationRaw({ capital_expenditure: [-12.1, -10], revenue: [100] })).toBe(2); // .121 > .1, +21 %
    expect(innovationRaw({ capital_expenditure: [-12, -10], revenue: [100] })).toBe(1); // +20 % is not > 20 %
    expect(innovationRaw({ capital_expenditure: [-5, -10], revenue: [100] })).toBe(0); // .05 is not > .05
  });

  it('valuation', () => {
    // FCF 10 → IV 366.196: MoS against 244 = .5008 (+3), 245 = .4947 (+1), 305 = .2007 (+1), 306 = .1967 (0)
    const valuation = (marketCap: number) => woodValuation(lineItemColumns('annual', { free_cash_flow: [10] }), marketCap).score;
    expect(valuation(244)).toBe(3);
    expect(valuation(245)).toBe(1);
    expect(valuation(305)).toBe(1);
    expect(valuation(306)).toBe(0);
    expect(woodValuation(lineItemColumns('annual', { free_cash_flow: [-10] }), 100).score).toBe(0);
  });
});

describe('cathie_wood rules (70 % / 30 % of the reachable 13)', () => {
  const withScore = (score: number): PersonaAnalysis => ({ ticker: 'T', score, max_score: 13, facts: {}, details: { data_points: { line_items: 1 } } });
  it.each([
    [9.1, 'bullish', 60],
    [9.0, 'neutral', 31], // r .6923: 50 − 20·.1923/.2 = 30.8
    [6.5, 'neutral', 50],
    [3.9, 'bearish', 60],
    [0, 'bearish', 100],
  ])('score %d → %s %i', (score, signal, confidence) => {
    expect(cathieWood.rules(withScore(score))).toMatchObject({ signal, confidence });
  });
});
