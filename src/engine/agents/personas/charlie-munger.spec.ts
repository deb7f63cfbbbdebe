import { article, inputOf, lineItemColumns, metricsRows, trade } from '../../../../test/support/persona-fixtures';
import { charlieMunger, mungerConfidence, mungerManagement, mungerMoat, mungerPredictability, mungerValuation } from './charlie-munger';
import type { PersonaAnalysis } from './types';

const gate = metricsRows('annual', [{}]);
// annual 2023 … 2019, newest first
const quality = {
  return_on_invested_capital: [0.2, 0.2, 0.2, 0.2, 0.1],
  gross_margin: [0.5, 0.48, 0.46, 0.45, 0.45],
  capital_expenditure: [-4, -4, -4, -4, -4],
  revenue: [100, 90, 80, 70, 60],
  research_and_development: [5, 5, 5, 5, 5],
  goodwill_and_intangible_assets: [10, 10, 10, 10, 10],
  free_cash_flow: [24, 22, 20, 18, 16],
  net_income: [20, 19, 18, 17, 16],
  total_debt: [30, 30, 30, 30, 30],
  shareholders_equity: [100, 95, 90, 85, 80],
  cash_and_equivalents: [15, 14, 13, 12, 11],
  outstanding_shares: [90, 92, 94, 97, 100],
  operating_income: [30, 27, 24, 21, 18],
  operating_margin: [0.3, 0.3, 0.3, 0.3, 0.3],
};
const buyers = [trade(100), trade(50), trade(10), trade(-20)];

describe('charlie_munger analysis', () => {
  it('scores a high-quality compounder by hand and keeps the anchor’s confidence formula', async () => {
    const input = inputOf({ metrics: gate, items: lineItemColumns('annual', quality), trades: buyers, news: [article('a'), article('b')], marketCap: 250 });
    const analysis = await charlieMunger.analyze(input);
    // moat raw: ROIC > 15 % in 4/5 = .8 (3); margins held or rose in 4 of 4 steps (2); capex/revenue mean .05165 < .10 (1);
    //   R&D (1); goodwill (1) = 8 → 8·10/9 = 8.8889
    // management raw: FCF/NI mean 1.10557 > 1.1 (3); D/E 30/100 = .3, not < .3 but < .7 (2); cash/revenue .15 (2);
    //   insiders 3 buys of 4 = .75 > .7 (2); shares 90 < .95·100 (2) = 11 → 11·10/12 = 9.1667
    // predictability: revenue growth avg .13641, mean deviation .01835 (3); operating income always > 0 (3);
    //   flat margins (2); FCF always > 0 (2) = 10
    // valuation: normalised FCF 20, yield 20/250 = .08 not > .08 (3); MoS (300 − 250)/250 = .2 (2); recent 22 > 1.2·16 (3) = 8
    // total .35·8.8889 + .25·9.1667 + .25·10 + .15·8 = 9.10278 → bullish
    expect(analysis.score).toBeCloseTo(9.102777778, 8);
    expect(analysis.details).toMatchObject({
      signal: 'bullish',
      moat_analysis: { raw_score: 8 },
      management_analysis: { raw_score: 11, insider_buys: 3, insider_sells: 1, share_count_trend: 'decreasing' },
      predictability_analysis: { score: 10 },
      valuation_analysis: { score: 8, normalized_fcf: 20, reasonable_value: 300 },
      news_articles: 2,
    });
    // confidence: q% = 100·(.35·8.8889 + .25·9.1667 + .25·10)/8.5 = 92.974; base .85·92.974 + .15·80 + min(10, 100·.2/3) = 97.694
    //   bullish band [50 (q% ≥ 55), 100 (MoS > 0)] → 98
    expect(charlieMunger.rules(analysis)).toMatchObject({ signal: 'bullish', confidence: 98 });
    expect(analysis.facts).toMatchObject({ pre_signal: 'bullish', confidence_hint: 98, margin_of_safety: 0.2, flags: { mos_positive: true } });
    expect(input.data.calls).toMatchObject({ getInsiderTrades: 1, getCompanyNews: 1 });
  });

  it('without data is neutral with the hint computed for a neutral call (50)', async () => {
    const analysis = await charlieMunger.analyze(inputOf({}));
    expect(analysis.score).toBe(0);
    expect(charlieMunger.rules(analysis)).toMatchObject({ signal: 'neutral', confidence: 50 });
  });
});

