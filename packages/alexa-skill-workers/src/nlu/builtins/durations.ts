/**
 * AMAZON.DURATION: "five minutes" → PT5M, "an hour and ten minutes" → PT1H10M, "two weeks" → P2W,
 * 「1時間30分」 → PT1H30M, in each language's words (locales/*.ts): numbers before unit words, joined by
 * the language's "and".
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/slot-type-reference.html#duration
 *   (AMAZON.DURATION "Converts words that indicate durations ("five minutes") into a numeric duration
 *   ("PT5M")", ISO-8601 duration format)
 */

import type { DurationUnit, Language } from '../locales/language.ts';
import { parseNumber } from './numbers.ts';

const ORDER: readonly DurationUnit[] = ['Y', 'MO', 'W', 'D', 'H', 'MIN', 'S'];
const LETTER: Readonly<Record<DurationUnit, string>> = { Y: 'Y', MO: 'M', W: 'W', D: 'D', H: 'H', MIN: 'M', S: 'S' };

const UNIT_PATTERNS = new WeakMap<Language, RegExp>();

/** Every unit word, longest first, as whole words (spaced languages) or anywhere (Japanese). */
function unitPattern(language: Language): RegExp {
  let pattern = UNIT_PATTERNS.get(language);
  if (!pattern) {
    const words = Object.keys(language.durations.units).sort((a, b) => b.length - a.length).map(escape);
    pattern = language.spaced ? new RegExp(`(?<=^| )(?:${words.join('|')})(?= |$)`, 'gu') : new RegExp(words.join('|'), 'gu');
    UNIT_PATTERNS.set(language, pattern);
  }
  return pattern;
}

/** `spoken` (normalized speech) as an ISO 8601 duration (P…T…), or undefined when it is not one. */
export function parseDuration(spoken: string, language: Language): string | undefined {
  const words = language.durations;
  const fixed = words.fixed[spoken];
  if (fixed) return fixed;
  const amounts = new Map<DurationUnit, number>();
  let from = 0;
  for (const match of spoken.matchAll(unitPattern(language))) {
    const count = amountOf(spoken.slice(from, match.index).trim(), language);
    const unit = words.units[match[0]]!;
    if (count === undefined || amounts.has(unit)) return undefined;
    amounts.set(unit, count);
    from = match.index + match[0].length;
  }
  if (amounts.size === 0 || spoken.slice(from).trim() !== '') return undefined;
  const part = (units: readonly DurationUnit[]) => units.filter((u) => amounts.has(u)).map((u) => `${amounts.get(u)}${LETTER[u]}`).join('');
  const time = part(ORDER.slice(4));
  return `P${part(ORDER.slice(0, 4))}${time ? `T${time}` : ''}`;
}

/** "five", "an", "and ten": the count before a unit word, its leading "and" dropped. */
function amountOf(text: string, language: Language): number | undefined {
  const { one, connectors } = language.durations;
  const space = language.spaced ? ' ' : '';
  const connector = connectors.find((c) => text.startsWith(`${c}${space}`));
  const count = connector ? text.slice(connector.length).trim() : text;
  if (one.includes(count)) return 1;
  return parseNumber(count, language);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
