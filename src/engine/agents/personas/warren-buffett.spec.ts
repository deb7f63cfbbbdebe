import { inputOf, lineItemColumns, metricsColumns, metricsRows } from '../../../../test/support/persona-fixtures';
import type { PersonaAnalysis } from './types';
import {
  buffettBookValueGrowth,
  buffettConsistency,
  buffettFundamentals,
  buffettIntrinsicValue,
  buffettManagement,
  buffettMoat,
  buffettPricingPower,
  ownerEarnings,
  warrenBuffett,
} from './warren-buffett';

// A steady compounder, ttm records at quarter ends 2024-03-31 … 2023-03-31 (newest first).
const metrics = metricsColumns('ttm', {
  return_on_equity: [0.25, 0.22, 0.2, 0.18, 0.1],
  operating_margin: [0.3, 0.28, 0.26, 0.24, 0.22],
  asset_turnover: [1.2, 0.9, 0.8, null, null],
  debt_to_equity: [0.3, null, null, null, null],
  current_ratio: [2.0, null, null, null, null],
});
const items = lineItemColumns('ttm', {
  net_income: [120, 110, 100, 90, 80],
  revenue: [400, 380, 360, 340, 320],
  gross_profit: [240, 220.4, 205.2, 190.4, 176],
  shareholders_equity: [600, 560, 520, 500, 400],
  outstanding_shares: [10, 10, 10, 10, 10],
  issuance_or_purchase_of_equity_shares: [-5, 0, 0, 0, 0],
  dividends_and_other_cash_distributions: [-10, -10, -10, -10, -10],
  depreciation_and_amortization: [20, 19, 18, 17, 16],
  capital_expenditure: [-30, -28, -26, -25, -24],
  current_assets: [200, 190, 180, 170, 160],
  current_liabilities: [100, 100, 100, 100, 100],
});

describe('warren_buffett analysis', () => {
  it('scores a steady compounder by hand and values it with the owner-earnings DCF', async () => {
    const input = inputOf({ metrics, items, marketCap: 1000 });
    const analysis = await warrenBuffett.analyze(input);
    // fundamentals: ROE .25 > .15 (+2), D/E .3 < .5 (+2), op margin .30 > .15 (+2), current ratio 2 > 1.5 (+1) = 7
    // consistency: 120 > 110 > 100 > 90 > 80 = +3
    // moat: ROE > 15 % in 4/5 = 0.8 (+2); margins mean .26 > .20 and recent (.30+.28+.26)/3 = .28 ≥ older .24 (+1);
    //   turnover 1.2 > 1 (+1); stability: ROE mean .19, σ = √(.0128/5) = .050596 → 1 − .2663 = .7337;
    //   margins mean .26, σ = √(.004/5) = .028284 → .8912; average .8125 > .7 (+1) = 5
    // pricing power: gross margins .60 .58 .57 .56 .55; recent .59 > older .555 + .02 (+3); mean .572 > .5 (+2) = 5
    // book value/share 60 56 52 50 40: 4 of 4 rises (+3); 2024-03-31 vs 2023-03-31 is 1 year: CAGR 60/40 − 1 = .5 (+2) = 5
    // management: buyback (+1), dividends (+1) = 2.   Total 27 of 28.
    expect(analysis.score).toBe(27);
    expect(analysis.max_score).toBe(28);
    expect(analysis.details).toMatchObject({
      fundamental_analysis: { score: 7 },
      consistency_analysis: { score: 3 },
      moat_analysis: { score: 5 },
      pricing_power_analysis: { score: 5 },
      book_value_analysis: { score: 5 },
      management_analysis: { score: 2 },
    });
    // owner earnings: maintenance capex = median(.85·30 = 25.5, D&A 20, mean capex/revenue .0738872 × 400 = 29.555) = 25.5;
    // ΔWC = (200 − 100) − (190 − 100) = 10; OE = 120 + 20 − 25.5 − 10 = 104.5
    // growth: NI CAGR over 1 year = 120/80 − 1 = .5 → clamp .15 × .7 = .105; stage 1 min(.105, .08) = .08, stage 2 .04
    // PV1 = Σ 104.5·1.08^t/1.1^t = 494.68156, PV2 = 404.13734, TV = 984.32273 (numpy) → IV = .85 × 1883.14163 = 1600.67039
    const valuation = analysis.details.intrinsic_value_analysis as Record<string, number>;
    expect(valuation.owner_earnings).toBeCloseTo(104.5, 10);
    expect(valuation.maintenance_capex).toBeCloseTo(25.5, 10);
    expect(valuation.working_capital_change).toBeCloseTo(10, 10);
    expect(valuation.growth).toBeCloseTo(0.105, 12);
    expect(valuation.intrinsic_value).toBeCloseTo(1600.6703858, 6);
    expect(analysis.details.margin_of_safety).toBeCloseTo(0.6006703858, 9);
    expect(analysis.facts).toMatchObject({ score: 27, max_score: 28, intrinsic_value: 1601, market_cap: 1000, margin_of_safety: 0.6007 });
    // the anchor's reads: ttm metrics and line items, 10 each, and the market cap
    expect(input.data.calls).toMatchObject({ searchLineItems: 1, getMarketCap: 1 });

    // rules: r = 27/28 = .9643 ≥ .7 with MoS .60 > 0 → bullish 70 + 20·(.9643 − .7)/.3 = 87.62 + 10 (MoS ≥ .25) → 98
    expect(warrenBuffett.rules(analysis)).toMatchObject({ signal: 'bullish', confidence: 98 });
  });

  it('is neutral with confidence 50 and a zero score when there is no data at all', async () => {
    const analysis = await warrenBuffett.analyze(inputOf({}));
    expect(analysis.score).toBe(0);
    expect(analysis.details.margin_of_safety).toBeNull();
    expect(warrenBuffett.rules(analysis)).toMatchObject({ signal: 'neutral', confidence: 50 });
  });
});

