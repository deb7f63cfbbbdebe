import { EngineError } from '../errors';
import { buildDailyPnl, dailyPnlColumnsOf, emptyDailyPnl } from './daily-pnl';
import { computeDayStats } from './days';
import { findRecovery, scanDrawdowns } from './drawdown';
import { dateOf, toEquityCurve, type EquityCurve } from './equity-curve';
import { computeExposure } from './exposure';
import { finiteOr, type MetricNotes } from './notes';
import { computeReturnStats } from './returns';
import { computeTradeStats } from './trades';
import type { DailyPnlColumns, DailyPnlSeries, DrawdownEpisode, MetricsInput, MetricsReport } from './types';

export const DEFAULT_PERIODS_PER_YEAR = 252;

function invalid(field: string, message: string): EngineError {
  return new EngineError('INVALID_INPUT', `${field} ${message}`, [{ field, message }]);
}

function drawdownEpisode(curve: EquityCurve, peak: number, trough: number): DrawdownEpisode {
  const { values, days, length } = curve;
  const recovery = findRecovery(values, peak, trough);
  const end = recovery === -1 ? length - 1 : recovery;
  const drawdown = values[trough] / values[peak] - 1;
  return {
    peak_date: dateOf(curve, peak),
    peak_value: values[peak],
    trough_date: dateOf(curve, trough),
    trough_value: values[trough],
    recovery_date: recovery === -1 ? null : dateOf(curve, recovery),
    recovered: recovery !== -1,
    drawdown,
    drawdown_pct: drawdown * 100,
    amount: values[trough] - values[peak],
    peak_to_trough_trading_days: trough - peak,
    peak_to_trough_calendar_days: days[trough] - days[peak],
    time_to_recovery_trading_days: recovery === -1 ? null : recovery - trough,
    time_to_recovery_calendar_days: recovery === -1 ? null : days[recovery] - days[trough],
    duration_trading_days: end - peak,
    duration_calendar_days: days[end] - days[peak],
  };
}

function checkSettings(periodsPerYear: number, riskFreeRate: number): void {
  if (typeof periodsPerYear !== 'number' || !Number.isFinite(periodsPerYear) || periodsPerYear <= 0) {
    throw invalid('periods_per_year', `must be a finite number > 0; got ${String(periodsPerYear)}.`);
  }
  if (typeof riskFreeRate !== 'number' || !Number.isFinite(riskFreeRate) || riskFreeRate <= -1) {
    throw invalid('risk_free_rate', `must be a finite annual rate > -1 (a fraction: 0.04 = 4 %); got ${String(riskFreeRate)}.`);
  }
}

/** The metric whose note explains a derived null field (`x_pct`, `x_date`, the drawdown dates). */
function explainingKey(key: string): string {
  if (key.startsWith('max_drawdown_') || key === 'longest_drawdown_recovered') return 'max_drawdown_details';
  if (key === 'best_day_share_pct') return 'largest_winning_day';
  return key.replace(/_(pct|date)$/, '');
}

/** Gives every null top-level field a note, copied from the metric it derives from. */
function completeNotes(report: Record<string, unknown>, notes: MetricNotes): void {
  for (const [key, value] of Object.entries(report)) {
    if (value !== null || key in notes) continue;
    const source = notes[explainingKey(key)];
    if (source !== undefined) notes[key] = source;
  }
}

/**
 * Every performance and funded-account metric of an equity curve (and optional closed trades and
 * open positions). Pure and deterministic; throws `EngineError('INVALID_INPUT')` naming the first
 * offending row or field. Definitions: DESIGN.md §7 (quantstats conventions).
 */
export function computeMetrics(input: MetricsInput): MetricsReport {
  const { curve, periodsPerYear, riskFreeRate } = checkedInput(input);
  return buildReport(input, curve, periodsPerYear, riskFreeRate, input.includeDailyPnl === false ? emptyDailyPnl() : buildDailyPnl(curve));
}

/**
 * {@link computeMetrics} with the daily series as typed columns beside the report instead of in it
 * (`report.daily_pnl` is empty; `daily` is null when `includeDailyPnl` is false): the same values, for
 * writers that serialise a large series straight from the columns (POST /metrics, `hf metrics --json`).
 */
export function computeMetricsWithDailyColumns(input: MetricsInput): { report: MetricsReport; daily: DailyPnlColumns | null } {
  const { curve, periodsPerYear, riskFreeRate } = checkedInput(input);
  const report = buildReport(input, curve, periodsPerYear, riskFreeRate, emptyDailyPnl());
  return { report, daily: input.includeDailyPnl === false ? null : dailyPnlColumnsOf(curve) };
}

function checkedInput(input: MetricsInput): { curve: EquityCurve; periodsPerYear: number; riskFreeRate: number } {
  const periodsPerYear = input.periodsPerYear ?? DEFAULT_PERIODS_PER_YEAR;
  const riskFreeRate = input.riskFreeRate ?? 0;
  checkSettings(periodsPerYear, riskFreeRate);
  return { curve: toEquityCurve(input.equity), periodsPerYear, riskFreeRate };
}

