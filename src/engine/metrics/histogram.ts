/** Equal-width bins: `edges` has one more entry than `counts`. */
export interface Histogram {
  readonly edges: Float64Array;
  readonly counts: Int32Array;
  /** Values that were not finite and were left out. */
  readonly skipped: number;
}

/** Sturges' rule, at least 5 and at most `maxBins` bins. */
export function defaultBinCount(count: number, maxBins = 60): number {
  return Math.max(5, Math.min(maxBins, Math.ceil(Math.log2(Math.max(1, count)) + 1)));
}

/**
 * Histogram of the finite values in `bins` equal-width bins from the smallest to the largest value
 * (numpy `histogram` conventions: every bin is half-open [a, b) except the last, which includes its right
 * edge). All-equal values get one bin of width 1 centred on the value, split into `bins`.
 */
export function computeHistogram(values: ArrayLike<number>, bins: number): Histogram {
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`bins must be an integer >= 1; got ${bins}`);
  let min = Infinity;
  let max = -Infinity;
  let skipped = 0;
  for (let i = 0; i < values.length; i += 1) {
    const v = values[i];
    if (!Number.isFinite(v)) {
      skipped += 1;
      continue;
    }
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const counts = new Int32Array(bins);
  const edges = new Float64Array(bins + 1);
  if (min === Infinity) return { edges, counts, skipped };
  if (min === max) {
    min -= 0.5;
    max += 0.5;
  }
  const width = (max - min) / bins;
  for (let b = 0; b <= bins; b += 1) edges[b] = min + b * width;
  edges[bins] = max;
  for (let i = 0; i < values.length; i += 1) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    let b = Math.floor((v - min) / width);
    if (b >= bins) b = bins - 1;
    // Floating-point edges: keep numpy's half-open bins exact at the boundaries.
    while (b > 0 && v < edges[b]) b -= 1;
    while (b < bins - 1 && v >= edges[b + 1]) b += 1;
    counts[b] += 1;
  }
  return { edges, counts, skipped };
}
