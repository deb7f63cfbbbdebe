// Warren Buffett (personas.md §1): fundamentals, earnings consistency, moat, pricing power, book-value growth and
// management, then an owner-earnings DCF and its margin of safety against the market cap.
import type { FinancialMetrics, LineItem } from '../../data/types';
import { mean, median, populationStd } from '../indicators';
import type { AgentSignal } from '../types';
import {
  answerFormat,
  briefOf,
  cagrOf,
  clamp,
  countWhere,
  type DataPoints,
  factsOf,
  finiteOrNull,
  hasNoData,
  knownValues,
  known,
  lineItemNumber,
  noDataSignal,
  numberAt,
  scoreShare,
  type SubScore,
  subScore,
  values,
} from './helpers';
import type { Persona, PersonaAnalysis, PersonaInput } from './types';

export const WARREN_BUFFETT_LINE_ITEMS = [
  'capital_expenditure',
  'depreciation_and_amortization',
  'net_income',
  'outstanding_shares',
  'total_assets',
  'total_liabilities',
  'shareholders_equity',
  'dividends_and_other_cash_distributions',
  'issuance_or_purchase_of_equity_shares',
  'gross_profit',
  'revenue',
  'free_cash_flow',
  // not requested by the anchor, which then read them and always found nothing (pricing power, ΔWC)
  'current_assets',
  'current_liabilities',
] as const;

/** fundamentals 7 + consistency 3 + moat 5 + pricing power 5 + book value 6 + management 2. */
export const WARREN_BUFFETT_MAX_SCORE = 28;

/** ROE > 15 % +2, D/E < 0.5 +2, operating margin > 15 % +2, current ratio > 1.5 +1 (latest metrics). */
export function buffettFundamentals(latest: FinancialMetrics | undefined): SubScore {
  if (latest === undefined) return subScore(0, 7, ['Insufficient fundamental data']);
  let score = 0;
  const notes: string[] = [];
  const { return_on_equity: roe, debt_to_equity: de, operating_margin: om, current_ratio: cr } = latest;
  if (roe !== null && roe > 0.15) {
    score += 2;
    notes.push(`Strong ROE of ${(roe * 100).toFixed(1)}%`);
  } else notes.push(roe === null ? 'ROE data not available' : `Weak ROE of ${(roe * 100).toFixed(1)}%`);
  if (de !== null && de < 0.5) {
    score += 2;
    notes.push('Conservative debt levels');
  } else notes.push(de === null ? 'Debt to equity data not available' : `High debt to equity ratio of ${de.toFixed(1)}`);
  if (om !== null && om > 0.15) {
    score += 2;
    notes.push('Strong operating margins');
  } else notes.push(om === null ? 'Operating margin data not available' : `Weak operating margin of ${(om * 100).toFixed(1)}%`);
  if (cr !== null && cr > 1.5) {
    score += 1;
    notes.push('Good liquidity position');
  } else notes.push(cr === null ? 'Current ratio data not available' : `Weak liquidity with current ratio of ${cr.toFixed(1)}`);
  return subScore(score, 7, notes, { return_on_equity: roe, debt_to_equity: de, operating_margin: om, current_ratio: cr });
}

/** +3 when net income rose strictly period over period across ≥ 4 known values (newest first). */
export function buffettConsistency(items: readonly LineItem[]): SubScore {
  if (items.length < 4) return subScore(0, 3, ['Insufficient historical data']);
  const earnings = values(knownValues(items, 'net_income'));
  if (earnings.length < 4) return subScore(0, 3, ['Insufficient earnings data for trend analysis']);
  let rising = true;
  for (let i = 0; i + 1 < earnings.length; i += 1) if (!(earnings[i] > earnings[i + 1])) rising = false;
  const oldest = earnings[earnings.length - 1];
  const growth = oldest !== 0 ? (earnings[0] - oldest) / Math.abs(oldest) : null;
  const notes = [rising ? 'Consistent earnings growth over past periods' : 'Inconsistent earnings growth pattern'];
  if (growth !== null) notes.push(`Total earnings growth of ${(growth * 100).toFixed(1)}% over the past ${earnings.length} periods`);
  return subScore(rising ? 3 : 0, 3, notes, { total_earnings_growth: growth });
}

function stability(list: readonly number[]): number {
  const m = mean(list);
  return m > 0 ? 1 - populationStd(list) / m : 0;
}

/**
 * Moat from ≥ 5 metric periods: share of ROE > 15 % (≥ 0.8 +2, ≥ 0.6 +1); mean operating margin > 20 % and not
 * falling (+1); asset turnover > 1 in any of ≥ 3 periods (+1); ROE and margin stability (+1). Capped at 5.
 */
