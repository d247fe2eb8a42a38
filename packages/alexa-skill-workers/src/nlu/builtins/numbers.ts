/**
 * AMAZON.NUMBER: number words to digits ("twenty one" → 21, "einundzwanzig" → 21, "quatre vingt dix sept"
 * → 97, 「三百二十」 → 320), with each language's words (locales/*.ts). Words glued together (German,
 * Italian, Spanish 21–29, Japanese) are split into known parts first; spaces and hyphens do not count.
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/slot-type-reference.html#number
 *   (AMAZON.NUMBER "Converts numeric words ("five") into digits (such as "5")")
 */

import type { Language, NumberWords } from '../locales/language.ts';

type Part = { kind: 'word' | 'multiplier'; value: number } | { kind: 'connector' } | { kind: 'article' };

const PARTS = new WeakMap<NumberWords, ReadonlyMap<string, readonly [string, Part][]>>();

/** The parts of a language's number words, by first character, longest first. */
function partsOf(words: NumberWords): ReadonlyMap<string, readonly [string, Part][]> {
  let parts = PARTS.get(words);
  if (!parts) {
    const all: [string, Part][] = [
      ...Object.entries(words.words).map(([w, value]): [string, Part] => [w, { kind: 'word', value }]),
      ...Object.entries(words.multipliers).map(([w, value]): [string, Part] => [w, { kind: 'multiplier', value }]),
      ...words.connectors.map((w): [string, Part] => [w, { kind: 'connector' }]),
      ...(words.articles ?? []).map((w): [string, Part] => [w, { kind: 'article' }]),
    ].map(([w, part]): [string, Part] => [w.replace(/[\s-]/g, ''), part]);
    const byFirst = new Map<string, [string, Part][]>();
    for (const entry of all.sort((a, b) => b[0].length - a[0].length)) {
      const first = entry[0][0]!;
      byFirst.set(first, [...(byFirst.get(first) ?? []), entry]);
    }
    parts = byFirst;
    PARTS.set(words, parts);
  }
  return parts;
}

/** The value of `spoken` (normalized speech) as a whole number, or undefined when it is not one. */
export function parseNumber(spoken: string, language: Pick<Language, 'numbers'>): number | undefined {
  const text = spoken.replace(/[\s-]/g, '');
  if (/^\d+$/.test(text)) return Number(text);
  if (text === '' || /\d/.test(text)) return undefined;
  const parts = partsOf(language.numbers);
  const sequence: Part[] = [];
  const search = (at: number): number | undefined => {
    if (at === text.length) return evaluate(sequence, language.numbers);
    for (const [word, part] of parts.get(text[at]!) ?? []) {
      if (!text.startsWith(word, at)) continue;
      sequence.push(part);
      const value = search(at + word.length);
      sequence.pop();
      if (value !== undefined) return value;
    }
    return undefined;
  };
  return search(0);
}

const place = (value: number) => 10 ** Math.floor(Math.log10(value));

/**
 * The value of a sequence of parts, or undefined when the order is not how the language says a number:
 * added words shrink ("twenty one", not "one twenty"), except German units before tens after "und" (and
 * never tens then a unit there) and French 60/80 before 10–19; a multiplier takes what precedes it below its
 * size ("twenty one hundred"); an article counts one only right before a multiplier ("a hundred").
 */
function evaluate(sequence: readonly Part[], words: NumberWords): number | undefined {
  let total = 0;
  let current = 0;
  let last: number | undefined;
  let joined = false;
  let any = false;
  for (const [i, part] of sequence.entries()) {
    if (part.kind === 'article') {
      if (current !== 0 || sequence[i + 1]?.kind !== 'multiplier') return undefined;
      continue;
    }
    if (part.kind === 'connector') {
      if (!any || joined) return undefined;
      joined = true;
      continue;
    }
    any = true;
    const value = part.value;
    if (part.kind === 'word') {
      if (value === 0 && sequence.length > 1) return undefined;
      if (last !== undefined) {
        const shrinks = place(value) < place(last);
        const vigesimal = words.vigesimal === true && (last === 60 || last === 80) && value >= 10 && value <= 19;
        const unitsFirst = words.unitsBeforeTens === true && joined && last < 10 && value >= 20 && value < 100 && value % 10 === 0;
        const tensThenUnit = words.unitsBeforeTens === true && last >= 20 && last < 100 && value < 10;
        if ((!shrinks && !vigesimal && !unitsFirst) || tensThenUnit) return undefined;
      }
      current += value;
      last = value;
    } else if (joined) {
      return undefined;
    } else if (value < 1000) {
      const low = current % value;
      current = current - low + (low || 1) * value;
      last = undefined;
    } else {
      total += (current || 1) * value;
      current = 0;
      last = undefined;
    }
    joined = false;
  }
  return any && !joined ? total + current : undefined;
}
