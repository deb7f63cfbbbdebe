import { parseIsoDay } from '../civil-days';
import { SyntheticMarket } from './synthetic-market';

function day(text: string): number {
  const parsed = parseIsoDay(text);
  if (parsed === null) throw new Error(`bad test date ${text}`);
  return parsed;
}

function close(a: number, b: number, relative = 1e-9): boolean {
  return Math.abs(a - b) <= relative * Math.max(Math.abs(a), Math.abs(b));
}

describe('SyntheticMarket fundamentals', () => {
  const market = new SyntheticMarket(42);
  const end = day('2024-05-15');

  it('lists the latest periods on or before the end date, newest first', () => {
    expect(market.financialMetrics('MSFT', end, 'quarterly', 3).map((m) => m.report_period)).toEqual(['2024-03-31', '2023-12-31', '2023-09-30']);
    expect(market.financialMetrics('MSFT', end, 'ttm', 2).map((m) => m.report_period)).toEqual(['2024-03-31', '2023-12-31']);
    expect(market.financialMetrics('MSFT', end, 'annual', 2).map((m) => m.report_period)).toEqual(['2023-12-31', '2022-12-31']);
    expect(market.financialMetrics('MSFT', end, 'ttm', 1)[0]).toMatchObject({ ticker: 'MSFT', period: 'ttm', currency: 'USD' });
  });

  it('prices the company at the closing price of the report date (market cap = close × shares)', () => {
    const [metrics] = market.financialMetrics('AMZN', end, 'ttm', 1);
    const [item] = market.lineItems('AMZN', ['outstanding_shares'], end, 'ttm', 1);
    const closeAtReport = market.prices('AMZN', day('2024-03-25'), day('2024-03-31')).at(-1);
    expect(closeAtReport?.time).toBe('2024-03-28');
    expect(close(metrics.market_cap ?? 0, (closeAtReport?.close ?? 0) * Number(item.outstanding_shares))).toBe(true);
  });

  it('keeps ratios consistent with the line items', () => {
    const [metrics] = market.financialMetrics('AMZN', end, 'ttm', 1);
    const [item] = market.lineItems('AMZN', ['net_income', 'revenue', 'shareholders_equity', 'free_cash_flow'], end, 'ttm', 1);
    const netIncome = Number(item.net_income);
    if (netIncome > 0) expect(close((metrics.price_to_earnings_ratio ?? 0) * netIncome, metrics.market_cap ?? 0)).toBe(true);
    expect(close((metrics.price_to_sales_ratio ?? 0) * Number(item.revenue), metrics.market_cap ?? 0)).toBe(true);
    expect(close((metrics.price_to_book_ratio ?? 0) * Number(item.shareholders_equity), metrics.market_cap ?? 0)).toBe(true);
    expect(close(metrics.net_margin ?? 0, netIncome / Number(item.revenue))).toBe(true);
  });

  it('sums four quarters into the annual and ttm flows', () => {
    const quarters = market.lineItems('NVDA', ['revenue'], day('2023-12-31'), 'quarterly', 4).map((i) => Number(i.revenue));
    const [annual] = market.lineItems('NVDA', ['revenue'], day('2023-12-31'), 'annual', 1);
    const [ttm] = market.lineItems('NVDA', ['revenue'], day('2023-12-31'), 'ttm', 1);
    const sum = quarters.reduce((s, r) => s + r, 0);
    expect(close(Number(annual.revenue), sum)).toBe(true);
    expect(close(Number(ttm.revenue), sum)).toBe(true);
  });

  it('evolves quarter to quarter with plausible multiples', () => {
    const history = market.financialMetrics('ACME', end, 'ttm', 40);
    expect(history).toHaveLength(40);
    const revenues = market.lineItems('ACME', ['revenue'], end, 'quarterly', 40).map((i) => Number(i.revenue));
    expect(new Set(revenues).size).toBe(40);
    const ps = history.map((m) => m.price_to_sales_ratio ?? 0);
    expect(Math.min(...ps)).toBeGreaterThan(0.1);
    expect(Math.max(...ps)).toBeLessThan(50);
    const growth = history.slice(0, 36).map((m) => m.revenue_growth ?? 0);
    expect(growth.every((g) => Math.abs(g) < 0.5)).toBe(true);
  });

  it('makes some companies cyclical: margins swing well beyond the noise, into losses for the thin-margin ones', () => {
    const tickers = Array.from({ length: 30 }, (_, i) => `CY${i}`);
    const ranges = tickers.map((ticker) => {
      const margins = market.lineItems(ticker, ['operating_margin'], end, 'quarterly', 40).map((i) => Number(i.operating_margin));
      return { swing: Math.max(...margins) - Math.min(...margins), lowest: Math.min(...margins) };
    });
    // quarterly noise alone (σ 2 pts) keeps the 10-year range of a steady company under about 13 pts
    const cyclical = ranges.filter((r) => r.swing > 0.15).length;
    expect(cyclical).toBeGreaterThanOrEqual(3);
    expect(cyclical).toBeLessThanOrEqual(20);
    expect(ranges.some((r) => r.lowest < 0)).toBe(true);
    // deterministic per seed
    expect(new SyntheticMarket(42).lineItems('CY3', ['operating_margin'], end, 'quarterly', 8)).toEqual(market.lineItems('CY3', ['operating_margin'], end, 'quarterly', 8));
  });

  it('answers null for a line item it does not model', () => {
    const [item] = market.lineItems('IBM', ['revenue', 'made_up_item'], end, 'annual', 1);
    expect(item.made_up_item).toBeNull();
    expect(Number(item.revenue)).toBeGreaterThan(0);
  });

  it('gives a market cap equal to the latest close times the latest quarter shares', () => {
    const cap = market.marketCap('IBM', day('2024-05-17'));
    const [item] = market.lineItems('IBM', ['outstanding_shares'], day('2024-05-17'), 'quarterly', 1);
    const lastClose = market.prices('IBM', day('2024-05-10'), day('2024-05-17')).at(-1)?.close ?? 0;
    expect(close(cap ?? 0, lastClose * Number(item.outstanding_shares))).toBe(true);
    expect(market.marketCap('IBM', day('1980-01-01'))).toBeNull();
  });
});

