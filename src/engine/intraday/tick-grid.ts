/**
 * A contract's price grid. Every listed tick size is 1/n of a point (0.25, 0.1, 0.01, 1), so prices are
 * rounded through the integer `ticksPerPoint` rather than divided by a float tick, which keeps
 * `5005.75` exact instead of `5005.750000000001`.
 */
export interface TickGrid {
  readonly tick: number;
  /** 1 / tick, an integer (4 for ES, 10 for RTY, 100 for CL). */
  readonly ticksPerPoint: number;
  /** Tolerance for price comparisons: a millionth of a tick. */
  readonly eps: number;
}

export function createTickGrid(tick: number): TickGrid {
  return { tick, ticksPerPoint: Math.round(1 / tick), eps: tick * 1e-6 };
}

/** The highest grid price at or below `price` (a price a hair under a tick, by float noise, counts as on it). */
export function roundDownToTick(grid: TickGrid, price: number): number {
  return Math.floor(price * grid.ticksPerPoint + 1e-7) / grid.ticksPerPoint;
}

/** The lowest grid price at or above `price`. */
export function roundUpToTick(grid: TickGrid, price: number): number {
  return Math.ceil(price * grid.ticksPerPoint - 1e-7) / grid.ticksPerPoint;
}

export function roundToTick(grid: TickGrid, price: number): number {
  return Math.round(price * grid.ticksPerPoint) / grid.ticksPerPoint;
}
