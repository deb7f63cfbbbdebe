import { article, inputOf, lineItemColumns, trade } from '../../../../test/support/persona-fixtures';
import { headlineSentimentScore, insiderActivityScore } from './helpers';
import { lynchFundamentals, lynchGrowth, lynchValuation, peterLynch } from './peter-lynch';
import type { PersonaAnalysis } from './types';

const grower = {
  revenue: [130, 120, 110, 105, 100],
  earnings_per_share: [2.0, 1.8, 1.5, 1.3, 1.0],
  total_debt: [40, 40, 40, 40, 40],
  shareholders_equity: [100, 90, 80, 70, 60],
  operating_margin: [0.22, 0.2, 0.2, 0.2, 0.2],
  free_cash_flow: [10, 9, 8, 7, 6],
  net_income: [50, 45, 40, 35, 30],
};
const news = [article('Product launch delights customers'), article('Lawsuit filed over patent'), article('Record quarter'), article('New CEO named')];

describe('peter_lynch analysis', () => {
  it('scores a reasonably priced grower by hand, with the PEG on annualised EPS growth', async () => {
    const input = inputOf({ items: lineItemColumns('annual', grower), trades: [trade(10), trade(20), trade(5), trade(-5)], news, marketCap: 600 });
    const analysis = await peterLynch.analyze(input);
    // growth: revenue (130 − 100)/100 = .30 > .25 (3); EPS (2 − 1)/1 = 1.0 (3) → 6/6 → 10
    // fundamentals: D/E 40/100 = .4 (2); margin .22 > .20 (2); FCF 10 > 0 (2) → 10
    // valuation: P/E 600/50 = 12 < 15 (2); EPS CAGR over 2019-12-31 … 2023-12-31 (4 years) = 2^(1/4) − 1 = .189207;
    //   PEG 12/18.9207 = .6342 < 1 (3) → 5/5 → 10
    // sentiment: 1 of 4 titles has a negative word ("lawsuit"), 25 % ≤ 30 % → 6; insiders 3 buys of 4 = .75 → 8
    // total .3·10 + .25·10 + .2·10 + .15·6 + .1·8 = 9.2
    expect(analysis.score).toBeCloseTo(9.2, 12);
    expect((analysis.details.valuation_analysis as Record<string, number>).peg_ratio).toBeCloseTo(12 / (100 * (Math.SQRT2 ** 0.5 - 1)), 12);
    expect(analysis.details).toMatchObject({ signal: 'bullish', sentiment_analysis: { score: 6 }, insider_activity: { score: 8 } });
    // r .92: 60 + 40·(.92 − .75)/.25 = 87.2
    expect(peterLynch.rules(analysis)).toMatchObject({ signal: 'bullish', confidence: 87 });
    expect(input.data.calls).toMatchObject({ getInsiderTrades: 1, getCompanyNews: 1, searchLineItems: 1 });
    expect(input.data.calls.getFinancialMetrics ?? 0).toBe(0);
  });

  it('without data scores sentiment and insiders at their neutral 5 but answers neutral 0', async () => {
    const analysis = await peterLynch.analyze(inputOf({}));
    // .15·5 + .10·5 = 1.25
    expect(analysis.score).toBeCloseTo(1.25, 12);
    expect(peterLynch.rules(analysis)).toMatchObject({ signal: 'neutral', confidence: 0 });
  });
});

