// Array indicators for the technical analyst and the risk manager. Each returns the value at the LAST bar (or
// null when the window is not filled), which is all the agents need; pandas conventions are noted where the
// anchor relies on them (sample std, adjusted vs recursive EWM, bias-corrected skew).

/** A packed array of `n` zeros (plain arrays beat small typed arrays for per-call temporaries). */
function zeros(n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i += 1) out.push(0);
  return out;
}

/** A writable array of numbers: a plain array or a Float64Array. */
export interface NumberColumn {
  [index: number]: number;
  readonly length: number;
}

/**
 * Float64 buffers reused by one synchronous computation that runs every day (the technical analyst, the risk
 * manager), so a 10-year backtest does not allocate its temporaries thousands of times. `view(slot, n)` gives
 * slot's first n numbers; the view stays valid until that slot's next `view`, so never keep one past the call
 * that took it (an async gap would let another call overwrite it).
 */
export class ScratchColumns {
  private readonly views: Float64Array[] = [];

  view(slot: number, length: number): Float64Array {
    const known = this.views[slot];
    if (known !== undefined && known.length === length) return known;
    const buffer = known !== undefined && known.buffer.byteLength >= length * Float64Array.BYTES_PER_ELEMENT ? known.buffer : new ArrayBuffer(Math.max(256, 2 * length) * Float64Array.BYTES_PER_ELEMENT);
    const view = new Float64Array(buffer, 0, length);
    this.views[slot] = view;
    return view;
  }
}

export function mean(values: ArrayLike<number>, from = 0, to = values.length): number {
  let sum = 0;
  for (let i = from; i < to; i += 1) sum += values[i];
  return sum / (to - from);
}

/** Sample standard deviation (ddof 1) of values[from, to). */
export function sampleStd(values: ArrayLike<number>, from = 0, to = values.length): number {
  const n = to - from;
  if (n < 2) return Number.NaN;
  const m = mean(values, from, to);
  let ss = 0;
  for (let i = from; i < to; i += 1) ss += (values[i] - m) ** 2;
  return Math.sqrt(ss / (n - 1));
}

/** Population standard deviation (ddof 0, numpy's default). */
export function populationStd(values: ArrayLike<number>, from = 0, to = values.length): number {
  const n = to - from;
  if (n < 1) return Number.NaN;
  const m = mean(values, from, to);
  let ss = 0;
  for (let i = from; i < to; i += 1) ss += (values[i] - m) ** 2;
  return Math.sqrt(ss / n);
}

/** Bias-corrected sample skewness (pandas `skew`, Fisher-Pearson G1) of values[from, to). */
export function sampleSkew(values: ArrayLike<number>, from = 0, to = values.length): number {
  const n = to - from;
  if (n < 3) return Number.NaN;
  const m = mean(values, from, to);
  let m2 = 0;
  let m3 = 0;
  for (let i = from; i < to; i += 1) {
    const d = values[i] - m;
    m2 += d * d;
    m3 += d * d * d;
  }
  m2 /= n;
  m3 /= n;
  if (m2 === 0) return 0;
  return (Math.sqrt(n * (n - 1)) / (n - 2)) * (m3 / m2 ** 1.5);
}

/** Median (the mean of the two middle values for an even count); NaN for no values. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Linear-interpolation percentile (numpy's default), `q` in 0..100; NaN for no values. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (Math.min(100, Math.max(0, q)) / 100) * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
}

/**
 * Bias-corrected sample excess kurtosis (pandas `kurt`, scipy `kurtosis(bias=False)`, G2) of values[from, to):
 * ((n+1)·g2 + 6)·(n−1)/((n−2)(n−3)) with g2 = m4/m2² − 3.
 */
export function sampleExcessKurtosis(values: ArrayLike<number>, from = 0, to = values.length): number {
  const n = to - from;
  if (n < 4) return Number.NaN;
  const m = mean(values, from, to);
  let m2 = 0;
  let m4 = 0;
  for (let i = from; i < to; i += 1) {
    const d2 = (values[i] - m) ** 2;
    m2 += d2;
    m4 += d2 * d2;
  }
  m2 /= n;
  m4 /= n;
  if (m2 === 0) return 0;
  const g2 = m4 / (m2 * m2) - 3;
  return (((n + 1) * g2 + 6) * (n - 1)) / ((n - 2) * (n - 3));
}

/** Simple returns r[i] = close[i+1]/close[i] − 1 (length n − 1). */
export function simpleReturns(closes: ArrayLike<number>): number[] {
  return simpleReturnsInto(closes, zeros(Math.max(0, closes.length - 1)));
}

/** `simpleReturns` written into `out` (at least n − 1 long). */
export function simpleReturnsInto<T extends NumberColumn>(closes: ArrayLike<number>, out: T): T {
  for (let i = 1; i < closes.length; i += 1) out[i - 1] = closes[i] / closes[i - 1] - 1;
  return out;
}

export interface Ohlc {
  readonly high: ArrayLike<number>;
  readonly low: ArrayLike<number>;
  readonly close: ArrayLike<number>;
}

