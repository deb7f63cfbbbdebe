// The contract between the investor personas (pure, deterministic, in this folder) and the LLM layer
// (src/modules/llm), which decides in `llm` mode from the same analysis that `rules` mode scores.
import type { CompanyNews, NewsSentiment } from '../../data/types';
import type { MarketDataReader } from '../../data/reader';
import type { AgentSignal } from '../types';

/** What one persona needs to analyse one ticker on one decision date. */
export interface PersonaInput {
  readonly data: MarketDataReader;
  readonly ticker: string;
  /** Decision date (`YYYY-MM-DD`): the persona sees data up to this date's close. */
  readonly endDate: string;
  /** First date of the run window (`YYYY-MM-DD`), for personas that read prices over it. */
  readonly startDate: string;
  readonly signal?: AbortSignal;
}

/** A persona's deterministic analysis of one ticker: the anchor's sub-scores and valuations. */
export interface PersonaAnalysis {
  readonly ticker: string;
  /** Points scored, and the anchor's declared maximum (rules mode works on score / max_score). */
  readonly score: number;
  readonly max_score: number;
  /** Every sub-score with its points and details, and the valuations (the anchor's analysis dict). */
  readonly details: Readonly<Record<string, unknown>>;
  /**
   * The compact facts a model is given in `llm` mode: JSON-serialisable, finite numbers or null, no
   * other ticker's data (the anchor's cumulative multi-ticker prompt is one of its defects).
   */
  readonly facts: Readonly<Record<string, unknown>>;
}

/** One of the 13 investor personas. */
export interface Persona {
  /** The agent key in `AGENTS` (`warren_buffett`, …). */
  readonly key: string;
  /**
   * The `llm` mode system prompt: the investor's principles in our words, how to weigh the facts, and the
   * answer's limits (reasoning length). The answer itself is always `{signal, confidence 0..100, reasoning}`.
   */
  readonly systemPrompt: string;
  /** Reads market data through `data` and scores; pure apart from the reads. Missing data lowers scores, never throws. */
  analyze(input: PersonaInput): Promise<PersonaAnalysis>;
  /** `rules` mode: the verdict that follows from the analysis by the documented thresholds. */
  rules(analysis: PersonaAnalysis): AgentSignal;
}

/** A headline the news-sentiment analyst wants classified (at most 5 per ticker, as the anchor). */
export interface HeadlineToClassify {
  /** Index into the articles the analysis was given. */
  readonly index: number;
  readonly title: string;
}

/** A model's (or a cached) classification of one headline. */
export interface HeadlineClassification {
  readonly index: number;
  readonly sentiment: NewsSentiment;
  /** 0..100. */
  readonly confidence: number;
}

/**
 * The news-sentiment analyst, in two steps so that the LLM layer can classify in between:
 * `select` picks the headlines to classify, `aggregate` turns labels into the signal. In rules mode
 * `aggregate` is called with no classifications (labels already on the articles only).
 */
export interface NewsSentimentAnalyst {
  readonly key: 'news_sentiment_analyst';
  readonly systemPrompt: string;
  fetch(input: PersonaInput): Promise<readonly CompanyNews[]>;
  select(articles: readonly CompanyNews[]): readonly HeadlineToClassify[];
  aggregate(articles: readonly CompanyNews[], classified: readonly HeadlineClassification[]): AgentSignal;
}
