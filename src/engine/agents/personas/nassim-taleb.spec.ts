import { article, bars, inputOf, lineItemColumns, metricsColumns, metricsRows, trade } from '../../../../test/support/persona-fixtures';
import {
  compoundedMaxDrawdown,
  nassimTaleb,
  regimePoints,
  sentinelPoints,
  talebAntifragility,
  talebConvexity,
  talebFragility,
  talebSkinInTheGame,
  talebTailRisk,
} from './nassim-taleb';
import type { PersonaAnalysis } from './types';

// 121 closes: two sine waves, a −6 % shock every 17 days and a +5 % jump every 29; volume doubles over the last 5 days.
// The golden figures below come from numpy/scipy on the same series (scipy kurtosis/skew with bias=False, numpy
// percentiles, rolling sample stds, cumulative-product drawdown).
const shocks = Array.from({ length: 121 }, (_, i) => (i === 0 ? 0 : 0.02 * Math.sin(0.9 * i) + 0.01 * Math.sin(0.37 * i) + (i % 17 === 0 ? -0.06 : 0) + (i % 29 === 0 ? 0.05 : 0)));
const closes: number[] = [];
shocks.forEach((r, i) => closes.push(i === 0 ? 100 : closes[i - 1] * (1 + r)));
const volumes = closes.map((_, i) => (1000 + 500 * (i % 7)) * (i >= 116 ? 2 : 1));
const prices = bars(closes, volumes);

const metrics = metricsColumns('ttm', {
  debt_to_equity: [0.2, 0.2, 0.2, 0.2],
  interest_coverage: [12, 12, 12, 12],
  net_margin: [0.2, 0.2, 0.2, 0.2],
  operating_margin: [0.2, 0.21, 0.19, 0.2],
  earnings_growth: [0.1, 0.12, 0.08, null],
});
const items = lineItemColumns('ttm', {
  cash_and_equivalents: [300, 280, 260],
  total_debt: [100, 100, 100],
  total_assets: [1000, 980, 960],
  free_cash_flow: [50, 40, 30],
  research_and_development: [100, 90, 80],
  revenue: [500, 480, 460],
});
const news = [article('a', 'negative'), article('b', 'negative'), article('c', 'positive'), article('d', 'neutral'), article('e', null)];

describe('nassim_taleb analysis', () => {
  it('scores a robust, convex company with insiders buying, on golden figures from numpy/scipy', async () => {
    const input = inputOf({ prices, metrics, items, news, trades: [trade(1000), trade(-200)], marketCap: 1000 });
    const analysis = await nassimTaleb.analyze(input);
    const details = analysis.details as Record<string, Record<string, number>>;
    // tail: kurtosis of the last 63 returns 2.33692 > 2 (+1); skew −.22443 > −.5 (+1); tail ratio .66269 (0);
    //   drawdown −.28749 > −.30 (+1) = 3
    expect(details.tail_risk_analysis.excess_kurtosis).toBeCloseTo(2.3369177805285535, 9);
    expect(details.tail_risk_analysis.skewness).toBeCloseTo(-0.22442614377034878, 9);
    expect(details.tail_risk_analysis.tail_ratio).toBeCloseTo(0.662687621892324, 9);
    expect(details.tail_risk_analysis.max_drawdown).toBeCloseTo(-0.2874903281069334, 9);
    expect(details.tail_risk_analysis.score).toBe(3);
    // antifragility: net cash 200 with cash 300 > 20 % of 1000 (+3); D/E .2 (+2); margin CV .0354 < .15, mean .20 (+3);
    //   FCF always positive (+2) = 10
    expect(details.antifragility_analysis.score).toBe(10);
    // convexity: R&D 100/500 = .20 (+3); up/down .95083 (0); cash/cap .30 is not > .30 (+2); FCF yield .05 is not > .05 (0) = 5
    expect(details.convexity_analysis.up_down_ratio).toBeCloseTo(0.9508338052502894, 9);
    expect(details.convexity_analysis.score).toBe(5);
    // fragility: D/E .2 (3); coverage 12 (2); growth σ .0163 (2); net margin .2 (1) = 8
    expect(details.fragility_analysis.score).toBe(8);
    // skin: bought 1000, sold 200, net 800/200 = 4 > 2 → 4
    expect(details.skin_in_game_analysis.score).toBe(4);
    // regime: latest 21-day vol over its 63-period mean 1.03909 ≤ 1.3 (3); vol of vol .03124 below its median .04111 (0) = 3
    expect(details.volatility_regime_analysis.regime).toBeCloseTo(1.0390891517347702, 9);
    expect(details.volatility_regime_analysis.score).toBe(3);
    // sentinel: 2 negative of 5 = .4; volume spike 1.92141; 5-day return −.07184 → "else" 2; .4 is not > .4 → no bonus
    expect(details.black_swan_analysis.volume_spike).toBeCloseTo(1.921407624633431, 12);
    expect(details.black_swan_analysis.five_day_return).toBeCloseTo(-0.07184300377147235, 12);
    expect(details.black_swan_analysis.score).toBe(2);
    // total 3 + 10 + 5 + 8 + 4 + 3 + 2 = 35 of 49; r .71429 ≥ .65, fragility 8, convexity 5, skin 4 → bullish 70 + 30·.06429/.35 = 75.5
    expect(analysis).toMatchObject({ score: 35, max_score: 49 });
    expect(nassimTaleb.rules(analysis)).toMatchObject({ signal: 'bullish', confidence: 76 });
    expect(input.data.calls).toMatchObject({ getPrices: 1, getInsiderTrades: 1, getCompanyNews: 1 });
  });

  it('is neutral with confidence 50 without data (skin in the game alone scores its 1)', async () => {
    const analysis = await nassimTaleb.analyze(inputOf({}));
    expect(analysis.score).toBe(1);
    expect(nassimTaleb.rules(analysis)).toMatchObject({ signal: 'neutral', confidence: 50 });
  });
});

