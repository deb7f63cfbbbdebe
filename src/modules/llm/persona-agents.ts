import {
  type AgentContext,
  type AgentSignal,
  type AnalystFunction,
  type HeadlineClassification,
  type NewsSentimentAnalyst,
  type Persona,
  type PersonaAnalysis,
  type PersonaInput,
  throwIfAborted,
  type TickerSignals,
} from '../../engine';
import { LlmCallError } from './chat-model.port';
import { HEADLINE_SENTIMENT, PERSONA_SIGNAL } from './llm-answers';
import type { LlmRun } from './llm-run';
import { describeModel, type ModelBinding } from './model-selection';

/** The output contract every persona prompt ends with. */
const ANSWER_RULES =
  'Answer with JSON only: "signal" (bullish, bearish or neutral), "confidence" (0 to 100) and "reasoning" (your reasons in plain words). ' +
  'Use only the facts given; do not invent data. If the facts are too thin to judge, say neutral with a low confidence.';

const HEADLINE_SYSTEM =
  'You classify the sentiment of one financial news headline for the stock named. Answer with JSON only: "sentiment" (positive, negative or ' +
  'neutral) and "confidence" (an integer from 0 to 100).';

/** How one ticker was decided, for the node's closing progress line. */
type Outcome = { readonly mode: 'llm' } | { readonly mode: 'rules'; readonly why: string };

/** Rules-mode reasoning: the mode, why, the model's error if it failed, and the rules' own reasoning. */
function rulesReasoning(rules: AgentSignal, why: string, error: string | null): Record<string, unknown> {
  return error === null ? { mode: 'rules', why, reasoning: rules.reasoning } : { mode: 'rules', why, error, reasoning: rules.reasoning };
}

function unusable(binding: ModelBinding): string {
  return `${describeModel(binding.choice as NonNullable<ModelBinding['choice']>)} gave no valid answer`;
}

/** `LLM mode: …`, `Rules mode: …`, or both, naming the tickers that fell back to rules. */
function modeLine(binding: ModelBinding, outcomes: ReadonlyMap<string, Outcome>): string | null {
  if (outcomes.size === 0) return null;
  const rules = new Map<string, string[]>();
  let llm = 0;
  for (const [ticker, outcome] of outcomes) {
    if (outcome.mode === 'llm') llm += 1;
    else rules.set(outcome.why, [...(rules.get(outcome.why) ?? []), ticker]);
  }
  const parts: string[] = [];
  if (llm > 0 && binding.choice !== null) parts.push(`LLM mode: ${describeModel(binding.choice)}`);
  for (const [why, tickers] of rules) parts.push(llm === 0 && rules.size === 1 ? `Rules mode: ${why}` : `rules mode for ${tickers.join(', ')}: ${why}`);
  const line = parts.join('; ');
  return line.charAt(0).toUpperCase() + line.slice(1);
}

/**
 * Runs `analyze` for every ticker at once, so that the model calls of one node overlap (the per-provider
 * limit caps them), with the progress every analyst reports: a `Done` per ticker as it finishes, then, once
 * all are settled, one line with the node's mode and the node's `Done`. A ticker that throws (a data error,
 * a cancelled run) fails the node after the others have settled, so nothing is reported after it ends.
 */
async function analyzeWithModeLine(
  ctx: AgentContext,
  agentId: string,
  binding: ModelBinding,
  analyze: (ticker: string, status: (text: string) => void, outcomes: Map<string, Outcome>) => Promise<AgentSignal>,
): Promise<TickerSignals> {
  throwIfAborted(ctx.signal);
  const outcomes = new Map<string, Outcome>();
  const settled = await Promise.allSettled(
    ctx.tickers.map(async (ticker) => {
      const signal = await analyze(ticker, (text) => ctx.onProgress?.(agentId, ticker, text), outcomes);
      ctx.onProgress?.(agentId, ticker, 'Done', ctx.reportAnalysis === false ? undefined : JSON.stringify(signal));
      return signal;
    }),
  );
  const signals: TickerSignals = {};
  for (const [i, result] of settled.entries()) {
    if (result.status === 'rejected') throw result.reason;
    signals[ctx.tickers[i]] = result.value;
  }
  const ordered = new Map(ctx.tickers.flatMap((ticker) => (outcomes.has(ticker) ? [[ticker, outcomes.get(ticker) as Outcome] as const] : [])));
  const line = modeLine(binding, ordered);
  if (line !== null) ctx.onProgress?.(agentId, null, line);
  ctx.onProgress?.(agentId, null, 'Done');
  return signals;
}

function personaInput(ctx: AgentContext, ticker: string): PersonaInput {
  return { data: ctx.data, ticker, endDate: ctx.endDate, startDate: ctx.startDate, signal: ctx.signal };
}

function modelFailure(error: unknown, signal: AbortSignal | undefined): string {
  // A cancelled run is not a model failure: it propagates.
  if (signal?.aborted === true || !(error instanceof LlmCallError)) throw error;
  return error.message;
}

