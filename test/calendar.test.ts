import t from 'tap';
import { daysInMonth, isLeapYear, isoWeeksInYear, isoWeekStart } from '../src/calendar.js';

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
