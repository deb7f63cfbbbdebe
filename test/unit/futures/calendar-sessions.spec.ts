// The exchange calendar in the session builder and the loop: holiday sessions skipped, early closes
// shortened with flat-by moved to the close. Bars and prices are hand-built (fixtures.ts).
import { buildSessionTable, CONTRACT_SPECS, formatIsoDay, EngineError, resolveFuturesConfig } from '../../../src/engine';
import { type RawBar, session, toMinuteBars } from './fixtures';
import { PNL_DAY_INPUT, pnlDay, run } from './helpers';

const INPUT = { ...PNL_DAY_INPUT, rules: { max_contracts: 1, continue_after_pass: true } };

/** The pnlDay scenario (long 1 ES at 4000.5 from 08:51) with the 12:14 bar closing at `close1214`. */
function earlyCloseDay(date: string, offset: number, close1214: number): RawBar[] {
  return pnlDay(date, offset, 20, [['12:14', 4000.5, Math.max(4000.5, close1214), Math.min(4000.5, close1214), close1214]]);
}

describe('holiday sessions', () => {
  // 2024-01-12 Fri, 2024-01-15 MLK Day (12:00 CT halt, no settlement), 2024-01-16 Tue; CST (UTC-6).
  const bars = [pnlDay('2024-01-12', -6, 4), pnlDay('2024-01-15', -6, 8), pnlDay('2024-01-16', -6, -2)].flat();

  it('a holiday halt has no regular session: no trade, no session row', () => {
    const result = run(bars, INPUT);
    expect(result.sessions.map((s) => s.date)).toEqual(['2024-01-12', '2024-01-16']);
    expect(result.trades.map((t) => [t.session_date, t.gross_pnl])).toEqual([
      ['2024-01-12', 200],
      ['2024-01-16', -100],
    ]);
  });

  it('calendar none trades it like any day; an override can do the same for one date', () => {
    expect(run(bars, { ...INPUT, calendar: 'none' }).trades.map((t) => t.session_date)).toEqual(['2024-01-12', '2024-01-15', '2024-01-16']);
    expect(run(bars, { ...INPUT, calendar_overrides: ['2024-01-15=regular'] }).trades.map((t) => t.session_date)).toEqual(['2024-01-12', '2024-01-15', '2024-01-16']);
    expect(run(bars, { ...INPUT, calendar_overrides: ['2024-01-16=closed'] }).trades.map((t) => t.session_date)).toEqual(['2024-01-12']);
  });

  it('Good Friday (2024-03-29, equity 08:15 close) and Christmas are skipped; the table says why', () => {
    const days = [pnlDay('2024-03-28', -5, 1), pnlDay('2024-03-29', -5, 1), pnlDay('2024-12-24', -6, 1), pnlDay('2024-12-25', -6, 1)].flat();
    const table = buildSessionTable(toMinuteBars('ES', days), CONTRACT_SPECS.ES);
    expect(Array.from(table.day, formatIsoDay)).toEqual(['2024-03-28', '2024-03-29', '2024-12-24', '2024-12-25']);
    expect(Array.from(table.calendarSkipped)).toEqual([0, 1, 0, 1]);
    expect(Array.from(table.rthFirstBar).map((i) => i >= 0)).toEqual([true, false, true, false]);
    expect(table.specialDays.map((s) => [s.date, s.kind, s.event])).toEqual([
      ['2024-03-29', 'early_close', 'Good Friday (jobs report: abbreviated session)'],
      ['2024-12-24', 'early_close', 'Christmas Eve'],
      ['2024-12-25', 'closed', 'Christmas Day'],
    ]);
  });
});