describe('warren_buffett sub-scores at their edges', () => {
  const one = (fields: Parameters<typeof metricsRows>[1][number]) => metricsRows('ttm', [fields])[0];

  it.each([
    [{ return_on_equity: 0.15 }, 0],
    [{ return_on_equity: 0.1501 }, 2],
    [{ debt_to_equity: 0.5 }, 0],
    [{ debt_to_equity: 0.4999 }, 2],
    // the anchor's truthiness gave a debt-free company (D/E exactly 0) nothing
    [{ debt_to_equity: 0 }, 2],
    [{ operating_margin: 0.15 }, 0],
    [{ operating_margin: 0.1501 }, 2],
    [{ current_ratio: 1.5 }, 0],
    [{ current_ratio: 1.5001 }, 1],
  ])('fundamentals %j → %i', (fields, points) => {
    expect(buffettFundamentals(one(fields)).score).toBe(points);
  });

  it('consistency needs 4 records and strictly rising earnings', () => {
    expect(buffettConsistency(lineItemColumns('ttm', { net_income: [4, 3, 2] })).score).toBe(0);
    expect(buffettConsistency(lineItemColumns('ttm', { net_income: [4, 3, 2, 1] })).score).toBe(3);
    expect(buffettConsistency(lineItemColumns('ttm', { net_income: [4, 3, 3, 1] })).score).toBe(0);
    expect(buffettConsistency(lineItemColumns('ttm', { net_income: [4, 3, null, 1, 0.5] })).score).toBe(3);
    expect(buffettConsistency(lineItemColumns('ttm', { net_income: [4, 3, null, 1] })).score).toBe(0);
  });

  it('moat: ROE share at 0.8 and 0.6, margins, turnover and stability', () => {
    const flat = { operating_margin: [0.1, 0.1, 0.1, 0.1, 0.1] };
    const moat = (columns: Parameters<typeof metricsColumns>[1]) => buffettMoat(metricsColumns('ttm', columns)).score;
    // ROE .2 ×4 and .1: share .8 (+2); stability: mean .18, σ = .04 → 1 − .2222 = .7778, flat margins 1 → .8889 > .7 (+1)
    expect(moat({ return_on_equity: [0.2, 0.2, 0.2, 0.2, 0.1], ...flat })).toBe(3);
    // share .6 (+1); mean .16, σ = √(.012/5) = .04899 → .6938, with 1 → .8469 (+1)
    expect(moat({ return_on_equity: [0.2, 0.2, 0.2, 0.1, 0.1], ...flat })).toBe(2);
    // share .4 (0); mean .14, σ = .04899 → .6501, with 1 → .8250 (+1)
    expect(moat({ return_on_equity: [0.2, 0.2, 0.1, 0.1, 0.1], ...flat })).toBe(1);
    // share .6 (+1); mean .2, σ = √(.075/5) = .12247 → .3876, with 1 → .6938 ≤ .7 (no stability point)
    expect(moat({ return_on_equity: [0.3, 0.05, 0.3, 0.05, 0.3], ...flat })).toBe(1);
    expect(moat({ return_on_equity: [0.2, 0.2, 0.2, 0.2], operating_margin: [0.3, 0.3, 0.3, 0.3] })).toBe(0); // 4 periods < 5
    // margins: mean .21 > .2 but falling (recent .19 < older .2233) → 0; rising → +1; mean exactly .20 → 0
    expect(moat({ operating_margin: [0.19, 0.19, 0.19, 0.23, 0.25] })).toBe(0);
    expect(moat({ operating_margin: [0.25, 0.23, 0.19, 0.19, 0.19] })).toBe(1);
    expect(moat({ operating_margin: [0.2, 0.2, 0.2, 0.2, 0.2] })).toBe(0);
    expect(moat({ asset_turnover: [1.01, 0.5, 0.5, null, null] })).toBe(1);
    expect(moat({ asset_turnover: [1.01, 0.5, null, null, null] })).toBe(0); // 2 values < 3
    expect(moat({ asset_turnover: [1.0, 0.5, 0.5, null, null] })).toBe(0);
  });

  it('pricing power reads gross margins from gross profit / revenue (the anchor never had them)', () => {
    const margins = (grossProfit: number[]) => buffettPricingPower(lineItemColumns('ttm', { revenue: grossProfit.map(() => 100), gross_profit: grossProfit })).score;
    // recent .42 vs older .40: exactly +.02 is not > +.02 → "improving" +2; mean .41 > .3 → +1
    expect(margins([42, 42, 40, 40])).toBe(3);
    expect(margins([43, 42, 40, 40])).toBe(4); // recent .425 > .42 → +3; mean .4125 → +1
    expect(margins([30, 30, 30])).toBe(1); // stable (+1); mean .30 is not > .30
    expect(margins([50, 50, 50.5])).toBe(3); // recent .50 < older .5025 but |Δ| .0025 < .01 → +1; mean .5017 > .5 → +2
    expect(margins([49, 49, 50, 50])).toBe(1); // |Δ| = .01 is not < .01 → 0; mean .495 → +1
    expect(margins([20, 20, 30])).toBe(0); // falling, mean .2333
    expect(margins([60, 60])).toBe(0); // fewer than 3 margins
  });

  it('book value per share: growth share, CAGR over the real span, turnaround', () => {
    const bv = (perShare: number[], period: 'annual' | 'ttm' = 'annual') =>
      buffettBookValueGrowth(lineItemColumns(period, { shareholders_equity: perShare.map((v) => v * 10), outstanding_shares: perShare.map(() => 10) })).score;
    // annual 2023 … 2020 = 3 years, 3 of 3 rises (+3); CAGR 1.33^(1/3) − 1 = .0997 (0) / 1.332 → .1003 (+1)
    expect(bv([13.3, 12.1, 11, 10])).toBe(3);
    expect(bv([13.32, 12.1, 11, 10])).toBe(4);
    expect(bv([15.2, 12.1, 11, 10])).toBe(4); // 1.52^(1/3) − 1 = .1498
    expect(bv([15.22, 12.1, 11, 10])).toBe(5); // .1503 > .15 (+2)
    // ttm quarters 2024-03-31 … 2023-06-30 span 0.75 year: 1.1^(1/.75) − 1 = .1355 (+1); the anchor counted 3 "years" (3.2 %)
    expect(bv([11, 10.6, 10.3, 10], 'ttm')).toBe(3 + 1);
    // 6 values, 5 steps: 3 rises = .6 (+2), CAGR (6/3.6)^(1/5) − 1 = .1076 (+1)
    expect(bv([6, 5, 4, 3, 3.5, 3.6])).toBe(3);
    // 2 rises = .4 (+1), CAGR (6/4.7)^(1/5) − 1 = .0500 (0)
    expect(bv([6, 5, 4, 4.5, 4.6, 4.7])).toBe(1);
    // 1 rise = .2 (0), shrinking book
    expect(bv([6, 5.5, 6, 6.5, 7, 7.5])).toBe(0);
    expect(bv([2, 1, -1])).toBe(3 + 3); // 2 of 2 rises (+3); negative → positive (+3)
    expect(bv([-1, 1, 2])).toBe(0); // positive → negative
    expect(bv([2, 1])).toBe(0); // fewer than 3 periods
  });

  it('management: buybacks and dividends in the latest period', () => {
    expect(buffettManagement(lineItemColumns('ttm', { issuance_or_purchase_of_equity_shares: [-1], dividends_and_other_cash_distributions: [-1] })).score).toBe(2);
    expect(buffettManagement(lineItemColumns('ttm', { issuance_or_purchase_of_equity_shares: [0], dividends_and_other_cash_distributions: [0] })).score).toBe(0);
    expect(buffettManagement([]).score).toBe(0);
  });
});

