import t from 'tap';
import { daysInMonth, isLeapYear, isoWeeksInYear, isoWeekStart, utcDate } from '../src/calendar.js';

t.test('leap years and month lengths', async (t) => {
  t.same([2024, 2000, 1900, 2026].map(isLeapYear), [true, true, false, false]);
  t.equal(daysInMonth(2024, 2), 29);
  t.equal(daysInMonth(2026, 2), 28);
  t.equal(daysInMonth(2026, 12), 31);
});

t.test('ISO weeks: 53-week years and week starts', async (t) => {
  t.same([2015, 2020, 2026, 2032].map(isoWeeksInYear), [53, 53, 53, 53]);
  t.same([2021, 2025, 2027].map(isoWeeksInYear), [52, 52, 52]);
  t.equal(isoWeekStart(2026, 1).toISOString(), '2025-12-29T00:00:00.000Z');
  t.equal(isoWeekStart(2026, 8).toISOString(), '2026-02-16T00:00:00.000Z');
});

t.test('years 0 to 99 are computed as written: the Gregorian calendar repeats every 400 years', async (t) => {
  const differ: number[] = [];
  for (let year = 0; year < 100; year++) {
    const later = year + 2000;
    if (isoWeeksInYear(year) !== isoWeeksInYear(later) || daysInMonth(year, 2) !== daysInMonth(later, 2)) differ.push(year);
    if (utcDate(year, 0, 1).getUTCDay() !== utcDate(later, 0, 1).getUTCDay()) differ.push(year);
  }
  t.same(differ, [], 'each year 0-99 has the weeks, February and weekdays of the year 2000 later');
  t.equal(utcDate(3, 0, 1).toISOString(), '0003-01-01T00:00:00.000Z');
  t.equal(isoWeekStart(4, 53).toISOString(), '0004-12-27T00:00:00.000Z');
  t.equal(utcDate(99, 12, 1).toISOString(), '0100-01-01T00:00:00.000Z', 'months overflow into the next year');
});
