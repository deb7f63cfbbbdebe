// Sentiment analyst (anchor §4): insider trade direction (weight 0.3) and news sentiment (weight 0.7).
import type { CompanyNews, InsiderTrade } from '../data/types';
import { analyzeTickers, directionOf, toConfidence } from './analyst-runner';
import type { AgentSignal, AnalystFunction } from './types';

export const INSIDER_WEIGHT = 0.3;
export const NEWS_WEIGHT = 0.7;

export function analyzeSentiment(trades: readonly InsiderTrade[], news: readonly CompanyNews[]): AgentSignal {
  let insiderBullish = 0;
  let insiderBearish = 0;
  for (const trade of trades) {
    if (trade.transaction_shares === null || !Number.isFinite(trade.transaction_shares)) continue;
    if (trade.transaction_shares < 0) insiderBearish += 1;
    else insiderBullish += 1;
  }
  let newsBullish = 0;
  let newsBearish = 0;
  let newsNeutral = 0;
  for (const item of news) {
    if (item.sentiment === 'positive') newsBullish += 1;
    else if (item.sentiment === 'negative') newsBearish += 1;
    else newsNeutral += 1;
  }
  const bullish = insiderBullish * INSIDER_WEIGHT + newsBullish * NEWS_WEIGHT;
  const bearish = insiderBearish * INSIDER_WEIGHT + newsBearish * NEWS_WEIGHT;
  const total = (insiderBullish + insiderBearish) * INSIDER_WEIGHT + (newsBullish + newsBearish + newsNeutral) * NEWS_WEIGHT;
  return {
    signal: directionOf(bullish, bearish),
    confidence: total > 0 ? toConfidence(Math.max(bullish, bearish) / total) : 0,
    reasoning: {
      insider_trading: { bullish: insiderBullish, bearish: insiderBearish, weight: INSIDER_WEIGHT },
      news_sentiment: { bullish: newsBullish, bearish: newsBearish, neutral: newsNeutral, weight: NEWS_WEIGHT },
      weighted_bullish: Math.round(bullish * 100) / 100,
      weighted_bearish: Math.round(bearish * 100) / 100,
    },
  };
}

export const sentimentAnalyst: AnalystFunction = (ctx, agentId) =>
  analyzeTickers(ctx, agentId, async (ticker, status) => {
    status('Fetching insider trades');
    const trades = await ctx.data.getInsiderTrades(ticker, ctx.endDate, null, 1000, { signal: ctx.signal });
    status('Fetching company news');
    const news = await ctx.data.getCompanyNews(ticker, ctx.endDate, null, 100, { signal: ctx.signal });
    return analyzeSentiment(trades, news);
  });