/**
 * A persona as a graph analyst. Per ticker it computes the persona's deterministic analysis, then decides
 * in `llm` mode (the compact facts go to the node's model, which answers signal, confidence, reasoning)
 * or in `rules` mode (the persona's documented thresholds) when the node has no callable model or the
 * model gave no valid answer. The reasoning records the mode, why, and the model's error.
 */
export function personaAnalyst(persona: Persona, run: LlmRun): AnalystFunction {
  return async (ctx, agentId) => {
    const binding = run.binding(agentId);
    return analyzeWithModeLine(ctx, agentId, binding, async (ticker, status, outcomes) => {
      status('Analyzing');
      const analysis = await persona.analyze(personaInput(ctx, ticker));
      const byRules = (why: string, error: string | null): AgentSignal => {
        outcomes.set(ticker, { mode: 'rules', why });
        run.fellBackToRules(error === null ? 'no_model' : 'model_failed');
        const rules = persona.rules(analysis);
        return { signal: rules.signal, confidence: rules.confidence, reasoning: rulesReasoning(rules, why, error) };
      };
      if (binding.provider === null || binding.choice === null) return byRules(binding.why ?? 'no model selected', null);
      status(`Asking ${describeModel(binding.choice)}`);
      try {
        const { value, cached } = await run.ask(agentId, personaQuestion(persona, analysis), ctx.signal);
        outcomes.set(ticker, { mode: 'llm' });
        return {
          signal: value.signal,
          confidence: Math.round(value.confidence * 10) / 10,
          reasoning: { mode: 'llm', provider: binding.choice.provider, model: binding.choice.model, cached, reasoning: value.reasoning },
        };
      } catch (error) {
        return byRules(unusable(binding), modelFailure(error, ctx.signal));
      }
    });
  };
}

/** The persona's question: its system prompt with the answer rules, and this ticker's compact facts only. */
export function personaQuestion(persona: Persona, analysis: PersonaAnalysis) {
  return {
    ...PERSONA_SIGNAL,
    prompt: {
      system: `${persona.systemPrompt}\n\n${ANSWER_RULES}`,
      user: JSON.stringify({ ticker: analysis.ticker, score: analysis.score, max_score: analysis.max_score, facts: analysis.facts }),
    },
  };
}

export function headlineQuestion(ticker: string, title: string) {
  return { ...HEADLINE_SENTIMENT, prompt: { system: HEADLINE_SYSTEM, user: JSON.stringify({ ticker, headline: title }) } };
}

/**
 * The news-sentiment analyst: the headlines it selects are classified by the node's model, one call each
 * (cached like every answer), then aggregated with the labels the articles already carry. In rules mode,
 * or when no headline could be classified, only the existing labels count.
 */
export function newsSentimentAnalyst(news: NewsSentimentAnalyst, run: LlmRun): AnalystFunction {
  return async (ctx, agentId) => {
    const binding = run.binding(agentId);
    return analyzeWithModeLine(ctx, agentId, binding, async (ticker, status, outcomes) => {
      status('Fetching company news');
      const articles = await news.fetch(personaInput(ctx, ticker));
      const byRules = (why: string, error: string | null): AgentSignal => {
        outcomes.set(ticker, { mode: 'rules', why });
        run.fellBackToRules(error === null ? 'no_model' : 'model_failed');
        const rules = news.aggregate(articles, []);
        return { signal: rules.signal, confidence: rules.confidence, reasoning: rulesReasoning(rules, why, error) };
      };
      if (binding.provider === null || binding.choice === null) return byRules(binding.why ?? 'no model selected', null);
      const selected = news.select(articles);
      if (selected.length > 0) status(`Classifying ${selected.length} headline${selected.length === 1 ? '' : 's'} with ${describeModel(binding.choice)}`);
      const settled = await Promise.allSettled(selected.map((headline) => run.ask(agentId, headlineQuestion(ticker, headline.title), ctx.signal)));
      const classified: HeadlineClassification[] = [];
      const errors: string[] = [];
      let cached = 0;
      settled.forEach((result, i) => {
        if (result.status === 'rejected') {
          errors.push(modelFailure(result.reason, ctx.signal));
          return;
        }
        if (result.value.cached) cached += 1;
        classified.push({ index: selected[i].index, sentiment: result.value.value.sentiment, confidence: result.value.value.confidence });
      });
      if (selected.length > 0 && classified.length === 0) return byRules(unusable(binding), errors[0]);
      outcomes.set(ticker, { mode: 'llm' });
      const verdict = news.aggregate(articles, classified);
      const reasoning: Record<string, unknown> = {
        mode: 'llm',
        provider: binding.choice.provider,
        model: binding.choice.model,
        classified: classified.length,
        cached,
        reasoning: verdict.reasoning,
      };
      if (errors.length > 0) reasoning.errors = errors;
      return { signal: verdict.signal, confidence: verdict.confidence, reasoning };
    });
  };
}
