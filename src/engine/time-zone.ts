// Time zones for the whole engine: the exchange zone, UTC offsets and wall-clock conversions, with the
// zone rules from luxon (IANA database, DST-aware). One implementation: the session builder, the bar
// reader and the synthetic market all convert through here.
import { Info, type Zone } from 'luxon';

/** CME Globex products trade on Chicago time (CST/CDT); sessions, opening ranges and flat-by are in it. */
export const EXCHANGE_ZONE = 'America/Chicago';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/**
 * A luxon zone for an IANA name (`America/New_York`), `UTC`, or a fixed offset (`UTC-5`, `UTC+05:30`);
 * null when the name is not a zone.
 */
export function resolveZone(name: string): Zone | null {
  const zone = Info.normalizeZone(name.trim());
  return zone.isValid ? zone : null;
}

/** Outcome of placing a wall-clock time in a zone. */
export const WALL_OK = 0;
/** The wall time does not exist (the hour skipped when DST starts). */
export const WALL_GAP = 1;

/**
 * UTC offsets of one zone with a per-day cache: a zone's offset changes at most a few times a year, so a
 * day whose neighbours share one offset is converted with one addition; only the days next to a DST
 * switch ask the zone per timestamp. Not shared between zones; cheap to create.
 */
export class ZoneClock {
  readonly name: string;
  private readonly zone: Zone;
  private utcDay = Number.NaN;
  private utcDayOffset = 0;
  private utcDayStable = true;
  private localDay = Number.NaN;
  private localEarly = 0;
  private localLate = 0;
  /** Set by `wallToEpoch`: WALL_OK or WALL_GAP. */
  status = WALL_OK;

  constructor(zone: Zone | string) {
    const resolved = typeof zone === 'string' ? resolveZone(zone) : zone;
    if (resolved === null) throw new RangeError(`"${String(zone)}" is not a time zone`);
    this.zone = resolved;
    this.name = resolved.name;
  }

  /** Minutes to add to UTC to get the wall clock at `epochMs` (−300 for CDT). */
  offsetMinutes(epochMs: number): number {
    const day = Math.floor(epochMs / DAY_MS);
    if (day !== this.utcDay) {
      this.utcDay = day;
      this.utcDayOffset = this.zone.offset(day * DAY_MS);
      this.utcDayStable = this.utcDayOffset === this.zone.offset(day * DAY_MS + DAY_MS - 1);
    }
    return this.utcDayStable ? this.utcDayOffset : this.zone.offset(epochMs);
  }

  /** Wall-clock milliseconds (epoch ms as if the wall clock were UTC) at `epochMs`. */
  toWall(epochMs: number): number {
    return epochMs + this.offsetMinutes(epochMs) * MINUTE_MS;
  }

  /**
   * Epoch ms of a wall-clock time, given as days since 1970-01-01 plus milliseconds into that day.
   * A time in the skipped DST hour sets `status` to WALL_GAP and returns NaN. A time in the repeated
   * hour resolves by order: the first occurrence unless that is not after `after` (the previous bar),
   * then the second; so a file that runs through the repeated hour twice reads in order.
   */
  wallToEpoch(day: number, msOfDay: number, after = Number.NEGATIVE_INFINITY): number {
    if (day !== this.localDay) {
      this.localDay = day;
      // Offsets a day either side cover every wall time of this day; equal means no switch near it.
      this.localEarly = this.zone.offset(day * DAY_MS - DAY_MS);
      this.localLate = this.zone.offset(day * DAY_MS + 2 * DAY_MS);
    }
    const wall = day * DAY_MS + msOfDay;
    this.status = WALL_OK;
    if (this.localEarly === this.localLate) return wall - this.localEarly * MINUTE_MS;
    const first = wall - this.localEarly * MINUTE_MS;
    const second = wall - this.localLate * MINUTE_MS;
    const firstValid = this.zone.offset(first) === this.localEarly;
    const secondValid = this.zone.offset(second) === this.localLate;
    if (firstValid && secondValid) {
      const [earlier, later] = first <= second ? [first, second] : [second, first];
      return earlier > after ? earlier : later;
    }
    if (firstValid) return first;
    if (secondValid) return second;
    this.status = WALL_GAP;
    return Number.NaN;
  }
}

const exchangeClock = new ZoneClock(EXCHANGE_ZONE);

/** ISO 8601 local time in Chicago with its offset, e.g. `2024-03-11T08:45:00-05:00`. */
export function formatChicagoTime(epochMs: number): string {
  return formatZonedTime(epochMs, exchangeClock);
}

/** ISO 8601 wall time of `epochMs` in the clock's zone, with its offset (`±HH:MM`). */
export function formatZonedTime(epochMs: number, clock: ZoneClock): string {
  const offset = clock.offsetMinutes(epochMs);
  const local = new Date(epochMs + offset * MINUTE_MS).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const hh = Math.floor(abs / 60);
  const mm = abs % 60;
  return `${local}${sign}${hh < 10 ? '0' : ''}${hh}:${mm < 10 ? '0' : ''}${mm}`;
}

/** Epoch ms of a Chicago wall-clock time on a calendar day (days since epoch). */
export function chicagoWallTimeToEpoch(day: number, minuteOfDay: number): number {
  const epoch = exchangeClock.wallToEpoch(day, minuteOfDay * MINUTE_MS);
  // The skipped hour (Sunday 02:00–02:59 in March) is outside Globex hours; read it as the hour after.
  return Number.isNaN(epoch) ? exchangeClock.wallToEpoch(day, (minuteOfDay + 60) * MINUTE_MS) - 60 * MINUTE_MS : epoch;
}
