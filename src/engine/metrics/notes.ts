/** Reasons for undefined (null) or noteworthy metrics, keyed by the metric's wire name. */
export type MetricNotes = Record<string, string>;

/** Returns `value`, or null with a note when it is not a finite number. */
export function finiteOr(notes: MetricNotes, key: string, value: number, reason: string): number | null {
  if (Number.isFinite(value)) return value;
  notes[key] = reason;
  return null;
}

export function toPct(fraction: number): number;
export function toPct(fraction: number | null): number | null;
export function toPct(fraction: number | null): number | null {
  return fraction === null ? null : fraction * 100;
}