export function buffettMoat(metrics: readonly FinancialMetrics[]): SubScore {
  if (metrics.length < 5) return subScore(0, 5, ['Insufficient data for comprehensive moat analysis']);
  let score = 0;
  const notes: string[] = [];
  const roes = known(metrics.map((m) => m.return_on_equity));
  const margins = known(metrics.map((m) => m.operating_margin));
  let highRoeShare: number | null = null;
  if (roes.length >= 5) {
    highRoeShare = countWhere(roes, (r) => r > 0.15) / roes.length;
    if (highRoeShare >= 0.8) {
      score += 2;
      notes.push(`Excellent ROE consistency: ${Math.round(highRoeShare * 100)}% of periods above 15%`);
    } else if (highRoeShare >= 0.6) {
      score += 1;
      notes.push(`Good ROE performance: ${Math.round(highRoeShare * 100)}% of periods above 15%`);
    } else notes.push(`Inconsistent ROE: only ${Math.round(highRoeShare * 100)}% of periods above 15%`);
  }
  if (margins.length >= 5) {
    const average = mean(margins);
    const recent = mean(margins.slice(0, 3));
    const older = mean(margins.slice(-3));
    if (average > 0.2 && recent >= older) {
      score += 1;
      notes.push(`Strong and stable operating margins (avg: ${(average * 100).toFixed(1)}%)`);
    } else notes.push(`Operating margins average ${(average * 100).toFixed(1)}%, below the 20% moat level or declining`);
  }
  const turnovers = known(metrics.map((m) => m.asset_turnover));
  if (turnovers.length >= 3 && turnovers.some((t) => t > 1.0)) {
    score += 1;
    notes.push('Efficient asset utilization suggests operational moat');
  }
  let stabilityScore: number | null = null;
  if (roes.length >= 5 && margins.length >= 5) {
    stabilityScore = (stability(roes) + stability(margins)) / 2;
    if (stabilityScore > 0.7) {
      score += 1;
      notes.push(`High performance stability (${Math.round(stabilityScore * 100)}%) suggests strong competitive moat`);
    }
  }
  return subScore(Math.min(score, 5), 5, notes.length > 0 ? notes : ['Limited evidence of a durable competitive advantage'], {
    high_roe_share: highRoeShare,
    stability: stabilityScore,
  });
}

/**
 * Pricing power from gross margins (gross profit / revenue, newest first, ≥ 3): recent (2 newest) vs older (2
 * oldest) +3 / +2 / +1, then the mean level > 50 % +2, > 30 % +1.
 */
export function buffettPricingPower(items: readonly LineItem[]): SubScore {
  const margins: number[] = [];
  for (const item of items) {
    const gross = lineItemNumber(item, 'gross_profit');
    const revenue = lineItemNumber(item, 'revenue');
    if (gross !== null && revenue !== null && revenue > 0) margins.push(gross / revenue);
  }
  if (margins.length < 3) return subScore(0, 5, ['Insufficient gross margin data for pricing power analysis']);
  let score = 0;
  const notes: string[] = [];
  const recent = (margins[0] + margins[1]) / 2;
  const older = (margins[margins.length - 1] + margins[margins.length - 2]) / 2;
  if (recent > older + 0.02) {
    score += 3;
    notes.push('Expanding gross margins indicate strong pricing power');
  } else if (recent > older) {
    score += 2;
    notes.push('Improving gross margins suggest good pricing power');
  } else if (Math.abs(recent - older) < 0.01) {
    score += 1;
    notes.push('Stable gross margins during economic uncertainty');
  } else notes.push('Declining gross margins may indicate pricing pressure');
  const average = mean(margins);
  if (average > 0.5) {
    score += 2;
    notes.push(`Consistently high gross margins (${(average * 100).toFixed(1)}%) indicate strong pricing power`);
  } else if (average > 0.3) {
    score += 1;
    notes.push(`Good gross margins (${(average * 100).toFixed(1)}%) suggest decent pricing power`);
  }
  return subScore(score, 5, notes, { recent_gross_margin: recent, older_gross_margin: older, average_gross_margin: average });
}

/**
 * Book value per share (equity / shares, ≥ 3 periods): share of periods that grew (≥ 0.8 → 3, ≥ 0.6 → 2,
 * ≥ 0.4 → 1); CAGR over the real span > 15 % +2, > 10 % +1; a turnaround from negative to positive +3.
 */
