// The trade list of a futures run: a table for the terminal and a CSV file (`--trades trades.csv`).
import { stringify } from 'csv-stringify/sync';
import { formatUsd, type FuturesTrade } from '../engine';

/** Columns of the CSV when there is no trade to take them from (the trade's own fields otherwise, in order). */
const TRADE_COLUMNS: readonly (keyof FuturesTrade)[] = [
  'id', 'session_date', 'direction', 'entry_mode', 'contracts', 'entry_time', 'entry_price', 'stop_price', 'target_price',
  'exit_time', 'exit_price', 'exit_reason', 'risk_usd', 'gross_pnl', 'commission', 'pnl', 'r_multiple',
];

/** Every field of every trade, one row each, with a header; times in America/Chicago with their offset. */
export function tradesCsv(trades: readonly FuturesTrade[]): string {
  const columns = trades.length > 0 ? Object.keys(trades[0]) : [...TRADE_COLUMNS];
  return stringify(
    trades.map((t) => columns.map((c) => (t as unknown as Record<string, unknown>)[c] ?? '')),
    { header: true, columns, cast: { number: (value) => String(value), boolean: (value) => String(value) } },
  );
}

function cell(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

/** `HH:MM` of an ISO local time `YYYY-MM-DDTHH:MM:SS±HH:MM`. */
function clock(iso: string): string {
  return iso.slice(11, 16);
}

/**
 * The trades as aligned terminal lines: date, side, size, entry and exit (CT clock and price), reason, P&L
 * and R. `limit` keeps the first and last trades of a long list, with a line saying how many were left out;
 * prices show the decimals of `tickSize`.
 */
export function formatTradeTable(trades: readonly FuturesTrade[], limit = Number.POSITIVE_INFINITY, tickSize = 0.01): string[] {
  const decimals = String(tickSize).split('.')[1]?.length ?? 0;
  const price = (value: number): string => value.toFixed(decimals);
  if (trades.length === 0) return ['  (no trades)'];
  const header = `  ${cell('#', 4, true)}  ${cell('date', 10)}  ${cell('side', 5)}  ${cell('qty', 3, true)}  ${cell('entry', 5)} ${cell('price', 10, true)}  ${cell('exit', 5)} ${cell('price', 10, true)}  ${cell('reason', 16)} ${cell('P&L', 12, true)} ${cell('R', 7, true)}`;
  const line = (t: FuturesTrade): string =>
    `  ${cell(String(t.id), 4, true)}  ${t.session_date}  ${cell(t.direction, 5)}  ${cell(String(t.contracts), 3, true)}  ${clock(t.entry_time)} ${cell(price(t.entry_price), 10, true)}  ${clock(t.exit_time)} ${cell(price(t.exit_price), 10, true)}  ${cell(t.exit_reason, 16)} ${cell(formatUsd(t.pnl), 12, true)} ${cell(t.r_multiple.toFixed(2), 7, true)}`;
  if (trades.length <= limit) return [header, ...trades.map(line)];
  const head = Math.ceil(limit / 2);
  const tail = Math.floor(limit / 2);
  return [header, ...trades.slice(0, head).map(line), `  … ${trades.length - head - tail} more (all of them with --trades FILE) …`, ...trades.slice(trades.length - tail).map(line)];
}