/** ADX(period) at the last bar, the anchor's definition (adjusted EWMs of TR, +DM, −DM and DX), in one pass. */
export function adx(bars: Ohlc, period = 14): number | null {
  const n = bars.close.length;
  if (n < 2) return null;
  const decay = 1 - 2 / (period + 1);
  // running numerators of the adjusted EWMs (they share one denominator: no value is ever missing)
  let trNum = 0;
  let plusNum = 0;
  let minusNum = 0;
  let dxNum = 0;
  let dxDen = 0;
  for (let i = 0; i < n; i += 1) {
    let tr = bars.high[i] - bars.low[i];
    let plusDm = 0;
    let minusDm = 0;
    if (i > 0) {
      tr = Math.max(tr, Math.abs(bars.high[i] - bars.close[i - 1]), Math.abs(bars.low[i] - bars.close[i - 1]));
      const up = bars.high[i] - bars.high[i - 1];
      const down = bars.low[i - 1] - bars.low[i];
      if (up > down && up > 0) plusDm = up;
      if (down > up && down > 0) minusDm = down;
    }
    trNum = tr + decay * trNum;
    plusNum = plusDm + decay * plusNum;
    minusNum = minusDm + decay * minusNum;
    // +DI and −DI share the TR average, so the common denominators cancel in DX
    const sum = plusNum + minusNum;
    dxNum *= decay;
    dxDen *= decay;
    if (sum > 0 && trNum > 0) {
      dxNum += (100 * Math.abs(plusNum - minusNum)) / sum;
      dxDen += 1;
    }
  }
  return dxDen > 0 ? dxNum / dxDen : null;
}

/** The last value of the recursive EMA (pandas `ewm(span, adjust=False)`). */
export function emaLast(values: ArrayLike<number>, span: number): number {
  const alpha = 2 / (span + 1);
  let ema = values[0];
  for (let i = 1; i < values.length; i += 1) ema = alpha * values[i] + (1 - alpha) * ema;
  return ema;
}

/** RSI over simple averages of gains and losses of the last `period` changes (the anchor's form). */
export function rsi(closes: ArrayLike<number>, period: number): number | null {
  const n = closes.length;
  if (n < period + 1) return null;
  let gain = 0;
  let loss = 0;
  for (let i = n - period; i < n; i += 1) {
    const delta = closes[i] - closes[i - 1];
    if (delta > 0) gain += delta;
    else loss -= delta;
  }
  if (loss === 0) return gain === 0 ? null : 100;
  return 100 - 100 / (1 + gain / loss);
}

/**
 * Hurst exponent: slope of log(std(p[t+lag] − p[t])) on log(lag) for lags 2..maxLag−1 (≈ 0.5 for a random walk,
 * < 0.5 mean reverting). The anchor takes the square root of the std first, which halves the exponent and
 * reads every random walk as mean reverting; we use the textbook form.
 */
export function hurstExponent(values: ArrayLike<number>, maxLag = 20): number | null {
  let sx = 0;
  let sy = 0;
  let sxy = 0;
  let sxx = 0;
  let points = 0;
  for (let lag = 2; lag < maxLag; lag += 1) {
    const count = values.length - lag;
    if (count < 2) break;
    let sum = 0;
    for (let i = lag; i < values.length; i += 1) sum += values[i] - values[i - lag];
    const m = sum / count;
    let ss = 0;
    for (let i = lag; i < values.length; i += 1) ss += (values[i] - values[i - lag] - m) ** 2;
    const x = Math.log(lag);
    const y = Math.log(Math.max(1e-8, Math.sqrt(ss / count)));
    sx += x;
    sy += y;
    sxy += x * y;
    sxx += x * x;
    points += 1;
  }
  if (points < 2) return null;
  return (points * sxy - sx * sy) / (points * sxx - sx * sx);
}

/**
 * Sample standard deviations (ddof 1) of every `window`-long run of `values`, ending at index window−1 … n−1,
 * from running sums (O(n)); the values here are daily returns, small and centred near 0, so the one-pass
 * formula loses no meaningful precision.
 */
export function rollingSampleStd(values: ArrayLike<number>, window: number): number[] {
  return rollingSampleStdInto(values, window, zeros(rollingCount(values.length, window)));
}

/** How many `window`-long runs `n` values hold (0 when the window is not filled or shorter than 2). */
export function rollingCount(n: number, window: number): number {
  return n < window || window < 2 ? 0 : n - window + 1;
}

/** `rollingSampleStd` written into `out` (at least `rollingCount(n, window)` long). */
export function rollingSampleStdInto<T extends NumberColumn>(values: ArrayLike<number>, window: number, out: T): T {
  const n = values.length;
  if (rollingCount(n, window) === 0) return out;
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i += 1) {
    sum += values[i];
    sumSq += values[i] * values[i];
    if (i >= window) {
      sum -= values[i - window];
      sumSq -= values[i - window] * values[i - window];
    }
    if (i >= window - 1) out[i - window + 1] = Math.sqrt(Math.max(0, (sumSq - (sum * sum) / window) / (window - 1)));
  }
  return out;
}

/** Pearson correlation of two equal-length series; null when either is constant. */
export function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number | null {
  const n = a.length;
  if (n < 2) return null;
  const ma = mean(a);
  const mb = mean(b);
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i += 1) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  if (saa === 0 || sbb === 0) return null;
  return sab / Math.sqrt(saa * sbb);
}
