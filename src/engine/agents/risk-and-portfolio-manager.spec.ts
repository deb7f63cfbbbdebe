import type { PriceBar } from '../data/types';
import { createPortfolio } from '../portfolio/ledger';
import { allowedActions, rulePortfolioManager, signalScore } from './portfolio-manager';
import { assessRisk, correlationMultiplier, volatilityMultiplier } from './risk-manager';
import type { AgentSignal, RiskAssessment } from './types';

/** 61 closes alternating +1 % and −1 %: 30 returns of each sign. */
function alternating(start: number): PriceBar[] {
  const bars: PriceBar[] = [];
  let close = start;
  for (let i = 0; i <= 60; i += 1) {
    if (i > 0) close *= i % 2 === 1 ? 1.01 : 0.99;
    const time = new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10);
    bars.push({ time, open: close, high: close, low: close, close, volume: 1 });
  }
  return bars;
}

describe('risk manager', () => {
  it('has a continuous, non-increasing volatility multiplier (the anchor jumped at 30 % and 50 %)', () => {
    expect(volatilityMultiplier(0.1)).toBe(1.25);
    expect(volatilityMultiplier(0.225)).toBeCloseTo(1.125, 12);
    expect(volatilityMultiplier(0.3)).toBeCloseTo(1.0, 12);
    expect(volatilityMultiplier(0.4)).toBeCloseTo(0.875, 12);
    expect(volatilityMultiplier(0.75)).toBeCloseTo(0.5, 12);
    expect(volatilityMultiplier(3)).toBe(0.25);
    let largestRise = 0;
    let largestDrop = 0;
    for (let step = 1; step <= 3000; step += 1) {
      const change = volatilityMultiplier(step * 0.0005) - volatilityMultiplier((step - 1) * 0.0005);
      largestRise = Math.max(largestRise, change);
      largestDrop = Math.max(largestDrop, -change);
    }
    expect(largestRise).toBeLessThanOrEqual(1e-12);
    // no jump: the steepest segment (15 % → 30 %) falls 0.25/0.15 per unit of vol, 0.0005·5/3 per step
    expect(largestDrop).toBeCloseTo((0.0005 * 5) / 3, 9);
  });

  it('uses the anchor correlation steps', () => {
    expect([0.9, 0.7, 0.5, 0.3, 0.1, null].map(correlationMultiplier)).toEqual([0.7, 0.85, 1.0, 1.05, 1.1, 1]);
  });

  it('sizes limits from volatility and correlation on the margin-correct NAV (hand-derived)', () => {
    const bars = { AAA: alternating(100), BBB: alternating(50) };
    const portfolio = createPortfolio({ tickers: ['AAA', 'BBB'], initial_cash: 100_000, margin_requirement: 0.5 });
    const risk = assessRisk(['AAA', 'BBB'], bars, portfolio);
    // daily vol: 30 returns of +1 % and 30 of −1 % → sample std 0.01·√(60/59); annualised ×√252 ≈ 16.0 %
    const daily = 0.01 * Math.sqrt(60 / 59);
    const annual = daily * Math.sqrt(252);
    // 15 % → 1.25 and 30 % → 1.0 linearly; identical return patterns → correlation 1 → ×0.70
    const multiplier = 1.25 - ((annual - 0.15) / 0.15) * 0.25;
    const limit = 100_000 * 0.2 * multiplier * 0.7;
    expect(risk.AAA.volatility_metrics.daily_volatility).toBeCloseTo(daily, 12);
    // every 30-return window (15 of each sign) has std 0.01·√(30/29) > the current → percentile 0
    expect(risk.AAA.volatility_metrics.volatility_percentile).toBe(0);
    expect(risk.AAA.correlation_metrics.avg_correlation_with_active).toBeCloseTo(1, 12);
    expect(risk.AAA.correlation_metrics.top_correlated_tickers).toEqual([{ ticker: 'BBB', correlation: expect.closeTo(1, 12) }]);
    expect(risk.AAA.remaining_position_limit).toBeCloseTo(limit, 6);
    expect(risk.AAA.remaining_short_limit).toBeCloseTo(limit, 6);
    expect(risk.BBB.current_price).toBeCloseTo(50 * 0.9999 ** 30, 9);
  });

  it('measures each ticker on its own returns: volatility, percentile and correlations recomputed two-pass, window by window', () => {
    const walk = (seed: number, scale: number): PriceBar[] => {
      let state = seed;
      let close = 100;
      return Array.from({ length: 90 }, (_, i) => {
        if (i > 0) {
          state = (state * 48271) % 2147483647;
          close *= 1 + (state / 2147483647 - 0.5) * scale;
        }
        return { time: new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10), open: close, high: close, low: close, close, volume: 1 };
      });
    };
    const bars = { AAA: walk(11, 0.02), BBB: walk(23, 0.05), CCC: walk(37, 0.03) };
    const returns = (series: PriceBar[]): number[] => series.slice(1).map((bar, i) => bar.close / series[i].close - 1);
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    const std = (xs: number[]): number => Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1));
    const pearson = (a: number[], b: number[]): number => {
      const [ma, mb] = [mean(a), mean(b)];
      const cov = a.reduce((sum, x, i) => sum + (x - ma) * (b[i] - mb), 0);
      return cov / Math.sqrt(a.reduce((sum, x) => sum + (x - ma) ** 2, 0) * b.reduce((sum, y) => sum + (y - mb) ** 2, 0));
    };
    const risk = assessRisk(['AAA', 'BBB', 'CCC'], bars, createPortfolio({ tickers: ['AAA', 'BBB', 'CCC'], initial_cash: 100_000 }));
    for (const [ticker, others] of [['AAA', ['BBB', 'CCC']], ['BBB', ['AAA', 'CCC']], ['CCC', ['AAA', 'BBB']]] as const) {
      const own = returns(bars[ticker]);
      const daily = std(own.slice(-60));
      const windows = own.slice(29).map((_, i) => std(own.slice(i, i + 30)));
      const metrics = risk[ticker].volatility_metrics;
      expect(metrics.daily_volatility).toBeCloseTo(daily, 12);
      expect(metrics.volatility_percentile).toBeCloseTo((windows.filter((w) => w <= daily).length / windows.length) * 100, 9);
      const correlations = others.map((other) => pearson(own, returns(bars[other])));
      expect(risk[ticker].correlation_metrics.avg_correlation_with_active).toBeCloseTo((correlations[0] + correlations[1]) / 2, 12);
      expect(risk[ticker].correlation_metrics.max_correlation_with_active).toBeCloseTo(Math.max(...correlations), 12);
    }
    // not vacuous: the three walks are not alike
    expect(std(returns(bars.BBB).slice(-60)) / std(returns(bars.AAA).slice(-60))).toBeGreaterThan(1.5);
    expect(Math.abs(pearson(returns(bars.AAA), returns(bars.BBB)))).toBeLessThan(0.5);
  });

  it('never goes negative, caps longs by cash and shorts by the collateral cash can post', () => {
    const bars = { AAA: alternating(100), BBB: alternating(50) };
    const price = 100 * 0.9999 ** 30;
    const big = createPortfolio({ tickers: ['AAA', 'BBB'], initial_cash: 100_000, positions: [{ ticker: 'AAA', quantity: 10_000, trade_price: 100 }] });
    const crowded = assessRisk(['AAA', 'BBB'], bars, big);
    // AAA already holds ~1M of a ~1.1M NAV, far above its ~19 % limit: nothing left (the anchor said < 0)
    expect(crowded.AAA.remaining_position_limit).toBe(0);
    expect(crowded.AAA.remaining_short_limit).toBe(0);

    const smallCash = createPortfolio({ tickers: ['AAA', 'BBB'], initial_cash: 1_000, margin_requirement: 0.25, positions: [{ ticker: 'BBB', quantity: 2_000, trade_price: 50 }] });
    const risk = assessRisk(['AAA', 'BBB'], bars, smallCash);
    const reasoning = risk.AAA.reasoning as { remaining_limit: number };
    expect(reasoning.remaining_limit).toBeGreaterThan(4_000);
    expect(risk.AAA.remaining_position_limit).toBe(1_000); // buying needs the cash
    expect(risk.AAA.remaining_short_limit).toBe(4_000); // 25 % collateral: 1,000 of cash backs 4,000 of shorts
    expect(risk.AAA.current_price).toBeCloseTo(price, 9);
  });

  it('gives a zero limit and an error when a ticker has no price', () => {
    const risk = assessRisk(['AAA'], { AAA: [] }, createPortfolio({ tickers: ['AAA'], initial_cash: 1000 }));
    expect(risk.AAA).toMatchObject({ remaining_position_limit: 0, remaining_short_limit: 0, current_price: 0, reasoning: { error: 'No price data for AAA' } });
  });
});

