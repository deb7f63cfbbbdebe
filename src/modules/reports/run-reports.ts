// Tearsheet inputs of persisted runs, read from the run's stored JSON (`results`, `request_data`): a
// hedge-fund backtest (`complete.data` of POST /hedge-fund/backtest) or a futures backtest (the futures
// report). Everything shown comes from those results; the charts draw the curve the metrics measured
// (`metrics.start_value` and `metrics.daily_pnl`).
import { ConflictError, ValidationError } from '../../core/http';
import { type FuturesVerdict, type MetricsReport, parseIsoDay, type RuleCheck } from '../../engine';
import type { FlowRunResponseDto } from '../flow-runs/dto/flow-run-response.dto';
import { lastRows } from './report-inputs';
import { clockOf } from './tearsheet/format';
import type { TearsheetAttempt, TearsheetCurve, TearsheetCushion, TearsheetInput, TearsheetTable } from './tearsheet/tearsheet.types';

type Json = Record<string, unknown>;

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** 422: what has no report (`Run 12`, `The report`) and why. */
export function noReport(subject: string, why: string): ValidationError {
  return ValidationError.field('run_id', `${subject} has no report: ${why}.`);
}

/** The run must be a finished run of a kind that has an equity curve. */
export function assertReportable(run: FlowRunResponseDto): void {
  if (run.kind === 'run') throw noReport(`Run ${run.id}`, 'it is a single hedge-fund run (kind "run"), with decisions but no equity curve; reports exist for backtests, futures backtests, pass-probability estimates and futures sweeps');
  if (run.status === 'IDLE' || run.status === 'IN_PROGRESS') {
    throw new ConflictError(`Run ${run.id} is ${run.status}; its report exists once the run is COMPLETE.`);
  }
  if (run.status !== 'COMPLETE') {
    throw new ConflictError(`Run ${run.id} ended ${run.status}${run.error_message === null ? '' : ` (${run.error_message})`}; only a COMPLETE run has a report.`);
  }
}

/**
 * The curve of a stored `daily_pnl`: the columns `{dates, equity, …}`, or the rows `[{date, equity, …}]` of runs
 * stored before the series became columnar. Null when it is neither or empty.
 */
function dailySeriesOf(daily: unknown, subject: string): { dates: unknown[]; equity: unknown[] } | null {
  if (Array.isArray(daily)) {
    if (daily.length === 0) return null;
    return {
      dates: daily.map((row: unknown, i) => {
        if (!isRecord(row)) throw noReport(subject, `metrics.daily_pnl[${i}] is not a {date, equity} row`);
        return row.date;
      }),
      equity: daily.map((row: Json) => row.equity),
    };
  }
  if (!isRecord(daily) || !Array.isArray(daily.dates) || !Array.isArray(daily.equity) || daily.dates.length === 0) return null;
  if (daily.dates.length !== daily.equity.length) throw noReport(subject, 'metrics.daily_pnl.dates and metrics.daily_pnl.equity differ in length');
  return { dates: daily.dates, equity: daily.equity };
}

/** The metrics report and the curve it measured, from `results.metrics` (422 when it is missing or malformed). */
export function metricsOf(results: Json | null, subject: string): { metrics: MetricsReport; curve: TearsheetCurve } {
  const metrics = results?.metrics;
  if (!isRecord(metrics)) throw noReport(subject, 'its results hold no metrics (a backtest wiped out on its first day has none)');
  const series = dailySeriesOf(metrics.daily_pnl, subject);
  const startDay = parseIsoDay(metrics.start_date);
  if (series === null || startDay === null || typeof metrics.start_value !== 'number') {
    throw noReport(subject, 'its metrics hold no daily series (metrics.start_date, metrics.start_value, metrics.daily_pnl)');
  }
  const count = series.dates.length;
  const days = new Int32Array(count + 1);
  const values = new Float64Array(count + 1);
  days[0] = startDay;
  values[0] = metrics.start_value;
  for (let i = 0; i < count; i += 1) {
    const day = parseIsoDay(series.dates[i]);
    const equity = series.equity[i];
    if (day === null || typeof equity !== 'number') throw noReport(subject, `metrics.daily_pnl entry ${i} has no date and equity`);
    days[i + 1] = day;
    values[i + 1] = equity;
  }
  return { metrics: metrics as unknown as MetricsReport, curve: { days, values } };
}

export function text(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}