describe('charlie_munger fixed defects', () => {
  it('counts improving gross-margin years (the anchor counted the declining ones on its newest-first list)', () => {
    const moatOf = (margins: number[]) => mungerMoat(gate, lineItemColumns('annual', { gross_margin: margins })).score;
    // rising .45 → .50: 4 of 4 steps improve → 2 raw → 2·10/9
    expect(moatOf([0.5, 0.48, 0.46, 0.45, 0.45])).toBeCloseTo(20 / 9, 12);
    // falling .50 → .45 over time: 1 of 4 (the flat step) → mean .468 > .3 → 1 raw
    expect(moatOf([0.45, 0.45, 0.46, 0.48, 0.5])).toBeCloseTo(10 / 9, 12);
    // 3 of 4 = .75 ≥ .7 → 2; the anchor needed ≥ .7 × 5 values = 3.5 of its 4 steps
    expect(moatOf([0.5, 0.48, 0.49, 0.45, 0.4])).toBeCloseTo(20 / 9, 12);
  });

  it('scores insider trades by the sign of the shares (the anchor read a missing field and always scored 0)', () => {
    const managementRaw = (trades: ReturnType<typeof trade>[]) => mungerManagement(lineItemColumns('annual', { revenue: [1] }), trades).raw_score;
    expect(managementRaw([trade(1), trade(1), trade(1), trade(-1)])).toBe(2); // .75 > .7
    expect(managementRaw([trade(1), trade(1), trade(1), trade(1), trade(-1)])).toBe(2); // .8
    expect(managementRaw([trade(1), trade(1), trade(-1), trade(-1), trade(-1)])).toBe(0); // .4 is not > .4
    expect(managementRaw([trade(1), trade(-1), trade(-1), trade(-1)])).toBe(0); // .25
    expect(managementRaw([trade(1), trade(1), trade(-1)])).toBe(1); // .667
    // fewer than .1 bought with more than 5 sales: −1 (raw, the 0-10 score is floored at 0)
    expect(managementRaw([-1, -1, -1, -1, -1, -1].map((s) => trade(s)))).toBe(-1);
    expect(managementRaw([-1, -1, -1, -1, -1].map((s) => trade(s)))).toBe(0); // 5 sales are not more than 5
  });

  it('sets mos_positive from the valuation margin of safety (always false in the anchor)', async () => {
    const analysis = await charlieMunger.analyze(inputOf({ metrics: gate, items: lineItemColumns('annual', quality), marketCap: 250 }));
    expect(analysis.facts).toMatchObject({ flags: { mos_positive: true } });
    const dear = await charlieMunger.analyze(inputOf({ metrics: gate, items: lineItemColumns('annual', quality), marketCap: 400 }));
    expect(dear.facts).toMatchObject({ margin_of_safety: -0.25, flags: { mos_positive: false } });
  });
});

