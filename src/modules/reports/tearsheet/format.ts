import { formatUsd } from '../../../engine';
import type { TearsheetCellKind } from './tearsheet.types';

// How the tearsheet prints numbers. Exact values stay in each cell's `data-value`; the text rounds
// only for reading (money to the cent, percent points to 2 decimals, ratios to 3).

export const EMPTY = '—';

export function formatPct(value: number): string {
  return `${value.toFixed(2)} %`;
}

export function formatRatio(value: number): string {
  return value.toFixed(3);
}

// One formatter each, made once: `toLocaleString` with options builds a new one on every call, which is most of
// the time of a 10,000-row table.
const INT_FORMAT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const NUMBER_FORMAT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 });

export function formatInt(value: number): string {
  return INT_FORMAT.format(value);
}

/** A value as the page prints it; null and undefined are an em dash. */
export function formatCell(value: string | number | null | undefined, kind: TearsheetCellKind): string {
  if (value === null || value === undefined) return EMPTY;
  if (typeof value === 'string') return value;
  switch (kind) {
    case 'money':
      return formatUsd(value);
    case 'pct':
      return formatPct(value);
    case 'ratio':
      return formatRatio(value);
    case 'int':
      return formatInt(value);
    case 'number':
      return NUMBER_FORMAT.format(value);
    case 'text':
    case 'date':
      return String(value);
  }
}

/** `HH:MM` of an ISO time with an offset (a report's `outcome_time`, `2024-01-04T10:41:00-06:00`); other text as it is. */
export function clockOf(time: string): string {
  return /^\d{4}-\d{2}-\d{2}T(\d{2}:\d{2})/.exec(time)?.[1] ?? time;
}
