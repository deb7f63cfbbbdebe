// The trade list of a futures run: a table for the terminal and a CSV file (`--trades trades.csv`).
import { formatUsd, type FuturesTrade } from '../engine';
import { type TableRow, tableLines } from './table';

/** Columns of the CSV when there is no trade to take them from (the trade's own fields otherwise, in order). */
const TRADE_COLUMNS: readonly (keyof FuturesTrade)[] = [
  'id', 'session_date', 'direction', 'entry_mode', 'contracts', 'entry_time', 'entry_price', 'stop_price', 'target_price',
  'exit_time', 'exit_price', 'exit_reason', 'risk_usd', 'gross_pnl', 'commission', 'pnl', 'r_multiple',
];

/** Every field of every trade, one row each, with a header; times in America/Chicago with their offset. */
export function tradesCsv(trades: readonly FuturesTrade[]): string {
  const columns = trades.length > 0 ? Object.keys(trades[0]) : [...TRADE_COLUMNS];
  // Loaded for --trades only.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { stringify } = require('csv-stringify/sync') as typeof import('csv-stringify/sync');
  return stringify(
    trades.map((t) => columns.map((c) => (t as unknown as Record<string, unknown>)[c] ?? '')),
    { header: true, columns, cast: { number: (value) => String(value), boolean: (value) => String(value) } },
  );
}

/** `HH:MM` of an ISO local time `YYYY-MM-DDTHH:MM:SS±HH:MM`. */
function clock(iso: string): string {
  return iso.slice(11, 16);
}

/**
 * The trades as table lines: number, date, side, size, entry and exit (CT clock and price), reason, P&L
 * and R. `limit` keeps the first and last trades of a long list, with a row saying how many were left out;
 * prices show the decimals of `tickSize`.
 */
export function formatTradeTable(trades: readonly FuturesTrade[], limit = Number.POSITIVE_INFINITY, tickSize = 0.01): string[] {
  const decimals = String(tickSize).split('.')[1]?.length ?? 0;
  const price = (value: number): string => value.toFixed(decimals);
  if (trades.length === 0) return ['  (no trades)'];
  const row = (t: FuturesTrade): TableRow => [t.id, t.session_date, t.direction, t.contracts, clock(t.entry_time), price(t.entry_price), clock(t.exit_time), price(t.exit_price), t.exit_reason, formatUsd(t.pnl), t.r_multiple.toFixed(2)];
  const head = ['#', 'date', 'side', 'qty', 'entry', 'price', 'exit', 'price', 'reason', 'P&L', 'R'];
  const options = { align: ['right', 'left', 'left', 'right', 'left', 'right', 'left', 'right', 'left', 'right', 'right'] as const };
  if (trades.length <= limit) return tableLines(head, trades.map(row), options);
  const first = Math.ceil(limit / 2);
  const last = Math.floor(limit / 2);
  return tableLines(head, [...trades.slice(0, first).map(row), { note: `… ${trades.length - first - last} more (all of them with --trades FILE) …` }, ...trades.slice(trades.length - last).map(row)], options);
}