function buildReport(input: MetricsInput, curve: EquityCurve, periodsPerYear: number, riskFreeRate: number, dailyPnl: DailyPnlSeries): MetricsReport {
  const notes: MetricNotes = {};
  const { values, days, length } = curve;
  const last = length - 1;

  const returns = computeReturnStats(values, periodsPerYear, riskFreeRate, notes);
  const dd = scanDrawdowns(curve);
  const dayStats = computeDayStats(values);
  const tradeStats = computeTradeStats(input.trades, notes);
  const exposure = computeExposure(input.positions, notes);

  const maxDetails = dd.maxDrawdownTrough === -1 ? null : drawdownEpisode(curve, dd.maxDrawdownPeak, dd.maxDrawdownTrough);
  const moneyDetails = dd.maxMoneyTrough === -1 ? null : drawdownEpisode(curve, dd.maxMoneyPeak, dd.maxMoneyTrough);
  if (maxDetails === null) {
    notes.max_drawdown_details = 'no drawdown: the curve never falls below a previous peak';
    notes.calmar_ratio = 'undefined: no drawdown';
  } else if (!maxDetails.recovered) {
    notes.max_drawdown_recovery_date = 'not recovered by the last date';
  }
  const cagr = finiteOr(notes, 'cagr', returns.cagr, 'undefined: annualising this sample overflows a double');
  let calmar: number | null = null;
  if (maxDetails !== null && cagr === null) notes.calmar_ratio = 'undefined: the CAGR is undefined';
  else if (maxDetails !== null && cagr !== null) calmar = cagr / -dd.maxDrawdown;
  const decidedDays = dayStats.profitableDays + dayStats.losingDays;
  if (decidedDays === 0) notes.profitable_days_pct = 'undefined: every day is flat';
  if (dayStats.bestDay === -1) notes.largest_winning_day = 'no day with a gain';
  if (dayStats.worstDay === -1) notes.largest_losing_day = 'no day with a loss';
  const netPnl = values[last] - values[0];
  const bestDay = dayStats.bestDay === -1 ? null : values[dayStats.bestDay] - values[dayStats.bestDay - 1];
  if (bestDay !== null && !(netPnl > 0)) notes.best_day_share_pct = 'undefined: the curve made no net profit';

  const report: MetricsReport = {
    start_date: dateOf(curve, 0),
    end_date: dateOf(curve, last),
    start_value: values[0],
    end_value: values[last],
    points: length,
    periods: last,
    calendar_days: days[last] - days[0],
    periods_per_year: periodsPerYear,
    risk_free_rate: riskFreeRate,

    total_return: returns.totalReturn,
    total_return_pct: returns.totalReturn * 100,
    cagr,
    cagr_pct: cagr === null ? null : cagr * 100,
    annual_volatility: returns.annualVolatility,
    annual_volatility_pct: returns.annualVolatility === null ? null : returns.annualVolatility * 100,
    sharpe_ratio: returns.sharpe,
    sortino_ratio: returns.sortino,
    calmar_ratio: calmar,

    max_drawdown: dd.maxDrawdown,
    max_drawdown_pct: dd.maxDrawdown * 100,
    max_drawdown_money: dd.maxDrawdownMoney,
    max_drawdown_peak_date: maxDetails?.peak_date ?? null,
    max_drawdown_trough_date: maxDetails?.trough_date ?? null,
    max_drawdown_recovery_date: maxDetails?.recovery_date ?? null,
    max_drawdown_details: maxDetails,
    max_drawdown_money_details: moneyDetails,
    longest_drawdown_trading_days: dd.longestTradingDays,
    longest_drawdown_calendar_days: dd.longestCalendarDays,
    longest_drawdown_recovered: dd.longestRecovered,
    current_drawdown: dd.currentDrawdown,
    current_drawdown_pct: dd.currentDrawdown * 100,

    profitable_days: dayStats.profitableDays,
    losing_days: dayStats.losingDays,
    flat_days: dayStats.flatDays,
    profitable_days_pct: decidedDays === 0 ? null : (dayStats.profitableDays / decidedDays) * 100,
    largest_winning_day: bestDay,
    largest_winning_day_date: dayStats.bestDay === -1 ? null : dateOf(curve, dayStats.bestDay),
    largest_losing_day: dayStats.worstDay === -1 ? null : values[dayStats.worstDay] - values[dayStats.worstDay - 1],
    largest_losing_day_date: dayStats.worstDay === -1 ? null : dateOf(curve, dayStats.worstDay),
    best_day_share_pct: bestDay !== null && netPnl > 0 ? (bestDay / netPnl) * 100 : null,
    longest_winning_streak_days: dayStats.longestWinningStreak,
    longest_losing_streak_days: dayStats.longestLosingStreak,

    ...tradeStats,
    ...exposure,

    metric_notes: notes,
    daily_pnl: dailyPnl,
  };
  completeNotes(report as unknown as Record<string, unknown>, notes);
  return report;
}
