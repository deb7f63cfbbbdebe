import { inputOf, lineItemColumns } from '../../../../test/support/persona-fixtures';
import {
  growthConsistency,
  jhunjhunwalaBalanceSheet,
  jhunjhunwalaCashFlow,
  jhunjhunwalaGrowth,
  jhunjhunwalaIntrinsicValue,
  jhunjhunwalaManagement,
  jhunjhunwalaProfitability,
  jhunjhunwalaQuality,
  jhunjhunwalaSignal,
  rakeshJhunjhunwala,
} from './rakesh-jhunjhunwala';
import type { PersonaAnalysis } from './types';

// ttm records 2024-03-31 … 2023-03-31 (one year from the oldest to the newest)
const compounder = {
  net_income: [130, 120, 115, 110, 100],
  earnings_per_share: [1.3, 1.2, 1.15, 1.1, 1.0],
  revenue: [1000, 950, 900, 850, 800],
  operating_income: [250, 230, 220, 210, 200],
  total_assets: [1000, 980, 960, 940, 920],
  total_liabilities: [400, 400, 400, 400, 400],
  current_assets: [500, 480, 460, 440, 420],
  current_liabilities: [200, 200, 200, 200, 200],
  free_cash_flow: [100, 95, 90, 85, 80],
  dividends_and_other_cash_distributions: [-20, -20, -20, -20, -20],
  issuance_or_purchase_of_equity_shares: [-10, -10, -10, -10, -10],
};

describe('rakesh_jhunjhunwala analysis', () => {
  it('scores a compounder 24 of 24 with growth measured over the one year its ttm records span', async () => {
    const analysis = await rakeshJhunjhunwala.analyze(inputOf({ items: lineItemColumns('ttm', compounder), marketCap: 5000 }));
    // profitability: ROE 130/(1000 − 400) = .2167 (3); margin 250/1000 = .25 (2); EPS CAGR 1.3/1.0 over 1 year = .30 (3) = 8
    //   (the anchor counted 4 "years" between these quarterly records: 6.8 %, 0 points)
    // growth: revenue CAGR 1000/800 − 1 = .25 (3); revenue never fell (+1); NI CAGR .30 > .25 (3) = 7
    // balance sheet: 400/1000 = .4 (2); current ratio 2.5 (2) = 4; cash flow: FCF > 0 (2), dividends (1) = 3; buybacks (2)
    expect(analysis).toMatchObject({ score: 24, max_score: 24 });
    // quality: ROE factor 1.0, debt ratio .4 → .7, NI consistency of 130 120 115 110 = 1 → .9
    expect(analysis.details.quality_score).toBeCloseTo(0.9, 12);
    // IV: NI CAGR .30 > .25 → growth 20 %; quality .9 → 12 % and 18×: Σ 130·1.2^t/1.12^t + 130·1.2^5·18/1.12^5 = 4107.2209
    expect(analysis.details.intrinsic_value).toBeCloseTo(4107.220856637113, 8);
    // MoS (4107.22 − 5000)/5000 = −.1786 → no MoS call; quality .9 ≥ .7 and 24 ≥ 14.4 → bullish; confidence 150·.1786 = 26.8
    expect(rakeshJhunjhunwala.rules(analysis)).toMatchObject({ signal: 'bullish', confidence: 27 });
  });

  it('is neutral with confidence 0 without data', async () => {
    expect(rakeshJhunjhunwala.rules(await rakeshJhunjhunwala.analyze(inputOf({})))).toMatchObject({ signal: 'neutral', confidence: 0 });
  });
});

describe('rakesh_jhunjhunwala fixed defects', () => {
  it('counts falling years as declines (the anchor read its newest-first list backwards and rewarded decline)', () => {
    expect(growthConsistency([130, 120, 115, 110])).toBe(1); // rising over time
    expect(growthConsistency([110, 115, 120, 130])).toBe(0); // falling every period
    expect(growthConsistency([130, 120, 125, 110, 100])).toBe(0.75); // one fall in 4 steps
    const growthOf = (revenue: number[]) => jhunjhunwalaGrowth(lineItemColumns('annual', { revenue })).score;
    // annual 2023 … 2019: CAGR (120/100)^(1/4) − 1 = .0466 (0); rising throughout (+1)
    expect(growthOf([120, 115, 110, 105, 100])).toBe(1);
    // the same revenues falling over time: no consistency point (the anchor gave +1)
    expect(growthOf([100, 105, 110, 115, 120])).toBe(0);
  });

  it('uses its own confidence formula (computed and dropped by the anchor)', () => {
    const withMos = (mos: number | null, score: number, quality = 0.5): PersonaAnalysis => ({
      ticker: 'T', score, max_score: 24, facts: {}, details: { margin_of_safety: mos, quality_score: quality, data_points: { line_items: 1 } },
    });
    expect(rakeshJhunjhunwala.rules(withMos(0.3, 10))).toMatchObject({ signal: 'bullish', confidence: 45 });
    expect(rakeshJhunjhunwala.rules(withMos(-0.7, 10))).toMatchObject({ signal: 'bearish', confidence: 95 });
    expect(rakeshJhunjhunwala.rules(withMos(0.05, 10))).toMatchObject({ signal: 'neutral', confidence: 20 });
    // no MoS: 100·12/24 = 50
    expect(rakeshJhunjhunwala.rules(withMos(null, 12))).toMatchObject({ signal: 'neutral', confidence: 50 });
    expect(rakeshJhunjhunwala.rules(withMos(null, 24, 0.8))).toMatchObject({ signal: 'bullish', confidence: 80 });
    expect(rakeshJhunjhunwala.rules(withMos(null, 1))).toMatchObject({ signal: 'bearish', confidence: 10 });
  });
});

