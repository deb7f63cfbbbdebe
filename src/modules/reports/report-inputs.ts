import { type ClosedTrade, type MetricsReport, toEquityCurve } from '../../engine';
import type { MetricsRequest } from '../metrics/metrics.service';
import type { TearsheetInput, TearsheetTable } from './tearsheet/tearsheet.types';

/** Most trade rows a page lists (the latest ones); the metrics always use every trade. */
export const MAX_TRADE_ROWS = 5_000;

/** The last `MAX_TRADE_ROWS` rows, and how many there were. */
export function lastRows<T>(rows: readonly T[]): readonly T[] {
  return rows.length > MAX_TRADE_ROWS ? rows.slice(rows.length - MAX_TRADE_ROWS) : rows;
}

/** The trades of a POST /metrics request, as given (pnl net of fees, optional risk → R multiple). */
export function closedTradesTable(trades: readonly ClosedTrade[]): TearsheetTable {
  return {
    columns: [
      { key: 'entry_date', label: 'Entry', kind: 'date' },
      { key: 'exit_date', label: 'Exit', kind: 'date' },
      { key: 'ticker', label: 'Ticker', kind: 'text' },
      { key: 'pnl', label: 'P&L', kind: 'money' },
      { key: 'risk', label: 'Risk', kind: 'money' },
      { key: 'r_multiple', label: 'R', kind: 'ratio' },
    ],
    rows: lastRows(trades).map((t) => [
      t.entry_date ?? null,
      t.exit_date,
      t.ticker ?? null,
      t.pnl,
      t.risk ?? null,
      typeof t.risk === 'number' && t.risk > 0 ? t.pnl / t.risk : null,
    ]),
    total: trades.length,
  };
}

/** The tearsheet of a POST /metrics request (or the metrics CLI): the curve, its report, its trades. */
export function metricsTearsheetInput(request: MetricsRequest, report: MetricsReport, generatedAt: string, origin = 'POST /metrics'): TearsheetInput {
  const curve = toEquityCurve(request.input.equity);
  const trades = request.input.trades ?? [];
  return {
    kind: 'metrics',
    title: `Equity curve ${report.start_date} → ${report.end_date}`,
    ran: [
      `Every metric of an uploaded equity curve (${report.points.toLocaleString('en-US')} points)${trades.length > 0 ? ` and ${trades.length.toLocaleString('en-US')} trades` : ''}.`,
      `Risk-free rate ${report.risk_free_rate}, ${report.periods_per_year} periods per year.`,
    ],
    source: { label: `uploaded by the user (${request.label})`, synthetic: false },
    origin,
    generatedAt,
    metrics: report,
    curve: { days: curve.days, values: curve.values },
    trades: closedTradesTable(trades),
  };
}
