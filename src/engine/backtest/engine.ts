// The daily multi-ticker backtest: an async generator of typed events over the trading days present in the
// data. Decisions on day D see data up to D's close and fill at D+1's open by default (or at D's close).
import type { AgentSignal, PortfolioDecisions } from '../agents/types';
import { throwIfAborted } from '../agents/analyst-runner';
import type { PriceBar } from '../data/types';
import { parseIsoDay, shiftIsoDay } from '../civil-days';
import { EngineError, type EngineFieldError } from '../errors';
import {
  type AnchorPerformanceMetrics,
  attributeByTicker,
  type BenchmarkMetrics,
  computeBenchmarkMetrics,
  computeMetrics,
  headlineMetrics,
  RunningAnchorMetrics,
  type EquityColumns,
  type EquityPoint,
  type MetricsInput,
  type MetricsReport,
  type PositionExposure,
  toAnchorPerformanceMetrics,
} from '../metrics';
import { formatUsd, roundCents } from '../money';
import { computeExposure, createPortfolio, executeTrade, portfolioValue } from '../portfolio/ledger';
import { markOpenTrades, openTradeBook, recordFill } from '../portfolio/round-trips';
import type { Exposure, Portfolio, RoundTrip, TradeAction, TradeFill } from '../portfolio/types';
import { buyAndHoldCurve } from './benchmark';
import type {
  AnalystSignalsByAgent,
  BacktestBenchmark,
  BacktestConfig,
  BacktestDayResult,
  BacktestEvent,
  BacktestPerformanceMetrics,
  BacktestPorts,
  BacktestResult,
  BenchmarkHeadline,
  DayDecision,
  FillTiming,
  TickerDetail,
} from './types';
import { WindowedData } from './windowed-data';

export const DEFAULT_LOOKBACK_BARS = 150;
export const DEFAULT_MAINTENANCE_MARGIN = 0.25;
const EXECUTION_ORDER: Record<TradeAction, number> = { sell: 0, cover: 1, buy: 2, short: 3, hold: 4 };

/** Orders that close every position (a margin call). */
function liquidation(portfolio: Portfolio): PortfolioDecisions {
  const decisions: PortfolioDecisions = {};
  for (const [ticker, position] of Object.entries(portfolio.positions)) {
    if (position.long > 0) decisions[ticker] = { action: 'sell', quantity: position.long, confidence: 100, reasoning: 'Margin call: closing every position' };
    else if (position.short > 0) decisions[ticker] = { action: 'cover', quantity: position.short, confidence: 100, reasoning: 'Margin call: closing every position' };
  }
  return decisions;
}
function nonNegative(errors: EngineFieldError[], field: string, value: number | undefined): void {
  if (value !== undefined && (!Number.isFinite(value) || value < 0)) errors.push({ field, message: 'must be a finite number ≥ 0' });
}

