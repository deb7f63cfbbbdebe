import { formatIsoDay, parseIsoDay, tradingDaysBetween } from '../../engine';

export interface DateRange {
  readonly start: string;
  readonly end: string;
}

function day(text: string): number {
  const parsed = parseIsoDay(text);
  if (parsed === null) throw new Error(`not a date: ${text}`);
  return parsed;
}

/**
 * The parts of [start, end] not inside any covered range, ascending. Gaps without a single trading
 * day (a weekend, a holiday) are dropped: there is nothing to fetch there.
 */
export function missingRanges(wanted: DateRange, covered: readonly DateRange[]): DateRange[] {
  const sorted = covered.map((r) => [day(r.start), day(r.end)] as const).sort((a, b) => a[0] - b[0]);
  const gaps: DateRange[] = [];
  let cursor = day(wanted.start);
  const last = day(wanted.end);
  for (const [start, end] of sorted) {
    if (end < cursor) continue;
    if (start > last) break;
    if (start > cursor) gaps.push({ start: formatIsoDay(cursor), end: formatIsoDay(Math.min(start - 1, last)) });
    cursor = Math.max(cursor, end + 1);
    if (cursor > last) break;
  }
  if (cursor <= last) gaps.push({ start: formatIsoDay(cursor), end: formatIsoDay(last) });
  return gaps.filter((gap) => tradingDaysBetween(day(gap.start), day(gap.end)).length > 0);
}

/** Ranges merged where they overlap or touch, ascending. */
export function mergeRanges(ranges: readonly DateRange[]): DateRange[] {
  const sorted = ranges.map((r) => [day(r.start), day(r.end)]).sort((a, b) => a[0] - b[0]);
  const merged: number[][] = [];
  for (const [start, end] of sorted) {
    const previous = merged[merged.length - 1];
    if (previous !== undefined && start <= previous[1] + 1) previous[1] = Math.max(previous[1], end);
    else merged.push([start, end]);
  }
  return merged.map(([start, end]) => ({ start: formatIsoDay(start), end: formatIsoDay(end) }));
}
