// Shared pieces of the investor personas: reading line-item columns, growth over the real span between
// reports, the pre-signal and confidence formulas of rules mode, the sentiment and insider scores that
// several personas share, and the compaction of facts for a model. Pure functions only.
import type { CompanyNews, InsiderTrade, LineItem, ReportPeriod } from '../../data/types';
import { formatIsoDay, parseIsoDay } from '../../civil-days';
import { finiteOrNull, lineItemNumber } from '../analyst-runner';
import type { AgentSignal, SignalDirection } from '../types';
import type { PersonaAnalysis } from './types';

export { lineItemNumber };

/** One sub-analysis: points, the most it can give, one line of explanation, and the figures behind it. */
export interface SubScore {
  readonly score: number;
  readonly max_score: number;
  readonly details: string;
  readonly [figure: string]: unknown;
}

export function subScore(score: number, maxScore: number, notes: readonly string[], figures: Record<string, unknown> = {}): SubScore {
  return { ...figures, score, max_score: maxScore, details: notes.join('; ') };
}

/** How many records each read returned (`market_cap` is 1 when known): the analysis had no data when all are 0. */
export type DataPoints = Readonly<Record<string, number>>;

/** A line-item column, newest first, null where the record lacks a finite value. */
export function column(items: readonly LineItem[], key: string): (number | null)[] {
  return items.map((item) => lineItemNumber(item, key));
}

/** A value with the record it came from (growth rates need the report dates). */
export interface Dated {
  readonly value: number;
  readonly item: LineItem;
}

/** The records' known values of one line item, newest first, optionally filtered (e.g. positive only). */
export function knownValues(items: readonly LineItem[], key: string, keep: (value: number) => boolean = () => true): Dated[] {
  const out: Dated[] = [];
  for (const item of items) {
    const value = lineItemNumber(item, key);
    if (value !== null && keep(value)) out.push({ value, item });
  }
  return out;
}

export function values(dated: readonly Dated[]): number[] {
  return dated.map((d) => d.value);
}

/** Known (non-null, finite) numbers of a list, in order. */
export function known(list: readonly (number | null | undefined)[]): number[] {
  const out: number[] = [];
  for (const v of list) if (v !== null && v !== undefined && Number.isFinite(v)) out.push(v);
  return out;
}

const YEARS_PER_STEP: Readonly<Record<ReportPeriod, number>> = { annual: 1, ttm: 0.25, quarterly: 0.25 };

/**
 * Years between two reports, from their `report_period` dates rounded to the nearest quarter (so a
 * 2020-12-31 → 2022-12-31 span is exactly 2). When the dates cannot be read, each step between the
 * records counts a year for annual reports and a quarter for ttm/quarterly ones. The anchor counted
 * one "year" per record, which over trailing-twelve-month lists (one record per quarter) turned
 * quarterly growth into annual rates.
 */
export function yearsBetween(newer: LineItem, older: LineItem, steps: number): number {
  const a = parseIsoDay(newer.report_period);
  const b = parseIsoDay(older.report_period);
  if (a !== null && b !== null && a > b) {
    const quarters = Math.round(((a - b) / 365.25) * 4);
    if (quarters > 0) return quarters / 4;
  }
  return steps * (YEARS_PER_STEP[newer.period] ?? 1);
}

/** Compound annual growth from `oldest` to `newest` over `years`; null unless both are > 0 and years > 0. */
export function cagr(newest: number, oldest: number, years: number): number | null {
  if (!(newest > 0) || !(oldest > 0) || !(years > 0)) return null;
  return (newest / oldest) ** (1 / years) - 1;
}

/** CAGR between the newest and the oldest of dated values (newest first). */
export function cagrOf(dated: readonly Dated[]): number | null {
  if (dated.length < 2) return null;
  const newest = dated[0];
  const oldest = dated[dated.length - 1];
  return cagr(newest.value, oldest.value, yearsBetween(newest.item, oldest.item, dated.length - 1));
}

/** (newer − older)/|older|, null when older is 0. */
export function change(newer: number, older: number): number | null {
  return older === 0 ? null : (newer - older) / Math.abs(older);
}

/** Mean of the first three values against the mean of the last three (six or more values) or the last value. */
export function recentVersusOlder(newestFirst: readonly number[]): { recent: number; older: number } | null {
  const n = newestFirst.length;
  if (n < 3) return null;
  const recent = (newestFirst[0] + newestFirst[1] + newestFirst[2]) / 3;
  const older = n >= 6 ? (newestFirst[n - 1] + newestFirst[n - 2] + newestFirst[n - 3]) / 3 : newestFirst[n - 1];
  return { recent, older };
}

