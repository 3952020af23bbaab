/** Calendar arithmetic the date rules and the period logic share. All in UTC, proleptic Gregorian, years 0000 to 9999. */

/**
 * Midnight UTC of a date; month is 0-based and may overflow like Date.UTC's. Date.UTC reads years 0 to 99 as 1900 to
 * 1999; setUTCFullYear takes them as written.
 */
export function utcDate(year: number, month: number, day: number): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, month, day);
  return date;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return utcDate(year, month, 0).getUTCDate();
}

/** An ISO 8601 year has 53 weeks when it starts on a Thursday, or on a Wednesday in a leap year. */
export function isoWeeksInYear(year: number): number {
  const jan1 = utcDate(year, 0, 1).getUTCDay();
  return jan1 === 4 || (jan1 === 3 && isLeapYear(year)) ? 53 : 52;
}

/** Monday (00:00 UTC) of ISO week `week` of ISO year `year`. */
export function isoWeekStart(year: number, week: number): Date {
  const jan4 = utcDate(year, 0, 4);
  const mondayOfWeek1 = jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * 86_400_000;
  return new Date(mondayOfWeek1 + (week - 1) * 7 * 86_400_000);
}
