import { formatIsoDay, parseIsoDay, weekday } from '../civil-days';
import { isTradingDay, nyseHolidays, tradingDaysBetween } from './calendar';

// Holiday lists copied from the NYSE's published holiday schedules (independent of the rules coded here).
const PUBLISHED_HOLIDAYS: Record<number, string[]> = {
  2021: ['2021-01-01', '2021-01-18', '2021-02-15', '2021-04-02', '2021-05-31', '2021-07-05', '2021-09-06', '2021-11-25', '2021-12-24'],
  2022: ['2022-01-17', '2022-02-21', '2022-04-15', '2022-05-30', '2022-06-20', '2022-07-04', '2022-09-05', '2022-11-24', '2022-12-26'],
  2023: ['2023-01-02', '2023-01-16', '2023-02-20', '2023-04-07', '2023-05-29', '2023-06-19', '2023-07-04', '2023-09-04', '2023-11-23', '2023-12-25'],
  2024: ['2024-01-01', '2024-01-15', '2024-02-19', '2024-03-29', '2024-05-27', '2024-06-19', '2024-07-04', '2024-09-02', '2024-11-28', '2024-12-25'],
  2025: ['2025-01-01', '2025-01-20', '2025-02-17', '2025-04-18', '2025-05-26', '2025-06-19', '2025-07-04', '2025-09-01', '2025-11-27', '2025-12-25'],
};

function day(text: string): number {
  const parsed = parseIsoDay(text);
  if (parsed === null) throw new Error(`bad test date ${text}`);
  return parsed;
}

describe('calendar', () => {
  it('round-trips dates and rejects impossible ones', () => {
    expect(formatIsoDay(day('2024-02-29'))).toBe('2024-02-29');
    expect(day('1970-01-01')).toBe(0);
    expect(parseIsoDay('2023-02-29')).toBeNull();
    expect(parseIsoDay('2024-13-01')).toBeNull();
    expect(parseIsoDay('2024-1-01')).toBeNull();
    expect(parseIsoDay('yesterday')).toBeNull();
  });

  it('knows the weekday (2024-03-29 was a Friday, 2000-01-01 a Saturday)', () => {
    expect(weekday(day('2024-03-29'))).toBe(5);
    expect(weekday(day('2000-01-01'))).toBe(6);
  });

  it.each(Object.entries(PUBLISHED_HOLIDAYS))('matches the NYSE holiday schedule of %s', (year, expected) => {
    expect([...nyseHolidays(Number(year))].sort((a, b) => a - b).map(formatIsoDay)).toEqual(expected);
  });

  it('has no Juneteenth before 2022 and leaves weekends out', () => {
    expect(isTradingDay(day('2021-06-18'))).toBe(true);
    expect(isTradingDay(day('2024-06-22'))).toBe(false);
    expect(isTradingDay(day('2024-06-24'))).toBe(true);
  });

  it('counts the published number of trading days per year', () => {
    // NYSE: 252 sessions in 2021, 251 in 2022, 250 in 2023, 252 in 2024.
    expect(tradingDaysBetween(day('2021-01-01'), day('2021-12-31'))).toHaveLength(252);
    expect(tradingDaysBetween(day('2022-01-01'), day('2022-12-31'))).toHaveLength(251);
    expect(tradingDaysBetween(day('2023-01-01'), day('2023-12-31'))).toHaveLength(250);
    expect(tradingDaysBetween(day('2024-01-01'), day('2024-12-31'))).toHaveLength(252);
  });
});