describe('charlie_munger sub-scores at their edges', () => {
  const moatRaw = (fields: Record<string, (number | null)[]>) => mungerMoat(gate, lineItemColumns('annual', fields)).raw_score;
  const managementRaw = (fields: Record<string, (number | null)[]>) => mungerManagement(lineItemColumns('annual', fields), []).raw_score;
  const predictability = (fields: Record<string, (number | null)[]>) => mungerPredictability(lineItemColumns('annual', fields)).score;
  const valuation = (fcf: number[], marketCap: number) => mungerValuation(lineItemColumns('annual', { free_cash_flow: fcf }), marketCap).score;

  it('moat', () => {
    expect(moatRaw({ return_on_invested_capital: [0.2, 0.2, 0.2, 0.2, 0.1] })).toBe(3); // .8
    expect(moatRaw({ return_on_invested_capital: [0.2, 0.2, 0.1, 0.1] })).toBe(2); // .5
    expect(moatRaw({ return_on_invested_capital: [0.2, 0.1, 0.1, 0.1] })).toBe(1); // any
    expect(moatRaw({ return_on_invested_capital: [0.15, 0.1] })).toBe(0); // .15 is not > .15
    expect(moatRaw({ gross_margin: [0.31, 0.31, 0.4, 0.5] })).toBe(1); // 1 of 3 improving; mean .38 > .3
    expect(moatRaw({ gross_margin: [0.2, 0.3, 0.4] })).toBe(0); // falling, mean .3 is not > .3
    expect(moatRaw({ capital_expenditure: [-4.9, -4.9, -4.9], revenue: [100, 100, 100] })).toBe(2); // .049 < .05
    expect(moatRaw({ capital_expenditure: [-5, -5, -5], revenue: [100, 100, 100] })).toBe(1); // .05
    expect(moatRaw({ capital_expenditure: [-10, -10, -10], revenue: [100, 100, 100] })).toBe(0); // .10
    expect(moatRaw({ capital_expenditure: [-4, -4], revenue: [100, 100] })).toBe(0); // fewer than 3 periods
    expect(moatRaw({ research_and_development: [0, 0] })).toBe(0);
    expect(moatRaw({ goodwill_and_intangible_assets: [0] })).toBe(1); // present, even at 0
    expect(mungerMoat([], lineItemColumns('annual', { return_on_invested_capital: [0.3] })).score).toBe(0); // no metrics
  });

  it('management', () => {
    expect(managementRaw({ free_cash_flow: [1.11], net_income: [1] })).toBe(3);
    expect(managementRaw({ free_cash_flow: [1.1], net_income: [1] })).toBe(2);
    expect(managementRaw({ free_cash_flow: [0.9], net_income: [1] })).toBe(1);
    expect(managementRaw({ free_cash_flow: [0.7], net_income: [1] })).toBe(0);
    expect(managementRaw({ free_cash_flow: [5], net_income: [-1] })).toBe(0); // losses are left out
    expect(managementRaw({ total_debt: [29], shareholders_equity: [100] })).toBe(3);
    expect(managementRaw({ total_debt: [69], shareholders_equity: [100] })).toBe(2);
    expect(managementRaw({ total_debt: [149], shareholders_equity: [100] })).toBe(1);
    expect(managementRaw({ total_debt: [150], shareholders_equity: [100] })).toBe(0);
    expect(managementRaw({ total_debt: [0], shareholders_equity: [-1] })).toBe(0); // negative equity
    expect(managementRaw({ cash_and_equivalents: [10], revenue: [100] })).toBe(2); // .10
    expect(managementRaw({ cash_and_equivalents: [25], revenue: [100] })).toBe(2); // .25
    expect(managementRaw({ cash_and_equivalents: [5], revenue: [100] })).toBe(1);
    expect(managementRaw({ cash_and_equivalents: [40], revenue: [100] })).toBe(1);
    expect(managementRaw({ cash_and_equivalents: [41], revenue: [100] })).toBe(0);
    expect(managementRaw({ cash_and_equivalents: [4], revenue: [100] })).toBe(0);
    expect(managementRaw({ outstanding_shares: [94.9, 97, 100] })).toBe(2);
    expect(managementRaw({ outstanding_shares: [95, 97, 100] })).toBe(1);
    expect(managementRaw({ outstanding_shares: [104.9, 102, 100] })).toBe(1);
    expect(managementRaw({ outstanding_shares: [110, 105, 100] })).toBe(0);
    expect(managementRaw({ outstanding_shares: [121, 110, 100] })).toBe(-1);
    expect(mungerManagement(lineItemColumns('annual', { outstanding_shares: [121, 110, 100] }), []).score).toBe(0); // floored
  });

  it('predictability', () => {
    expect(predictability({ revenue: [100, 100, 100, 100] })).toBe(0); // fewer than 5 periods
    // constant 6 % growth: avg .06 > .05, deviation 0 → 3
    expect(predictability({ revenue: [1.06 ** 4, 1.06 ** 3, 1.06 ** 2, 1.06, 1] })).toBe(3);
    // growth .25, 0, .25, 0 → avg .125, deviation .125 → not < .1, but < .2 → 2
    expect(predictability({ revenue: [156.25, 125, 125, 100, 100] })).toBe(2);
    // growth .5, −.2, .5, −.2 → avg .15, deviation .35 → 1
    expect(predictability({ revenue: [180, 120, 150, 100, 125] })).toBe(1);
    expect(predictability({ operating_income: [1, 1, 1, 1, 1] })).toBe(3);
    expect(predictability({ operating_income: [1, 1, 1, 1, -1] })).toBe(2); // 80 %
    expect(predictability({ operating_income: [1, 1, 1, -1, -1] })).toBe(1); // 60 %
    expect(predictability({ operating_income: [1, 1, -1, -1, -1] })).toBe(0);
    // margins .30 ×4 and .45: mean .33, deviation (4·.03 + .12)/5 = .048 → 1; .35: mean .31, deviation .016 → 2
    expect(predictability({ operating_margin: [0.3, 0.3, 0.3, 0.3, 0.45] })).toBe(1);
    expect(predictability({ operating_margin: [0.3, 0.3, 0.3, 0.3, 0.35] })).toBe(2);
    expect(predictability({ free_cash_flow: [1, 1, 1, 1, -1] })).toBe(1);
    expect(predictability({ free_cash_flow: [1, 1, 1, -1, -1] })).toBe(0);
  });

  it('valuation', () => {
    // FCF 10 ×3: normalised 10, reasonable value 150; trend recent 10 vs the oldest 10 → not above (0)
    expect(valuation([10, 10, 10], 115)).toBe(4 + 3); // yield .0870 > .08; MoS 35/115 = .304 > .3
    expect(valuation([10, 10, 10], 124)).toBe(4 + 2); // yield .0806; MoS 26/124 = .2097
    expect(valuation([10, 10, 10], 125)).toBe(3 + 2); // yield .08 is not > .08; MoS .2
    expect(valuation([10, 10, 10], 166)).toBe(3 + 1); // yield .0602; MoS −.0964 > −.1
    expect(valuation([10, 10, 10], 200)).toBe(1 + 0); // yield .05 is not > .05 → 1 (> .03); MoS −.25
    expect(valuation([10, 10, 10], 334)).toBe(0); // yield .0299
    expect(valuation([10, 10], 100)).toBe(0); // fewer than 3 FCF values
    expect(valuation([-10, 5, 5], 100)).toBe(0); // normalised FCF 0
    // trend: recent 12 is not > 1.2·10 → 2; 12.033 → 3 (market cap 10 000 leaves yield and MoS at 0)
    expect(valuation([16, 10, 10], 10_000)).toBe(2);
    expect(valuation([16.1, 10, 10], 10_000)).toBe(3);
    // six values: older = mean of the last three (10), recent 20 → 3
    expect(valuation([20, 20, 20, 10, 10, 10], 10_000)).toBe(3);
    expect(mungerValuation(lineItemColumns('annual', { free_cash_flow: [10, 10, 10] }), null).score).toBe(0);
  });
});

