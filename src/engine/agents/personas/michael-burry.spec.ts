import { article, inputOf, lineItemColumns, metricsRows, trade } from '../../../../test/support/persona-fixtures';
import { burryBalanceSheet, burryContrarianSentiment, burryInsiderActivity, burryValue, michaelBurry } from './michael-burry';
import type { PersonaAnalysis } from './types';

describe('michael_burry analysis', () => {
  it('scores a cash-rich, cheap, shunned stock by hand', async () => {
    const negative = Array.from({ length: 5 }, (_, i) => article(`bad ${i}`, 'negative', `2024-0${i + 1}-10`));
    const input = inputOf({
      metrics: metricsRows('ttm', [{ debt_to_equity: 0.4 }]),
      items: lineItemColumns('ttm', { free_cash_flow: [160], ebit: [220], total_debt: [100], cash_and_equivalents: [300] }),
      // within the year before 2024-06-30; the 2023-06-01 purchase is older and ignored
      trades: [trade(1000, '2024-03-01'), trade(-300, '2024-04-01'), trade(50_000, '2023-06-01')],
      news: [...negative, article('old bad news', 'negative', '2023-05-01')],
      marketCap: 1000,
    });
    const analysis = await michaelBurry.analyze(input);
    // value: FCF yield 160/1000 = .16 ≥ .15 (+4); EV = 1000 + 100 − 300 = 800, EV/EBIT 800/220 = 3.64 < 6 (+2) = 6
    // balance sheet: D/E .4 < .5 (+2); cash 300 > debt 100 (+1) = 3
    // insiders (last 365 days): bought 1000, sold 300, net 700 / 300 = 2.33 > 1 (+2)
    // contrarian: 5 negative articles in the year (+1).  Total 12 of 12
    expect(analysis).toMatchObject({ score: 12, max_score: 12 });
    expect(analysis.details).toMatchObject({
      value_analysis: { score: 6, fcf_yield: 0.16, enterprise_value: 800 },
      insider_analysis: { score: 2, shares_bought: 1000, shares_sold: 300 },
      contrarian_analysis: { negative_articles: 5 },
    });
    expect((analysis.details.value_analysis as Record<string, number>).ev_to_ebit).toBeCloseTo(800 / 220, 12);
    expect(michaelBurry.rules(analysis)).toMatchObject({ signal: 'bullish', confidence: 100 });
  });

  it('is neutral with confidence 0 without data', async () => {
    const analysis = await michaelBurry.analyze(inputOf({}));
    expect(analysis.score).toBe(0);
    expect(michaelBurry.rules(analysis)).toMatchObject({ signal: 'neutral', confidence: 0 });
  });
});

describe('michael_burry sub-scores at their edges', () => {
  const value = (fields: Record<string, number[]>, marketCap = 1000) => burryValue(lineItemColumns('ttm', fields), marketCap).score;

  it('FCF yield and EV/EBIT (the anchor read a missing ev_to_ebit field: never scored)', () => {
    expect(value({ free_cash_flow: [150] })).toBe(4); // .15
    expect(value({ free_cash_flow: [149] })).toBe(3);
    expect(value({ free_cash_flow: [120] })).toBe(3);
    expect(value({ free_cash_flow: [119] })).toBe(2);
    expect(value({ free_cash_flow: [80] })).toBe(2);
    expect(value({ free_cash_flow: [79] })).toBe(0);
    // EV 1000 (no debt or cash): EBIT 167 → 5.99 (+2); 166.6 → 6.002 (+1); 100.1 → 9.99 (+1); 100 → 10 (0)
    expect(value({ ebit: [167] })).toBe(2);
    expect(value({ ebit: [166.6] })).toBe(1);
    expect(value({ ebit: [100.1] })).toBe(1);
    expect(value({ ebit: [100] })).toBe(0);
    expect(value({ ebit: [-50] })).toBe(0);
    expect(value({ ebit: [500], cash_and_equivalents: [2000] })).toBe(0); // EV −1000
    expect(burryValue(lineItemColumns('ttm', { free_cash_flow: [500] }), null).score).toBe(0);
  });

  it('balance sheet, insiders and contrarian sentiment', () => {
    const balance = (de: number | null, cash?: number, debt?: number) =>
      burryBalanceSheet(metricsRows('ttm', [{ debt_to_equity: de }]), cash === undefined ? [] : lineItemColumns('ttm', { cash_and_equivalents: [cash], total_debt: [debt ?? 0] })).score;
    expect(balance(0.49)).toBe(2);
    expect(balance(0.5)).toBe(1);
    expect(balance(0.99)).toBe(1);
    expect(balance(1)).toBe(0);
    expect(balance(null, 10, 9)).toBe(1);
    expect(balance(null, 10, 10)).toBe(0);
    expect(burryInsiderActivity([trade(200), trade(-100)]).score).toBe(1); // net 100 / 100 = 1, not > 1
    expect(burryInsiderActivity([trade(201), trade(-100)]).score).toBe(2);
    expect(burryInsiderActivity([trade(5)]).score).toBe(2); // net 5 / max(0, 1) = 5
    expect(burryInsiderActivity([trade(100), trade(-100)]).score).toBe(0);
    expect(burryInsiderActivity([]).score).toBe(0);
    const bad = (n: number) => Array.from({ length: n }, (_, i) => article(`b${i}`, 'negative'));
    expect(burryContrarianSentiment(bad(5)).score).toBe(1);
    expect(burryContrarianSentiment([...bad(4), article('x', 'positive'), article('y', null)]).score).toBe(0);
  });
});

describe('michael_burry rules', () => {
  const withScore = (score: number): PersonaAnalysis => ({ ticker: 'T', score, max_score: 12, facts: {}, details: { data_points: { line_items: 1 } } });
  it.each([
    [9, 'bullish', 67], // ≥ 8.4: r .75 → 60 + 40·.05/.3 = 66.7
    [8, 'neutral', 33], // r .6667: 50 − 20·.1667/.2 = 33.3
    [6, 'neutral', 50],
    [4, 'neutral', 33], // r .3333, symmetric
    [3, 'bearish', 67], // ≤ 3.6: r .25 → 60 + 40·.05/.3
  ])('score %d of 12 → %s %i', (score, signal, confidence) => {
    expect(michaelBurry.rules(withScore(score))).toMatchObject({ signal, confidence });
  });
});