describe('warren_buffett fixed defects', () => {
  it('values a company whose latest net income is a loss (the anchor crashed on a complex power)', () => {
    const losing = lineItemColumns('ttm', {
      net_income: [-10, 50, 60, 70, 80],
      depreciation_and_amortization: [40, 40, 40, 40, 40],
      capital_expenditure: [-20, -20, -20, -20, -20],
      revenue: [0, 0, 0, 0, 0],
      outstanding_shares: [10, 10, 10, 10, 10],
    });
    const value = buffettIntrinsicValue(losing);
    // OE = −10 + 40 − max(.85·20 = 17, 40) − 0 = −10; growth −.05 × .7 = −.035: stage 1 −.035, stage 2 −.0175
    expect(value.owner_earnings).toBeCloseTo(-10, 12);
    expect(value.historical_growth).toBe(-0.05);
    expect(value.growth).toBeCloseTo(-0.035, 12);
    let pv = 0;
    for (let t = 1; t <= 5; t += 1) pv += (-10 * 0.965 ** t) / 1.1 ** t;
    const year5 = -10 * 0.965 ** 5;
    for (let t = 1; t <= 5; t += 1) pv += (year5 * 0.9825 ** t) / 1.1 ** (5 + t);
    pv += (year5 * 0.9825 ** 5 * 1.025) / 0.075 / 1.1 ** 10;
    expect(value.intrinsic_value).toBeCloseTo(0.85 * pv, 9);
  });

  it('subtracts the working-capital change (the anchor never requested current assets and liabilities)', () => {
    const base = { net_income: [100, 100], depreciation_and_amortization: [10, 10], capital_expenditure: [-10, -10] };
    // maintenance max(8.5, 10) = 10; ΔWC = (300 − 100) − (250 − 100) = 50 → OE = 100 + 10 − 10 − 50 = 50
    expect(ownerEarnings(lineItemColumns('ttm', { ...base, current_assets: [300, 250], current_liabilities: [100, 100] })).owner_earnings).toBe(50);
    expect(ownerEarnings(lineItemColumns('ttm', base)).owner_earnings).toBe(100);
  });
});

