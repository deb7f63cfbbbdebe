// The answers the LLM agents ask for: a zod schema each, with the version that keys the cache.
import { z } from 'zod';

/** A persona's verdict on one ticker. */
export const PERSONA_SIGNAL = {
  schemaName: 'persona_signal',
  schemaVersion: 'persona-signal/v1',
  schema: z.object({
    signal: z.enum(['bullish', 'bearish', 'neutral']),
    confidence: z.number().min(0).max(100),
    reasoning: z.string().max(4000),
  }),
} as const;

export type PersonaSignalAnswer = z.infer<typeof PERSONA_SIGNAL.schema>;

/** The sentiment of one headline (news-sentiment analyst, one call per headline). */
export const HEADLINE_SENTIMENT = {
  schemaName: 'headline_sentiment',
  schemaVersion: 'headline-sentiment/v1',
  schema: z.object({
    sentiment: z.enum(['positive', 'negative', 'neutral']),
    confidence: z.number().int().min(0).max(100),
  }),
} as const;

export type HeadlineSentimentAnswer = z.infer<typeof HEADLINE_SENTIMENT.schema>;

/**
 * The portfolio manager's decisions, one entry per ticker. A list rather than a map keyed by ticker:
 * strict JSON-schema answers (OpenAI) cannot have free-form keys.
 */
export const PORTFOLIO_DECISIONS = {
  schemaName: 'portfolio_decisions',
  schemaVersion: 'portfolio-decisions/v1',
  schema: z.object({
    decisions: z
      .array(
        z.object({
          ticker: z.string().max(20),
          action: z.enum(['buy', 'sell', 'short', 'cover', 'hold']),
          quantity: z.number().int().min(0),
          confidence: z.number().min(0).max(100),
          reasoning: z.string().max(1000),
        }),
      )
      .max(100),
  }),
} as const;

export type PortfolioDecisionsAnswer = z.infer<typeof PORTFOLIO_DECISIONS.schema>;
