import { parseIsoDay } from '../civil-days';
import type { MinuteBars } from '../data/types';
import { EngineError } from '../errors';
import { ZoneClock, EXCHANGE_ZONE } from '../time-zone';
import { type CalendarName, type CalendarOverride, calendarGroupOf, parseCalendarOverride, type SpecialDay, sessionCalendarDay } from './cme-calendar';
import type { ContractSpec } from './contracts';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/**
 * Bars mapped to CME trading days once per dataset, so the strategy loop reads numbers only.
 * A trading day runs from 17:00 CT of the previous calendar day to 16:00 CT; `day` is that date as
 * days since 1970-01-01. The regular-session (RTH) OHLC of each day feeds the daily indicators.
 * The exchange calendar decides each day's regular session: holiday closures and halts have none
 * (`rthFirstBar` -1, `calendarSkipped` 1); an early close cuts it at `closeMinute`, where flat-by moves.
 */
export interface SessionTable {
  readonly count: number;
  /** Minute of the day in America/Chicago of each bar's open time (DST-correct). */
  readonly minute: Int16Array;
  readonly firstBar: Int32Array;
  /** Exclusive end bar index. */
  readonly endBar: Int32Array;
  readonly day: Int32Array;
  /** First bar at or after the RTH open, -1 when the day has no RTH bar. */
  readonly rthFirstBar: Int32Array;
  /** Exclusive end of the RTH bars. */
  readonly rthEndBar: Int32Array;
  readonly rthOpen: Float64Array;
  readonly rthHigh: Float64Array;
  readonly rthLow: Float64Array;
  readonly rthClose: Float64Array;
  /** Early close of the session (CT minute, exclusive end of its regular bars; flat-by moves there), -1 on a regular day. */
  readonly closeMinute: Int16Array;
  /** 1 when the calendar removed the regular session (holiday closure or halt without settlement). */
  readonly calendarSkipped: Uint8Array;
  /** The calendar's special days among the sessions, in order (skipped or shortened). */
  readonly specialDays: readonly SpecialDay[];
}

/** Which exchange calendar shapes the sessions (`cme` by default) and the user's corrections of it. */
export interface SessionCalendarOptions {
  readonly calendar?: CalendarName;
  /** `YYYY-MM-DD=closed|regular|HH:MM`, already validated (see resolveFuturesConfig). */
  readonly calendar_overrides?: readonly string[];
}

/** The overrides of a configuration as day numbers (malformed entries were refused by the config). */
export function calendarOverridesOf(options: SessionCalendarOptions): CalendarOverride[] {
  return (options.calendar_overrides ?? []).map((text) => parseCalendarOverride(text, parseIsoDay)).filter((o): o is CalendarOverride => o !== null);
}

// Re-exported for the simulator and the report: the conversions live in the engine's time-zone module.
export { chicagoWallTimeToEpoch, formatChicagoTime } from '../time-zone';

export function validateMinuteBars(bars: MinuteBars): void {
  const n = bars.time.length;
  const columns = [bars.open, bars.high, bars.low, bars.close, bars.volume];
  if (columns.some((c) => c.length !== n)) {
    throw new EngineError('INVALID_INPUT', 'Minute bar columns have different lengths.', [{ field: 'bars', message: 'columns differ in length' }]);
  }
  const { time, open, high, low, close, volume } = bars;
  for (let i = 0; i < n; i += 1) {
    const t = time[i];
    const bad =
      !Number.isFinite(t) ||
      !(open[i] > 0 && high[i] > 0 && low[i] > 0 && close[i] > 0) ||
      !Number.isFinite(open[i] + high[i] + low[i] + close[i]) ||
      high[i] < low[i] ||
      high[i] < Math.max(open[i], close[i]) ||
      low[i] > Math.min(open[i], close[i]) ||
      !(volume[i] >= 0);
    if (bad) {
      const message = `bar ${i} is not a valid OHLCV bar (positive prices, low <= open/close <= high, volume >= 0)`;
      throw new EngineError('INVALID_INPUT', `Minute bars: ${message}.`, [{ field: 'bars', message }]);
    }
    if (i > 0 && t <= time[i - 1]) {
      const message = `bar ${i} is not after bar ${i - 1}: bars must be in strictly increasing time order`;
      throw new EngineError('INVALID_INPUT', `Minute bars: ${message}.`, [{ field: 'bars', message }]);
    }
  }
}

