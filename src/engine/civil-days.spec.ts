import { formatIsoDay, formatIsoDays, parseIsoDay, shiftIsoDay } from './civil-days';

const DAY_MS = 86_400_000;

describe('civil days: the one ISO-date parser and formatter', () => {
  it('parses and formats every day from 1900 to 2100 as Date does (an independent calendar)', () => {
    for (let day = -25_567; day <= 47_482; day += 1) {
      const iso = new Date(day * DAY_MS).toISOString().slice(0, 10);
      expect(formatIsoDay(day)).toBe(iso);
      expect(parseIsoDay(iso)).toBe(day);
    }
  });

  it.each(['2023-02-29', '2100-02-29', '2024-13-01', '2024-00-10', '2024-04-31', '2024-1-01', '2024-01-01T00:00:00Z', ' 2024-01-01', '2024/01/01', '+024-01-01', 'yesterday', ''])(
    'refuses %p',
    (text) => {
      expect(parseIsoDay(text)).toBeNull();
    },
  );

  it('accepts leap days of leap years only, and refuses what is not a string', () => {
    expect(parseIsoDay('2000-02-29')).toBe(11_016);
    expect(parseIsoDay('2024-02-29')).toBe(19_782);
    expect(parseIsoDay(20240229)).toBeNull();
    expect(parseIsoDay(null)).toBeNull();
  });

  it('shifts a date by calendar days across month, leap-day and year ends', () => {
    expect(shiftIsoDay('2024-02-28', 1)).toBe('2024-02-29');
    expect(shiftIsoDay('2024-03-01', -1)).toBe('2024-02-29');
    expect(shiftIsoDay('2023-03-01', -1)).toBe('2023-02-28');
    expect(shiftIsoDay('2024-12-31', 1)).toBe('2025-01-01');
    expect(shiftIsoDay('2024-01-02', -379)).toBe('2022-12-19');
    expect(() => shiftIsoDay('2024-02-30', 1)).toThrow(RangeError);
  });
});

describe('formatIsoDays', () => {
  it('formats runs of days across month, year and leap-day boundaries as Date does', () => {
    // Every day from 1899-12-20 to 2101-01-10 (leap 2000, not 1900 or 2100), with gaps of 1 to 40 days too.
    const start = parseIsoDay('1899-12-20') as number;
    const end = parseIsoDay('2101-01-10') as number;
    const every = Array.from({ length: end - start + 1 }, (_, i) => start + i);
    let gap = 0;
    const gaps = every.filter((day) => (gap = (gap + 7) % 41) < 7 || day === start);
    for (const days of [every, gaps, Int32Array.from(gaps)]) {
      const expected = Array.from(days, (day) => new Date(day * 86_400_000).toISOString().slice(0, 10));
      expect(formatIsoDays(days, 0, days.length)).toEqual(expected);
    }
    expect(formatIsoDays([0, 59, 60, 365], 1, 3)).toEqual(['1970-03-01', '1970-03-02']);
  });
});
