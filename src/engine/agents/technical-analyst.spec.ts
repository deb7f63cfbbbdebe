import type { PriceBar } from '../data/types';
import { MemoryData } from '../backtest/memory-data';
import { createPortfolio } from '../portfolio/ledger';
import { combineStrategies, meanReversionSignal, momentumSignal, technicalAnalyst, trendSignal, volatilitySignal, type StrategySignal } from './technical-analyst';

const f64 = (values: number[]): Float64Array => Float64Array.from(values);

describe('technical analyst strategies on fixed fixtures', () => {
  it('trend: a rising staircase aligns EMA 8 > 21 > 55 with ADX 100 → bullish, confidence 1', () => {
    const low = Array.from({ length: 60 }, (_, i) => 100 + i);
    const result = trendSignal({ low: f64(low), high: f64(low.map((l) => l + 1)), close: f64(low.map((l) => l + 0.5)) });
    expect(result.signal).toBe('bullish');
    expect(result.confidence).toBeCloseTo(1, 9);
  });

  it('mean reversion: 49 closes at 100 then 90 → z = −9.8/√2, Bollinger position −5.02786/8.94427 → bullish, confidence 1', () => {
    // 50-bar window: mean 99.8, sample variance (49·0.04 + 96.04)/49 = 2 → z = (90 − 99.8)/√2 = −6.93
    // 20-bar window: mean 99.5, sample variance (19·0.25 + 90.25)/19 = 5 → lower band 99.5 − 2√5, width 4√5
    const closes = [...Array.from({ length: 49 }, () => 100), 90];
    const result = meanReversionSignal(f64(closes));
    expect(result.metrics.z_score).toBeCloseTo(-9.8 / Math.SQRT2, 9);
    expect(result.metrics.price_vs_bb).toBeCloseTo((90 - (99.5 - 2 * Math.sqrt(5))) / (4 * Math.sqrt(5)), 9);
    expect(result.signal).toBe('bullish');
    expect(result.confidence).toBe(1);
  });

  it('momentum: 0.1 % a bar for 126 bars → score 0.4·21r + 0.3·63r + 0.3·126r = 65.1r; needs rising volume', () => {
    const closes = Array.from({ length: 127 }, (_, i) => 100 * 1.001 ** i);
    const rising = momentumSignal(f64(closes), f64(closes.map((_, i) => 1000 + i)));
    expect(rising.signal).toBe('bullish');
    expect(rising.confidence).toBeCloseTo(65.1 * 0.001 * 5, 9);
    const flatVolume = momentumSignal(f64(closes), f64(closes.map(() => 1000)));
    expect(flatVolume.signal).toBe('neutral');
    expect(flatVolume.confidence).toBe(0.5);
  });

  it('volatility: 21-bar annualised vol against the mean and std of its last 63 values (two-pass, window by window)', () => {
    // closes from a fixed pseudo-random walk; the expected figures recompute each 21-return window from scratch
    let seed = 7;
    const closes = [100];
    for (let i = 0; i < 149; i += 1) {
      seed = (seed * 48271) % 2147483647;
      closes.push(closes[i] * (1 + ((seed / 2147483647) - 0.5) * 0.04 * (i < 120 ? 1 : 0.2)));
    }
    const returns = closes.slice(1).map((c, i) => c / closes[i] - 1);
    const std = (xs: number[]): number => {
      const m = xs.reduce((a, b) => a + b, 0) / xs.length;
      return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
    };
    const vols = returns.slice(20).map((_, i) => std(returns.slice(i, i + 21)) * Math.sqrt(252));
    const last63 = vols.slice(-63);
    const current = vols[vols.length - 1];
    const volMean = last63.reduce((a, b) => a + b, 0) / 63;
    // the calm last third: volatility well below its 63-bar mean
    const result = volatilitySignal(f64(closes));
    expect(result.metrics.historical_volatility).toBeCloseTo(current, 10);
    expect(result.metrics.volatility_regime).toBeCloseTo(current / volMean, 9);
    expect(result.metrics.volatility_z_score).toBeCloseTo((current - volMean) / std(last63), 9);
    expect(current / volMean).toBeLessThan(0.8);
    expect((current - volMean) / std(last63)).toBeLessThan(-1);
    expect(result.signal).toBe('bullish');
    expect(result.confidence).toBeCloseTo(Math.min(Math.abs((current - volMean) / std(last63)) / 3, 1), 9);
  });

  it('volatility and momentum stay neutral with null metrics when the window is not filled', () => {
    const closes = f64(Array.from({ length: 40 }, (_, i) => 100 + i));
    expect(volatilitySignal(closes)).toEqual({ signal: 'neutral', confidence: 0.5, metrics: { historical_volatility: expect.any(Number), volatility_regime: null, volatility_z_score: null } });
    expect(momentumSignal(closes, closes).metrics.momentum_6m).toBeNull();
  });

  it('combines with weights .25/.20/.25/.15/.15: score = Σ d·w·c / Σ w·c', () => {
    const s = (signal: StrategySignal['signal'], confidence: number): StrategySignal => ({ signal, confidence, metrics: {} });
    // bullish trend 1.0, bullish momentum 0.3255, three neutrals at 0.5:
    // (0.25 + 0.25·0.3255) / (0.25 + 0.2·0.5 + 0.25·0.3255 + 0.15·0.5 + 0.15·0.5) = 0.331375 / 0.581375
    const combined = combineStrategies({
      trend: s('bullish', 1),
      mean_reversion: s('neutral', 0.5),
      momentum: s('bullish', 0.3255),
      volatility: s('neutral', 0.5),
      stat_arb: s('neutral', 0.5),
    });
    expect(combined.signal).toBe('bullish');
    expect(combined.confidence).toBeCloseTo(0.331375 / 0.581375, 12);
    // a bearish trend against a bullish momentum of equal weight and confidence nets 0 → neutral
    const split = combineStrategies({ trend: s('bearish', 0.6), mean_reversion: s('neutral', 0), momentum: s('bullish', 0.6), volatility: s('neutral', 0), stat_arb: s('neutral', 0) });
    expect(split).toEqual({ signal: 'neutral', confidence: 0 });
  });
});

describe('technicalAnalyst as an agent', () => {
  it('reads each ticker over the context window, reports progress and ends with Done', async () => {
    const bars: PriceBar[] = Array.from({ length: 80 }, (_, i) => {
      const day = new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10);
      return { time: day, open: 100 + i, high: 101 + i, low: 100 + i, close: 100.5 + i, volume: 1000 };
    });
    const progress: string[] = [];
    const signals = await technicalAnalyst(
      {
        tickers: ['AAA', 'NONE'],
        startDate: '2024-01-01',
        endDate: '2024-03-20',
        data: new MemoryData({ prices: { AAA: bars } }),
        portfolio: createPortfolio({ tickers: ['AAA', 'NONE'], initial_cash: 1000 }),
        onProgress: (agent, ticker, status) => progress.push(`${agent}|${ticker ?? '-'}|${status}`),
      },
      'technical_analyst_x1y2z3',
    );
    expect(signals.AAA.signal).toBe('bullish');
    expect(signals.NONE).toEqual({ signal: 'neutral', confidence: 0, reasoning: 'Not enough price data' });
    expect(progress).toEqual([
      'technical_analyst_x1y2z3|AAA|Analyzing price data',
      'technical_analyst_x1y2z3|AAA|Done',
      'technical_analyst_x1y2z3|NONE|Analyzing price data',
      'technical_analyst_x1y2z3|NONE|Done',
      'technical_analyst_x1y2z3|-|Done',
    ]);
  });
});