describe('early closes', () => {
  // Day after Thanksgiving 2024-11-29: equity closes 12:15 CT. The file (like many vendors') still has bars to 14:59.
  const bars = [pnlDay('2024-11-27', -6, 3), earlyCloseDay('2024-11-29', -6, 4006.5)].flat();

  it('flat-by moves to the close: out at the close of the 12:14 bar (reason flat_by), not at the 14:55 time exit', () => {
    const result = run(bars, INPUT);
    const trade = result.trades.find((t) => t.session_date === '2024-11-29');
    expect(trade).toMatchObject({ exit_time: '2024-11-29T12:14:00-06:00', exit_price: 4006.5, exit_reason: 'flat_by', gross_pnl: (4006.5 - 4000.5) * 50 });
    expect(result.counters.flat_by_forced_exits).toBe(2);
  });

  it('the regular-session bars end at the close: the daily OHLC ignores the later bars', () => {
    const table = buildSessionTable(toMinuteBars('ES', bars), CONTRACT_SPECS.ES);
    const k = Array.from(table.day, formatIsoDay).indexOf('2024-11-29');
    expect(table.closeMinute[k]).toBe(12 * 60 + 15);
    expect(table.rthHigh[k]).toBe(4006.5);
    expect(table.rthClose[k]).toBe(4006.5);
    expect(table.minute[table.rthEndBar[k] - 1]).toBe(12 * 60 + 14);
  });

  it('without the calendar the same day runs to the 14:55 time exit', () => {
    const trade = run(bars, { ...INPUT, calendar: 'none' }).trades.find((t) => t.session_date === '2024-11-29');
    expect(trade).toMatchObject({ exit_time: '2024-11-29T14:55:00-06:00', exit_reason: 'time_exit', exit_price: 4020.5 });
  });

  it('an override sets an early close the calendar does not know; flat-by earlier than the close still wins', () => {
    const day = [earlyCloseDay('2024-11-26', -6, 3990)].flat();
    expect(run(day, { ...INPUT, calendar_overrides: ['2024-11-26=12:15'] }).trades[0]).toMatchObject({ exit_reason: 'flat_by', exit_price: 3990 });
    const early = run(day, { ...INPUT, calendar_overrides: ['2024-11-26=12:15'], rules: { ...INPUT.rules, flat_by: '11:00' } }).trades[0];
    expect(early).toMatchObject({ exit_reason: 'flat_by', exit_time: '2024-11-26T11:00:00-06:00', exit_price: 4000.5 });
  });

  it('crude oil on the day after Thanksgiving closes 12:45 CT (energy), and flat-by follows', () => {
    // OR 08:00–08:14 between 69.80 and 70.20 (mid 70.00), a close of 70.25 at 08:20 breaks up, filler bars at 70.25.
    const rows = session('2024-11-29', -6, 70.25, [
      ...Array.from({ length: 15 }, (_, m): [string, number, number, number, number] => [`08:${String(m).padStart(2, '0')}`, 70, m === 0 ? 70.2 : 70, m === 1 ? 69.8 : 70, 70]),
      ...Array.from({ length: 5 }, (_, m): [string, number, number, number, number] => [`08:${15 + m}`, 70.2, 70.2, 70.2, 70.2]),
      ['08:20', 70.2, 70.25, 70.2, 70.25],
      ['12:44', 70.4, 70.5, 70.4, 70.45],
    ], { from: '08:00', to: '13:30' });
    const result = run(rows, { symbol: 'CL', strategy: { ...PNL_DAY_INPUT.strategy }, rules: { max_contracts: 1 } });
    expect(result.trades).toHaveLength(1);
    expect(result.trades[0]).toMatchObject({ entry_time: '2024-11-29T08:21:00-06:00', entry_price: 70.25, exit_time: '2024-11-29T12:44:00-06:00', exit_price: 70.45, exit_reason: 'flat_by' });
  });
});

describe('calendar settings', () => {
  it('are validated, every bad one named', () => {
    let error: unknown;
    try {
      resolveFuturesConfig({ symbol: 'ES', calendar: 'nyse' as 'cme', calendar_overrides: ['2024-11-29=12:15', '2024-02-30=closed', 'tomorrow'] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).errors.map((e) => e.field)).toEqual(['calendar', 'calendar_overrides[1]', 'calendar_overrides[2]']);
  });

  it('default to the CME calendar without overrides', () => {
    expect(resolveFuturesConfig({ symbol: 'ES' })).toMatchObject({ calendar: 'cme', calendar_overrides: [] });
  });
});