describe('charlie_munger confidence and rules', () => {
  it('caps a bullish call at 69 without a positive margin of safety and floors it at 50 for quality ≥ 55 %', () => {
    // q% = 100·(.35·10 + .25·10 + .25·10)/8.5 = 100; base .85·100 + .15·100 + 0 = 100 → bullish capped at 69 (MoS 0)
    expect(mungerConfidence('bullish', 10, 10, 10, 10, 0)).toBe(69);
    expect(mungerConfidence('bullish', 10, 10, 10, 10, 0.01)).toBe(100);
    // quality 0: base = 0 + 0 + clamp(100·.3/3 = 10) = 10 → bullish floor 30 (q% < 55)
    expect(mungerConfidence('bullish', 0, 0, 0, 0, 0.3)).toBe(30);
    // bearish: base 10 → floor 30 unless MoS < −.05 (then 10)
    expect(mungerConfidence('bearish', 0, 0, 0, 0, -0.04)).toBe(30);
    expect(mungerConfidence('bearish', 0, 0, 0, 0, -0.06)).toBe(10);
    expect(mungerConfidence('bearish', 10, 10, 10, 10, null)).toBe(49);
    expect(mungerConfidence('neutral', 0, 0, 0, 0, null)).toBe(50);
    expect(mungerConfidence('neutral', 10, 10, 10, 10, null)).toBe(69);
  });

  it('uses the 7.5 / 5.5 pre-signal', () => {
    const withScore = (score: number): PersonaAnalysis => ({ ticker: 'T', score, max_score: 10, facts: {}, details: { confidence_hint: 61, data_points: { line_items: 5 } } });
    expect(charlieMunger.rules(withScore(7.5))).toMatchObject({ signal: 'bullish', confidence: 61 });
    expect(charlieMunger.rules(withScore(7.49))).toMatchObject({ signal: 'neutral' });
    expect(charlieMunger.rules(withScore(5.51))).toMatchObject({ signal: 'neutral' });
    expect(charlieMunger.rules(withScore(5.5))).toMatchObject({ signal: 'bearish' });
  });
});
