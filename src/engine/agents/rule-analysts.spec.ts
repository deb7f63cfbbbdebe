import { MemoryData } from '../backtest/memory-data';
import { WindowedData } from '../backtest/windowed-data';
import type { CompanyNews, FinancialMetrics, InsiderTrade, LineItem } from '../data/types';
import { createPortfolio } from '../portfolio/ledger';
import { analyzeFundamentals, fundamentalsAnalyst } from './fundamentals-analyst';
import { analyzeGrowth, growthAnalyst, insiderFlow, trendSlope } from './growth-analyst';
import { analyzeSentiment, sentimentAnalyst } from './sentiment-analyst';
import type { AgentContext } from './types';
import { analyzeValuation, evEbitdaValue, ownerEarningsValue, residualIncomeValue, valuationAnalyst } from './valuation-analyst';

const NULL_METRICS: FinancialMetrics = {
  ticker: 'AAA', report_period: '2024-03-31', period: 'ttm', currency: 'USD',
  market_cap: null, enterprise_value: null, price_to_earnings_ratio: null, price_to_book_ratio: null, price_to_sales_ratio: null,
  enterprise_value_to_ebitda_ratio: null, enterprise_value_to_revenue_ratio: null, free_cash_flow_yield: null, peg_ratio: null,
  gross_margin: null, operating_margin: null, net_margin: null, return_on_equity: null, return_on_assets: null,
  return_on_invested_capital: null, asset_turnover: null, inventory_turnover: null, receivables_turnover: null,
  days_sales_outstanding: null, operating_cycle: null, working_capital_turnover: null, current_ratio: null, quick_ratio: null,
  cash_ratio: null, operating_cash_flow_ratio: null, debt_to_equity: null, debt_to_assets: null, interest_coverage: null,
  revenue_growth: null, earnings_growth: null, book_value_growth: null, earnings_per_share_growth: null,
  free_cash_flow_growth: null, operating_income_growth: null, ebitda_growth: null, payout_ratio: null,
  earnings_per_share: null, book_value_per_share: null, free_cash_flow_per_share: null,
};
const metrics = (fields: Partial<FinancialMetrics>): FinancialMetrics => ({ ...NULL_METRICS, ...fields });

const trade = (shares: number, value: number): InsiderTrade => ({
  ticker: 'AAA', issuer: null, name: null, title: null, is_board_director: null, transaction_date: null,
  transaction_shares: shares, transaction_price_per_share: null, transaction_value: value,
  shares_owned_before_transaction: null, shares_owned_after_transaction: null, security_title: null, filing_date: '2024-01-10',
});
const news = (sentiment: CompanyNews['sentiment']): CompanyNews => ({ ticker: 'AAA', title: 't', author: null, source: 's', date: '2024-01-10', url: 'u', sentiment });

describe('fundamentals analyst', () => {
  it('scores each group: 2 of 3 → bullish (bearish for price ratios), 0 → the opposite; majority with confidence max/4', () => {
    const result = analyzeFundamentals(
      metrics({
        return_on_equity: 0.2, net_margin: 0.25, operating_margin: 0.1, // 2 pass → bullish
        revenue_growth: 0.05, earnings_growth: 0.05, book_value_growth: 0.05, // 0 pass → bearish
        current_ratio: 2, debt_to_equity: 0.3, free_cash_flow_per_share: 5, earnings_per_share: 4, // 3 pass → bullish
        price_to_earnings_ratio: 30, price_to_book_ratio: 5, price_to_sales_ratio: 2, // 2 expensive → bearish
      }),
    );
    expect(result.signal).toBe('neutral'); // 2 bullish vs 2 bearish
    expect(result.confidence).toBe(50);
    expect(result.reasoning).toMatchObject({
      profitability_signal: { signal: 'bullish' },
      growth_signal: { signal: 'bearish' },
      financial_health_signal: { signal: 'bullish' },
      price_ratios_signal: { signal: 'bearish' },
    });
  });

  it('treats missing values as unknown, not as cheap', () => {
    const result = analyzeFundamentals(metrics({ return_on_equity: 0.3, net_margin: 0.3 }));
    // profitability bullish; the three other groups have no data → neutral; 1 of 4 → 25
    expect(result).toMatchObject({ signal: 'bullish', confidence: 25 });
    expect(analyzeFundamentals(undefined)).toEqual({ signal: 'neutral', confidence: 0, reasoning: 'No financial metrics' });
  });
});

