// Rule-based portfolio manager: a confidence-weighted signal score per ticker picks an allowed action, and the
// quantity is a share of the allowed maximum (never above it).
import type { Portfolio } from '../portfolio/types';
import type { AgentSignal, AllowedActions, PortfolioDecision, PortfolioDecisions, PortfolioManagerFunction, RiskAssessment, SignalDirection } from './types';

/** |score| above this acts; below it holds. */
export const ACTION_THRESHOLD = 0.2;

/** Maximum shares per action (the anchor's rules, with the short side bounded by the risk manager's short limit). */
export function allowedActions(portfolio: Portfolio, ticker: string, risk: RiskAssessment | undefined): AllowedActions {
  const position = portfolio.positions[ticker] ?? { long: 0, short: 0 };
  const price = risk?.current_price ?? 0;
  const allowed: AllowedActions = { hold: 0 };
  if (position.long > 0) allowed.sell = position.long;
  if (position.short > 0) allowed.cover = position.short;
  if (price > 0 && risk) {
    const buy = Math.min(Math.floor(risk.remaining_position_limit / price), Math.floor(portfolio.cash / price));
    if (buy > 0) allowed.buy = buy;
    const short = Math.floor(risk.remaining_short_limit / price);
    if (short > 0) allowed.short = short;
  }
  return allowed;
}

const DIRECTION_VALUE: Record<SignalDirection, number> = { bullish: 1, neutral: 0, bearish: -1 };

/** Σ direction·confidence/100 over the analysts that gave a signal for the ticker, divided by their number. */
export function signalScore(signals: readonly AgentSignal[]): number {
  if (signals.length === 0) return 0;
  let sum = 0;
  for (const s of signals) sum += DIRECTION_VALUE[s.signal] * Math.min(100, Math.max(0, s.confidence)) / 100;
  return sum / signals.length;
}

export function decideTicker(score: number, allowed: AllowedActions, counts: string): PortfolioDecision {
  const confidence = Math.round(Math.abs(score) * 1000) / 10;
  const describe = (text: string): string => `Score ${score.toFixed(2)} (${counts}): ${text}`;
  if (score > ACTION_THRESHOLD) {
    if (allowed.cover) return { action: 'cover', quantity: allowed.cover, confidence, reasoning: describe('bullish, cover the short first') };
    if (allowed.buy) {
      const quantity = Math.max(1, Math.floor(allowed.buy * Math.min(1, score)));
      return { action: 'buy', quantity, confidence, reasoning: describe(`bullish, buy ${quantity} of ${allowed.buy} allowed`) };
    }
    return { action: 'hold', quantity: 0, confidence, reasoning: describe('bullish but no room to buy') };
  }
  if (score < -ACTION_THRESHOLD) {
    if (allowed.sell) return { action: 'sell', quantity: allowed.sell, confidence, reasoning: describe('bearish, sell the long first') };
    if (allowed.short) {
      const quantity = Math.max(1, Math.floor(allowed.short * Math.min(1, -score)));
      return { action: 'short', quantity, confidence, reasoning: describe(`bearish, short ${quantity} of ${allowed.short} allowed`) };
    }
    return { action: 'hold', quantity: 0, confidence, reasoning: describe('bearish but no room to short') };
  }
  return { action: 'hold', quantity: 0, confidence: Math.round((1 - Math.abs(score)) * 1000) / 10, reasoning: describe('no clear direction') };
}

export const rulePortfolioManager: PortfolioManagerFunction = ({ tickers, portfolio, analystSignals, risk }) => {
  const decisions: PortfolioDecisions = {};
  for (const ticker of tickers) {
    const signals: AgentSignal[] = [];
    for (const bySignal of Object.values(analystSignals)) {
      const s = bySignal[ticker];
      if (s) signals.push(s);
    }
    const tally = { bullish: 0, bearish: 0, neutral: 0 };
    for (const s of signals) tally[s.signal] += 1;
    const counts = `${tally.bullish} bullish, ${tally.bearish} bearish, ${tally.neutral} neutral`;
    decisions[ticker] = decideTicker(signalScore(signals), allowedActions(portfolio, ticker, risk[ticker]), counts);
  }
  return decisions;
};