export function buffettBookValueGrowth(items: readonly LineItem[]): SubScore {
  if (items.length < 3) return subScore(0, 6, ['Insufficient data for book value analysis']);
  const perShare = [];
  for (const item of items) {
    const equity = lineItemNumber(item, 'shareholders_equity');
    const shares = lineItemNumber(item, 'outstanding_shares');
    if (equity !== null && shares !== null && shares > 0) perShare.push({ value: equity / shares, item });
  }
  if (perShare.length < 3) return subScore(0, 6, ['Insufficient book value data for growth analysis']);
  let score = 0;
  const notes: string[] = [];
  let growing = 0;
  for (let i = 0; i + 1 < perShare.length; i += 1) if (perShare[i].value > perShare[i + 1].value) growing += 1;
  const share = growing / (perShare.length - 1);
  if (share >= 0.8) {
    score += 3;
    notes.push('Consistent book value per share growth (Buffett\'s favorite metric)');
  } else if (share >= 0.6) {
    score += 2;
    notes.push('Good book value per share growth pattern');
  } else if (share >= 0.4) {
    score += 1;
    notes.push('Moderate book value per share growth');
  } else notes.push('Inconsistent book value per share growth');
  const newest = perShare[0].value;
  const oldest = perShare[perShare.length - 1].value;
  const growthRate = cagrOf(perShare);
  if (growthRate !== null) {
    if (growthRate > 0.15) {
      score += 2;
      notes.push(`Excellent book value CAGR: ${(growthRate * 100).toFixed(1)}%`);
    } else if (growthRate > 0.1) {
      score += 1;
      notes.push(`Good book value CAGR: ${(growthRate * 100).toFixed(1)}%`);
    }
  } else if (oldest < 0 && newest > 0) {
    score += 3;
    notes.push('Excellent: Company improved from negative to positive book value');
  } else if (oldest > 0 && newest < 0) notes.push('Warning: Company declined from positive to negative book value');
  return subScore(score, 6, notes, { growing_share: share, book_value_cagr: growthRate });
}

/** Latest period: buybacks (issuance < 0) +1, dividends paid (< 0) +1. */
export function buffettManagement(items: readonly LineItem[]): SubScore {
  const latest = items[0];
  if (latest === undefined) return subScore(0, 2, ['Insufficient data for management analysis']);
  let score = 0;
  const notes: string[] = [];
  const issuance = lineItemNumber(latest, 'issuance_or_purchase_of_equity_shares');
  const dividends = lineItemNumber(latest, 'dividends_and_other_cash_distributions');
  if (issuance !== null && issuance < 0) {
    score += 1;
    notes.push('Company has been repurchasing shares (shareholder-friendly)');
  } else if (issuance !== null && issuance > 0) notes.push('Recent common stock issuance (potential dilution)');
  else notes.push('No significant new stock issuance detected');
  if (dividends !== null && dividends < 0) {
    score += 1;
    notes.push('Company has a track record of paying dividends');
  } else notes.push('No or minimal dividends paid');
  return subScore(score, 2, notes);
}

export interface OwnerEarnings {
  readonly owner_earnings: number | null;
  readonly maintenance_capex: number | null;
  readonly working_capital_change: number;
  readonly details: string;
}

/**
 * Owner earnings = NI + D&A − maintenance capex − ΔWC (latest period). Maintenance capex is the median of
 * 85 % of |capex|, D&A and the historical capex/revenue ratio × revenue (when ≥ 3 ratios exist among the five
 * newest periods), else the larger of the first two. ΔWC is the change of (current assets − current liabilities).
 */
export function ownerEarnings(items: readonly LineItem[]): OwnerEarnings {
  const [latest, previous] = items;
  const none = (details: string): OwnerEarnings => ({ owner_earnings: null, maintenance_capex: null, working_capital_change: 0, details });
  if (latest === undefined || previous === undefined) return none('Insufficient data for owner earnings calculation');
  const netIncome = lineItemNumber(latest, 'net_income');
  const depreciation = lineItemNumber(latest, 'depreciation_and_amortization');
  const capex = lineItemNumber(latest, 'capital_expenditure');
  if (netIncome === null || depreciation === null || capex === null) return none('Missing net income, depreciation or capex');
  const fromCapex = 0.85 * Math.abs(capex);
  const candidates = [fromCapex, depreciation];
  const ratios: number[] = [];
  for (const item of items.slice(0, 5)) {
    const c = lineItemNumber(item, 'capital_expenditure');
    const revenue = lineItemNumber(item, 'revenue');
    if (c !== null && c !== 0 && revenue !== null && revenue > 0) ratios.push(Math.abs(c) / revenue);
  }
  const revenue = lineItemNumber(latest, 'revenue');
  const maintenance = ratios.length >= 3 && revenue !== null && revenue > 0 ? median([...candidates, mean(ratios) * revenue]) : Math.max(...candidates);
  const ca0 = lineItemNumber(latest, 'current_assets');
  const cl0 = lineItemNumber(latest, 'current_liabilities');
  const ca1 = lineItemNumber(previous, 'current_assets');
  const cl1 = lineItemNumber(previous, 'current_liabilities');
  const workingCapitalChange = ca0 !== null && cl0 !== null && ca1 !== null && cl1 !== null ? ca0 - cl0 - (ca1 - cl1) : 0;
  return {
    owner_earnings: netIncome + depreciation - maintenance - workingCapitalChange,
    maintenance_capex: maintenance,
    working_capital_change: workingCapitalChange,
    details: 'Owner earnings = net income + D&A − maintenance capex − working-capital change',
  };
}

