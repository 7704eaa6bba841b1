import { TZDate } from '@date-fns/tz';
import type { Instant } from './time.js';

/** The start (local midnight) of a local date "YYYY-MM-DD" in the zone; undefined when it is no such date. */
export function startOfLocalDate(text: string, timeZone: string): Instant | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (match === null) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new TZDate(year, month - 1, day, timeZone);
  const real = date.getFullYear() === year && date.getMonth() === month - 1 && date.getDate() === day;
  return real ? date.getTime() : undefined;
}