/** Checks the configuration up front; throws INVALID_INPUT listing every bad field. */
export function validateBacktestConfig(config: BacktestConfig): void {
  const errors: EngineFieldError[] = [];
  if (config.tickers.length === 0) errors.push({ field: 'tickers', message: 'must name at least one ticker' });
  config.tickers.forEach((ticker, i) => {
    if (typeof ticker !== 'string' || ticker.trim() === '') errors.push({ field: `tickers[${i}]`, message: 'must be a non-empty symbol' });
  });
  if (new Set(config.tickers).size !== config.tickers.length) errors.push({ field: 'tickers', message: 'must not repeat a ticker' });
  if (parseIsoDay(config.start_date) === null) errors.push({ field: 'start_date', message: 'must be a date YYYY-MM-DD' });
  if (parseIsoDay(config.end_date) === null) errors.push({ field: 'end_date', message: 'must be a date YYYY-MM-DD' });
  if (parseIsoDay(config.start_date) !== null && parseIsoDay(config.end_date) !== null && config.start_date > config.end_date) {
    errors.push({ field: 'end_date', message: 'must not be before start_date' });
  }
  if (!Number.isFinite(config.initial_capital) || config.initial_capital <= 0) errors.push({ field: 'initial_capital', message: 'must be a number > 0' });
  nonNegative(errors, 'margin_requirement', config.margin_requirement);
  if (config.fill !== undefined && config.fill !== 'next_open' && config.fill !== 'same_close') {
    errors.push({ field: 'fill', message: "must be 'next_open' or 'same_close'" });
  }
  const lookback = config.lookback_bars;
  if (lookback !== undefined && (!Number.isInteger(lookback) || lookback < 2 || lookback > 2000)) {
    errors.push({ field: 'lookback_bars', message: 'must be a whole number from 2 to 2000' });
  }
  nonNegative(errors, 'maintenance_margin', config.maintenance_margin);
  nonNegative(errors, 'costs.commission_per_share', config.costs?.commission_per_share);
  nonNegative(errors, 'costs.commission_rate', config.costs?.commission_rate);
  nonNegative(errors, 'costs.slippage_bps', config.costs?.slippage_bps);
  if (config.risk_free_rate !== undefined && (!Number.isFinite(config.risk_free_rate) || config.risk_free_rate <= -1)) {
    errors.push({ field: 'risk_free_rate', message: 'must be an annual rate > -1' });
  }
  if (config.benchmark !== undefined && (typeof config.benchmark !== 'string' || config.benchmark.trim() === '')) {
    errors.push({ field: 'benchmark', message: 'must be a non-empty symbol' });
  }
  if (errors.length > 0) {
    throw new EngineError('INVALID_INPUT', `Invalid backtest: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, errors);
  }
}

function isAgentSignal(value: unknown): value is AgentSignal {
  return typeof value === 'object' && value !== null && 'signal' in value;
}

function signalCounts(signals: AnalystSignalsByAgent, ticker: string): Pick<TickerDetail, 'bullish_count' | 'bearish_count' | 'neutral_count'> {
  const counts = { bullish: 0, bearish: 0, neutral: 0 };
  for (const byTicker of Object.values(signals)) {
    const s = byTicker[ticker];
    if (isAgentSignal(s) && s.signal in counts) counts[s.signal] += 1;
  }
  return { bullish_count: counts.bullish, bearish_count: counts.bearish, neutral_count: counts.neutral };
}

function positionsForMetrics(portfolio: Portfolio, prices: Readonly<Record<string, number>>): PositionExposure[] {
  return Object.entries(portfolio.positions)
    .filter(([ticker]) => prices[ticker] > 0)
    .map(([ticker, position]) => ({ ticker, long: position.long, short: position.short, price: prices[ticker] }));
}

/** The anchor fields for an account wiped out on its first day (no curve the metrics can measure). */
function wipedOutMetrics(day: string, exposure: Exposure): AnchorPerformanceMetrics {
  return {
    sharpe_ratio: 0,
    sortino_ratio: null,
    max_drawdown: -100,
    max_drawdown_date: day,
    long_short_ratio: exposure.long_short_ratio,
    gross_exposure: exposure.gross_exposure,
    net_exposure: exposure.net_exposure,
  };
}

/** The benchmark figures of `performance_metrics`: only the defined ones. */
function benchmarkHeadline(metrics: BenchmarkMetrics): BenchmarkHeadline {
  const out: Record<string, number> = {};
  for (const key of ['beta', 'alpha', 'correlation', 'information_ratio', 'benchmark_total_return_pct', 'active_return_pct'] as const) {
    const value = metrics[key];
    if (typeof value === 'number' && Number.isFinite(value)) out[key] = value;
  }
  return out;
}

interface TradingCalendar {
  /** Trading days of the backtest: dates in [start, end] with a bar for every ticker. */
  readonly days: string[];
  /** Every date with a bar for every ticker, warm-up included (ascending). */
  readonly allDays: string[];
  /** Bars by ticker and date. */
  readonly bars: Map<string, Map<string, PriceBar>>;
}

function buildCalendar(config: BacktestConfig, series: Record<string, PriceBar[]>): TradingCalendar {
  const bars = new Map<string, Map<string, PriceBar>>();
  for (const ticker of config.tickers) bars.set(ticker, new Map(series[ticker].map((bar) => [bar.time, bar])));
  const [first, ...rest] = config.tickers;
  const allDays = series[first].map((bar) => bar.time).filter((day) => rest.every((t) => bars.get(t)?.has(day)));
  const days = allDays.filter((day) => day >= config.start_date && day <= config.end_date);
  return { days, allDays, bars };
}

/**
 * Runs the backtest, yielding `day_start`, the agents' `agent_progress`, `day_complete` per day and a final
 * `complete`. Cancellation (ports.signal) is checked before each day and between agents.
 */
export async function* runBacktest(config: BacktestConfig, ports: BacktestPorts): AsyncGenerator<BacktestEvent, BacktestResult> {
  validateBacktestConfig(config);
  const fill: FillTiming = config.fill ?? 'next_open';
  const lookback = config.lookback_bars ?? DEFAULT_LOOKBACK_BARS;
  const costs = config.costs ?? {};
  let portfolio = createPortfolio({
    tickers: config.tickers,
    initial_cash: config.initial_capital,
    margin_requirement: config.margin_requirement ?? 0,
    positions: config.initial_positions,
  });

  // Calendar days that hold `lookback` trading bars before the start, with room for holidays.
  const warmupStart = shiftIsoDay(config.start_date, -(Math.ceil((lookback * 7) / 5) + 14));
  const data = new WindowedData(ports.data, warmupStart, config.end_date, ports.signal);
  const series: Record<string, PriceBar[]> = {};
  for (const ticker of config.tickers) {
    throwIfAborted(ports.signal);
    series[ticker] = await data.allPrices(ticker);
  }
  const benchmarkBars = config.benchmark === undefined ? null : await data.allPrices(config.benchmark);
  if (config.benchmark !== undefined && benchmarkBars?.length === 0) {
    throw new EngineError('INVALID_INPUT', `The benchmark ${config.benchmark} has no prices between ${warmupStart} and ${config.end_date}`, [
      { field: 'benchmark', message: `${config.benchmark} has no prices` },
    ]);
  }
  const calendar = buildCalendar(config, series);
  if (calendar.days.length === 0) {
    const missing = config.tickers.filter((t) => !series[t].some((bar) => bar.time >= config.start_date && bar.time <= config.end_date));
    throw new EngineError(
      'INSUFFICIENT_DATA',
      missing.length > 0
        ? `No price data between ${config.start_date} and ${config.end_date} for ${missing.join(', ')}`
        : `No trading day between ${config.start_date} and ${config.end_date} has prices for every ticker`,
      missing.map((ticker) => ({ field: 'tickers', message: `no prices for ${ticker}` })),
    );
  }

  const closeOf = (ticker: string, day: string): number => calendar.bars.get(ticker)?.get(day)?.close ?? 0;
  const openOf = (ticker: string, day: string): number => calendar.bars.get(ticker)?.get(day)?.open ?? 0;
  const firstIndex = calendar.allDays.indexOf(calendar.days[0]);
  // The starting value sits on the last bar before the start, or the calendar day before it without one.
  const seedDay = firstIndex > 0 ? calendar.allDays[firstIndex - 1] : shiftIsoDay(calendar.days[0], -1);
  const seedPrices: Record<string, number> = {};
  for (const ticker of config.tickers) seedPrices[ticker] = closeOf(ticker, seedDay) || openOf(ticker, calendar.days[0]);
  const initialValue = portfolioValue(portfolio, seedPrices);

  const equity: EquityPoint[] = [];
  // The same curve as columns: the running metrics of each day read it without re-parsing every date.
  const curveDays = new Int32Array(calendar.days.length + 1);
  const curveValues = new Float64Array(calendar.days.length + 1);
  // The running figures of each day, updated per point (a full recomputation per day is quadratic).
  const runningMetrics = new RunningAnchorMetrics(config.risk_free_rate ?? 0);
  const addPoint = (date: string, value: number): void => {
    curveDays[equity.length] = parseIsoDay(date) ?? 0;
    curveValues[equity.length] = value;
    equity.push({ date, value });
    if (value > 0) runningMetrics.add(date, value);
  };
  /**
   * The curve the metrics can measure: a wiped-out final point (value ≤ 0, the run stops there) is left out;
   * null when that leaves fewer than two points (wiped out on the first day).
   */
  const solventCurve = (): EquityColumns | null => {
    const length = equity[equity.length - 1].value > 0 ? equity.length : equity.length - 1;
    return length < 2 ? null : { dates: curveDays.subarray(0, length), values: curveValues.subarray(0, length) };
  };
  const measure = (curve: EquityColumns | null, at: string, exposure: Exposure, extra: Partial<MetricsInput> = {}): [AnchorPerformanceMetrics, MetricsReport | null] => {
    if (curve === null) return [wipedOutMetrics(at, exposure), null];
    const report = computeMetrics({ equity: curve, riskFreeRate: config.risk_free_rate ?? 0, ...extra });
    return [toAnchorPerformanceMetrics(report), report];
  };
  addPoint(seedDay, initialValue);
  const allFills: (TradeFill & { date: string })[] = [];
  const closedTrades: RoundTrip[] = [];
  let book = openTradeBook(portfolio, seedPrices, seedDay);
  let pending: DayDecision | null = null;
  let liquidateAgain = false;
  let stoppedReason: string | null = null;
  const maintenance = config.maintenance_margin ?? DEFAULT_MAINTENANCE_MARGIN;
  const total = calendar.days.length;

  // Sells and covers go first so the cash they free is there for the buys and the short collateral.
  const applyDecisions = (decision: DayDecision, day: string, priceOf: (ticker: string) => number, closedToday: RoundTrip[]): TradeFill[] => {
    const fills: TradeFill[] = [];
    const orders = config.tickers
      .map((ticker) => ({ ticker, order: decision.decisions[ticker] }))
      .filter(({ order }) => order !== undefined && order.action !== 'hold')
      .sort((a, b) => EXECUTION_ORDER[a.order.action] - EXECUTION_ORDER[b.order.action]);
    for (const { ticker, order } of orders) {
      const result = executeTrade(portfolio, { ticker, action: order.action, quantity: order.quantity, price: priceOf(ticker) }, costs);
      portfolio = result.portfolio;
      fills.push(result.fill);
      allFills.push({ ...result.fill, date: day });
      const recorded = recordFill(book, result.fill, day);
      book = recorded.book;
      if (recorded.closed !== null) {
        closedTrades.push(recorded.closed);
        closedToday.push(recorded.closed);
      }
    }
    return fills;
  };

  let executedDays = 0;
  for (let index = 0; index < total; index += 1) {
    throwIfAborted(ports.signal);
    const day = calendar.days[index];
    yield { type: 'day_start', date: day, index, total, status: `Processing ${day} (${index + 1}/${total})` };

    const closedToday: RoundTrip[] = [];
    const fills = pending ? applyDecisions(pending, day, (ticker) => openOf(ticker, day), closedToday) : [];
    if (liquidateAgain) fills.push(...applyDecisions({ decisions: liquidation(portfolio), analyst_signals: {} }, day, (ticker) => openOf(ticker, day), closedToday));
    pending = null;
    liquidateAgain = false;

    const prices: Record<string, number> = {};
    for (const ticker of config.tickers) prices[ticker] = closeOf(ticker, day);
    const dayIndex = firstIndex + index;
    const progress: BacktestEvent[] = [];
    const decision = await ports.decide({
      date: day,
      index,
      total,
      tickers: config.tickers,
      lookback_start: calendar.allDays[Math.max(0, dayIndex - lookback + 1)],
      portfolio,
      prices,
      data: data.asOf(day),
      signal: ports.signal,
      report_analysis: config.agent_analysis ?? false,
      onProgress: (agent, ticker, status, analysis) => progress.push({ type: 'agent_progress', agent, ticker, status, analysis: analysis ?? null }),
    });
    yield* progress;
    throwIfAborted(ports.signal);

    if (fill === 'same_close') fills.push(...applyDecisions(decision, day, (ticker) => prices[ticker], closedToday));
    else pending = decision;

    let value = portfolioValue(portfolio, prices);
    let exposure = computeExposure(portfolio, prices);
    const marginCall = maintenance > 0 && exposure.short_exposure > 0 && value < maintenance * exposure.short_exposure;
    if (marginCall) {
      // liquidation() gives one order per ticker; a ticker held both long and short needs a second pass.
      const closeAll: DayDecision = { decisions: liquidation(portfolio), analyst_signals: {} };
      if (fill === 'same_close') {
        fills.push(...applyDecisions(closeAll, day, (ticker) => prices[ticker], closedToday));
        const rest = liquidation(portfolio);
        fills.push(...applyDecisions({ decisions: rest, analyst_signals: {} }, day, (ticker) => prices[ticker], closedToday));
        value = portfolioValue(portfolio, prices);
        exposure = computeExposure(portfolio, prices);
      } else {
        pending = closeAll;
        liquidateAgain = true;
      }
    }
    addPoint(day, value);
    const positions = positionsForMetrics(portfolio, prices);
    const running = value > 0 ? runningMetrics.snapshot(positions) : measure(solventCurve(), day, exposure, { positions, includeDailyPnl: false })[0];
    const executed: Record<string, number> = {};
    const filledBy = new Map(fills.map((f) => [f.ticker, f]));
    const details: TickerDetail[] = config.tickers.map((ticker) => {
      const position = portfolio.positions[ticker];
      const filled = filledBy.get(ticker);
      executed[ticker] = filled?.quantity ?? 0;
      return {
        ticker,
        action: filled && filled.quantity > 0 ? filled.action : 'hold',
        quantity: filled?.quantity ?? 0,
        price: prices[ticker],
        shares_owned: position.long - position.short,
        long_shares: position.long,
        short_shares: position.short,
        position_value: (position.long - position.short) * prices[ticker],
        ...signalCounts(decision.analyst_signals, ticker),
      };
    });
    const result: BacktestDayResult = {
      date: day,
      portfolio_value: roundCents(value),
      cash: portfolio.cash,
      decisions: decision.decisions,
      executed_trades: executed,
      fills,
      closed_trades: closedToday,
      analyst_signals: decision.analyst_signals,
      current_prices: prices,
      ...exposure,
      portfolio_return: (value / initialValue - 1) * 100,
      performance_metrics: running,
      ticker_details: details,
      margin_call: marginCall,
    };
    executedDays += 1;
    yield { type: 'day_complete', date: day, status: `Completed ${day} - Portfolio: ${formatUsd(value)}`, result };
    if (value <= 0) {
      stoppedReason = `The account was wiped out on ${day} (value ${formatUsd(value)}); trading stopped`;
      break;
    }
  }

  const lastDay = calendar.days[executedDays - 1];
  const lastPrices: Record<string, number> = {};
  for (const ticker of config.tickers) lastPrices[ticker] = closeOf(ticker, lastDay);
  const curve = solventCurve();
  const [performance, metrics] = measure(curve, lastDay, computeExposure(portfolio, lastPrices), {
    trades: closedTrades,
    positions: positionsForMetrics(portfolio, lastPrices),
  });
  let benchmark: BacktestBenchmark | null = null;
  if (config.benchmark !== undefined && benchmarkBars !== null) {
    const benchmarkCurve = buyAndHoldCurve(config.benchmark, benchmarkBars, equity.map((point) => point.date), initialValue);
    const measured = curve === null ? null : computeBenchmarkMetrics({ equity: curve, benchmark: { dates: curve.dates, values: benchmarkCurve.slice(0, curve.values.length).map((p) => p.value) } });
    benchmark = { ticker: config.benchmark, equity_curve: benchmarkCurve, metrics: measured };
  }
  const openTrades = markOpenTrades(book, portfolio, lastPrices, lastDay);
  const headline: BacktestPerformanceMetrics =
    metrics === null ? performance : { ...performance, ...headlineMetrics(metrics), ...(benchmark?.metrics ? benchmarkHeadline(benchmark.metrics) : {}) };
  const result: BacktestResult = {
    performance_metrics: headline,
    metrics,
    final_portfolio: portfolio,
    total_days: executedDays,
    stopped_reason: stoppedReason,
    equity_curve: equity,
    fills: allFills,
    trades: closedTrades,
    open_trades: openTrades,
    ticker_pnl: attributeByTicker({ start_value: initialValue, trades: closedTrades, open_trades: openTrades, tickers: config.tickers }),
    benchmark,
  };
  yield { type: 'complete', result };
  return result;
}
