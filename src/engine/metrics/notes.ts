/** Reasons for undefined (null) or noteworthy metrics, keyed by the metric's wire name. */
export type MetricNotes = Record<string, string>;

/** Returns `value`, or null with a note when it is not a finite number. */
export function finiteOr(notes: MetricNotes, key: string, value: number, reason: string): number | null {
  if (Number.isFinite(value)) return value;
  notes[key] = reason;
  return null;
}
