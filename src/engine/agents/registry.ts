// The anchor's 19 analysts (keys, names, descriptions and order as the anchor's ANALYST_CONFIG) and the
// functions of the rule-based ones. LLM analysts have no function here: the LLM layer supplies them.
import { fundamentalsAnalyst } from './fundamentals-analyst';
import { growthAnalyst } from './growth-analyst';
import { sentimentAnalyst } from './sentiment-analyst';
import { technicalAnalyst } from './technical-analyst';
import type { AgentDefinition, AnalystFunction } from './types';
import { valuationAnalyst } from './valuation-analyst';

export const AGENTS: readonly AgentDefinition[] = [
  {
    key: 'aswath_damodaran',
    display_name: 'Aswath Damodaran',
    description: 'The Dean of Valuation',
    investing_style: 'Values a business from its story and its numbers: cash flows discounted at a cost of capital that fits its risk, checked against relative valuation.',
    order: 0,
    kind: 'llm',
  },
  {
    key: 'ben_graham',
    display_name: 'Ben Graham',
    description: 'The Father of Value Investing',
    investing_style: 'Buys financially sound companies below their net current asset value or Graham number, insisting on a wide margin of safety and steady earnings and dividends.',
    order: 1,
    kind: 'llm',
  },
  {
    key: 'bill_ackman',
    display_name: 'Bill Ackman',
    description: 'The Activist Investor',
    investing_style: 'Takes concentrated stakes in high-quality, simple businesses with durable moats and pushes for operational or capital-allocation changes that unlock value.',
    order: 2,
    kind: 'llm',
  },
  {
    key: 'cathie_wood',
    display_name: 'Cathie Wood',
    description: 'The Queen of Growth Investing',
    investing_style: 'Backs companies riding disruptive innovation (AI, genomics, robotics, fintech) with heavy R&D and exponential revenue potential, accepting high volatility for long horizons.',
    order: 3,
    kind: 'llm',
  },
  {
    key: 'charlie_munger',
    display_name: 'Charlie Munger',
    description: 'The Rational Thinker',
    investing_style: 'Pays a fair price for wonderful businesses with predictable cash flows, high returns on capital and honest management, and holds them for decades.',
    order: 4,
    kind: 'llm',
  },
  {
    key: 'michael_burry',
    display_name: 'Michael Burry',
    description: 'The Big Short Contrarian',
    investing_style: 'Digs through balance sheets for deeply undervalued, out-of-favour stocks with hard free-cash-flow value, and bets against consensus when the data disagree with it.',
    order: 5,
    kind: 'llm',
  },
  {
    key: 'mohnish_pabrai',
    display_name: 'Mohnish Pabrai',
    description: 'The Dhandho Investor',
    investing_style: 'Looks for low-risk, high-uncertainty bets on simple businesses trading far below intrinsic value, where heads he wins big and tails he loses little.',
    order: 6,
    kind: 'llm',
  },
  {
    key: 'nassim_taleb',
    display_name: 'Nassim Taleb',
    description: 'The Black Swan Risk Analyst',
    investing_style: 'Favours antifragile positions with limited downside and convex upside, avoids fragile leverage, and weighs fat-tail risk above average-case forecasts.',
    order: 7,
    kind: 'llm',
  },
  {
    key: 'peter_lynch',
    display_name: 'Peter Lynch',
    description: 'The 10-Bagger Investor',
    investing_style: 'Invests in understandable businesses growing steadily at a reasonable price (PEG near or below 1), looking for the next ten-bagger in everyday products.',
    order: 8,
    kind: 'llm',
  },
  {
    key: 'phil_fisher',
    display_name: 'Phil Fisher',
    description: 'The Scuttlebutt Investor',
    investing_style: 'Holds outstanding growth companies for the long term after deep qualitative research into management, R&D, margins and competitive position.',
    order: 9,
    kind: 'llm',
  },
  {
    key: 'rakesh_jhunjhunwala',
    display_name: 'Rakesh Jhunjhunwala',
    description: 'The Big Bull Of India',
    investing_style: 'Backs high-growth companies with strong returns on equity, conservative balance sheets and shareholder-friendly management, buying with conviction and holding through cycles.',
    order: 10,
    kind: 'llm',
  },
  {
    key: 'stanley_druckenmiller',
    display_name: 'Stanley Druckenmiller',
    description: 'The Macro Investor',
    investing_style: 'Sizes up asymmetric opportunities from growth, momentum and sentiment, concentrating capital when conviction is high and cutting losses fast.',
    order: 11,
    kind: 'llm',
  },
  {
    key: 'warren_buffett',
    display_name: 'Warren Buffett',
    description: 'The Oracle of Omaha',
    investing_style: 'Buys wonderful companies with durable moats, consistent earnings and conservative debt at a discount to intrinsic value, and holds them for the long term.',
    order: 12,
    kind: 'llm',
  },
  {
    key: 'technical_analyst',
    display_name: 'Technical Analyst',
    description: 'Chart Pattern Specialist',
    investing_style: 'Reads price and volume only: trend following, mean reversion, momentum, volatility regimes and statistical-arbitrage signals combined into one weighted view.',
    order: 13,
    kind: 'rule',
  },
  {
    key: 'fundamentals_analyst',
    display_name: 'Fundamentals Analyst',
    description: 'Financial Statement Specialist',
    investing_style: 'Scores the latest financial statements on profitability, growth, financial health and price ratios, and follows the majority of those four views.',
    order: 14,
    kind: 'rule',
  },
  {
    key: 'growth_analyst',
    display_name: 'Growth Analyst',
    description: 'Growth Specialist',
    investing_style: 'Weighs revenue, earnings and free-cash-flow growth and their trend with valuation, margins, insider buying and balance-sheet health to find growth at a sensible price.',
    order: 15,
    kind: 'rule',
  },
  {
    key: 'news_sentiment_analyst',
    display_name: 'News Sentiment Analyst',
    description: 'News Sentiment Specialist',
    investing_style: 'Classifies recent headlines as positive, negative or neutral with a language model and follows the balance of the news flow.',
    order: 16,
    kind: 'llm',
  },
  {
    key: 'sentiment_analyst',
    display_name: 'Sentiment Analyst',
    description: 'Market Sentiment Specialist',
    investing_style: 'Combines insider buying and selling with the tone of recent news, weighting the news more, to gauge how the market feels about a stock.',
    order: 17,
    kind: 'rule',
  },
  {
    key: 'valuation_analyst',
    display_name: 'Valuation Analyst',
    description: 'Company Valuation Specialist',
    investing_style: 'Compares market value with a DCF, owner earnings, EV/EBITDA and residual-income estimate of intrinsic value and acts on a wide enough gap.',
    order: 18,
    kind: 'rule',
  },
];

const RULE_ANALYSTS: Readonly<Partial<Record<string, AnalystFunction>>> = {
  technical_analyst: technicalAnalyst,
  fundamentals_analyst: fundamentalsAnalyst,
  growth_analyst: growthAnalyst,
  sentiment_analyst: sentimentAnalyst,
  valuation_analyst: valuationAnalyst,
};

/** The definition of an agent by key, or undefined for an unknown key. */
export function findAgent(key: string): AgentDefinition | undefined {
  return AGENTS.find((agent) => agent.key === key);
}

/** The function of a rule-based analyst, or null when the key is an LLM analyst or unknown. */
export function ruleAnalyst(key: string): AnalystFunction | null {
  return RULE_ANALYSTS[key] ?? null;
}
