// Fundamentals analyst (anchor §4): four sub-signals from the latest TTM financial metrics, majority vote.
import type { FinancialMetrics } from '../data/types';
import { analyzeTickers, directionOf, neutralSignal, rememberPerInput, toConfidence } from './analyst-runner';
import type { AgentSignal, AnalystFunction, SignalDirection } from './types';

interface SubSignal {
  readonly signal: SignalDirection;
  readonly details: string;
}

type Check = readonly [label: string, value: number | null, passes: (v: number) => boolean];

/**
 * Counts the checks that pass. A null value is unknown: it neither passes nor fails, and a sub-signal with
 * no known value is neutral (the anchor counted a missing ratio as "not expensive", i.e. bullish).
 */
function countChecks(checks: readonly Check[], high: SignalDirection, low: SignalDirection): SubSignal {
  const known = checks.filter(([, value]) => value !== null && Number.isFinite(value));
  const passed = known.filter(([, value, passes]) => passes(value as number)).length;
  const details = checks.map(([label, value]) => `${label}: ${value === null ? 'N/A' : value.toFixed(2)}`).join(', ');
  if (known.length === 0) return { signal: 'neutral', details };
  if (passed >= 2) return { signal: high, details };
  if (passed === 0) return { signal: low, details };
  return { signal: 'neutral', details };
}

export function analyzeFundamentals(metrics: FinancialMetrics | undefined): AgentSignal {
  if (!metrics) return neutralSignal('No financial metrics');
  const m = metrics;
  const fcfVsEps = m.free_cash_flow_per_share !== null && m.earnings_per_share !== null ? m.free_cash_flow_per_share - 0.8 * m.earnings_per_share : null;
  const sub: Record<string, SubSignal> = {
    profitability_signal: countChecks(
      [
        ['ROE', m.return_on_equity, (v) => v > 0.15],
        ['Net Margin', m.net_margin, (v) => v > 0.2],
        ['Op Margin', m.operating_margin, (v) => v > 0.15],
      ],
      'bullish',
      'bearish',
    ),
    growth_signal: countChecks(
      [
        ['Revenue Growth', m.revenue_growth, (v) => v > 0.1],
        ['Earnings Growth', m.earnings_growth, (v) => v > 0.1],
        ['Book Value Growth', m.book_value_growth, (v) => v > 0.1],
      ],
      'bullish',
      'bearish',
    ),
    financial_health_signal: countChecks(
      [
        ['Current Ratio', m.current_ratio, (v) => v > 1.5],
        ['D/E', m.debt_to_equity, (v) => v < 0.5],
        ['FCF/share − 0.8·EPS', fcfVsEps, (v) => v > 0],
      ],
      'bullish',
      'bearish',
    ),
    price_ratios_signal: countChecks(
      [
        ['P/E', m.price_to_earnings_ratio, (v) => v > 25],
        ['P/B', m.price_to_book_ratio, (v) => v > 3],
        ['P/S', m.price_to_sales_ratio, (v) => v > 5],
      ],
      'bearish',
      'bullish',
    ),
  };
  const signals = Object.values(sub).map((s) => s.signal);
  const bullish = signals.filter((s) => s === 'bullish').length;
  const bearish = signals.filter((s) => s === 'bearish').length;
  return {
    signal: directionOf(bullish, bearish),
    confidence: toConfidence(Math.max(bullish, bearish) / signals.length),
    reasoning: sub as unknown as Record<string, unknown>,
  };
}

/** The latest report changes once a quarter: its analysis is worked out once. */
const rememberedFundamentals = rememberPerInput(analyzeFundamentals);

export const fundamentalsAnalyst: AnalystFunction = (ctx, agentId) =>
  analyzeTickers(ctx, agentId, async (ticker, status) => {
    status('Fetching financial metrics');
    const metrics = await ctx.data.getFinancialMetrics(ticker, ctx.endDate, 'ttm', 10, { signal: ctx.signal });
    return rememberedFundamentals(metrics[0]);
  });
