/**
 * AMAZON.DATE for the days named relative to now ("today", "tomorrow", "yesterday", "the day after
 * tomorrow", in each language), as an ISO 8601 date from the clock the caller passes, in the caller's
 * time zone (UTC by default). An ISO date said as such passes through. Weekdays, months and weeks
 * ("next monday", "july", "this week") are not read (the slot is then not filled by this phrase).
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/slot-type-reference.html#date
 *   ("Utterances that map to a specific date (such as "today", "now", or "november twenty-fifth")
 *   convert to a complete date: 2015-11-25")
 */

import type { DateWords, Language } from '../locales/language.ts';

/** The clock a date is read against, and the time zone of "today" (an IANA name; UTC when absent). */
export interface DateClock {
  readonly now: Date;
  readonly timeZone?: string;
}

const OFFSETS: readonly [keyof DateWords, number][] = [['today', 0], ['tomorrow', 1], ['yesterday', -1], ['dayAfterTomorrow', 2]];

/** `spoken` (normalized speech) as an ISO date (YYYY-MM-DD), or undefined when it names no day this reads. */
export function parseDate(spoken: string, language: Pick<Language, 'dates'>, clock: DateClock): string | undefined {
  if (/^\d{4}-\d{2}-\d{2}$/.test(spoken)) return spoken;
  const offset = OFFSETS.find(([key]) => language.dates[key].includes(spoken))?.[1];
  return offset === undefined ? undefined : isoDate(clock, offset);
}

/** The date `days` after today in the clock's time zone. */
function isoDate(clock: DateClock, days: number): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: clock.timeZone ?? 'UTC',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(clock.now);
  const part = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return new Date(Date.UTC(part('year'), part('month') - 1, part('day') + days)).toISOString().slice(0, 10);
}
