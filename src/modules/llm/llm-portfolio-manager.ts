import {
  type AgentContext,
  type AllowedActions,
  allowedActions,
  type PortfolioDecision,
  type PortfolioDecisions,
  type PortfolioManagerInput,
  type TradeAction,
} from '../../engine';
import { LlmCallError } from './chat-model.port';
import { PORTFOLIO_DECISIONS, type PortfolioDecisionsAnswer } from './llm-answers';
import type { LlmRun } from './llm-run';
import { describeModel } from './model-selection';

const SYSTEM_PROMPT =
  'You are a portfolio manager making final trading decisions for several tickers from the signals of your analysts. ' +
  'For each ticker you are given the analysts\' signals (sig: bullish, bearish or neutral; conf: confidence 0-100) and the actions ' +
  'allowed with the largest quantity of shares each allows. Pick exactly one allowed action per ticker and a whole quantity no larger ' +
  'than its maximum (hold is always allowed, with quantity 0). Do not compute cash or margin: the maxima already account for them. ' +
  'Answer with JSON only: {"decisions": [{"ticker", "action", "quantity", "confidence" (0-100), "reasoning" (at most 100 characters)}]}, ' +
  'one entry per ticker given.';

const NO_TRADE: Omit<PortfolioDecision, 'reasoning'> = { action: 'hold', quantity: 0, confidence: 100 };

/** The rule portfolio manager the LLM one falls back to (the engine's is synchronous and ignores the context). */
export type RulePortfolioManager = (input: PortfolioManagerInput, ctx: AgentContext, managerId: string) => PortfolioDecisions | Promise<PortfolioDecisions>;

/** The function a graph's portfolio-manager node runs: the decision input, the run context and the node id. */
export type PortfolioManagerAgent = (input: PortfolioManagerInput, ctx: AgentContext, managerId: string) => Promise<PortfolioDecisions>;

/** The question: each tradeable ticker's compact signals and allowed maxima. */
export function portfolioQuestion(input: PortfolioManagerInput, allowed: ReadonlyMap<string, AllowedActions>) {
  const tickers: Record<string, unknown> = {};
  for (const [ticker, actions] of allowed) {
    const signals: Record<string, { sig: string; conf: number }> = {};
    for (const [agent, byTicker] of Object.entries(input.analystSignals)) {
      const signal = byTicker[ticker];
      if (signal !== undefined) signals[agent] = { sig: signal.signal, conf: signal.confidence };
    }
    tickers[ticker] = { signals, allowed: actions };
  }
  return { ...PORTFOLIO_DECISIONS, prompt: { system: SYSTEM_PROMPT, user: JSON.stringify({ tickers }) } };
}

function withMode(decision: PortfolioDecision, reasoning: Record<string, unknown>): PortfolioDecision {
  return { ...decision, reasoning };
}

/**
 * The model's decisions, held to the limits: an action that is not allowed, or a ticker the answer
 * misses, gets the rules decision (saying why); a quantity above the allowed maximum is cut to it and the
 * cut is recorded.
 */
export function mergeDecisions(
  answer: PortfolioDecisionsAnswer,
  allowed: ReadonlyMap<string, AllowedActions>,
  rules: PortfolioDecisions,
  model: { provider: string; model: string; cached: boolean },
): PortfolioDecisions {
  const out: PortfolioDecisions = {};
  for (const [ticker, actions] of allowed) {
    const rule = rules[ticker];
    const proposed = answer.decisions.find((d) => d.ticker.trim().toUpperCase() === ticker);
    if (proposed === undefined) {
      out[ticker] = withMode(rule, { mode: 'rules', why: 'the model gave no decision for this ticker', reasoning: rule.reasoning });
      continue;
    }
    const maximum = actions[proposed.action as TradeAction];
    if (maximum === undefined) {
      out[ticker] = withMode(rule, { mode: 'rules', why: `the model chose ${proposed.action}, which is not allowed`, reasoning: rule.reasoning });
      continue;
    }
    const quantity = Math.min(proposed.quantity, maximum);
    const reasoning: Record<string, unknown> = { mode: 'llm', provider: model.provider, model: model.model, cached: model.cached, reasoning: proposed.reasoning };
    if (quantity < proposed.quantity) reasoning.clamped = { asked: proposed.quantity, allowed: maximum };
    out[ticker] = { action: proposed.action, quantity, confidence: Math.round(proposed.confidence * 10) / 10, reasoning };
  }
  return out;
}

/**
 * The portfolio manager with a model: the analysts' signals and the risk manager's limits go to the
 * node's model, which answers one decision per ticker; tickers whose only option is hold never reach it.
 * Decided by `rules` (the rule portfolio manager) when the node has no callable model or the model gave
 * no valid answer, visibly: a progress line and each decision's reasoning say so.
 */
export function llmPortfolioManager(run: LlmRun, rules: RulePortfolioManager): PortfolioManagerAgent {
  return async (input, ctx, managerId) => {
    const binding = run.binding(managerId);
    const ruleDecisions = await rules(input, ctx, managerId);
    const byRules = (why: string, error: string | null, tickers: readonly string[]): PortfolioDecisions => {
      ctx.onProgress?.(managerId, null, `Rules mode: ${why}`);
      run.fellBackToRules(error === null ? 'no_model' : 'model_failed', tickers.length);
      const out: PortfolioDecisions = {};
      for (const ticker of tickers) {
        const rule = ruleDecisions[ticker];
        out[ticker] = withMode(rule, error === null ? { mode: 'rules', why, reasoning: rule.reasoning } : { mode: 'rules', why, error, reasoning: rule.reasoning });
      }
      return out;
    };
    if (binding.provider === null || binding.choice === null) return byRules(binding.why ?? 'no model selected', null, input.tickers);

    const decisions: PortfolioDecisions = {};
    const tradeable = new Map<string, AllowedActions>();
    for (const ticker of input.tickers) {
      const actions = allowedActions(input.portfolio, ticker, input.risk[ticker]);
      if (Object.keys(actions).some((action) => action !== 'hold')) tradeable.set(ticker, actions);
      else decisions[ticker] = { ...NO_TRADE, reasoning: 'No valid trade available' };
    }
    if (tradeable.size === 0) return decisions;
    ctx.onProgress?.(managerId, null, `Asking ${describeModel(binding.choice)}`);
    try {
      const { value, cached } = await run.ask(managerId, portfolioQuestion(input, tradeable), ctx.signal);
      Object.assign(decisions, mergeDecisions(value, tradeable, ruleDecisions, { provider: binding.choice.provider, model: binding.choice.model, cached }));
      ctx.onProgress?.(managerId, null, `LLM mode: ${describeModel(binding.choice)}`);
    } catch (error) {
      if (ctx.signal?.aborted === true || !(error instanceof LlmCallError)) throw error;
      Object.assign(decisions, byRules(`${describeModel(binding.choice)} gave no valid answer`, error.message, [...tradeable.keys()]));
    }
    const ordered: PortfolioDecisions = {};
    for (const ticker of input.tickers) ordered[ticker] = decisions[ticker];
    return ordered;
  };
}
