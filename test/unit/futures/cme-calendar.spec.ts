// The CME calendar against the dated table of the futures-data reference §2.3 (2015–2027), typed in here
// from the reference, not computed: every special day of both groups, and nothing else.
import { type CalendarGroup, cmeSpecialDays, formatIsoDay, isCmeBusinessDay, parseIsoDay, sessionCalendarDay } from '../../../src/engine';
import { easterSunday } from '../../../src/engine/civil-days';

/** date, event, equity index, energy & metals: `closed`, `halt HH:MM`, `close HH:MM` (early close) or `regular`. */
const REFERENCE_TABLE: readonly [string, string, string, string][] = [
  ['2015-01-01', "New Year's Day", 'closed', 'closed'],
  ['2015-01-19', 'MLK Day', 'halt 12:00', 'halt 12:00'],
  ['2015-02-16', 'Presidents Day', 'halt 12:00', 'halt 12:00'],
  ['2015-04-03', 'Good Friday', 'close 08:15', 'closed'],
  ['2015-05-25', 'Memorial Day', 'halt 12:00', 'halt 12:00'],
  ['2015-07-03', 'Independence Day', 'halt 12:00', 'halt 12:00'],
  ['2015-09-07', 'Labor Day', 'halt 12:00', 'halt 12:00'],
  ['2015-11-26', 'Thanksgiving Day', 'halt 12:00', 'halt 12:00'],
  ['2015-11-27', 'Day after Thanksgiving', 'close 12:15', 'close 12:45'],
  ['2015-12-24', 'Christmas Eve', 'close 12:15', 'close 12:45'],
  ['2015-12-25', 'Christmas', 'closed', 'closed'],
  ['2016-01-01', "New Year's Day", 'closed', 'closed'],
  ['2016-01-18', 'MLK Day', 'halt 12:00', 'halt 12:00'],
  ['2016-02-15', 'Presidents Day', 'halt 12:00', 'halt 12:00'],
  ['2016-03-25', 'Good Friday', 'closed', 'closed'],
  ['2016-05-30', 'Memorial Day', 'halt 12:00', 'halt 12:00'],
  ['2016-07-04', 'Independence Day', 'halt 12:00', 'halt 12:00'],
  ['2016-09-05', 'Labor Day', 'halt 12:00', 'halt 12:00'],
  ['2016-11-24', 'Thanksgiving Day', 'halt 12:00', 'halt 12:00'],
  ['2016-11-25', 'Day after Thanksgiving', 'close 12:15', 'close 12:45'],
  ['2016-12-26', 'Christmas', 'closed', 'closed'],
  ['2017-01-02', "New Year's Day", 'closed', 'closed'],
  ['2017-01-16', 'MLK Day', 'halt 12:00', 'halt 12:00'],
  ['2017-02-20', 'Presidents Day', 'halt 12:00', 'halt 12:00'],
  ['2017-04-14', 'Good Friday', 'closed', 'closed'],
  ['2017-05-29', 'Memorial Day', 'halt 12:00', 'halt 12:00'],
  ['2017-07-03', 'Day before Independence Day', 'close 12:15', 'regular'],
  ['2017-07-04', 'Independence Day', 'halt 12:00', 'halt 12:00'],
  ['2017-09-04', 'Labor Day', 'halt 12:00', 'halt 12:00'],
  ['2017-11-23', 'Thanksgiving Day', 'halt 12:00', 'halt 12:00'],
  ['2017-11-24', 'Day after Thanksgiving', 'close 12:15', 'close 12:45'],
  ['2017-12-25', 'Christmas', 'closed', 'closed'],
  ['2018-01-01', "New Year's Day", 'closed', 'closed'],
  ['2018-01-15', 'MLK Day', 'halt 12:00', 'halt 12:00'],
  ['2018-02-19', 'Presidents Day', 'halt 12:00', 'halt 12:00'],
  ['2018-03-30', 'Good Friday', 'closed', 'closed'],
  ['2018-05-28', 'Memorial Day', 'halt 12:00', 'halt 12:00'],
  ['2018-07-03', 'Day before Independence Day', 'close 12:15', 'regular'],
  ['2018-07-04', 'Independence Day', 'halt 12:00', 'halt 12:00'],
  ['2018-09-03', 'Labor Day', 'halt 12:00', 'halt 12:00'],
  ['2018-11-22', 'Thanksgiving Day', 'halt 12:00', 'halt 12:00'],
  ['2018-11-23', 'Day after Thanksgiving', 'close 12:15', 'close 12:45'],
  ['2018-12-05', 'National day of mourning (G.H.W. Bush)', 'close 08:30', 'regular'],
  ['2018-12-24', 'Christmas Eve', 'close 12:15', 'close 12:45'],
  ['2018-12-25', 'Christmas', 'closed', 'closed'],
  ['2019-01-01', "New Year's Day", 'closed', 'closed'],
  ['2019-01-21', 'MLK Day', 'halt 12:00', 'halt 12:00'],
  ['2019-02-18', 'Presidents Day', 'halt 12:00', 'halt 12:00'],
  ['2019-04-19', 'Good Friday', 'closed', 'closed'],
  ['2019-05-27', 'Memorial Day', 'halt 12:00', 'halt 12:00'],
  ['2019-07-03', 'Day before Independence Day', 'close 12:15', 'regular'],
  ['2019-07-04', 'Independence Day', 'halt 12:00', 'halt 12:00'],
  ['2019-09-02', 'Labor Day', 'halt 12:00', 'halt 12:00'],
  ['2019-11-28', 'Thanksgiving Day', 'halt 12:00', 'halt 12:00'],
  ['2019-11-29', 'Day after Thanksgiving', 'close 12:15', 'close 12:45'],
  ['2019-12-24', 'Christmas Eve', 'close 12:15', 'close 12:45'],
  ['2019-12-25', 'Christmas', 'closed', 'closed'],
  ['2020-01-01', "New Year's Day", 'closed', 'closed'],
  ['2020-01-20', 'MLK Day', 'halt 12:00', 'halt 12:00'],
  ['2020-02-17', 'Presidents Day', 'halt 12:00', 'halt 12:00'],
  ['2020-04-10', 'Good Friday', 'closed', 'closed'],
  ['2020-05-25', 'Memorial Day', 'halt 12:00', 'halt 12:00'],
  ['2020-07-03', 'Independence Day', 'halt 12:00', 'halt 12:00'],
  ['2020-09-07', 'Labor Day', 'halt 12:00', 'halt 12:00'],
  ['2020-11-26', 'Thanksgiving Day', 'halt 12:00', 'halt 12:00'],
  ['2020-11-27', 'Day after Thanksgiving', 'close 12:15', 'close 12:45'],
  ['2020-12-24', 'Christmas Eve', 'close 12:15', 'close 12:45'],
  ['2020-12-25', 'Christmas', 'closed', 'closed'],
  ['2021-01-01', "New Year's Day", 'closed', 'closed'],
  ['2021-01-18', 'MLK Day', 'halt 12:00', 'halt 12:00'],
  ['2021-02-15', 'Presidents Day', 'halt 12:00', 'halt 12:00'],
  ['2021-04-02', 'Good Friday', 'close 08:15', 'closed'],
  ['2021-05-31', 'Memorial Day', 'halt 12:00', 'halt 12:00'],
  ['2021-07-05', 'Independence Day', 'halt 12:00', 'halt 12:00'],
  ['2021-09-06', 'Labor Day', 'halt 12:00', 'halt 12:00'],
  ['2021-11-25', 'Thanksgiving Day', 'halt 12:00', 'halt 12:00'],
  ['2021-11-26', 'Day after Thanksgiving', 'close 12:15', 'close 12:45'],
  ['2021-12-24', 'Christmas', 'closed', 'closed'],
  ['2022-01-17', 'MLK Day', 'halt 12:00', 'halt 13:30'],
  ['2022-02-21', 'Presidents Day', 'halt 12:00', 'halt 13:30'],
  ['2022-04-15', 'Good Friday', 'closed', 'closed'],
  ['2022-05-30', 'Memorial Day', 'halt 12:00', 'halt 13:30'],
  ['2022-06-20', 'Juneteenth', 'halt 12:00', 'halt 13:30'],
  ['2022-07-04', 'Independence Day', 'halt 12:00', 'halt 13:30'],
  ['2022-09-05', 'Labor Day', 'halt 12:00', 'halt 13:30'],
  ['2022-11-24', 'Thanksgiving Day', 'halt 12:00', 'halt 13:30'],
  ['2022-11-25', 'Day after Thanksgiving', 'close 12:15', 'close 12:45'],
  ['2022-12-26', 'Christmas', 'closed', 'closed'],
  ['2023-01-02', "New Year's Day", 'closed', 'closed'],
  ['2023-01-16', 'MLK Day', 'halt 12:00', 'halt 13:30'],
  ['2023-02-20', 'Presidents Day', 'halt 12:00', 'halt 13:30'],
  ['2023-04-07', 'Good Friday', 'close 08:15', 'closed'],
  ['2023-05-29', 'Memorial Day', 'halt 12:00', 'halt 13:30'],
  ['2023-06-19', 'Juneteenth', 'halt 12:00', 'halt 13:30'],
  ['2023-07-03', 'Day before Independence Day', 'close 12:15', 'regular'],
  ['2023-07-04', 'Independence Day', 'halt 12:00', 'halt 13:30'],
  ['2023-09-04', 'Labor Day', 'halt 12:00', 'halt 13:30'],
  ['2023-11-23', 'Thanksgiving Day', 'halt 12:00', 'halt 13:30'],
  ['2023-11-24', 'Day after Thanksgiving', 'close 12:15', 'close 12:45'],
  ['2023-12-25', 'Christmas', 'closed', 'closed'],
  ['2024-01-01', "New Year's Day", 'closed', 'closed'],
  ['2024-01-15', 'MLK Day', 'halt 12:00', 'halt 13:30'],
  ['2024-02-19', 'Presidents Day', 'halt 12:00', 'halt 13:30'],
  ['2024-03-29', 'Good Friday', 'close 08:15', 'closed'],
  ['2024-05-27', 'Memorial Day', 'halt 12:00', 'halt 13:30'],
  ['2024-06-19', 'Juneteenth', 'halt 12:00', 'halt 13:30'],
  ['2024-07-03', 'Day before Independence Day', 'close 12:15', 'regular'],
  ['2024-07-04', 'Independence Day', 'halt 12:00', 'halt 13:30'],
  ['2024-09-02', 'Labor Day', 'halt 12:00', 'halt 13:30'],
  ['2024-11-28', 'Thanksgiving Day', 'halt 12:00', 'halt 13:30'],
  ['2024-11-29', 'Day after Thanksgiving', 'close 12:15', 'close 12:45'],
  ['2024-12-24', 'Christmas Eve', 'close 12:15', 'close 12:45'],
  ['2024-12-25', 'Christmas', 'closed', 'closed'],
  ['2025-01-01', "New Year's Day", 'closed', 'closed'],
  ['2025-01-09', 'National day of mourning (Carter)', 'close 08:30', 'regular'],
  ['2025-01-20', 'MLK Day', 'halt 12:00', 'halt 13:30'],
  ['2025-02-17', 'Presidents Day', 'halt 12:00', 'halt 13:30'],
  ['2025-04-18', 'Good Friday', 'close 08:15', 'closed'],
  ['2025-05-26', 'Memorial Day', 'halt 12:00', 'halt 13:30'],
  ['2025-06-19', 'Juneteenth', 'halt 12:00', 'halt 13:30'],
  ['2025-07-03', 'Day before Independence Day', 'close 12:15', 'regular'],
  ['2025-07-04', 'Independence Day', 'halt 12:00', 'halt 13:30'],
  ['2025-09-01', 'Labor Day', 'halt 12:00', 'halt 13:30'],
  ['2025-11-27', 'Thanksgiving Day', 'halt 12:00', 'halt 13:30'],
  ['2025-11-28', 'Day after Thanksgiving', 'close 12:15', 'close 12:45'],
  ['2025-12-24', 'Christmas Eve', 'close 12:15', 'close 12:45'],
  ['2025-12-25', 'Christmas', 'closed', 'closed'],
  ['2026-01-01', "New Year's Day", 'closed', 'closed'],
  ['2026-01-19', 'MLK Day', 'halt 12:00', 'halt 13:30'],
  ['2026-02-16', 'Presidents Day', 'halt 12:00', 'halt 13:30'],
  ['2026-04-03', 'Good Friday', 'close 08:15', 'closed'],
  ['2026-05-25', 'Memorial Day', 'halt 12:00', 'halt 13:30'],
  ['2026-06-19', 'Juneteenth', 'halt 12:00', 'halt 13:30'],
  ['2026-07-03', 'Independence Day', 'halt 12:00', 'halt 13:30'],
  ['2026-09-07', 'Labor Day', 'halt 12:00', 'halt 13:30'],
  ['2026-11-26', 'Thanksgiving Day', 'halt 12:00', 'halt 13:30'],
  ['2026-11-27', 'Day after Thanksgiving', 'close 12:15', 'close 12:45'],
  ['2026-12-24', 'Christmas Eve', 'close 12:15', 'close 12:45'],
  ['2026-12-25', 'Christmas', 'closed', 'closed'],
  ['2027-01-01', "New Year's Day", 'closed', 'closed'],
  ['2027-01-18', 'MLK Day', 'halt 12:00', 'halt 13:30'],
  ['2027-02-15', 'Presidents Day', 'halt 12:00', 'halt 13:30'],
  ['2027-03-26', 'Good Friday', 'close 08:15', 'closed'],
  ['2027-05-31', 'Memorial Day', 'halt 12:00', 'halt 13:30'],
  ['2027-06-18', 'Juneteenth', 'halt 12:00', 'halt 13:30'],
  ['2027-07-05', 'Independence Day', 'halt 12:00', 'halt 13:30'],
  ['2027-09-06', 'Labor Day', 'halt 12:00', 'halt 13:30'],
  ['2027-11-25', 'Thanksgiving Day', 'halt 12:00', 'halt 13:30'],
  ['2027-11-26', 'Day after Thanksgiving', 'close 12:15', 'close 12:45'],
  ['2027-12-24', 'Christmas', 'closed', 'closed'],
];

