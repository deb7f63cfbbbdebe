// The one table style of the CLIs: cli-table3 with a light box border, no colours (output is often piped or
// captured), text columns left-aligned and number columns right-aligned.
import Table from 'cli-table3';

/** A cell as shown: text or a number as given; `null` and `undefined` show as `—`. */
export type TableCell = string | number | null | undefined;

/** A row across the whole table (e.g. `… 12 more …` in a shortened list). */
export interface TableNote {
  readonly note: string;
}

export type TableRow = readonly TableCell[] | TableNote;

export interface TableOptions {
  /** How many leading columns hold text (left-aligned); the rest are numbers (right-aligned). Default 1. */
  readonly textColumns?: number;
  /** Each column's alignment, when text and numbers are mixed (overrides `textColumns`). */
  readonly align?: readonly ('left' | 'right')[];
}

/**
 * A bordered table as one string (lines joined by `\n`), the header row first. Cells are shown as given;
 * `null` and `undefined` show as `—`.
 */
export function formatTable(head: readonly string[], rows: readonly TableRow[], options: TableOptions = {}): string {
  const textColumns = options.textColumns ?? 1;
  const columns = Math.max(head.length, ...rows.map((row) => ('note' in row ? 0 : row.length)));
  const table = new Table({
    head: [...head],
    colAligns: Array.from({ length: columns }, (_, i) => options.align?.[i] ?? (i < textColumns ? 'left' : 'right')),
    style: { head: [], border: [], compact: true },
  });
  for (const row of rows) {
    if ('note' in row) table.push([{ content: row.note, colSpan: columns, hAlign: 'center' }]);
    else table.push(row.map((cell) => (cell === null || cell === undefined ? '—' : String(cell))));
  }
  return table.toString();
}

/** A two-column key/value table (`label │ value`, the value right-aligned). */
export function formatKeyValueTable(head: readonly [string, string], rows: readonly (readonly [string, TableCell])[]): string {
  return formatTable(head, rows, { textColumns: 1 });
}

/** `formatTable` as lines, for CLIs that print line by line. */
export function tableLines(head: readonly string[], rows: readonly TableRow[], options: TableOptions = {}): string[] {
  return formatTable(head, rows, options).split('\n');
}
