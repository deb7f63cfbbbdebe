// The plain in-engine agent graph (analysts → risk manager → rule portfolio manager) for the CLI and the
// benchmark; the Nest side plugs its LangGraph graph into the same DecideFunction port.
import { findAgent, ruleAnalyst } from '../agents/registry';
import { rulePortfolioManager } from '../agents/portfolio-manager';
import { riskManager } from '../agents/risk-manager';
import type { AgentContext, AnalystFunction, TickerSignals } from '../agents/types';
import { EngineError } from '../errors';
import type { AnalystSignalsByAgent, DayContext, DecideFunction } from './types';

export interface RulePipelineOptions {
  /** Analyst keys (each also used as its node id). */
  readonly analysts: readonly string[];
  readonly riskManagerId?: string;
  readonly portfolioManagerId?: string;
}

/** The rule-based analysts a pipeline can run; throws INVALID_INPUT naming any LLM-driven or unknown key. */
export function resolveRuleAnalysts(keys: readonly string[]): { id: string; run: AnalystFunction }[] {
  if (keys.length === 0) throw new EngineError('INVALID_INPUT', 'Select at least one analyst', [{ field: 'analysts', message: 'is empty' }]);
  const errors: { field: string; message: string }[] = [];
  const resolved: { id: string; run: AnalystFunction }[] = [];
  keys.forEach((key, i) => {
    const run = ruleAnalyst(key);
    if (run) resolved.push({ id: key, run });
    else if (findAgent(key)) errors.push({ field: `analysts[${i}]`, message: `${key} needs a language model; only rule-based analysts run here` });
    else errors.push({ field: `analysts[${i}]`, message: `${key} is not a known analyst` });
  });
  if (errors.length > 0) throw new EngineError('INVALID_INPUT', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
  return resolved;
}

/**
 * One analyst's failure never stops the run: it reports the error, every ticker gets a neutral signal with
 * confidence 0 naming the failure, and the agent still ends with `Done`. Cancellation still propagates.
 */
async function runIsolated(analyst: { id: string; run: AnalystFunction }, ctx: AgentContext): Promise<TickerSignals> {
  try {
    return await analyst.run(ctx, analyst.id);
  } catch (error) {
    if (error instanceof EngineError && error.code === 'CANCELLED') throw error;
    const message = error instanceof Error ? error.message : String(error);
    ctx.onProgress?.(analyst.id, null, `Error: ${message}`);
    const signals: TickerSignals = {};
    for (const ticker of ctx.tickers) signals[ticker] = { signal: 'neutral', confidence: 0, reasoning: `Failed: ${message}` };
    ctx.onProgress?.(analyst.id, null, 'Done');
    return signals;
  }
}

/** The agent context of one backtest day: history from the lookback start to the decision date. */
export function dayAgentContext(day: DayContext): AgentContext {
  return {
    tickers: day.tickers,
    startDate: day.lookback_start,
    endDate: day.date,
    data: day.data,
    portfolio: day.portfolio,
    signal: day.signal,
    onProgress: day.onProgress,
    reportAnalysis: day.report_analysis,
  };
}

export function createRulePipeline(options: RulePipelineOptions): DecideFunction {
  const analysts = resolveRuleAnalysts(options.analysts);
  const riskId = options.riskManagerId ?? 'risk_management_agent';
  const managerId = options.portfolioManagerId ?? 'portfolio_manager';
  return async (day) => {
    const ctx = dayAgentContext(day);
    const signals: Record<string, TickerSignals> = {};
    for (const analyst of analysts) signals[analyst.id] = await runIsolated(analyst, ctx);
    const risk = await riskManager(ctx, riskId);
    day.onProgress(managerId, null, 'Making trading decisions');
    const decisions = rulePortfolioManager({ tickers: day.tickers, portfolio: day.portfolio, analystSignals: signals, risk });
    day.onProgress(managerId, null, 'Done', day.report_analysis ? JSON.stringify(decisions) : undefined);
    const analystSignals: AnalystSignalsByAgent = { ...signals, [riskId]: risk };
    return { decisions, analyst_signals: analystSignals };
  };
}