export interface BuffettIntrinsicValue extends OwnerEarnings {
  readonly intrinsic_value: number | null;
  readonly growth: number | null;
  readonly historical_growth: number | null;
}

/**
 * Owner-earnings DCF: growth = 0.7 × the net-income CAGR of the five newest periods clamped to −5 %..15 %
 * (3 % without three known values and a positive oldest), 5 years at min(g, 8 %), 5 at min(g/2, 4 %), terminal
 * 2.5 %, discount 10 %, then a 15 % haircut. Whole-company value; null without ≥ 3 periods, owner earnings ≠ 0
 * or shares > 0. A loss in the latest period against a profit before means falling earnings: growth −5 %
 * (the anchor raised a negative number to a fractional power there and crashed).
 */
export function buffettIntrinsicValue(items: readonly LineItem[]): BuffettIntrinsicValue {
  const earnings = ownerEarnings(items);
  const none = (details: string): BuffettIntrinsicValue => ({ ...earnings, details, intrinsic_value: null, growth: null, historical_growth: null });
  if (items.length < 3) return none('Insufficient data for reliable valuation');
  const oe = earnings.owner_earnings;
  if (oe === null || oe === 0) return none(earnings.owner_earnings === null ? earnings.details : 'Owner earnings are zero');
  const shares = lineItemNumber(items[0], 'outstanding_shares');
  if (shares === null || shares <= 0) return none('Missing shares outstanding');
  const history = knownValues(items.slice(0, 5), 'net_income', (v) => v !== 0);
  let historical: number | null = null;
  let growth = 0.03;
  if (history.length >= 3 && history[history.length - 1].value > 0) {
    historical = history[0].value > 0 ? (cagrOf(history) ?? 0) : -0.05;
    growth = clamp(historical, -0.05, 0.15) * 0.7;
  }
  const stage1 = Math.min(growth, 0.08);
  const stage2 = Math.min(growth * 0.5, 0.04);
  const rate = 0.1;
  const terminalGrowth = 0.025;
  let pv = 0;
  for (let t = 1; t <= 5; t += 1) pv += (oe * (1 + stage1) ** t) / (1 + rate) ** t;
  const year5 = oe * (1 + stage1) ** 5;
  for (let t = 1; t <= 5; t += 1) pv += (year5 * (1 + stage2) ** t) / (1 + rate) ** (5 + t);
  const year10 = year5 * (1 + stage2) ** 5;
  const terminal = (year10 * (1 + terminalGrowth)) / (rate - terminalGrowth) / (1 + rate) ** 10;
  return {
    ...earnings,
    intrinsic_value: 0.85 * (pv + terminal),
    growth,
    historical_growth: historical,
    details: `Owner-earnings DCF: growth ${(growth * 100).toFixed(1)}%, discount 10%, terminal 2.5%, 15% haircut`,
  };
}

