import { renderEquitySvg } from '../../../src/cli/equity-svg';
import { formatIsoDay, formatUsd, parseIsoDay } from '../../../src/engine';

describe('formatting helpers', () => {
  it('formatIsoDay agrees with Date for every day from 1969 to 2100', () => {
    for (let day = -400; day <= 47_500; day += 1) {
      expect(formatIsoDay(day)).toBe(new Date(day * 86_400_000).toISOString().slice(0, 10));
    }
    expect(parseIsoDay('2024-02-29')).toBe(19_782);
    expect(parseIsoDay('2023-02-29')).toBeNull();
  });

  it.each([
    [0, '$0.00'],
    [1234.5, '$1,234.50'],
    [-1000, '-$1,000.00'],
    [1_234_567.891, '$1,234,567.89'],
    [-0.001, '$0.00'],
  ])('formatUsd(%d) = %s', (value, text) => {
    expect(formatUsd(value)).toBe(text);
  });
});

describe('equity SVG', () => {
  it('draws the balance and the floor from the start point, with money and date labels', () => {
    const svg = renderEquitySvg(
      [
        { date: '2024-04-01', balance: 50_500, floor: 48_500 },
        { date: '2024-04-02', balance: 50_000, floor: 48_500 },
      ],
      { title: 'MES <test>', start: { date: '2024-03-29', balance: 50_000, floor: 48_000 } },
    );
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('MES &lt;test&gt;');
    const polylines = [...svg.matchAll(/<polyline[^>]*points="([^"]+)"/g)].map((m) => m[1].split(' ').length);
    expect(polylines).toEqual([3, 3]);
    expect(svg).toContain('>$48,000<');
    expect(svg).toContain('>$50,500<');
    expect(svg).toContain('>2024-03-29<');
    expect(svg).toContain('>2024-04-02<');
  });
});
