import { inputOf, lineItemColumns, metricsRows } from '../../../../test/support/persona-fixtures';
import { benGraham, grahamEarningsStability, grahamFinancialStrength, grahamValuation } from './ben-graham';
import type { PersonaAnalysis } from './types';

const gate = metricsRows('annual', [{}]);
const solid = {
  earnings_per_share: [2.0, 1.8, 1.5, 1.2, 1.0],
  book_value_per_share: [6, 5.5, 5, 4.5, 4],
  current_assets: [500, 450, 400, 350, 300],
  current_liabilities: [200, 200, 200, 200, 200],
  total_assets: [1000, 950, 900, 850, 800],
  total_liabilities: [400, 400, 400, 400, 400],
  dividends_and_other_cash_distributions: [-10, -10, -10, 0, 0],
  outstanding_shares: [100, 100, 100, 100, 100],
};

describe('ben_graham analysis', () => {
  it('scores a net-net with a strong balance sheet 16 of 16 (the anchor declared a maximum of 15)', async () => {
    const analysis = await benGraham.analyze(inputOf({ metrics: gate, items: lineItemColumns('annual', solid), marketCap: 50 }));
    // earnings: EPS positive 5/5 (+3), 2.0 > 1.0 (+1) = 4
    // strength: current ratio 500/200 = 2.5 (+2), liabilities/assets .4 (+2), dividends paid 3 of 5 ≥ ⌊5/2⌋ + 1 (+1) = 5
    // valuation: price 50/100 = .5; NCAV 500 − 400 = 100 > 50 (+4); Graham number √(22.5·2·6) = 16.4317, margin 31.9 (+3) = 7
    expect(analysis).toMatchObject({ score: 16, max_score: 16 });
    expect(analysis.details).toMatchObject({ signal: 'bullish', earnings_analysis: { score: 4 }, strength_analysis: { score: 5 }, valuation_analysis: { score: 7 } });
    expect((analysis.details.valuation_analysis as Record<string, number>).graham_number).toBeCloseTo(Math.sqrt(270), 12);
    expect(benGraham.rules(analysis)).toMatchObject({ signal: 'bullish', confidence: 100 });
  });

  it('scores the same company at a market price of 10 a share: 12 of 16 → bullish 67', async () => {
    const analysis = await benGraham.analyze(inputOf({ metrics: gate, items: lineItemColumns('annual', solid), marketCap: 1000 }));
    // NCAV/share 1 < .67·10 (0); Graham margin (16.4317 − 10)/10 = .643 > .5 (+3) → valuation 3; total 4 + 5 + 3 = 12
    // 12 ≥ .7·16 = 11.2 → bullish; r = .75 → 60 + 40·(.75 − .7)/.3 = 66.67 → 67
    expect(analysis.score).toBe(12);
    expect(benGraham.rules(analysis)).toMatchObject({ signal: 'bullish', confidence: 67 });
    expect(analysis.facts).toMatchObject({ signal_hint: 'bullish', score: 12, graham_number: 16.4317, price_per_share: 10 });
  });

  it('is neutral with confidence 0 without data', async () => {
    const analysis = await benGraham.analyze(inputOf({}));
    expect(analysis.score).toBe(0);
    expect(benGraham.rules(analysis)).toMatchObject({ signal: 'neutral', confidence: 0 });
  });
});