/**
 * Maps every bar to its Chicago minute of the day and trading day. The zone offset is looked up once per
 * UTC day and only per bar on the two days a year whose offset changes (DST switches). Then each trade
 * date asks the calendar (CME Globex by default) whether its regular session runs, and until when.
 */
export function buildSessionTable(bars: MinuteBars, spec: ContractSpec, calendar: SessionCalendarOptions = {}): SessionTable {
  const n = bars.time.length;
  const minute = new Int16Array(n);
  const barDay = new Int32Array(n);
  const clock = new ZoneClock(EXCHANGE_ZONE);
  let sessions = 0;
  for (let i = 0; i < n; i += 1) {
    const t = bars.time[i];
    const local = clock.toWall(t);
    const localDay = Math.floor(local / DAY_MS);
    const mod = Math.floor((local - localDay * DAY_MS) / MINUTE_MS);
    minute[i] = mod;
    const day = mod >= spec.globex_open_minute ? localDay + 1 : localDay;
    barDay[i] = day;
    if (i === 0 || day !== barDay[i - 1]) sessions += 1;
  }

  const firstBar = new Int32Array(sessions);
  const endBar = new Int32Array(sessions);
  const day = new Int32Array(sessions);
  let s = -1;
  for (let i = 0; i < n; i += 1) {
    if (i === 0 || barDay[i] !== barDay[i - 1]) {
      if (s >= 0) endBar[s] = i;
      s += 1;
      firstBar[s] = i;
      day[s] = barDay[i];
    }
  }
  if (s >= 0) endBar[s] = n;

  const rthFirstBar = new Int32Array(sessions).fill(-1);
  const rthEndBar = new Int32Array(sessions).fill(-1);
  const rthOpen = new Float64Array(sessions).fill(Number.NaN);
  const rthHigh = new Float64Array(sessions).fill(Number.NaN);
  const rthLow = new Float64Array(sessions).fill(Number.NaN);
  const rthClose = new Float64Array(sessions).fill(Number.NaN);
  const closeMinute = new Int16Array(sessions).fill(-1);
  const calendarSkipped = new Uint8Array(sessions);
  const specialDays: SpecialDay[] = [];
  const calendarName = calendar.calendar ?? 'cme';
  const group = calendarGroupOf(spec.group);
  const overrides = calendarOverridesOf(calendar);
  const open = spec.rth_open_minute;
  for (let k = 0; k < sessions; k += 1) {
    const today = sessionCalendarDay(calendarName, group, day[k], overrides);
    if (today.special !== null) specialDays.push(today.special);
    if (today.skip) {
      calendarSkipped[k] = 1;
      continue;
    }
    let close = spec.rth_close_minute;
    if (today.close_minute !== null) {
      closeMinute[k] = today.close_minute;
      if (today.close_minute < close) close = today.close_minute;
      // Closed before the regular session opens (Good Friday 08:15, mourning days 08:30): none that day.
      if (close <= open) {
        calendarSkipped[k] = 1;
        continue;
      }
    }
    let hi = -Infinity;
    let lo = Infinity;
    for (let i = firstBar[k]; i < endBar[k]; i += 1) {
      const mod = minute[i];
      if (mod < open || mod >= close) continue;
      if (rthFirstBar[k] < 0) {
        rthFirstBar[k] = i;
        rthOpen[k] = bars.open[i];
      }
      rthEndBar[k] = i + 1;
      if (bars.high[i] > hi) hi = bars.high[i];
      if (bars.low[i] < lo) lo = bars.low[i];
      rthClose[k] = bars.close[i];
    }
    if (rthFirstBar[k] >= 0) {
      rthHigh[k] = hi;
      rthLow[k] = lo;
    }
  }
  return { count: sessions, minute, firstBar, endBar, day, rthFirstBar, rthEndBar, rthOpen, rthHigh, rthLow, rthClose, closeMinute, calendarSkipped, specialDays };
}
