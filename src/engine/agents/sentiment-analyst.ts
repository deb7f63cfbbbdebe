// Sentiment analyst (anchor §4): insider trade direction (weight 0.3) and news sentiment (weight 0.7).
import type { CompanyNews, InsiderTrade } from '../data/types';
import { analyzeTickers, directionOf, rememberPerInput, toConfidence } from './analyst-runner';
import type { AgentSignal, AnalystFunction } from './types';

export const INSIDER_WEIGHT = 0.3;
export const NEWS_WEIGHT = 0.7;

interface InsiderTally {
  readonly bullish: number;
  readonly bearish: number;
}

interface NewsTally {
  readonly bullish: number;
  readonly bearish: number;
  readonly neutral: number;
}

function insiderTally(trades: readonly InsiderTrade[]): InsiderTally {
  let bullish = 0;
  let bearish = 0;
  for (const trade of trades) {
    if (trade.transaction_shares === null || !Number.isFinite(trade.transaction_shares)) continue;
    if (trade.transaction_shares < 0) bearish += 1;
    else bullish += 1;
  }
  return { bullish, bearish };
}

function newsTally(news: readonly CompanyNews[]): NewsTally {
  let bullish = 0;
  let bearish = 0;
  let neutral = 0;
  for (const item of news) {
    if (item.sentiment === 'positive') bullish += 1;
    else if (item.sentiment === 'negative') bearish += 1;
    else neutral += 1;
  }
  return { bullish, bearish, neutral };
}

function sentimentOf(insider: InsiderTally, news: NewsTally): AgentSignal {
  const bullish = insider.bullish * INSIDER_WEIGHT + news.bullish * NEWS_WEIGHT;
  const bearish = insider.bearish * INSIDER_WEIGHT + news.bearish * NEWS_WEIGHT;
  const total = (insider.bullish + insider.bearish) * INSIDER_WEIGHT + (news.bullish + news.bearish + news.neutral) * NEWS_WEIGHT;
  return {
    signal: directionOf(bullish, bearish),
    confidence: total > 0 ? toConfidence(Math.max(bullish, bearish) / total) : 0,
    reasoning: {
      insider_trading: { bullish: insider.bullish, bearish: insider.bearish, weight: INSIDER_WEIGHT },
      news_sentiment: { bullish: news.bullish, bearish: news.bearish, neutral: news.neutral, weight: NEWS_WEIGHT },
      weighted_bullish: Math.round(bullish * 100) / 100,
      weighted_bearish: Math.round(bearish * 100) / 100,
    },
  };
}

export function analyzeSentiment(trades: readonly InsiderTrade[], news: readonly CompanyNews[]): AgentSignal {
  return sentimentOf(insiderTally(trades), newsTally(news));
}

/** The insider trades of a window change every few weeks and its news every few days: each is counted once. */
const rememberedInsiderTally = rememberPerInput(insiderTally);
const rememberedNewsTally = rememberPerInput(newsTally);

export const sentimentAnalyst: AnalystFunction = (ctx, agentId) =>
  analyzeTickers(ctx, agentId, async (ticker, status) => {
    status('Fetching insider trades');
    const trades = await ctx.data.getInsiderTrades(ticker, ctx.endDate, null, 1000, { signal: ctx.signal });
    status('Fetching company news');
    const news = await ctx.data.getCompanyNews(ticker, ctx.endDate, null, 100, { signal: ctx.signal });
    return sentimentOf(rememberedInsiderTally(trades), rememberedNewsTally(news));
  });
