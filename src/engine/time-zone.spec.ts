import { formatChicagoTime, ZoneClock } from './time-zone';

// Offsets written by hand: CST = UTC−6, CDT = UTC−5; 2024-03-10 08:00Z and 2024-11-03 07:00Z are the switches.
describe('ZoneClock', () => {
  it('gives the same offsets whether the days come in order or jump back and forth (the day cache)', () => {
    const times = ['2024-03-09T12:00:00Z', '2024-03-10T07:59:00Z', '2024-03-10T08:00:00Z', '2024-03-11T12:00:00Z', '2024-11-03T06:59:00Z', '2024-11-03T07:00:00Z', '2024-11-04T12:00:00Z'].map((t) => Date.parse(t));
    const expected = [-360, -360, -300, -300, -300, -360, -360];
    const inOrder = new ZoneClock('America/Chicago');
    expect(times.map((t) => inOrder.offsetMinutes(t))).toEqual(expected);
    const jumping = new ZoneClock('America/Chicago');
    const order = [6, 0, 5, 1, 4, 2, 3, 6, 2, 5, 0];
    expect(order.map((i) => jumping.offsetMinutes(times[i]))).toEqual(order.map((i) => expected[i]));
  });

  it('formats trade times in Chicago with their offset, on both sides of a switch', () => {
    expect(formatChicagoTime(Date.parse('2024-11-04T14:55:00Z'))).toBe('2024-11-04T08:55:00-06:00');
    expect(formatChicagoTime(Date.parse('2024-03-11T13:51:00Z'))).toBe('2024-03-11T08:51:00-05:00');
    expect(formatChicagoTime(Date.parse('2024-11-04T14:55:00Z'))).toBe('2024-11-04T08:55:00-06:00');
  });
});