export function analyzeWarrenBuffett(
  ticker: string,
  metrics: readonly FinancialMetrics[],
  items: readonly LineItem[],
  marketCap: number | null,
): PersonaAnalysis {
  const fundamentals = buffettFundamentals(metrics[0]);
  const consistency = buffettConsistency(items);
  const moat = buffettMoat(metrics);
  const pricingPower = buffettPricingPower(items);
  const bookValue = buffettBookValueGrowth(items);
  const management = buffettManagement(items);
  const valuation = buffettIntrinsicValue(items);
  const score = fundamentals.score + consistency.score + moat.score + pricingPower.score + bookValue.score + management.score;
  const iv = valuation.intrinsic_value;
  const marginOfSafety = iv !== null && marketCap !== null && marketCap > 0 ? (iv - marketCap) / marketCap : null;
  const dataPoints: DataPoints = { financial_metrics: metrics.length, line_items: items.length, market_cap: marketCap === null ? 0 : 1 };
  return {
    ticker,
    score,
    max_score: WARREN_BUFFETT_MAX_SCORE,
    details: {
      fundamental_analysis: fundamentals,
      consistency_analysis: consistency,
      moat_analysis: moat,
      pricing_power_analysis: pricingPower,
      book_value_analysis: bookValue,
      management_analysis: management,
      intrinsic_value_analysis: valuation,
      market_cap: marketCap,
      margin_of_safety: finiteOrNull(marginOfSafety),
      data_points: dataPoints,
    },
    facts: factsOf({
      ticker,
      score,
      max_score: WARREN_BUFFETT_MAX_SCORE,
      fundamentals: briefOf(fundamentals),
      consistency: briefOf(consistency),
      moat: briefOf(moat),
      pricing_power: briefOf(pricingPower),
      book_value: briefOf(bookValue),
      management: briefOf(management),
      owner_earnings: valuation.owner_earnings,
      intrinsic_value: iv,
      market_cap: marketCap,
      margin_of_safety: marginOfSafety,
    }),
  };
}

/**
 * Rules mode (personas.md §17, conviction in the stock): r = score/max. Bullish when r ≥ 0.7 and the margin of
 * safety > 0; bearish when r ≤ 0.3 or MoS < −30 %; else neutral. Confidence: bullish 70 + 20·(r − 0.7)/0.3
 * (+10 with MoS ≥ 25 %, at most 100); neutral 50 + 19·r; bearish 10 + 39·min(r, 0.7)/0.7. No data: neutral 50.
 */
export function warrenBuffettRules(analysis: PersonaAnalysis): AgentSignal {
  if (hasNoData(analysis)) return noDataSignal(analysis, 50);
  const r = scoreShare(analysis);
  const mos = numberAt(analysis.details, 'margin_of_safety');
  const reasoning = { score: analysis.score, max_score: analysis.max_score, margin_of_safety: mos };
  if (r >= 0.7 && mos !== null && mos > 0) {
    const confidence = Math.min(100, Math.round(70 + (20 * (r - 0.7)) / 0.3 + (mos >= 0.25 ? 10 : 0)));
    return { signal: 'bullish', confidence, reasoning: { rule: 'score ≥ 70% of max and a positive margin of safety', ...reasoning } };
  }
  if (r <= 0.3 || (mos !== null && mos < -0.3)) {
    const confidence = Math.round(10 + (39 * Math.min(r, 0.7)) / 0.7);
    return { signal: 'bearish', confidence, reasoning: { rule: r <= 0.3 ? 'score ≤ 30% of max' : 'margin of safety below −30%', ...reasoning } };
  }
  return { signal: 'neutral', confidence: Math.round(50 + 19 * r), reasoning: { rule: 'good business without a margin of safety, or mixed evidence', ...reasoning } };
}

export const WARREN_BUFFETT_PROMPT = [
  'You are a value-investing analyst who thinks like Warren Buffett.',
  'You want wonderful businesses at sensible prices, held for the long run: a durable competitive advantage (returns on equity',
  'above 15% year after year, high and stable margins, pricing power), a conservative balance sheet, earnings and book value',
  'that grow steadily, management that buys back shares and pays dividends rather than diluting, and a price below the',
  'owner-earnings intrinsic value with a margin of safety. Stay inside your circle of competence.',
  'Bullish: a strong business with a positive margin of safety. Bearish: a poor business, or a clearly overvalued stock.',
  'Neutral: a good business without a margin of safety, or mixed evidence.',
  answerFormat(
    120,
    'Confidence is your conviction in owning the stock: 90-100 exceptional business at an attractive price; 70-89 good moat at a fair price; 50-69 mixed; 30-49 outside your competence or concerning; 10-29 poor business or significantly overvalued.',
  ),
].join('\n');

export const warrenBuffett: Persona = {
  key: 'warren_buffett',
  systemPrompt: WARREN_BUFFETT_PROMPT,
  async analyze(input: PersonaInput): Promise<PersonaAnalysis> {
    const options = { signal: input.signal };
    const metrics = await input.data.getFinancialMetrics(input.ticker, input.endDate, 'ttm', 10, options);
    const items = await input.data.searchLineItems(input.ticker, WARREN_BUFFETT_LINE_ITEMS, input.endDate, 'ttm', 10, options);
    const marketCap = await input.data.getMarketCap(input.ticker, input.endDate, options);
    return analyzeWarrenBuffett(input.ticker, metrics, items, marketCap);
  },
  rules: warrenBuffettRules,
};