describe('SyntheticMarket insider trades and news', () => {
  const market = new SyntheticMarket(42);

  it('lists insider trades by filing date within the range, newest first, buys and sells', () => {
    const trades = market.insiderTrades('AAPL', day('2024-06-30'), day('2022-01-01'), 1000);
    expect(trades.length).toBeGreaterThan(20);
    expect(trades.every((t) => t.filing_date >= '2022-01-01' && t.filing_date <= '2024-06-30')).toBe(true);
    expect(trades.map((t) => t.filing_date)).toEqual([...trades.map((t) => t.filing_date)].sort().reverse());
    expect(trades.some((t) => (t.transaction_shares ?? 0) > 0)).toBe(true);
    expect(trades.some((t) => (t.transaction_shares ?? 0) < 0)).toBe(true);
    const trade = trades[0];
    const bar = market.prices('AAPL', day(trade.transaction_date ?? ''), day(trade.transaction_date ?? ''))[0];
    expect(trade.transaction_price_per_share).toBe(bar.close);
    expect(trade.shares_owned_after_transaction).toBe(Math.max(0, (trade.shares_owned_before_transaction ?? 0) + (trade.transaction_shares ?? 0)));
  });

  it('respects the limit and is stable across ranges', () => {
    const few = market.insiderTrades('AAPL', day('2024-06-30'), null, 5);
    const many = market.insiderTrades('AAPL', day('2024-06-30'), day('2023-01-01'), 1000);
    expect(few).toHaveLength(5);
    expect(few).toEqual(many.slice(0, 5));
  });

  it('writes news whose sentiment follows the day return', () => {
    const news = market.companyNews('TSLA', day('2024-06-30'), day('2020-01-01'), 10_000);
    expect(news.length).toBeGreaterThan(300);
    expect(news.every((n) => n.source === 'Synthetic Newswire' && n.url.startsWith('https://synthetic.invalid/'))).toBe(true);
    const closes = new Map(market.prices('TSLA', day('2019-12-01'), day('2024-06-30')).map((b, i, all) => [b.time, i === 0 ? 0 : b.close / all[i - 1].close - 1]));
    let agree = 0;
    let disagree = 0;
    for (const item of news) {
      const ret = closes.get(item.date.slice(0, 10)) ?? 0;
      if ((item.sentiment === 'positive' && ret > 0) || (item.sentiment === 'negative' && ret < 0)) agree += 1;
      if ((item.sentiment === 'positive' && ret < 0) || (item.sentiment === 'negative' && ret > 0)) disagree += 1;
    }
    expect(agree).toBeGreaterThan(2 * disagree);
    expect(market.companyNews('TSLA', day('2024-06-30'), null, 7)).toHaveLength(7);
  });
});