const hhmm = (minute: number | null): string => (minute === null ? '' : `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`);

function computed(group: CalendarGroup): Map<string, string> {
  const out = new Map<string, string>();
  for (let year = 2015; year <= 2027; year += 1) {
    for (const s of cmeSpecialDays(group, year).values()) {
      out.set(s.date, s.kind === 'closed' ? 'closed' : `${s.kind === 'holiday_halt' ? 'halt' : 'close'} ${hhmm(s.close_minute)}`);
    }
  }
  return out;
}

function expected(column: 2 | 3): Map<string, string> {
  return new Map(REFERENCE_TABLE.filter((row) => row[column] !== 'regular').map((row) => [row[0], row[column]]));
}

describe('CME Globex calendar 2015–2027', () => {
  it('equity index: every holiday close, halt and early close of the reference table, and no other', () => {
    expect(Object.fromEntries(computed('equity_index'))).toEqual(Object.fromEntries(expected(2)));
  });

  it('energy and metals: the same for CL, MCL, GC, MGC', () => {
    expect(Object.fromEntries(computed('energy_metals'))).toEqual(Object.fromEntries(expected(3)));
  });

  it('Easter by the computus matches known dates', () => {
    expect(['2015', '2019', '2024', '2025', '2027'].map((y) => formatIsoDay(easterSunday(Number(y))))).toEqual(['2015-04-05', '2019-04-21', '2024-03-31', '2025-04-20', '2027-03-28']);
  });

  it('business days (for expiries): weekdays that settle; early closes count, halts and closures do not', () => {
    const day = (iso: string) => parseIsoDay(iso) as number;
    expect(isCmeBusinessDay('energy_metals', day('2024-03-29'))).toBe(false); // Good Friday
    expect(isCmeBusinessDay('energy_metals', day('2024-11-28'))).toBe(false); // Thanksgiving halt: no settlement
    expect(isCmeBusinessDay('energy_metals', day('2024-11-29'))).toBe(true); // early close
    expect(isCmeBusinessDay('equity_index', day('2024-03-30'))).toBe(false); // Saturday
    expect(isCmeBusinessDay('equity_index', day('2024-04-01'))).toBe(true);
  });

  it('sessions: halts and closures are skipped, early closes shortened; overrides and `none` win', () => {
    const day = (iso: string) => parseIsoDay(iso) as number;
    expect(sessionCalendarDay('cme', 'equity_index', day('2024-01-15'))).toMatchObject({ skip: true, close_minute: 720 });
    expect(sessionCalendarDay('cme', 'equity_index', day('2024-12-25'))).toMatchObject({ skip: true, close_minute: null });
    expect(sessionCalendarDay('cme', 'equity_index', day('2024-11-29'))).toMatchObject({ skip: false, close_minute: 735 });
    expect(sessionCalendarDay('cme', 'energy_metals', day('2024-11-29'))).toMatchObject({ skip: false, close_minute: 765 });
    expect(sessionCalendarDay('cme', 'equity_index', day('2024-11-27'))).toEqual({ skip: false, close_minute: null, special: null });
    expect(sessionCalendarDay('none', 'equity_index', day('2024-12-25'))).toEqual({ skip: false, close_minute: null, special: null });
    expect(sessionCalendarDay('cme', 'energy_metals', day('2024-12-24'), [{ day: day('2024-12-24'), close: 'regular' }])).toMatchObject({ skip: false, close_minute: null });
    expect(sessionCalendarDay('none', 'energy_metals', day('2024-12-23'), [{ day: day('2024-12-23'), close: 600 }])).toMatchObject({ skip: false, close_minute: 600 });
    expect(sessionCalendarDay('cme', 'energy_metals', day('2024-12-23'), [{ day: day('2024-12-23'), close: 'closed' }])).toMatchObject({ skip: true });
  });
});
