import { inputOf, lineItemColumns } from '../../../../test/support/persona-fixtures';
import { mohnishPabrai, pabraiDoublingPotential, pabraiDownsideProtection, pabraiValuation } from './mohnish-pabrai';
import type { PersonaAnalysis } from './types';

const dhandho = {
  cash_and_equivalents: [200, 180, 160, 150, 140, 130],
  total_debt: [50, 50, 50, 50, 50, 50],
  current_assets: [300, 280, 260, 250, 240, 230],
  current_liabilities: [120, 120, 120, 120, 120, 120],
  shareholders_equity: [500, 480, 460, 440, 420, 400],
  free_cash_flow: [60, 55, 50, 40, 35, 30],
  capital_expenditure: [-10, -10, -10, -10, -10, -10],
  revenue: [400, 380, 360, 340, 320, 300],
};

describe('mohnish_pabrai analysis', () => {
  it('scores a cash-rich, cheap, growing business 10 of 10 (the anchor could not pass 7.75)', async () => {
    const input = inputOf({ items: lineItemColumns('annual', dhandho), marketCap: 450 });
    const analysis = await mohnishPabrai.analyze(input);
    // downside raw: net cash 150 (+3); current ratio 2.5 (+2); D/E 50/500 = .1 (+2);
    //   FCF recent (60 + 55 + 50)/3 = 55 ≥ older (40 + 35 + 30)/3 = 35 (+2) = 9 → 10
    // valuation raw: normalised FCF mean(60, 55, 50, 40, 35) = 48, yield 48/450 = .1067 > .10 (+4);
    //   capex/revenue mean .0296 < .05 (+2) = 6 → 10
    // doubling raw: revenue 380/320 − 1 = .1875 (+2); FCF (55 − 35)/35 = .571 (+3); yield .1067 > .08 (+3) = 8 → 10
    // total .45·10 + .35·10 + .20·10 = 10; the anchor summed raw points: .45·9 + .35·6 + .2·8 = 7.75
    expect(analysis.score).toBeCloseTo(10, 12);
    expect(analysis.details).toMatchObject({ downside_protection: { raw_score: 9 }, valuation: { raw_score: 6, normalized_fcf: 48 }, double_potential: { raw_score: 8 } });
    expect(mohnishPabrai.rules(analysis)).toMatchObject({ signal: 'bullish', confidence: 100 });
    expect(input.data.calls.getFinancialMetrics ?? 0).toBe(0); // the anchor fetched metrics it never used
  });

  it('is neutral with confidence 0 without data', async () => {
    const analysis = await mohnishPabrai.analyze(inputOf({}));
    expect(analysis.score).toBe(0);
    expect(mohnishPabrai.rules(analysis)).toMatchObject({ signal: 'neutral', confidence: 0 });
  });
});