describe('nassim_taleb sub-scores at their edges', () => {
  it('tail risk needs 20 bars; drawdown counts from the first close', () => {
    expect(talebTailRisk(bars(Array.from({ length: 19 }, () => 100))).score).toBe(0);
    // a fall on the first day is a drawdown (the anchor's cumulative product started after it)
    expect(compoundedMaxDrawdown([-0.2, 0.1, 0.1])).toBeCloseTo(-0.2, 12);
    expect(compoundedMaxDrawdown([0.1, -0.1])).toBeCloseTo(-0.1, 12);
  });

  it('antifragility and convexity', () => {
    const anti = (fields: Record<string, number[]>, marketCap: number | null = null, de: number | null = null) =>
      talebAntifragility(metricsRows('ttm', [{ debt_to_equity: de }]), lineItemColumns('ttm', fields), marketCap).score;
    expect(anti({ cash_and_equivalents: [201], total_debt: [0] }, 1000)).toBe(3);
    expect(anti({ cash_and_equivalents: [200], total_debt: [0] }, 1000)).toBe(2); // 20 % is not > 20 %
    expect(anti({ cash_and_equivalents: [10], total_debt: [10], total_assets: [34] })).toBe(1); // 10 < .3·34
    expect(anti({ cash_and_equivalents: [10], total_debt: [10], total_assets: [33] })).toBe(0);
    expect(anti({ revenue: [1] }, null, 0.29)).toBe(2);
    expect(anti({ revenue: [1] }, null, 0.3)).toBe(1);
    expect(anti({ revenue: [1] }, null, 0.7)).toBe(0);
    expect(anti({ free_cash_flow: [1, 1, -1] })).toBe(1);
    expect(anti({ free_cash_flow: [1, -1] })).toBe(0);
    expect(talebAntifragility([], [], 100).score).toBe(0);
    const convex = (fields: Record<string, number[]>, marketCap: number | null) => talebConvexity([], lineItemColumns('ttm', fields), [], marketCap).score;
    expect(convex({ research_and_development: [15.1], revenue: [100] }, null)).toBe(3);
    expect(convex({ research_and_development: [-8.1], revenue: [100] }, null)).toBe(2); // |R&D|
    expect(convex({ research_and_development: [3], revenue: [100] }, null)).toBe(0);
    expect(convex({ cash_and_equivalents: [301] }, 1000)).toBe(3);
    expect(convex({ cash_and_equivalents: [51] }, 1000)).toBe(1);
    expect(convex({ free_cash_flow: [101] }, 1000)).toBe(2);
    expect(convex({ free_cash_flow: [51] }, 1000)).toBe(1);
    // no line-item FCF: the metrics' FCF yield
    expect(talebConvexity(metricsRows('ttm', [{ free_cash_flow_yield: 0.11 }]), [], [], null).score).toBe(2);
  });

  it('fragility and skin in the game', () => {
    const fragile = (fields: Parameters<typeof metricsRows>[1][number]) => talebFragility(metricsRows('ttm', [fields])).score;
    expect(fragile({ debt_to_equity: 2.01 })).toBe(0);
    expect(fragile({ debt_to_equity: 2 })).toBe(1);
    expect(fragile({ debt_to_equity: 1 })).toBe(2);
    expect(fragile({ debt_to_equity: 0.5 })).toBe(3);
    expect(fragile({})).toBe(0); // unknown leverage earns nothing
    expect(fragile({ interest_coverage: 10.1 })).toBe(2);
    expect(fragile({ interest_coverage: 10 })).toBe(1);
    expect(fragile({ interest_coverage: 5 })).toBe(0);
    expect(fragile({ net_margin: 0.15 })).toBe(0);
    expect(fragile({ net_margin: 0.1501 })).toBe(1);
    // earnings growth σ: .1, .3, .5 → .1633 (+2); .1, .5, .9 → .3266 (+1); .1, 1, 1.9 → .7348 (0)
    const growth = (list: number[]) => talebFragility(metricsColumns('ttm', { earnings_growth: list })).score;
    expect(growth([0.1, 0.3, 0.5])).toBe(2);
    expect(growth([0.1, 0.5, 0.9])).toBe(1);
    expect(growth([0.1, 1, 1.9])).toBe(0);
    expect(talebSkinInTheGame([]).score).toBe(1);
    expect(talebSkinInTheGame([trade(301), trade(-100)]).score).toBe(4); // net 201/100 = 2.01 > 2
    expect(talebSkinInTheGame([trade(300), trade(-100)]).score).toBe(3); // 2 is not > 2
    expect(talebSkinInTheGame([trade(151), trade(-100)]).score).toBe(3); // .51
    expect(talebSkinInTheGame([trade(150), trade(-100)]).score).toBe(2); // .5 is not > .5
    expect(talebSkinInTheGame([trade(100), trade(-100)]).score).toBe(0);
  });

  it('volatility regime and sentinel points', () => {
    expect([0.69, 0.7, 0.89, 0.9, 1.3, 1.31, 2.0, 2.01].map(regimePoints)).toEqual([0, 1, 1, 3, 3, 4, 4, 2]);
    expect(sentinelPoints(0.71, 2.01, 0)).toBe(0);
    expect(sentinelPoints(0.71, 2.0, 0)).toBe(1); // > .5
    expect(sentinelPoints(0.1, 2.51, 0)).toBe(1);
    expect(sentinelPoints(0.31, 1.6, 0.11)).toBe(1);
    expect(sentinelPoints(0.31, 1.6, 0.1)).toBe(2);
    expect(sentinelPoints(0.29, 1.49, 0)).toBe(3);
    expect(sentinelPoints(0.29, 1.5, 0)).toBe(2);
    expect(sentinelPoints(0.41, 1.49, 0)).toBe(3); // "else" 2, then +1
    expect(sentinelPoints(0.45, 1.2, 0.2)).toBe(2); // 1, then +1
  });
});

