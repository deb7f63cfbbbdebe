import { mergeRanges, missingRanges } from './date-ranges';

describe('missingRanges', () => {
  it('returns the whole range when nothing is covered', () => {
    expect(missingRanges({ start: '2024-01-02', end: '2024-01-31' }, [])).toEqual([{ start: '2024-01-02', end: '2024-01-31' }]);
  });

  it('returns only the parts outside the covered ranges', () => {
    const covered = [
      { start: '2024-02-01', end: '2024-02-29' },
      { start: '2024-01-01', end: '2024-01-15' },
    ];
    expect(missingRanges({ start: '2024-01-01', end: '2024-03-31' }, covered)).toEqual([
      { start: '2024-01-16', end: '2024-01-31' },
      { start: '2024-03-01', end: '2024-03-31' },
    ]);
    expect(missingRanges({ start: '2024-01-03', end: '2024-01-10' }, covered)).toEqual([]);
  });

  it('drops gaps with no trading day (a weekend, a holiday weekend)', () => {
    // 2024-01-13/14 is a weekend and 2024-01-15 is Martin Luther King Jr. Day.
    expect(missingRanges({ start: '2024-01-08', end: '2024-01-19' }, [{ start: '2024-01-08', end: '2024-01-12' }, { start: '2024-01-16', end: '2024-01-19' }])).toEqual([]);
  });
});

describe('mergeRanges', () => {
  it('merges overlapping and touching ranges', () => {
    expect(
      mergeRanges([
        { start: '2024-03-01', end: '2024-03-31' },
        { start: '2024-01-01', end: '2024-01-31' },
        { start: '2024-02-01', end: '2024-02-10' },
        { start: '2024-03-15', end: '2024-04-02' },
      ]),
    ).toEqual([
      { start: '2024-01-01', end: '2024-02-10' },
      { start: '2024-03-01', end: '2024-04-02' },
    ]);
  });
});