describe('sentiment analyst', () => {
  it('weights insiders 0.3 and news 0.7: bullish 2·0.3 + 2·0.7 = 2.0 of 3·0.3 + 5·0.7 = 4.4 → 45.5', () => {
    const result = analyzeSentiment(
      [trade(100, 1000), trade(-50, -500), trade(20, 200), { ...trade(0, 0), transaction_shares: null }],
      [news('positive'), news('positive'), news('negative'), news('neutral'), news(null)],
    );
    expect(result.signal).toBe('bullish');
    expect(result.confidence).toBe(45.5);
    expect(result.reasoning).toMatchObject({ weighted_bullish: 2, weighted_bearish: 1 });
  });

  it('is neutral with confidence 0 without data', () => {
    expect(analyzeSentiment([], [])).toMatchObject({ signal: 'neutral', confidence: 0 });
  });
});

describe('growth analyst', () => {
  it('fits trends oldest → newest', () => {
    // newest first 0.25, 0.2, 0.15, 0.1 → chronological 0.1 … 0.25: slope +0.05
    expect(trendSlope([0.25, 0.2, 0.15, 0.1])).toBeCloseTo(0.05, 12);
    expect(trendSlope([null, 0.3])).toBe(0);
  });

  it('nets insider flow by value: buys 1,000 vs sells 3,000 → ratio −0.5 → score 0.2', () => {
    expect(insiderFlow([trade(10, 1000), trade(-30, -3000)])).toEqual({ score: 0.2, net_flow_ratio: -0.5 });
  });

  it('weights growth .40, valuation .25, margins .15, insider .10, health .10 (worked example)', () => {
    const history = [
      metrics({ revenue_growth: 0.25, earnings_per_share_growth: 0.15, free_cash_flow_growth: 0.2, peg_ratio: 1.5, price_to_sales_ratio: 3, gross_margin: 0.6, operating_margin: 0.1, net_margin: 0.1, debt_to_equity: 1.0, current_ratio: 1.2 }),
      metrics({ revenue_growth: 0.2, earnings_per_share_growth: 0.16, gross_margin: 0.55, operating_margin: 0.1, net_margin: 0.12 }),
      metrics({ revenue_growth: 0.15, earnings_per_share_growth: 0.18, gross_margin: 0.5, operating_margin: 0.1, net_margin: 0.14 }),
      metrics({ revenue_growth: 0.1, earnings_per_share_growth: 0.2, gross_margin: 0.45, operating_margin: 0.1, net_margin: 0.16 }),
    ];
    // growth: revenue > 20 % (+.4) and accelerating (+.1); EPS > 10 % (+.1), decelerating; FCF > 15 % (+.1) → 0.7
    // valuation: PEG < 2 (+.25), P/S < 5 (+.25) → 0.5
    // margins: gross > 50 % (+.2) and expanding (+.2); operating 10 % and flat; net shrinking → 0.4
    // insider: ratio −0.5 → 0.2; health: D/E 1.0 (−.2), current ratio 1.2 (−.2) → 0.6
    // 0.7·.4 + 0.5·.25 + 0.4·.15 + 0.2·.1 + 0.6·.1 = 0.545 → neutral, confidence |0.045|·200 = 9
    const result = analyzeGrowth(history, [trade(10, 1000), trade(-30, -3000)]);
    const near = (value: number): unknown => expect.closeTo(value, 12);
    expect(result.reasoning).toMatchObject({ scores: { growth: near(0.7), valuation: near(0.5), margins: near(0.4), insider: near(0.2), health: near(0.6) }, weighted_score: 0.545 });
    expect(result.signal).toBe('neutral');
    expect(result.confidence).toBe(9);
    expect(analyzeGrowth(history.slice(0, 3), [])).toMatchObject({ signal: 'neutral', confidence: 0 });
  });
});