/** How many items satisfy `test`. */
export function countWhere<T>(list: readonly T[], test: (value: T) => boolean): number {
  let count = 0;
  for (const v of list) if (test(v)) count += 1;
  return count;
}

/** A strict majority: more than half of `n`. */
export function isMajority(count: number, n: number): boolean {
  return n > 0 && count >= Math.floor(n / 2) + 1;
}

export function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

/** The decision date minus `days` calendar days (`YYYY-MM-DD`); the date unchanged when it cannot be read. */
export function daysBefore(date: string, days: number): string {
  const day = parseIsoDay(date);
  return day === null ? date : formatIsoDay(day - days);
}

/**
 * Present value of an FCF growing at `growth` for `years`, plus an exit at `multiple` × the last year's FCF,
 * all discounted at `discount` (Ackman's and Cathie Wood's model).
 */
export function exitMultipleValue(fcf: number, growth: number, discount: number, years: number, multiple: number): number {
  let pv = 0;
  for (let t = 1; t <= years; t += 1) pv += (fcf * (1 + growth) ** t) / (1 + discount) ** t;
  return pv + (fcf * (1 + growth) ** years * multiple) / (1 + discount) ** years;
}

const NEGATIVE_WORDS = ['lawsuit', 'fraud', 'negative', 'downturn', 'decline', 'investigation', 'recall'];

/**
 * Headline sentiment on a 0-10 scale (Lynch, Fisher, Druckenmiller): no news 5; more than 30 % of titles with a
 * negative keyword 3; any 6; none 8.
 */
export function headlineSentimentScore(news: readonly CompanyNews[]): SubScore {
  if (news.length === 0) return subScore(5, 10, ['No news data; neutral sentiment'], { articles: 0, negative_headlines: 0 });
  const negative = countWhere(news, (n) => {
    const title = n.title.toLowerCase();
    return NEGATIVE_WORDS.some((word) => title.includes(word));
  });
  const share = negative / news.length;
  const score = share > 0.3 ? 3 : negative > 0 ? 6 : 8;
  const note =
    score === 3 ? `High proportion of negative headlines: ${negative}/${news.length}` : score === 6 ? `Some negative headlines: ${negative}/${news.length}` : 'Mostly positive or neutral headlines';
  return subScore(score, 10, [note], { articles: news.length, negative_headlines: negative });
}

/** Insider buy ratio on a 0-10 scale (Lynch, Fisher, Druckenmiller): no signed trades 5; > 0.7 → 8; > 0.4 → 6; else 4. */
export function insiderActivityScore(trades: readonly InsiderTrade[]): SubScore {
  const buys = countWhere(trades, (t) => (t.transaction_shares ?? 0) > 0);
  const sells = countWhere(trades, (t) => (t.transaction_shares ?? 0) < 0);
  if (buys + sells === 0) return subScore(5, 10, ['No insider trades; neutral'], { buys, sells, buy_ratio: null });
  const ratio = buys / (buys + sells);
  const score = ratio > 0.7 ? 8 : ratio > 0.4 ? 6 : 4;
  const note = score === 8 ? `Heavy insider buying: ${buys} buys vs ${sells} sells` : score === 6 ? `Moderate insider buying: ${buys} buys vs ${sells} sells` : `Mostly insider selling: ${buys} buys vs ${sells} sells`;
  return subScore(score, 10, [note], { buys, sells, buy_ratio: ratio });
}

/** Shares bought (positive trades) and sold (negative trades, as a positive number) over the trades. */
export function insiderShareFlow(trades: readonly InsiderTrade[]): { bought: number; sold: number } {
  let bought = 0;
  let sold = 0;
  for (const t of trades) {
    const shares = t.transaction_shares ?? 0;
    if (shares > 0) bought += shares;
    else sold -= shares;
  }
  return { bought, sold };
}

/** bullish at or above `bullishAt`, bearish at or below `bearishAt`, else neutral. */
export function thresholdSignal(score: number, bullishAt: number, bearishAt: number): SignalDirection {
  if (score >= bullishAt) return 'bullish';
  if (score <= bearishAt) return 'bearish';
  return 'neutral';
}

/**
 * The band formula (conviction in the signal), r = clamp(score/max, 0, 1), B and A the bullish and bearish
 * shares: bullish 60..100 rising from B to 1, bearish 60..100 rising from A to 0, neutral 30..50 (50 at the
 * centre of the band, 30 at its edges). Rounded to an integer.
 */
