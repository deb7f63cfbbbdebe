import { lineItemColumns, trade } from '../../../../test/support/persona-fixtures';
import type { LineItem } from '../../data/types';
import {
  bandConfidence,
  cagrOf,
  compactFacts,
  daysBefore,
  hasNoData,
  insiderShareFlow,
  knownValues,
  numberAt,
  recentVersusOlder,
  yearsBetween,
} from './helpers';

const at = (report_period: string, period: LineItem['period'] = 'annual'): LineItem => ({ ticker: 'T', report_period, period, currency: 'USD' });

describe('persona helpers', () => {
  it('measures years between reports from their dates, to the nearest quarter', () => {
    expect(yearsBetween(at('2023-12-31'), at('2019-12-31'), 4)).toBe(4);
    expect(yearsBetween(at('2022-12-31'), at('2020-12-31'), 2)).toBe(2); // 730 days
    expect(yearsBetween(at('2024-03-31', 'ttm'), at('2023-06-30', 'ttm'), 3)).toBe(0.75);
    // unreadable dates: a year per step for annual reports, a quarter per step for ttm
    expect(yearsBetween(at('FY2023'), at('FY2021'), 2)).toBe(2);
    expect(yearsBetween(at('bad', 'ttm'), at('worse', 'ttm'), 4)).toBe(1);
  });

  it('takes a CAGR over the real span, even when a year is missing (the anchor counted the records)', () => {
    // 2023 and 2021 known, 2022 missing: 2 years → √1.21 − 1 = .10 (the anchor: 1 "year", 21 %)
    const values = knownValues(lineItemColumns('annual', { revenue: [121, null, 100] }), 'revenue');
    expect(values).toHaveLength(2);
    expect(cagrOf(values)).toBeCloseTo(0.1, 12);
    expect(cagrOf(knownValues(lineItemColumns('annual', { revenue: [121, -5] }), 'revenue'))).toBeNull();
  });

  it('compares the recent three values with the older level', () => {
    expect(recentVersusOlder([3, 2, 1])).toEqual({ recent: 2, older: 1 });
    expect(recentVersusOlder([6, 6, 6, 1, 2, 3])).toEqual({ recent: 6, older: 2 });
    expect(recentVersusOlder([1, 2])).toBeNull();
  });

  it('band confidence: 60..100 beyond the thresholds, 30..50 inside the band', () => {
    expect(bandConfidence('bullish', 0.7, 0.7, 0.3)).toBe(60);
    expect(bandConfidence('bullish', 1.2, 0.7, 0.3)).toBe(100); // r is clamped
    expect(bandConfidence('bearish', 0.3, 0.7, 0.3)).toBe(60);
    expect(bandConfidence('bearish', 0, 0.7, 0.3)).toBe(100);
    expect(bandConfidence('neutral', 0.5, 0.7, 0.3)).toBe(50);
    expect(bandConfidence('neutral', 0.6, 0.7, 0.3)).toBe(40);
    expect(bandConfidence('neutral', 0.69, 0.7, 0.3)).toBe(31);
  });

  it('compacts facts: rounded, finite or null, undefined dropped', () => {
    expect(compactFacts({ a: 1234.56, b: 0.123456, c: Number.NaN, d: Number.POSITIVE_INFINITY, e: undefined, f: [0.00001, 'x', null, true] })).toEqual({
      a: 1235,
      b: 0.1235,
      c: null,
      d: null,
      f: [0, 'x', null, true],
    });
  });

  it('reads numbers from details and detects an analysis without data', () => {
    expect(numberAt({ a: { b: 2 } }, 'a', 'b')).toBe(2);
    expect(numberAt({ a: { b: '2' } }, 'a', 'b')).toBeNull();
    expect(numberAt({ a: null }, 'a', 'b')).toBeNull();
    const analysis = (points: unknown) => ({ ticker: 'T', score: 0, max_score: 1, facts: {}, details: { data_points: points } });
    expect(hasNoData(analysis({ line_items: 0, market_cap: 0 }))).toBe(true);
    expect(hasNoData(analysis({ line_items: 0, market_cap: 1 }))).toBe(false);
    expect(hasNoData(analysis(undefined))).toBe(false);
  });

  it('dates a year back and sums insider share flows', () => {
    expect(daysBefore('2024-06-30', 365)).toBe('2023-07-01'); // across 2024-02-29
    expect(daysBefore('2023-06-30', 365)).toBe('2022-06-30');
    expect(insiderShareFlow([trade(100), trade(-30), trade(-20), { ...trade(0), transaction_shares: null }])).toEqual({ bought: 100, sold: 50 });
  });
});
