/**
 * AMAZON.TIME: "noon" → 12:00, "three pm" → 15:00, "seven thirty am" → 07:30, "15 uhr 30" → 15:30,
 * "las tres de la tarde" → 15:00, "morning" → MO, in each language's words (locales/*.ts; Japanese has
 * its own reader there). Half past, quarter to and the like are not read.
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/slot-type-reference.html#time
 *   (AMAZON.TIME "Converts words that indicate time ("four in the morning", "two p m") into a time value
 *   ("04:00", "14:00")"; a time of day such as "morning" → "MO", "afternoon" → "AF", "evening" → "EV",
 *   "night" → "NI")
 */

import type { Language } from '../locales/language.ts';
import { parseNumber } from './numbers.ts';

/** `spoken` (normalized speech) as Alexa's AMAZON.TIME value (hh:mm or MO/AF/EV/NI), or undefined. */
export function parseTime(spoken: string, language: Language): string | undefined {
  if (language.time) return language.time(spoken, language);
  const words = language.times;
  const fixed = words.fixed[spoken];
  if (fixed) return fixed;
  let text = ` ${spoken.replace(/(\d)(?=\p{L})|(\p{L})(?=\d)/gu, '$1$2 ')} `;
  const article = [...words.articles].sort((a, b) => b.length - a.length).find((a) => text.startsWith(` ${a} `));
  if (article) text = text.slice(article.length + 1);
  let meridiem: 'am' | 'pm' | undefined;
  for (const [side, phrases] of [['am', words.am], ['pm', words.pm]] as const) {
    const phrase = [...phrases].sort((a, b) => b.length - a.length).find((p) => text.endsWith(` ${p} `));
    if (phrase && !meridiem) {
      meridiem = side;
      text = text.slice(0, text.length - phrase.length - 1);
    }
  }
  const clock = /^ (\d{1,2})[:.](\d{2}) $/.exec(text);
  const latest = meridiem ? 12 : 24;
  const read = clock ? ([Number(clock[1]), Number(clock[2])] as const) : hourAndMinute(text.trim(), language, latest);
  if (!read || read[0] > latest || read[1] > 59) return undefined;
  let hour = read[0];
  const minute = read[1];
  if (meridiem === 'pm' && hour < 12) hour += 12;
  if (meridiem === 'am' && hour === 12) hour = 0;
  return `${String(hour % 24).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

/** "three" [hour word] ["thirty"]: the hour (up to `latest`) as the longest leading number, the rest as minutes. */
function hourAndMinute(text: string, language: Language, latest: number): readonly [number, number] | undefined {
  const padded = ` ${text} `;
  const pair = (hour: string, minute: string) => {
    const h = parseNumber(hour.trim(), language);
    const m = minute.trim() === '' ? 0 : parseNumber(minute.trim(), language);
    return h === undefined || m === undefined || h > latest || m > 59 ? undefined : ([h, m] as const);
  };
  for (const word of language.times.hourWords) {
    const at = padded.indexOf(` ${word} `);
    if (at >= 0) return pair(padded.slice(0, at), padded.slice(at + word.length + 1));
  }
  const tokens = text.split(' ');
  for (let split = tokens.length; split >= 1; split--) {
    const read = pair(tokens.slice(0, split).join(' '), tokens.slice(split).join(' '));
    if (read) return read;
  }
  return undefined;
}