export function bandConfidence(signal: SignalDirection, r: number, bullishShare: number, bearishShare: number): number {
  const x = clamp(r, 0, 1);
  if (signal === 'bullish') return Math.round(60 + (40 * (x - bullishShare)) / (1 - bullishShare));
  if (signal === 'bearish') return Math.round(60 + (40 * (bearishShare - x)) / bearishShare);
  const centre = (bullishShare + bearishShare) / 2;
  const halfWidth = (bullishShare - bearishShare) / 2;
  return Math.round(clamp(50 - (20 * Math.abs(x - centre)) / halfWidth, 30, 50));
}

/**
 * Rules mode of the score-threshold personas: bullish at ≥ B·max, bearish at ≤ A·max (the anchor's pre-signal),
 * band confidence; with no data at all, neutral with confidence 0.
 */
export function bandRules(analysis: PersonaAnalysis, bullishShare: number, bearishShare: number): AgentSignal {
  if (hasNoData(analysis)) return noDataSignal(analysis, 0);
  const signal = thresholdSignal(analysis.score, bullishShare * analysis.max_score, bearishShare * analysis.max_score);
  return {
    signal,
    confidence: bandConfidence(signal, scoreShare(analysis), bullishShare, bearishShare),
    reasoning: {
      rule: `score ≥ ${bullishShare * analysis.max_score} bullish, ≤ ${bearishShare * analysis.max_score} bearish (of ${analysis.max_score})`,
      score: analysis.score,
      max_score: analysis.max_score,
    },
  };
}

/** A number at `path` inside a details record, or null (rules mode reads the analysis this way, never by cast). */
export function numberAt(record: unknown, ...path: string[]): number | null {
  let current: unknown = record;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return null;
    current = Reflect.get(current, key);
  }
  return typeof current === 'number' && Number.isFinite(current) ? current : null;
}

/** True when every read of the analysis came back empty (`details.data_points` all 0). */
export function hasNoData(analysis: PersonaAnalysis): boolean {
  const points = analysis.details.data_points;
  if (typeof points !== 'object' || points === null) return false;
  return Object.values(points).every((count) => count === 0);
}

/** Rules-mode answer when the analysis had no data at all: neutral with the persona's default confidence. */
export function noDataSignal(analysis: PersonaAnalysis, confidence: number): AgentSignal {
  return { signal: 'neutral', confidence, reasoning: { rule: 'no data for this ticker: neutral', score: 0, max_score: analysis.max_score } };
}

/** The score as a share of the maximum, clamped to 0..1. */
export function scoreShare(analysis: PersonaAnalysis): number {
  return analysis.max_score > 0 ? clamp(analysis.score / analysis.max_score, 0, 1) : 0;
}

function compactNumber(value: number): number | null {
  if (!Number.isFinite(value)) return null;
  if (Math.abs(value) >= 100) return Math.round(value);
  return Math.round(value * 10_000) / 10_000;
}

/**
 * Facts for a model: finite numbers only (NaN and ±Infinity become null), numbers of 100 or more rounded to
 * integers and smaller ones to 4 decimals, undefined members dropped. Same input, same output: prompts hash stably.
 */
export function compactFacts(value: unknown): unknown {
  if (typeof value === 'number') return compactNumber(value);
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map(compactFacts);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) if (member !== undefined) out[key] = compactFacts(member);
    return out;
  }
  return null;
}

/** The facts record of an analysis (compacted). */
export function factsOf(facts: Record<string, unknown>): Readonly<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(facts)) if (member !== undefined) out[key] = compactFacts(member);
  return out;
}

/** A sub-score as the model sees it: points of max and the explanation. */
export function briefOf(sub: SubScore): { score: number; max_score: number; details: string } {
  return { score: sub.score, max_score: sub.max_score, details: sub.details };
}

export { finiteOrNull };

/** The answer limits appended to every persona's system prompt. */
export function answerFormat(reasoningLimit: number | null, confidenceMeaning: string): string {
  const reasoning = reasoningLimit === null ? 'a thorough, specific reasoning citing the figures' : `a reasoning under ${reasoningLimit} characters`;
  return [
    'Use only the facts you are given; never invent numbers, and say so when the data is insufficient.',
    `Answer with JSON only: {"signal": "bullish" | "bearish" | "neutral", "confidence": a number from 0 to 100, "reasoning": ${reasoning}}.`,
    confidenceMeaning,
  ].join('\n');
}
