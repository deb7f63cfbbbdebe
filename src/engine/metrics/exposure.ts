import { EngineError } from '../errors';
import type { MetricNotes } from './notes';
import type { ExposureMetrics, PositionExposure } from './types';

/** Below this short exposure the long/short ratio is undefined (the anchor's threshold). */
const NO_SHORT_EXPOSURE = 1e-9;

function invalid(field: string, message: string): EngineError {
  return new EngineError('INVALID_INPUT', `${field} ${message}`, [{ field, message }]);
}

/**
 * The anchor's exposure figures in money (not % of NAV): long = Σ long·price, short = Σ short·price,
 * gross = long + short, net = long - short, long/short = long / short (null without short exposure).
 */
export function computeExposure(positions: readonly PositionExposure[] | undefined, notes: MetricNotes): ExposureMetrics {
  if (positions === undefined) {
    for (const key of ['long_exposure', 'short_exposure', 'gross_exposure', 'net_exposure', 'long_short_ratio']) notes[key] = 'no positions given';
    return { long_exposure: null, short_exposure: null, gross_exposure: null, net_exposure: null, long_short_ratio: null };
  }
  let long = 0;
  let short = 0;
  positions.forEach((position, i) => {
    for (const key of ['long', 'short'] as const) {
      const quantity = position[key];
      if (typeof quantity !== 'number' || !Number.isFinite(quantity) || quantity < 0) throw invalid(`positions[${i}].${key}`, `must be a finite number >= 0; got ${String(quantity)}.`);
    }
    if (typeof position.price !== 'number' || !Number.isFinite(position.price) || position.price <= 0) {
      throw invalid(`positions[${i}].price`, `must be a finite number > 0; got ${String(position.price)}.`);
    }
    long += position.long * position.price;
    short += position.short * position.price;
  });
  let ratio: number | null = null;
  if (short > NO_SHORT_EXPOSURE) ratio = long / short;
  else notes.long_short_ratio = 'undefined: no short exposure';
  return { long_exposure: long, short_exposure: short, gross_exposure: long + short, net_exposure: long - short, long_short_ratio: ratio };
}
