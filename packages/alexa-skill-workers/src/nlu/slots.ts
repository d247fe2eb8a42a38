/**
 * A slot filled from the words the user said for it: a custom type resolves against its values and
 * synonyms (entity resolution, authority `amzn1.er-authority.echo-sdk.<skill id>.<type>`); AMAZON.NUMBER,
 * DATE, TIME and DURATION are normalized to Alexa's formats, and a phrase they cannot read does not fill
 * them; other built-in types (AMAZON.US_CITY, AMAZON.City, AMAZON.FirstName, …) keep the words as said,
 * without resolutions.
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/entity-resolution.html
 *   ("For built-in slot types that don't support entity resolution and that you haven't extended with your
 *   own values, no entity resolution takes place. Alexa returns the value that the user spoke")
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/entity-resolution-for-custom-slot-types.html
 *   (the request carries the value the user spoke, the canonical value and the id of each matching entity)
 */

import { parseDate, type DateClock } from './builtins/dates.ts';
import { parseDuration } from './builtins/durations.ts';
import { parseNumber } from './builtins/numbers.ts';
import { parseTime } from './builtins/times.ts';
import type { CompiledModel } from './compile.ts';
import type { Language } from './locales/language.ts';
import type { Resolution } from './request.ts';

/** The skill ID in authorities when the caller gives none. */
export const PLACEHOLDER_SKILL_ID = 'amzn1.ask.skill.00000000-0000-0000-0000-000000000000';

/** What filling a slot from some words gives. */
export interface SlotFill {
  /** The slot's `value`: the words as said, or the normalized built-in value. */
  readonly value: string;
  readonly resolution?: Resolution;
  /** True when the words resolved (ER_SUCCESS_MATCH) or normalized (a built-in type read them). */
  readonly understood: boolean;
}

/** Where and when slots are read: the skill (for authorities) and the clock (for dates). */
export interface FillContext extends DateClock {
  readonly skillId: string;
}

const READERS: Readonly<Record<string, (spoken: string, language: Language, clock: DateClock) => string | undefined>> = {
  'AMAZON.NUMBER': (spoken, language) => parseNumber(spoken, language)?.toString(),
  'AMAZON.DATE': (spoken, language, clock) => parseDate(spoken, language, clock),
  'AMAZON.TIME': (spoken, language) => parseTime(spoken, language),
  'AMAZON.DURATION': (spoken, language) => parseDuration(spoken, language),
};

/** The fill of a slot of `type` from `spoken` (normalized speech), or undefined when the type cannot take it. */
export function fillSlot(model: CompiledModel, type: string, spoken: string, context: FillContext): SlotFill | undefined {
  const entities = model.types.get(type);
  if (entities) {
    const authority = `amzn1.er-authority.echo-sdk.${context.skillId}.${type}`;
    const found = entities.get(spoken);
    if (found) {
      return {
        value: spoken,
        understood: true,
        resolution: { authority, status: { code: 'ER_SUCCESS_MATCH' }, values: found.map((e) => ({ value: { name: e.name, id: e.id } })) },
      };
    }
    return { value: spoken, understood: false, resolution: { authority, status: { code: 'ER_SUCCESS_NO_MATCH' } } };
  }
  const read = READERS[type];
  if (!read) return { value: spoken, understood: false };
  const value = read(spoken, model.language, context);
  return value === undefined ? undefined : { value, understood: true };
}