describe('peter_lynch sub-scores at their edges', () => {
  const growthRaw = (fields: Record<string, number[]>) => lynchGrowth(lineItemColumns('annual', fields)).raw_score;
  const fundamentalsRaw = (fields: Record<string, number[]>) => lynchFundamentals(lineItemColumns('annual', fields)).raw_score;
  const valuationRaw = (fields: Record<string, number[]>, marketCap: number) => Number(lynchValuation(lineItemColumns('annual', fields), marketCap).raw_score);

  it('growth', () => {
    expect(growthRaw({ revenue: [125.1, 100] })).toBe(3);
    expect(growthRaw({ revenue: [125, 100] })).toBe(2); // .25 is not > .25
    expect(growthRaw({ revenue: [110, 100] })).toBe(1); // .10
    expect(growthRaw({ revenue: [102.1, 100] })).toBe(1);
    expect(growthRaw({ revenue: [102, 100] })).toBe(0);
    expect(growthRaw({ revenue: [150, 0] })).toBe(0); // no base
    expect(growthRaw({ earnings_per_share: [1.3, 1] })).toBe(3);
    expect(growthRaw({ earnings_per_share: [1, -1] })).toBe(3); // (1 − (−1))/|−1| = 2
    expect(growthRaw({ earnings_per_share: [1, 0] })).toBe(0);
    expect(lynchGrowth(lineItemColumns('annual', { revenue: [200] })).score).toBe(0); // one period
  });

  it('fundamentals (negative equity is not low leverage)', () => {
    expect(fundamentalsRaw({ total_debt: [49], shareholders_equity: [100] })).toBe(2);
    expect(fundamentalsRaw({ total_debt: [50], shareholders_equity: [100] })).toBe(1);
    expect(fundamentalsRaw({ total_debt: [100], shareholders_equity: [100] })).toBe(0);
    expect(fundamentalsRaw({ total_debt: [10], shareholders_equity: [-100] })).toBe(0);
    expect(fundamentalsRaw({ operating_margin: [0.2] })).toBe(1);
    expect(fundamentalsRaw({ operating_margin: [0.1] })).toBe(0);
    expect(fundamentalsRaw({ free_cash_flow: [0] })).toBe(0);
  });

  it('valuation: P/E and PEG', () => {
    expect(valuationRaw({ net_income: [10] }, 149)).toBe(2);
    expect(valuationRaw({ net_income: [10] }, 150)).toBe(1);
    expect(valuationRaw({ net_income: [10] }, 250)).toBe(0);
    expect(valuationRaw({ net_income: [-10] }, 100)).toBe(0);
    // EPS 1.1 → 1.0 over one year: growth .1; PEG = P/E / 10
    const peg = (pe: number) => valuationRaw({ net_income: [10, 9], earnings_per_share: [1.1, 1.0] }, 10 * pe) - (pe < 15 ? 2 : pe < 25 ? 1 : 0);
    expect(peg(9.99)).toBe(3); // PEG .999
    expect(peg(10.01)).toBe(2);
    expect(peg(20.01)).toBe(1);
    expect(peg(30.01)).toBe(0);
    // newest EPS negative: linear growth (−1 − 1)/(1 × 1 year) < 0 → no PEG
    expect(valuationRaw({ net_income: [10, 9], earnings_per_share: [-1, 1] }, 100)).toBe(2);
  });

  it('headline sentiment and insider buying (shared with Fisher and Druckenmiller)', () => {
    const titles = (bad: number, total: number) => Array.from({ length: total }, (_, i) => article(i < bad ? `Fraud probe ${i}` : `Fine day ${i}`));
    expect(headlineSentimentScore([]).score).toBe(5);
    expect(headlineSentimentScore(titles(0, 5)).score).toBe(8);
    expect(headlineSentimentScore(titles(3, 10)).score).toBe(6); // 30 % is not > 30 %
    expect(headlineSentimentScore(titles(2, 6)).score).toBe(3); // 33 %
    expect(headlineSentimentScore([article('Sales DECLINE sharply')]).score).toBe(3); // case-insensitive
    const mix = (buys: number, sells: number) => insiderActivityScore([...Array.from({ length: buys }, () => trade(1)), ...Array.from({ length: sells }, () => trade(-1))]).score;
    expect(mix(0, 0)).toBe(5);
    expect(mix(8, 2)).toBe(8);
    expect(mix(7, 3)).toBe(6); // .7 is not > .7
    expect(mix(4, 6)).toBe(4); // .4 is not > .4
    expect(mix(5, 5)).toBe(6);
  });
});

describe('peter_lynch rules', () => {
  const withScore = (score: number): PersonaAnalysis => ({ ticker: 'T', score, max_score: 10, facts: {}, details: { data_points: { line_items: 1 } } });
  it.each([
    [7.5, 'bullish', 60],
    [10, 'bullish', 100],
    [7.49, 'neutral', 30],
    [6, 'neutral', 50], // the centre of 4.5 … 7.5
    [4.51, 'neutral', 30],
    [4.5, 'bearish', 60],
    [0, 'bearish', 100],
  ])('score %d → %s %i', (score, signal, confidence) => {
    expect(peterLynch.rules(withScore(score))).toMatchObject({ signal, confidence });
  });
});