describe('mohnish_pabrai sub-scores at their edges', () => {
  const downsideRaw = (fields: Record<string, number[]>) => pabraiDownsideProtection(lineItemColumns('annual', fields)).raw_score;
  const valuationRaw = (fields: Record<string, number[]>, marketCap: number) => pabraiValuation(lineItemColumns('annual', fields), marketCap).raw_score;
  const doublingRaw = (fields: Record<string, number[]>, fcfYield: number | null = null) => pabraiDoublingPotential(lineItemColumns('annual', fields), 1000, fcfYield).raw_score;

  it('downside protection', () => {
    expect(downsideRaw({ cash_and_equivalents: [10], total_debt: [10] })).toBe(0);
    expect(downsideRaw({ cash_and_equivalents: [11], total_debt: [10] })).toBe(3);
    expect(downsideRaw({ current_assets: [200], current_liabilities: [100] })).toBe(2);
    expect(downsideRaw({ current_assets: [199], current_liabilities: [100] })).toBe(1);
    expect(downsideRaw({ current_assets: [120], current_liabilities: [100] })).toBe(1);
    expect(downsideRaw({ current_assets: [119], current_liabilities: [100] })).toBe(0);
    expect(downsideRaw({ total_debt: [29], shareholders_equity: [100] })).toBe(2);
    expect(downsideRaw({ total_debt: [30], shareholders_equity: [100] })).toBe(1);
    expect(downsideRaw({ total_debt: [70], shareholders_equity: [100] })).toBe(0);
    expect(downsideRaw({ free_cash_flow: [10, 10, 10] })).toBe(2); // recent 10 ≥ oldest 10
    expect(downsideRaw({ free_cash_flow: [10, 10, 10, 20] })).toBe(1); // recent 10 < older 20
    expect(downsideRaw({ free_cash_flow: [-10, 10, 10] })).toBe(1); // recent 3.33 > 0 but below 10
    expect(downsideRaw({ free_cash_flow: [-10, -10, 10] })).toBe(0); // recent −3.33
  });

  it('valuation', () => {
    // FCF 10 ×3, normalised 10: yield against market caps 99 (.101), 100 (.10), 142 (.0704), 143 (.0699), 199 (.0503), 334 (.0299)
    expect(valuationRaw({ free_cash_flow: [10, 10, 10] }, 99)).toBe(4);
    expect(valuationRaw({ free_cash_flow: [10, 10, 10] }, 100)).toBe(3);
    expect(valuationRaw({ free_cash_flow: [10, 10, 10] }, 142)).toBe(3);
    expect(valuationRaw({ free_cash_flow: [10, 10, 10] }, 143)).toBe(2);
    expect(valuationRaw({ free_cash_flow: [10, 10, 10] }, 199)).toBe(2);
    expect(valuationRaw({ free_cash_flow: [10, 10, 10] }, 334)).toBe(0);
    expect(valuationRaw({ free_cash_flow: [10, 10] }, 50)).toBe(0); // fewer than 3 FCF values
    const capex = (ratio: number) => valuationRaw({ free_cash_flow: [10, 10, 10], capital_expenditure: [-ratio * 100, -ratio * 100, -ratio * 100], revenue: [100, 100, 100] }, 10_000);
    expect(capex(0.049)).toBe(2);
    expect(capex(0.05)).toBe(1);
    expect(capex(0.1)).toBe(0);
  });

  it('doubling potential', () => {
    // revenue: recent (x + 100 + 100)/3 against the last value 100
    expect(doublingRaw({ revenue: [145.1, 100, 100, 100] })).toBe(2); // .1503
    expect(doublingRaw({ revenue: [145, 100, 100, 100] })).toBe(1); // .15 is not > .15
    expect(doublingRaw({ revenue: [115.1, 100, 100, 100] })).toBe(1); // .0503
    expect(doublingRaw({ revenue: [114.9, 100, 100, 100] })).toBe(0); // .0497
    expect(doublingRaw({ free_cash_flow: [13, 12, 11, 10] })).toBe(2); // recent 12 vs 10: .2 is not > .2
    expect(doublingRaw({ free_cash_flow: [13.1, 12, 11, 10] })).toBe(3);
    expect(doublingRaw({ free_cash_flow: [10, 10, 12.5, 10] })).toBe(2); // recent 10.833: .0833
    expect(doublingRaw({ free_cash_flow: [10, 10, 12.3, 10] })).toBe(1); // recent 10.767: .0767
    expect(doublingRaw({ free_cash_flow: [10, 10, 10, -10] })).toBe(3); // (10 − (−10))/10 = 2
    expect(doublingRaw({ revenue: [1] }, 0.081)).toBe(3);
    expect(doublingRaw({ revenue: [1] }, 0.08)).toBe(1);
    expect(doublingRaw({ revenue: [1] }, 0.05)).toBe(0);
  });
});

describe('mohnish_pabrai rules', () => {
  const withScore = (score: number): PersonaAnalysis => ({ ticker: 'T', score, max_score: 10, facts: {}, details: { data_points: { line_items: 1 } } });
  it.each([
    [7.5, 'bullish', 60],
    [5.75, 'neutral', 50], // centre of 4.0 … 7.5
    [4.0, 'bearish', 60],
    [2.0, 'bearish', 80], // 60 + 40·(.4 − .2)/.4
  ])('score %d → %s %i', (score, signal, confidence) => {
    expect(mohnishPabrai.rules(withScore(score))).toMatchObject({ signal, confidence });
  });
});
