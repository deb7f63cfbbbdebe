import { inputOf, lineItemColumns, metricsRows } from '../../../../test/support/persona-fixtures';
import { ackmanActivismPotential, ackmanFinancialDiscipline, ackmanQuality, ackmanValuation, billAckman } from './bill-ackman';
import type { PersonaAnalysis } from './types';

const latestRoe = metricsRows('annual', [{ return_on_equity: 0.2 }]);
const business = {
  revenue: [200, 180, 160, 140, 120],
  operating_margin: [0.2, 0.2, 0.18, 0.1, 0.1],
  free_cash_flow: [30, 25, 20, -5, 10],
  debt_to_equity: [0.5, 0.6, 1.2, 1.5, 0.8],
  dividends_and_other_cash_distributions: [-5, -5, -5, 0, 0],
  outstanding_shares: [90, 95, 100, 100, 100],
};

describe('bill_ackman analysis', () => {
  it('scores a quality compounder 14 of 16 by hand (the anchor declared 20: 14 was its bullish line)', async () => {
    const analysis = await billAckman.analyze(inputOf({ metrics: latestRoe, items: lineItemColumns('annual', business), marketCap: 350 }));
    // quality: revenue (200 − 120)/120 = .667 > .5 (+2); margin > .15 in 3 of 5 (+2); FCF > 0 in 4 of 5 (+1); ROE .2 (+2) = 7
    // discipline: D/E < 1 in 3 of 5 (+2); dividends in 3 of 5 (+1); shares 90 < 100 (+1) = 4
    // activism: growth .667 > .15 but mean margin .156 is not < .10 → 0
    // valuation: FCF 30 → Σ 30·1.06^t/1.1^t = 134.408 + 30·1.06^5·15/1.1^5 = 373.920 → IV 508.328;
    //   MoS (508.328 − 350)/350 = .452 > .3 (+3).   Total 14
    expect(analysis).toMatchObject({ score: 14, max_score: 16 });
    expect(analysis.details).toMatchObject({ quality_analysis: { score: 7 }, balance_sheet_analysis: { score: 4 }, activism_analysis: { score: 0 }, valuation_analysis: { score: 3 } });
    expect((analysis.details.valuation_analysis as Record<string, number>).intrinsic_value).toBeCloseTo(508.328185312727, 9);
    // 14 ≥ .7·16 = 11.2 → bullish; r = .875 → 60 + 40·.175/.3 = 83.3
    expect(billAckman.rules(analysis)).toMatchObject({ signal: 'bullish', confidence: 83 });
  });

  it('is neutral with confidence 0 without data', async () => {
    const analysis = await billAckman.analyze(inputOf({}));
    expect(billAckman.rules(analysis)).toMatchObject({ signal: 'neutral', confidence: 0 });
  });
});

describe('bill_ackman sub-scores at their edges', () => {
  const quality = (fields: Record<string, number[]>, roe: number | null = null) => ackmanQuality(metricsRows('annual', [{ return_on_equity: roe }]), lineItemColumns('annual', fields)).score;
  const discipline = (fields: Record<string, (number | null)[]>) => ackmanFinancialDiscipline(lineItemColumns('annual', fields)).score;

  it('quality', () => {
    expect(quality({ revenue: [151, 100] })).toBe(2);
    expect(quality({ revenue: [150, 100] })).toBe(1); // .5 is not > .5
    expect(quality({ revenue: [100, 100] })).toBe(0);
    expect(quality({ revenue: [90, 100] })).toBe(0);
    expect(quality({ operating_margin: [0.16, 0.16, 0.1] })).toBe(2); // 2 of 3
    expect(quality({ operating_margin: [0.16, 0.1, 0.15] })).toBe(0); // .15 is not > .15
    expect(quality({ operating_margin: [0.16, 0.16, 0.1, 0.1] })).toBe(0); // 2 of 4 is not a majority
    expect(quality({ free_cash_flow: [1, -1, 1] })).toBe(1);
    expect(quality({ free_cash_flow: [1, -1] })).toBe(0);
    expect(quality({ revenue: [1] }, 0.1501)).toBe(2);
    expect(quality({ revenue: [1] }, 0.15)).toBe(0);
    expect(ackmanQuality([], lineItemColumns('annual', { revenue: [200, 100] })).score).toBe(0); // no metrics
  });

  it('financial discipline, with liabilities/assets when D/E is missing', () => {
    expect(discipline({ debt_to_equity: [0.99, 1, 0.5] })).toBe(2);
    expect(discipline({ debt_to_equity: [0.99, 1, 1.5] })).toBe(0);
    expect(discipline({ total_assets: [100, 100, 100], total_liabilities: [49, 49, 60] })).toBe(2);
    expect(discipline({ total_assets: [100, 100, 100], total_liabilities: [50, 49, 60] })).toBe(0);
    expect(discipline({ dividends_and_other_cash_distributions: [-1, -1, 0] })).toBe(1);
    expect(discipline({ dividends_and_other_cash_distributions: [-1, 0] })).toBe(0);
    expect(discipline({ outstanding_shares: [99, 100] })).toBe(1);
    expect(discipline({ outstanding_shares: [100, 100] })).toBe(0);
  });

  it('activism potential and valuation', () => {
    const activism = (revenue: number[], margins: number[]) => ackmanActivismPotential(lineItemColumns('annual', { revenue, operating_margin: margins })).score;
    expect(activism([116, 100], [0.05, 0.09])).toBe(2); // growth .16, mean margin .07
    expect(activism([115, 100], [0.05, 0.09])).toBe(0); // growth .15 is not > .15
    expect(activism([200, 100], [0.1, 0.1])).toBe(0); // mean margin .10 is not < .10
    // FCF 30 → IV 508.328: MoS against 390 = .3034 (+3), 391 = .3001 (+3), 392 = .2968 (+1), 462 = .1003 (+1), 463 = .0979 (0)
    const valuation = (marketCap: number) => ackmanValuation(lineItemColumns('annual', { free_cash_flow: [30] }), marketCap).score;
    expect(valuation(390)).toBe(3);
    expect(valuation(392)).toBe(1);
    expect(valuation(462)).toBe(1);
    expect(valuation(463)).toBe(0);
    expect(ackmanValuation(lineItemColumns('annual', { free_cash_flow: [0] }), 100).score).toBe(0);
    expect(ackmanValuation(lineItemColumns('annual', { free_cash_flow: [30] }), null).score).toBe(0);
  });
});

describe('bill_ackman rules (thresholds at 70 % and 30 % of the reachable 16)', () => {
  const withScore = (score: number): PersonaAnalysis => ({ ticker: 'T', score, max_score: 16, facts: {}, details: { data_points: { line_items: 1 } } });
  it.each([
    [12, 'bullish', 67], // ≥ 11.2: r .75 → 60 + 40·(.75 − .7)/.3 = 66.67
    [11, 'neutral', 31], // r .6875 → 50 − 20·.1875/.2 = 31.25
    [5, 'neutral', 31], // r .3125, symmetric
    [4, 'bearish', 67], // ≤ 4.8: r .25 → 60 + 40·.05/.3
  ])('score %d → %s %i', (score, signal, confidence) => {
    expect(billAckman.rules(withScore(score))).toMatchObject({ signal, confidence });
  });
});
