// The news-sentiment analyst (personas.md §14): up to 5 of the 10 newest unlabelled headlines are classified
// (by a model, in llm mode), then every labelled article votes. A failed classification is simply absent from
// `classified`: the headline stays unlabelled and does not vote (the anchor counted a failure as positive).
import type { CompanyNews, NewsSentiment } from '../../data/types';
import type { AgentSignal, SignalDirection } from '../types';
import type { HeadlineClassification, HeadlineToClassify, NewsSentimentAnalyst, PersonaInput } from './types';

export const NEWS_LIMIT = 100;
export const HEADLINES_CONSIDERED = 10;
export const HEADLINES_TO_CLASSIFY = 5;

/** The unlabelled headlines among the 10 newest articles (in the order given, newest first), at most 5. */
export function selectHeadlines(articles: readonly CompanyNews[]): HeadlineToClassify[] {
  const selected: HeadlineToClassify[] = [];
  const considered = Math.min(HEADLINES_CONSIDERED, articles.length);
  for (let index = 0; index < considered && selected.length < HEADLINES_TO_CLASSIFY; index += 1) {
    if (articles[index].sentiment === null) selected.push({ index, title: articles[index].title });
  }
  return selected;
}

const SIDE: Readonly<Record<SignalDirection, NewsSentiment>> = { bullish: 'positive', bearish: 'negative', neutral: 'neutral' };
const SENTIMENTS: ReadonlySet<string> = new Set<NewsSentiment>(['positive', 'negative', 'neutral']);

/**
 * Majority of the labelled articles (positive bullish, negative bearish; a tie is neutral). Confidence, with T
 * labelled articles: 0 when T = 0; with model classifications on the winning side (neutral articles for a
 * neutral call) 0.7 × their mean confidence + 0.3 × 100·max(bullish, bearish)/T; otherwise 100·max/T; two decimals.
 * Classifications with an index outside the articles, an unknown sentiment or a non-finite confidence are ignored;
 * confidences are clamped to 0..100.
 */
export function aggregateNewsSentiment(articles: readonly CompanyNews[], classified: readonly HeadlineClassification[]): AgentSignal {
  const labels: (NewsSentiment | null)[] = articles.map((a) => a.sentiment);
  const modelConfidence = new Map<number, number>();
  for (const c of classified) {
    const valid = Number.isInteger(c.index) && c.index >= 0 && c.index < articles.length && SENTIMENTS.has(c.sentiment) && Number.isFinite(c.confidence);
    if (!valid || modelConfidence.has(c.index)) continue;
    labels[c.index] = c.sentiment;
    modelConfidence.set(c.index, Math.min(100, Math.max(0, c.confidence)));
  }
  let bullish = 0;
  let bearish = 0;
  let neutral = 0;
  for (const label of labels) {
    if (label === 'positive') bullish += 1;
    else if (label === 'negative') bearish += 1;
    else if (label === 'neutral') neutral += 1;
  }
  const labelled = bullish + bearish + neutral;
  const signal: SignalDirection = bullish > bearish ? 'bullish' : bearish > bullish ? 'bearish' : 'neutral';
  let confidence = 0;
  if (labelled > 0) {
    const proportion = (100 * Math.max(bullish, bearish)) / labelled;
    const matching = [...modelConfidence].filter(([index]) => labels[index] === SIDE[signal]).map(([, value]) => value);
    const blended = matching.length > 0 ? 0.7 * (matching.reduce((s, v) => s + v, 0) / matching.length) + 0.3 * proportion : proportion;
    confidence = Math.round(blended * 100) / 100;
  }
  return {
    signal,
    confidence,
    reasoning: {
      news_sentiment: {
        signal,
        confidence,
        metrics: {
          total_articles: articles.length,
          bullish_articles: bullish,
          bearish_articles: bearish,
          neutral_articles: neutral,
          articles_classified_by_llm: modelConfidence.size,
        },
      },
    },
  };
}

export const NEWS_SENTIMENT_PROMPT = [
  'You classify one news headline about a company for an equity analyst.',
  'Judge only what the headline says about the prospects of the named company: positive (good news for its shareholders),',
  'negative (bad news for them) or neutral (no clear effect, or routine information). Do not guess beyond the headline.',
  'Answer with JSON only: {"sentiment": "positive" | "negative" | "neutral", "confidence": an integer from 0 to 100}.',
].join('\n');

export const NEWS_SENTIMENT: NewsSentimentAnalyst = {
  key: 'news_sentiment_analyst',
  systemPrompt: NEWS_SENTIMENT_PROMPT,
  fetch: (input: PersonaInput) => input.data.getCompanyNews(input.ticker, input.endDate, null, NEWS_LIMIT, { signal: input.signal }),
  select: selectHeadlines,
  aggregate: aggregateNewsSentiment,
};
