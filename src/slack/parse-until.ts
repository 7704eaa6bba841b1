import { TZDate } from '@date-fns/tz';
import { addDays, startOfDay } from 'date-fns';
import type { Instant } from '../domain/time.js';

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

export type UntilResult =
  | { readonly ok: true; readonly until: Instant }
  | { readonly ok: false; readonly reason: 'invalid' | 'past' };

/**
 * Reads the `<until>` of `/decide away <until>` in the project's zone. A date or a weekday means "away through
 * that day" (back the next morning at 00:00); `3d` means three days from now. Weekdays are the next one after
 * today (`friday` on a Friday is a week away). English weekday names and their first three letters.
 */
export function parseUntil(input: string, now: Instant, timeZone: string): UntilResult {
  const text = input.trim().toLowerCase();
  const today = startOfDay(new TZDate(now, timeZone));
  const dayAfter = (day: Date): Instant => addDays(day, 1).getTime();

  const days = /^(\d{1,3})d$/.exec(text);
  if (days) {
    const n = Number(days[1]);
    return n > 0
      ? { ok: true, until: addDays(new TZDate(now, timeZone), n).getTime() }
      : { ok: false, reason: 'invalid' };
  }

  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (date) {
    const [y, m, d] = [Number(date[1]), Number(date[2]) - 1, Number(date[3])];
    const day = new TZDate(y, m, d, timeZone);
    if (day.getFullYear() !== y || day.getMonth() !== m || day.getDate() !== d)
      return { ok: false, reason: 'invalid' };
    const until = dayAfter(day);
    return until <= now ? { ok: false, reason: 'past' } : { ok: true, until };
  }

  const weekday = WEEKDAYS.findIndex((w) => text.length >= 3 && w.startsWith(text));
  if (weekday >= 0) {
    const ahead = (weekday - today.getDay() + 7) % 7 || 7;
    return { ok: true, until: dayAfter(addDays(today, ahead)) };
  }
  return { ok: false, reason: 'invalid' };
}