describe('nassim_taleb rules', () => {
  const withParts = (score: number, fragility: number, convexity: number, skin: number): PersonaAnalysis => ({
    ticker: 'T',
    score,
    max_score: 49,
    facts: {},
    details: { fragility_analysis: { score: fragility }, convexity_analysis: { score: convexity }, skin_in_game_analysis: { score: skin }, data_points: { prices: 100 } },
  });
  it.each([
    [49, 8, 10, 4, 'bullish', 100],
    [49, 8, 10, 2, 'bullish', 89], // ≥ 90 only with skin ≥ 3
    [49, 8, 10, 0, 'neutral', 69], // no skin in the game caps at neutral: 50 + 19
    [40, 4, 10, 4, 'neutral', 66], // fragility 4 < 5: 50 + 19·.8163
    [40, 2, 10, 4, 'bearish', 49], // fragile: 10 + 39·min(.8163, .65)/.65
    [17, 8, 10, 4, 'bearish', 31], // r .3469 ≤ .35: 10 + 39·.3469/.65 = 30.8
    [18, 8, 10, 4, 'neutral', 57], // r .3673: 50 + 19·.3673 = 57.0
  ])('score %d, fragility %d, convexity %d, skin %d → %s %i', (score, fragility, convexity, skin, signal, confidence) => {
    expect(nassimTaleb.rules(withParts(score, fragility, convexity, skin))).toMatchObject({ signal, confidence });
  });
});
