import { formatIsoDay } from '../../engine';
import { readCsvRecords, readEquitySections, readEquityTable, splitSections } from './metrics-csv';

/** The general path: every line a record, then the sections, then the equity table. */
function generalPath(text: string, maxPoints: number) {
  const sections = splitSections(readCsvRecords(text, 'eq.csv'));
  return { equity: readEquityTable(sections.equity, 'eq.csv', maxPoints), trades: sections.trades };
}

function outcome(read: () => unknown): unknown {
  try {
    return read();
  } catch (error) {
    return { error: (error as Error).message, errors: (error as { errors?: unknown }).errors };
  }
}

describe('readEquitySections (the plain-text fast path)', () => {
  const cases: Record<string, string> = {
    'a plain table': 'date,value\n2024-01-01,100\n2024-01-02,101.5\n2024-01-03,99\n',
    'CRLF, a BOM, no final newline': '\ufeffdate,value\r\n2024-01-01,100\r\n2024-01-02,1e2',
    'blank lines and white space around cells': '\n\n date , Equity \n2024-01-01, 100 \n\n  \n2024-01-02,\t101\n\n',
    'columns in another order, extra columns': 'note,portfolio_value,date\nx,100,2024-01-01\ny,101,2024-01-02\n',
    'a trades table after a blank line': 'date,value\n2024-01-01,100\n2024-01-02,110\n\nexit_date,pnl,risk\n2024-01-02,10,5\n\n2024-01-02,-3,\n',
    'a blank line followed by rows that are not a trades header': 'date,value\n2024-01-01,100\n\n2024-01-02,110\n\nticker,qty\nA,1\n',
    'a row with too few cells': 'date,value\n2024-01-01,100\n2024-01-02\n',
    'a value that is not a number': 'date,value\n2024-01-01,100\n2024-01-02,1O1\n',
    'an empty value': 'date,value\n2024-01-01,100\n2024-01-02,\n',
    'a header without a value column': 'date,price\n2024-01-01,100\n',
    'only blank lines': '\n \n\t\n',
    'nothing': '',
    'more points than the limit': 'date,value\n2024-01-01,1\n2024-01-02,2\n2024-01-03,3\n2024-01-04,4\n',
    'a date with white space around it after strict ones': 'date,value\n2024-01-01,100\n 2024-01-02 ,101\n2024-01-03,102\n',
    'a date that is not a calendar date': 'date,value\n2024-01-01,100\n2024-02-30,101\n',
    'quoted cells (the csv-parse path)': 'date,value\n"2024-01-01",100\n"2024-01-02","101"\n',
  };

  it.each(Object.entries(cases))('%s: the same table, trades and errors as the general path', (_name, text) => {
    const fast = outcome(() => {
      const sections = readEquitySections(text, 'eq.csv', 3);
      // The fast path gives day numbers where every date cell is strict: the same dates.
      const { dates } = sections.equity;
      return { ...sections, equity: { ...sections.equity, dates: dates instanceof Int32Array ? Array.from(dates, formatIsoDay) : dates } };
    });
    expect(fast).toEqual(outcome(() => generalPath(text, 3)));
  });

  it('reads strict dates as day numbers, and every date as text from the first one that is not', () => {
    expect(readEquitySections('date,value\n2024-01-01,100\n2024-01-02,101\n', 'eq.csv', 10).equity.dates).toEqual(Int32Array.from([19723, 19724]));
    expect(readEquitySections('date,value\n2024-01-01,100\n 2024-01-02,101\n2024-02-30,102\n', 'eq.csv', 10).equity.dates).toEqual(['2024-01-01', '2024-01-02', '2024-02-30']);
  });

  it('reads the columns and the line of every row', () => {
    const { equity, trades } = readEquitySections('date,value\n2024-01-01,100\n\n2024-01-02, 101.25\n\nexit_date,pnl\n2024-01-02,1.25\n', 'eq.csv', 10);
    expect(equity.dates).toEqual(Int32Array.from(['2024-01-01', '2024-01-02'].map((date) => Date.parse(date) / 86_400_000)));
    expect(Array.from(equity.values)).toEqual([100, 101.25]);
    expect(Array.from(equity.lines)).toEqual([2, 4]);
    expect(trades).toEqual([
      { cells: ['exit_date', 'pnl'], line: 6 },
      { cells: ['2024-01-02', '1.25'], line: 7 },
      { cells: [''], line: 8 },
    ]);
  });
});