describe('ben_graham sub-scores at their edges', () => {
  const eps = (list: number[]) => grahamEarningsStability(gate, lineItemColumns('annual', { earnings_per_share: list })).score;
  const strength = (fields: Record<string, (number | null)[]>) => grahamFinancialStrength(lineItemColumns('annual', fields)).score;
  // Graham number 15 (EPS 2, BVPS 5), 100 shares, no net-net (current assets 0)
  const graham = (marketCap: number, fields: Record<string, number[]> = {}) =>
    grahamValuation(lineItemColumns('annual', { earnings_per_share: [2], book_value_per_share: [5], outstanding_shares: [100], current_assets: [0], total_liabilities: [100], ...fields }), marketCap).score;

  it('earnings stability', () => {
    expect(eps([2, 1, 1, 1, 1])).toBe(4);
    expect(eps([2, 1, 1, 1, -1])).toBe(2 + 1); // 4/5 = 80 % positive
    expect(eps([2, 1, 1, -1, -1])).toBe(0 + 1); // 60 %
    expect(eps([1, 1, 1, 1, 1])).toBe(3); // latest not above oldest
    expect(eps([1])).toBe(0);
    expect(grahamEarningsStability([], lineItemColumns('annual', { earnings_per_share: [2, 1] })).score).toBe(0); // no metrics
  });

  it('financial strength', () => {
    expect(strength({ current_assets: [200], current_liabilities: [100] })).toBe(2); // 2.0 ≥ 2
    expect(strength({ current_assets: [199], current_liabilities: [100] })).toBe(1);
    expect(strength({ current_assets: [150], current_liabilities: [100] })).toBe(1); // 1.5 ≥ 1.5
    expect(strength({ current_assets: [149], current_liabilities: [100] })).toBe(0);
    expect(strength({ current_assets: [149], current_liabilities: [0] })).toBe(0);
    expect(strength({ total_assets: [100], total_liabilities: [49.99] })).toBe(2);
    expect(strength({ total_assets: [100], total_liabilities: [50] })).toBe(1);
    expect(strength({ total_assets: [100], total_liabilities: [79.99] })).toBe(1);
    expect(strength({ total_assets: [100], total_liabilities: [80] })).toBe(0);
    expect(strength({ dividends_and_other_cash_distributions: [-1, -1, -1, 0] })).toBe(1); // 3 of 4 ≥ 3
    expect(strength({ dividends_and_other_cash_distributions: [-1, -1, 0, 0] })).toBe(0); // 2 of 4 < 3
    expect(strength({ dividends_and_other_cash_distributions: [-1, null, null, 0] })).toBe(0); // 1 of 2 known < 2
  });

  it('valuation: Graham-number margin and net-net', () => {
    expect(graham(999)).toBe(3); // price 9.99: (15 − 9.99)/9.99 = .5015 > .5
    expect(graham(1000)).toBe(1); // price 10: margin .5 is not > .5, but > .2
    expect(graham(1240)).toBe(1); // 12.4: .2097
    expect(graham(1250)).toBe(0); // 12.5: .2 is not > .2
    // net-net: NCAV 1100 − 100 = 1000 vs market cap 999 → +4 (and the Graham margin +3)
    expect(graham(999, { current_assets: [1100] })).toBe(7);
    // NCAV 780 − 100 = 680 → 6.8 a share ≥ .67 × 10 → +2; 660 → 6.6 < 6.7 → 0 (Graham margin .5 → +1 each)
    expect(graham(1000, { current_assets: [780] })).toBe(2 + 1);
    expect(graham(1000, { current_assets: [760] })).toBe(0 + 1);
    expect(grahamValuation(lineItemColumns('annual', { earnings_per_share: [2] }), null).score).toBe(0);
  });
});

describe('ben_graham rules', () => {
  const analysisWith = (score: number): PersonaAnalysis => ({ ticker: 'T', score, max_score: 16, facts: {}, details: { data_points: { line_items: 3 } } });
  it.each([
    [11.2, 'bullish', 60], // .7 × 16
    [16, 'bullish', 100],
    [11.1, 'neutral', 31], // r .6938: 50 − 20·.1938/.2
    [8, 'neutral', 50], // r .5, the centre of the band
    [4.9, 'neutral', 31],
    [4.8, 'bearish', 60], // .3 × 16
    [0, 'bearish', 100],
  ])('score %d of 16 → %s %i', (score, signal, confidence) => {
    expect(benGraham.rules(analysisWith(score))).toMatchObject({ signal, confidence });
  });
});