describe('rule portfolio manager', () => {
  const risk = (price: number, longLimit: number, shortLimit: number): RiskAssessment => ({
    remaining_position_limit: longLimit,
    remaining_short_limit: shortLimit,
    current_price: price,
    volatility_metrics: { daily_volatility: 0.01, annualized_volatility: 0.16, volatility_percentile: 50, data_points: 60 },
    correlation_metrics: { avg_correlation_with_active: null, max_correlation_with_active: null, top_correlated_tickers: [] },
    reasoning: { error: 'fixture' },
  });
  const signal = (direction: AgentSignal['signal'], confidence: number): AgentSignal => ({ signal: direction, confidence, reasoning: '' });

  it('allows buy up to the limit and cash, short up to the short limit, sell/cover what is held', () => {
    const portfolio = createPortfolio({ tickers: ['AAA'], initial_cash: 10_000, positions: [{ ticker: 'AAA', quantity: 30, trade_price: 40 }] });
    // buy: min(floor(5,000/50), floor(10,000/50)) = 100; short: floor(3,000/50) = 60; sell: 30 held
    expect(allowedActions(portfolio, 'AAA', risk(50, 5_000, 3_000))).toEqual({ hold: 0, sell: 30, buy: 100, short: 60 });
    expect(allowedActions(portfolio, 'AAA', risk(0, 5_000, 3_000))).toEqual({ hold: 0, sell: 30 });
  });

  it('scores Σ direction·confidence / n and sizes the trade as that share of the maximum', () => {
    // (0.8 + 0.6 + 0) / 3 = 0.4667
    const signals = [signal('bullish', 80), signal('bullish', 60), signal('neutral', 50)];
    expect(signalScore(signals)).toBeCloseTo(1.4 / 3, 12);
    const flat = createPortfolio({ tickers: ['AAA'], initial_cash: 10_000 });
    const decisions = rulePortfolioManager({
      tickers: ['AAA'],
      portfolio: flat,
      analystSignals: { technical_analyst: { AAA: signals[0] }, fundamentals_analyst: { AAA: signals[1] }, sentiment_analyst: { AAA: signals[2] } },
      risk: { AAA: risk(50, 5_000, 3_000) },
    });
    // floor(100 · 0.4667) = 46
    expect(decisions.AAA).toEqual({
      action: 'buy',
      quantity: 46,
      confidence: 46.7,
      reasoning: 'Score 0.47 (2 bullish, 0 bearish, 1 neutral): bullish, buy 46 of 100 allowed',
    });
  });

  it('closes the opposite side first and holds inside the ±0.2 band', () => {
    const long = createPortfolio({ tickers: ['AAA'], initial_cash: 10_000, positions: [{ ticker: 'AAA', quantity: 30, trade_price: 40 }] });
    const short = createPortfolio({ tickers: ['AAA'], initial_cash: 10_000, positions: [{ ticker: 'AAA', quantity: -20, trade_price: 40 }] });
    const decide = (portfolio: typeof long, signals: AgentSignal[]) =>
      rulePortfolioManager({
        tickers: ['AAA'],
        portfolio,
        analystSignals: Object.fromEntries(signals.map((s, i) => [`a${i}`, { AAA: s }])),
        risk: { AAA: risk(50, 5_000, 3_000) },
      }).AAA;
    expect(decide(long, [signal('bearish', 90)])).toMatchObject({ action: 'sell', quantity: 30 });
    expect(decide(short, [signal('bullish', 90)])).toMatchObject({ action: 'cover', quantity: 20 });
    // bearish 0.9 on a flat book: short floor(60 · 0.9) = 54
    expect(decide(createPortfolio({ tickers: ['AAA'], initial_cash: 10_000 }), [signal('bearish', 90)])).toMatchObject({ action: 'short', quantity: 54 });
    // (0.3 − 0.1) / 2 = 0.1 → hold
    expect(decide(long, [signal('bullish', 30), signal('bearish', 10)])).toMatchObject({ action: 'hold', quantity: 0 });
    // no signals at all → hold
    expect(decide(long, [])).toMatchObject({ action: 'hold', quantity: 0 });
  });
});