describe('rakesh_jhunjhunwala sub-scores at their edges', () => {
  const annual = (fields: Record<string, (number | null)[]>) => lineItemColumns('annual', fields);

  it('profitability', () => {
    const roe = (ni: number) => jhunjhunwalaProfitability(annual({ net_income: [ni], total_assets: [200], total_liabilities: [100] })).score;
    expect(roe(20.1)).toBe(3);
    expect(roe(20)).toBe(2); // 20 % is not > 20 %
    expect(roe(15)).toBe(1);
    expect(roe(10)).toBe(0);
    expect(jhunjhunwalaProfitability(annual({ net_income: [10], total_assets: [100], total_liabilities: [120] })).score).toBe(0);
    const margin = (oi: number) => jhunjhunwalaProfitability(annual({ operating_income: [oi], revenue: [100] })).score;
    expect(margin(20.1)).toBe(2);
    expect(margin(20)).toBe(1);
    expect(margin(15)).toBe(0);
    // EPS over 2 years (2023 … 2021), positive values only
    const eps = (list: (number | null)[]) => jhunjhunwalaProfitability(annual({ earnings_per_share: list })).score;
    expect(eps([1.45, 1.2, 1])).toBe(3); // √1.45 − 1 = .2042
    expect(eps([1.44, 1.2, 1])).toBe(2); // .20 is not > .20
    expect(eps([1.3, 1.2, 1])).toBe(1); // .1402
    expect(eps([1.2, 1.1, 1])).toBe(0); // .0954
    expect(eps([1.44, -1, 1])).toBe(0); // two positive values < 3
  });

  it('growth, balance sheet, cash flow, management', () => {
    // revenue 2023 … 2021 (2 years), always rising (+1)
    const revenue = (newest: number) => jhunjhunwalaGrowth(annual({ revenue: [newest, 110, 100] })).score - 1;
    expect(revenue(144.1)).toBe(3); // √1.441 − 1 = .2004
    expect(revenue(143.9)).toBe(2); // .1996
    expect(revenue(132.3)).toBe(2); // .1502
    expect(revenue(132.2)).toBe(1); // .1498
    expect(revenue(121.1)).toBe(1); // .1005
    expect(revenue(120.9)).toBe(0); // .0995
    const income = (newest: number) => jhunjhunwalaGrowth(annual({ net_income: [newest, 110, 100] })).score;
    expect(income(156.3)).toBe(3); // √1.563 − 1 = .2502
    expect(income(156.2)).toBe(2);
    expect(income(144.1)).toBe(2);
    expect(income(132.3)).toBe(1);
    expect(income(132.2)).toBe(0);
    const balance = (liabilities: number, currentAssets: number) => jhunjhunwalaBalanceSheet(annual({ total_assets: [100], total_liabilities: [liabilities], current_assets: [currentAssets], current_liabilities: [100] })).score;
    expect(balance(49, 201)).toBe(4);
    expect(balance(50, 200)).toBe(1 + 1);
    expect(balance(70, 150)).toBe(0);
    expect(jhunjhunwalaCashFlow(annual({ free_cash_flow: [0], dividends_and_other_cash_distributions: [0] })).score).toBe(0);
    expect(jhunjhunwalaManagement(annual({ issuance_or_purchase_of_equity_shares: [0] })).score).toBe(1);
    expect(jhunjhunwalaManagement(annual({ issuance_or_purchase_of_equity_shares: [5] })).score).toBe(0);
    expect(jhunjhunwalaManagement(annual({ issuance_or_purchase_of_equity_shares: [null] })).score).toBe(0);
  });

  it('quality, intrinsic value and the call', () => {
    // ROE −10/100 → .3; debt 80/180 = .444 → .7; incomes 2 positive → .5 → mean .5
    expect(jhunjhunwalaQuality(annual({ net_income: [-10, 5, 5], total_assets: [180], total_liabilities: [80] }))).toBeCloseTo(0.5, 12);
    expect(jhunjhunwalaQuality([])).toBe(0.5);
    // one positive income: 12 × NI
    expect(jhunjhunwalaIntrinsicValue(annual({ net_income: [10, -5, -5] }), 100, 0.5)).toBe(120);
    expect(jhunjhunwalaIntrinsicValue(annual({ net_income: [-10, 5] }), 100, 0.5)).toBeNull();
    // 2023 vs 2022: 10.4/10 → h = .04 → growth 5 %; quality .5 → 18 %, 12×
    let expected = 0;
    for (let t = 1; t <= 5; t += 1) expected += (10.4 * 1.05 ** t) / 1.18 ** t;
    expected += (10.4 * 1.05 ** 5 * 12) / 1.18 ** 5;
    expect(jhunjhunwalaIntrinsicValue(annual({ net_income: [10.4, 10] }), 100, 0.5)).toBeCloseTo(expected, 9);
    expect(jhunjhunwalaSignal(null, 0.7, 14.4, 24)).toBe('bullish');
    expect(jhunjhunwalaSignal(null, 0.69, 20, 24)).toBe('neutral');
    expect(jhunjhunwalaSignal(null, 0.4, 20, 24)).toBe('bearish');
    expect(jhunjhunwalaSignal(null, 0.6, 7.1, 24)).toBe('bearish'); // ≤ 24 × .3
    expect(jhunjhunwalaSignal(0.29, 0.6, 10, 24)).toBe('neutral');
  });
});
