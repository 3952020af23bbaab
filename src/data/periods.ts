import type { DateInfo, DateType } from '../generated/types.js';
import { isoWeekStart, utcDate } from '../calendar.js';

/** A ranking period: what the request asked for, its canonical key and its extent in time. */
export interface Period {
  readonly type: DateType;
  /** As the request wrote it (echoed in date_value). */
  readonly value: string;
  /** Canonical form: day YYYY-MM-DD, week YYYY-Www, month YYYY-MM; the same for 2026-08 and 2026-W08. */
  readonly key: string;
  readonly start: Date;
  /** Exclusive. */
  readonly end: Date;
  /** Length in days. */
  readonly days: number;
}

const DAY_MS = 86_400_000;
const pad = (n: number): string => String(n).padStart(2, '0');

function period(type: DateType, value: string, key: string, start: Date, end: Date): Period {
  return { type, value, key, start, end, days: Math.round((end.getTime() - start.getTime()) / DAY_MS) };
}

/** The period a (validated) date_info names. Without one: the latest month completed by `now`. */
export function resolvePeriod(info: DateInfo | undefined, now: Date): Period {
  if (info === undefined) {
    const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
    const value = `${start.getUTCFullYear()}-${pad(start.getUTCMonth() + 1)}`;
    return period('month', value, value, start, new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)));
  }
  const [year = 0, second = 0, third = 0] = info.value.split(/-W?/).map(Number);
  switch (info.type) {
    case 'day': {
      const start = utcDate(year, second - 1, third);
      return period('day', info.value, info.value, start, new Date(start.getTime() + DAY_MS));
    }
    case 'week': {
      const start = isoWeekStart(year, second);
      return period('week', info.value, `${String(year).padStart(4, '0')}-W${pad(second)}`, start, new Date(start.getTime() + 7 * DAY_MS));
    }
    case 'month': {
      const start = utcDate(year, second - 1, 1);
      return period('month', info.value, info.value, start, utcDate(year, second, 1));
    }
  }
}

/** Only completed periods have data. */
export function isCompleted(p: Period, now: Date): boolean {
  return p.end.getTime() <= now.getTime();
}