describe('warren_buffett rules', () => {
  const analysisWith = (score: number, marginOfSafety: number | null): PersonaAnalysis => ({
    ticker: 'T', score, max_score: 10, facts: {}, details: { margin_of_safety: marginOfSafety, data_points: { line_items: 5 } },
  });

  it.each([
    [7, 0.1, 'bullish', 70], // r = .7 exactly, MoS > 0
    [7, 0.25, 'bullish', 80], // MoS ≥ .25 adds 10
    [7, 0.2499, 'bullish', 70],
    [10, 0.3, 'bullish', 100], // 70 + 20 + 10
    [7, 0, 'neutral', 63], // MoS 0 is not > 0: 50 + 19·.7 = 63.3
    [6.9, 0.5, 'neutral', 63], // r .69 < .7: 50 + 13.11
    [10, -0.31, 'bearish', 49], // MoS < −.30: 10 + 39·min(1, .7)/.7
    [10, -0.3, 'neutral', 69], // −.30 is not below −.30: 50 + 19
    [3, 0.5, 'bearish', 27], // r = .3: 10 + 39·.3/.7 = 26.71
    [3.1, 0.5, 'neutral', 56], // r .31: 50 + 5.89
    [8, null, 'neutral', 65], // no margin of safety cannot be bullish: 50 + 15.2
  ])('score %d/10, MoS %p → %s %i', (score, mos, signal, confidence) => {
    expect(warrenBuffett.rules(analysisWith(score, mos))).toMatchObject({ signal, confidence });
  });
});