export function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function list(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

function table(columns: TearsheetTable['columns'], rows: Json[]): TearsheetTable {
  return {
    columns,
    rows: lastRows(rows).map((row) => columns.map((col) => {
      const value = row[col.key];
      return typeof value === 'number' || typeof value === 'string' ? value : null;
    })),
    total: rows.length,
  };
}

/**
 * The futures report's `data` block as header lines: the symbol and files (format, stamps, zone, contract,
 * rows), a continuous series' rule, segments and rolls, and the calendar days skipped or shortened.
 */
export function futuresDataLines(data: unknown): string[] {
  if (!isRecord(data)) return [];
  const lines: string[] = [];
  const files = list(data.files);
  const symbol = text(data.symbol, '?');
  if (files.length === 0) lines.push(`${symbol} minute bars from the ${text(data.provider, '?')} provider.`);
  for (const f of files) {
    const zone = f.time_zone === null ? 'stamps carry their zone' : `naive stamps in ${text(f.time_zone)}`;
    const contract = f.contract === null ? '' : `, contract ${text(f.contract)}`;
    lines.push(`${symbol} from ${text(f.name, '?')}: ${text(f.format, '?')} (bar ${text(f.stamp, '?')} stamps, ${zone}${contract}), ${(num(f.rows) ?? 0).toLocaleString('en-US')} bars.`);
  }
  const continuous = isRecord(data.continuous) ? data.continuous : null;
  if (continuous !== null) {
    const rule = continuous.roll === 'days_before_expiry' ? `${num(continuous.roll_days) ?? '?'} days before expiry` : 'by volume';
    lines.push(`Continuous series rolled ${rule}, back-adjustment ${text(continuous.back_adjust, 'none')}:`);
    for (const s of list(continuous.segments)) {
      const adjustment = num(s.adjustment) ?? 0;
      lines.push(`${text(s.contract, '?')} ${text(s.first_date, '?')} → ${text(s.last_date, '?')} (${num(s.sessions) ?? '?'} sessions)${adjustment === 0 ? '' : `, prices ${adjustment > 0 ? '+' : ''}${adjustment} points`}.`);
    }
    for (const r of list(continuous.rolls)) lines.push(`Roll ${text(r.date, '?')}: ${text(r.from, '?')} → ${text(r.to, '?')}, gap ${num(r.gap) ?? '?'} points.`);
  }
  const days = list(data.calendar_days);
  if (data.calendar === 'none') lines.push('Exchange calendar off (calendar none): every session as the data has it.');
  else if (days.length === 0) lines.push('CME calendar: no holiday or early close in the range.');
  else {
    const described = days.map((d) => `${text(d.date, '?')} ${d.kind === 'early_close' ? `closed early at ${text(d.close_time, '?')} CT` : 'skipped'} (${text(d.event, '?')}${d.unconfirmed === true ? ', unconfirmed' : ''})`);
    lines.push(`CME calendar: ${described.join('; ')}.`);
  }
  return lines;
}

/** A provider name as a data-source label; `synthetic` is the built-in generator. */
export function source(provider: string): { label: string; synthetic: boolean } {
  const synthetic = provider.startsWith('synthetic');
  return { label: synthetic ? `${provider} (the built-in generator: not market history)` : provider, synthetic };
}

const HEDGE_FUND_TRADE_COLUMNS: TearsheetTable['columns'] = [
  { key: 'ticker', label: 'Ticker', kind: 'text' },
  { key: 'side', label: 'Side', kind: 'text' },
  { key: 'entry_date', label: 'Entry', kind: 'date' },
  { key: 'exit_date', label: 'Exit', kind: 'date' },
  { key: 'quantity', label: 'Quantity', kind: 'number' },
  { key: 'entry_price', label: 'Entry price', kind: 'number' },
  { key: 'exit_price', label: 'Exit price', kind: 'number' },
  { key: 'pnl', label: 'P&L', kind: 'money' },
  { key: 'return_pct', label: 'Return', kind: 'pct' },
  { key: 'holding_days', label: 'Days held', kind: 'int' },
];

const TICKER_COLUMNS: TearsheetTable['columns'] = [
  { key: 'ticker', label: 'Ticker', kind: 'text' },
  { key: 'realized_pnl', label: 'Realized', kind: 'money' },
  { key: 'unrealized_pnl', label: 'Unrealized', kind: 'money' },
  { key: 'total_pnl', label: 'Total P&L', kind: 'money' },
  { key: 'contribution_pct', label: 'Contribution', kind: 'pct' },
  { key: 'closed_trades', label: 'Closed', kind: 'int' },
  { key: 'open_trades', label: 'Open', kind: 'int' },
  { key: 'winning_trades', label: 'Won', kind: 'int' },
  { key: 'losing_trades', label: 'Lost', kind: 'int' },
  { key: 'commission', label: 'Commission', kind: 'money' },
];

const OPEN_TRADE_COLUMNS: TearsheetTable['columns'] = [
  { key: 'ticker', label: 'Ticker', kind: 'text' },
  { key: 'side', label: 'Side', kind: 'text' },
  { key: 'entry_date', label: 'Entry', kind: 'date' },
  { key: 'quantity', label: 'Quantity', kind: 'number' },
  { key: 'entry_price', label: 'Entry price', kind: 'number' },
  { key: 'mark_date', label: 'Marked', kind: 'date' },
  { key: 'mark_price', label: 'Mark price', kind: 'number' },
  { key: 'unrealized_pnl', label: 'Unrealized P&L', kind: 'money' },
  { key: 'return_pct', label: 'Return', kind: 'pct' },
  { key: 'holding_days', label: 'Days held', kind: 'int' },
];

/** The benchmark's buy-and-hold curve on the metrics curve's days (NaN where it has no value), and its figures. */
function benchmarkOf(results: Json, curve: TearsheetCurve): TearsheetInput['benchmark'] {
  const benchmark = results.benchmark;
  if (!isRecord(benchmark)) return undefined;
  const byDay = new Map<number, number>();
  for (const point of list(benchmark.equity_curve)) {
    const day = parseIsoDay(point.date);
    const value = num(point.value);
    if (day !== null && value !== null) byDay.set(day, value);
  }
  return {
    label: `${text(benchmark.ticker, 'benchmark')} buy and hold`,
    values: Float64Array.from(curve.days, (day) => byDay.get(day) ?? Number.NaN),
    metrics: isRecord(benchmark.metrics) ? benchmark.metrics : null,
  };
}

/** Where a hedge-fund backtest's results come from: a persisted run, or the backtest CLI. */
export interface HedgeFundReportSource {
  /** `complete.data` of the backtest (what a persisted run stores as `results`). */
  readonly results: Json;
  /** The request (tickers, graph_nodes or agents, initial_capital, margin_requirement, data_provider). */
  readonly request: Json;
  /** Who is reported on, in errors: `Run 12`, `The backtest`. */
  readonly subject: string;
  /** What ran, first line: `Flow 3, run #2` or `npm run backtest`. */
  readonly context: string;
  readonly origin: string;
  /** The market-data provider when neither the results nor the request name one (the server's default). */
  readonly defaultProvider: string;
}

/** A hedge-fund backtest: equity with its benchmark, P&L by ticker, the round trips and open positions. */
export function hedgeFundTearsheetInput(from: HedgeFundReportSource, generatedAt: string): TearsheetInput {
  const { results, request } = from;
  const { metrics, curve } = metricsOf(results, from.subject);
  const tickers = Array.isArray(request.tickers) ? request.tickers.map(String) : [];
  const agents = Array.isArray(request.agents) ? request.agents.map(String) : list(request.graph_nodes).map((node) => text(node.id)).filter((id) => id !== '');
  const provider = text(results.data_source, text(request.data_provider, from.defaultProvider));
  const open = list(results.open_trades);
  return {
    kind: 'hedge_fund_backtest',
    title: `Hedge-fund backtest: ${tickers.join(', ') || 'no tickers recorded'}`,
    ran: [
      `${from.context}: ${agents.length > 0 ? `agents ${agents.join(', ')}` : 'agent graph not recorded'}.`,
      `Initial capital ${num(request.initial_capital) ?? 100_000}, margin requirement ${num(request.margin_requirement) ?? 0}; ${open.length} position(s) still open at the end.`,
    ],
    source: source(provider),
    origin: from.origin,
    generatedAt,
    metrics,
    curve,
    benchmark: benchmarkOf(results, curve),
    tickerPnl: list(results.ticker_pnl).map((row) => ({ ticker: text(row.ticker, '?'), pnl: num(row.total_pnl) ?? 0 })),
    tickerTable: table(TICKER_COLUMNS, list(results.ticker_pnl)),
    openTrades: table(OPEN_TRADE_COLUMNS, open),
    trades: table(HEDGE_FUND_TRADE_COLUMNS, list(results.trades)),
  };
}

const FUTURES_TRADE_COLUMNS: TearsheetTable['columns'] = [
  { key: 'id', label: '#', kind: 'int' },
  { key: 'session_date', label: 'Session', kind: 'date' },
  { key: 'direction', label: 'Side', kind: 'text' },
  { key: 'entry_mode', label: 'Entry', kind: 'text' },
  { key: 'contracts', label: 'Contracts', kind: 'int' },
  { key: 'entry_time', label: 'In (CT)', kind: 'text' },
  { key: 'entry_price', label: 'Entry price', kind: 'number' },
  { key: 'exit_time', label: 'Out (CT)', kind: 'text' },
  { key: 'exit_price', label: 'Exit price', kind: 'number' },
  { key: 'exit_reason', label: 'Exit', kind: 'text' },
  { key: 'pnl', label: 'P&L', kind: 'money' },
  { key: 'r_multiple', label: 'R', kind: 'ratio' },
];

function cushionOf(value: unknown): TearsheetCushion | null {
  if (!isRecord(value)) return null;
  const amount = num(value.amount);
  return amount === null ? null : { amount, date: text(value.date), time: typeof value.time === 'string' ? value.time : null };
}

function attemptsOf(report: Json): TearsheetAttempt[] {
  return list(report.attempts).map((a, i) => ({
    number: num(a.attempt) ?? i + 1,
    start_date: text(a.start_date),
    end_date: typeof a.end_date === 'string' ? a.end_date : null,
    outcome: text(a.outcome, '—'),
    outcome_at: typeof a.outcome_date === 'string' ? `${a.outcome_date}${typeof a.outcome_time === 'string' ? ` ${clockOf(a.outcome_time)}` : ''}` : null,
    trading_days: num(a.trading_days),
    trades: num(a.trades),
    net_pnl: num(a.net_pnl),
    min_cushion: cushionOf(a.min_cushion),
    reset_fee: num(a.reset_fee),
  }));
}

/**
 * A futures backtest report (a persisted futures run's results, or the report the CLI built): the
 * balance with the loss-limit floor, the profit target and the start balance; verdict, rules, counters,
 * attempts, R multiples, trades.
 */
export function futuresTearsheetInput(report: Json, subject: string, origin: string, generatedAt: string): TearsheetInput {
  const { metrics, curve } = metricsOf(report, subject);
  const account = isRecord(report.account) ? report.account : {};
  const strategy = isRecord(report.strategy) ? report.strategy : {};
  const startBalance = num(report.start_balance) ?? metrics.start_value;
  const offset = metrics.start_value - startBalance;
  const mll = num(account.max_loss_limit);
  const target = num(account.profit_target);
  const floorByDay = new Map<number, number>();
  const balanceByDay = new Map<number, number>();
  for (const session of list(report.sessions)) {
    const day = parseIsoDay(session.date);
    if (day === null) continue;
    const floor = num(session.mll_floor);
    const balance = num(session.balance);
    if (floor !== null) floorByDay.set(day, floor);
    if (balance !== null) balanceByDay.set(day, balance);
  }
  const floor = mll === null ? null : Float64Array.from(curve.days, (day, i) => (i === 0 ? startBalance - mll : (floorByDay.get(day) ?? Number.NaN)));
  // The account's own balance (each attempt restarts it), where the sessions give it.
  const balance = balanceByDay.size === 0 ? undefined : Float64Array.from(curve.days, (day, i) => (i === 0 ? startBalance : (balanceByDay.get(day) ?? Number.NaN)));
  const trades = list(report.trades);
  const symbol = text(report.symbol, '?');
  const period = isRecord(report.period) ? report.period : {};
  return {
    kind: 'futures_backtest',
    title: `${symbol} opening-range breakout (${text(strategy.entry_mode, '?')}) · ${text(account.account_size, '?')} ${text(account.stage, '')}`.trim(),
    ran: [
      `${num(period.sessions_simulated) ?? curve.days.length - 1} sessions simulated of ${num(period.sessions_in_range) ?? '?'} in ${text(period.start_date, '?')} → ${text(period.end_date, '?')}; ${(num(report.bars_processed) ?? 0).toLocaleString('en-US')} one-minute bars.`,
      `Opening range ${String(strategy.opening_range_minutes ?? '?')} min, target ${String(strategy.target_r ?? '?')} R, at most ${String(strategy.max_trades_per_day ?? '?')} trades a day; maximum loss limit ${mll ?? '—'} (${text(account.mll_trail_mode, '?')} trailing), daily loss limit ${String(account.daily_loss_limit ?? 'off')}.`,
    ],
    source: source(text(report.data_source, 'unknown')),
    data: futuresDataLines(report.data),
    origin,
    generatedAt,
    metrics,
    curve,
    futures: {
      verdict: (isRecord(report.verdict) ? report.verdict : { status: 'in_progress', rule: null, date: null, time: null, detail: 'no verdict recorded' }) as unknown as FuturesVerdict,
      rules: list(report.rules) as unknown as RuleCheck[],
      attempts: attemptsOf(report),
      counters: (isRecord(report.counters) ? report.counters : {}) as Record<string, number | null>,
      account: { offset, startBalance, profitTargetBalance: target === null ? null : startBalance + target, floor, balance },
      minCushion: cushionOf(report.min_cushion),
      rMultiples: Float64Array.from(trades.map((t) => num(t.r_multiple)).filter((r): r is number => r !== null)),
    },
    trades: table(FUTURES_TRADE_COLUMNS, trades),
  };
}