describe('valuation analyst', () => {
  it('values each method as worked out independently (Python, documented below)', () => {
    // residual income: book 1000/2 = 500, RI0 = 150 − 0.1·500 = 100, 5 years at +3 %/10 %, terminal /0.07, ×0.8
    expect(residualIncomeValue(1000, 150, 2, 0.03)).toBeCloseTo(1577.1428571428569, 6);
    // owner earnings: 100 + 20 − |−30| − 10 = 80, 5 years at +5 %/15 %, terminal growth 3 %, ×0.75
    expect(ownerEarningsValue(100, 20, -30, 10, 0.05)).toBeCloseTo(557.028187435008, 6);
    // EV/EBITDA: EBITDA 1200/12 = 100 at the median multiple 10, less net debt 1200 − 1000
    expect(evEbitdaValue([
      metrics({ enterprise_value: 1200, enterprise_value_to_ebitda_ratio: 12, market_cap: 1000 }),
      metrics({ enterprise_value_to_ebitda_ratio: 10 }),
      metrics({ enterprise_value_to_ebitda_ratio: 8 }),
    ])).toBe(800);
  });

  it('weights the methods that give a value: gap = Σ w·(v − MC)/MC / Σ w', () => {
    const fm = [
      metrics({ enterprise_value: 1200, enterprise_value_to_ebitda_ratio: 12, market_cap: 1000, price_to_book_ratio: 2, book_value_growth: 0.03, earnings_growth: 0.05 }),
      metrics({ enterprise_value_to_ebitda_ratio: 10 }),
      metrics({ enterprise_value_to_ebitda_ratio: 8 }),
    ];
    const item = (fields: Record<string, number>): LineItem => ({ ticker: 'AAA', report_period: '2024-03-31', period: 'ttm', currency: 'USD', ...fields });
    const lineItems = [
      item({ free_cash_flow: -10, net_income: 150, depreciation_and_amortization: 20, capital_expenditure: -30, working_capital: 60 }),
      item({ free_cash_flow: 5, net_income: 120, depreciation_and_amortization: 20, capital_expenditure: -30, working_capital: 50 }),
    ];
    // DCF 0 (latest FCF negative) is left out; owner earnings 905.1708 (OE 130), EV/EBITDA 800, RI 1577.1429:
    // (0.35·(−0.0948292) + 0.2·(−0.2) + 0.1·0.5771429) / 0.65 = −0.0238091 → neutral, confidence 7.9
    const result = analyzeValuation(fm, lineItems, 1000);
    expect(result.signal).toBe('neutral');
    expect(result.confidence).toBe(7.9);
    expect((result.reasoning as { weighted_gap: number }).weighted_gap).toBeCloseTo(-0.023809127203159263, 9);
    expect(result.reasoning).not.toHaveProperty('dcf_analysis');
    expect(analyzeValuation(fm, lineItems.slice(0, 1), 1000)).toMatchObject({ signal: 'neutral', confidence: 0 });
    expect(analyzeValuation(fm, lineItems, null)).toEqual({ signal: 'neutral', confidence: 0, reasoning: 'Market cap unavailable' });
  });
});

describe('rule analysts as agents (reading through the data port)', () => {
  const portfolio = createPortfolio({ tickers: ['AAA'], initial_cash: 1000 });
  const context = (data: MemoryData, endDate: string): AgentContext => ({ tickers: ['AAA'], startDate: '2023-01-01', endDate, data, portfolio });

  it('fundamentals reads the latest TTM report on or before the decision date, never a later one', async () => {
    const strong = metrics({ report_period: '2024-03-31', return_on_equity: 0.3, net_margin: 0.3, operating_margin: 0.3 });
    const weak = metrics({ report_period: '2024-06-30', return_on_equity: 0.01, net_margin: 0.01, operating_margin: 0.01 });
    const data = new MemoryData({ financialMetrics: { AAA: [strong, weak] } });
    expect((await fundamentalsAnalyst(context(data, '2024-05-01'), 'f')).AAA).toMatchObject({ signal: 'bullish', confidence: 25 });
    expect((await fundamentalsAnalyst(context(data, '2024-07-01'), 'f')).AAA).toMatchObject({ signal: 'bearish', confidence: 25 });
  });

  it('sentiment counts only insider trades and news filed by the decision date', async () => {
    const data = new MemoryData({
      insiderTrades: { AAA: [{ ...trade(-10, -100), filing_date: '2024-01-05' }, { ...trade(10, 100), filing_date: '2024-02-05' }] },
      news: { AAA: [{ ...news('negative'), date: '2024-01-06' }, { ...news('positive'), date: '2024-02-06' }, { ...news('positive'), date: '2024-02-07' }] },
    });
    // by 01-31: one bearish insider sale (0.3) and one negative article (0.7) → bearish, 1.0/1.0 = 100
    expect((await sentimentAnalyst(context(data, '2024-01-31'), 's')).AAA).toMatchObject({ signal: 'bearish', confidence: 100 });
    // by 02-28: bullish 0.3 + 1.4 = 1.7 vs bearish 1.0 of 0.6 + 2.1 = 2.7 → 63.0
    expect((await sentimentAnalyst(context(data, '2024-02-28'), 's')).AAA).toMatchObject({ signal: 'bullish', confidence: 63 });
  });

  it('growth and valuation stay neutral with a reason when the port has too little history', async () => {
    const data = new MemoryData({ financialMetrics: { AAA: [metrics({ market_cap: 1000 })] } });
    expect((await growthAnalyst(context(data, '2024-12-31'), 'g')).AAA).toEqual({ signal: 'neutral', confidence: 0, reasoning: 'Not enough financial metrics (need 4 periods)' });
    expect((await valuationAnalyst(context(data, '2024-12-31'), 'v')).AAA).toEqual({ signal: 'neutral', confidence: 0, reasoning: 'Insufficient financial line items (need 2 periods)' });
  });
});

describe('rule analysts over the backtest windows (an unchanged window is analysed once; a changed one anew)', () => {
  const portfolio = createPortfolio({ tickers: ['AAA'], initial_cash: 1000 });
  const context = (data: WindowedData, endDate: string): AgentContext => ({ tickers: ['AAA'], startDate: '2023-01-01', endDate, data: data.asOf(endDate), portfolio });
  const quarters = ['2023-03-31', '2023-06-30', '2023-09-30', '2023-12-31'].map((report_period) => metrics({ report_period }));

  it('growth: the same four reports, a sale filed in between → the insider score and the signal follow the trades', async () => {
    const data = new WindowedData(
      new MemoryData({
        financialMetrics: { AAA: quarters },
        insiderTrades: { AAA: [{ ...trade(10, 1000), filing_date: '2024-01-10' }, { ...trade(-30, -3000), filing_date: '2024-02-10' }] },
      }),
      '2023-01-01',
      '2024-12-31',
    );
    // every ratio unknown: growth, valuation and margins 0, health 1 (weight .10); the insider score alone moves:
    // 01-31 buys 1,000 only → ratio 1 → score 1 → 0.10 + 0.10 = 0.20 → bearish, |0.20 − 0.5|·200 = 60
    const january = (await growthAnalyst(context(data, '2024-01-31'), 'g')).AAA;
    expect(january).toMatchObject({ signal: 'bearish', confidence: 60, reasoning: { net_flow_ratio: 1 } });
    // 02-29 buys 1,000 vs sells 3,000 → ratio −0.5 → score 0.2 → 0.02 + 0.10 = 0.12 → |0.12 − 0.5|·200 = 76
    expect((await growthAnalyst(context(data, '2024-02-29'), 'g')).AAA).toMatchObject({ signal: 'bearish', confidence: 76, reasoning: { net_flow_ratio: -0.5 } });
    expect((await growthAnalyst(context(data, '2024-03-29'), 'g')).AAA).toMatchObject({ signal: 'bearish', confidence: 76, reasoning: { net_flow_ratio: -0.5 } });
  });

  it('sentiment: the same insider sale, news arriving → the news count follows the news', async () => {
    const data = new WindowedData(
      new MemoryData({
        insiderTrades: { AAA: [{ ...trade(-10, -100), filing_date: '2024-01-05' }] },
        news: { AAA: [{ ...news('negative'), date: '2024-01-06' }, { ...news('positive'), date: '2024-02-06' }, { ...news('positive'), date: '2024-02-07' }] },
      }),
      '2023-01-01',
      '2024-12-31',
    );
    // 01-31: bearish 0.3 (sale) + 0.7 (negative) of 1.0 → bearish 100
    expect((await sentimentAnalyst(context(data, '2024-01-31'), 's')).AAA).toMatchObject({ signal: 'bearish', confidence: 100 });
    // 02-28: bullish 2·0.7 = 1.4 vs bearish 1.0, of 0.3 + 3·0.7 = 2.4 → 1.4/2.4 = 58.3
    expect((await sentimentAnalyst(context(data, '2024-02-28'), 's')).AAA).toMatchObject({
      signal: 'bullish',
      confidence: 58.3,
      reasoning: { insider_trading: { bullish: 0, bearish: 1 }, news_sentiment: { bullish: 2, bearish: 1, neutral: 0 } },
    });
  });

  it('fundamentals: a new report replaces the remembered analysis', async () => {
    const strong = metrics({ report_period: '2024-03-31', return_on_equity: 0.3, net_margin: 0.3, operating_margin: 0.3, market_cap: 1000 });
    const weak = metrics({ report_period: '2024-06-30', return_on_equity: 0.01, net_margin: 0.01, operating_margin: 0.01, market_cap: 1000 });
    const data = new WindowedData(new MemoryData({ financialMetrics: { AAA: [strong, weak] } }), '2023-01-01', '2024-12-31');
    expect((await fundamentalsAnalyst(context(data, '2024-05-01'), 'f')).AAA).toMatchObject({ signal: 'bullish', confidence: 25 });
    expect((await fundamentalsAnalyst(context(data, '2024-05-02'), 'f')).AAA).toMatchObject({ signal: 'bullish', confidence: 25 });
    expect((await fundamentalsAnalyst(context(data, '2024-07-01'), 'f')).AAA).toMatchObject({ signal: 'bearish', confidence: 25 });
  });
});
