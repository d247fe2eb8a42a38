/**
 * How users say a custom skill's name, as Amazon defines it, and the rules an invocation name and
 * the store's example phrases must follow, in the language of each locale (languages.ts holds each
 * language's launch phrases, connecting words and reserved words). Pure: strings in, problems out.
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/understanding-how-users-invoke-custom-skills.html
 *   ("Understand How Users Invoke Custom Skills": the launch phrases, "ask <invocation name> to / about /
 *   for / if / whether <request>", "tell <invocation name> to / that <request>", "<request> from / using /
 *   with <invocation name>")
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/choose-the-invocation-name-for-a-custom-skill.html
 *   ("Choose the Invocation Name for a Custom Skill": "two or more words, and can contain only lower-case
 *   alphabetic characters, spaces between words, possessive apostrophes (for example, "sam's science
 *   trivia"), or periods used in abbreviations (for example, "a. b. c.")"; "Invocation names cannot contain
 *   any of the Alexa skill launch phrases such as "launch", "ask", "tell", "open", "load", "begin", and
 *   "enable". Wake words including "Alexa", "Amazon", "Echo", "Computer", or the words "skill" or "app" are
 *   not allowed."; a two-word name may not use an article, a pronoun such as "my", or "for", "to", "of")
 * @see https://developer.amazon.com/blogs/alexa/post/74d0ed59-ad4f-470a-abcf-d37c10a1dfd6/crafting-great-example-phrases-that-meet-certification-requirements
 *   (example phrases are "[Wake Word], [Launch Word] [Invocation Name] [Connecting Word] [Utterance]"; the
 *   connecting word "could be omitted"; the utterance must come from the sample utterances)
 */

import { languageOf, type SpokenLanguage } from './languages.ts';

/**
 * Lower case, no punctuation a listener does not hear (commas, ?, !, ¿, ¡, Japanese 、。？！, quotes,
 * a final period), single spaces; no spaces at all in a language written without them.
 */
function normalizeSpoken(text: string, language: Pick<SpokenLanguage, 'spaced'> = { spaced: true }): string {
  const spoken = text
    .toLowerCase()
    .replace(/[,!?¿¡;:、。？！「」“”„"«»]/g, ' ')
    .replace(/\.\s*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
  return language.spaced ? spoken : spoken.replace(/ /g, '');
}

const noLanguage = (locale: string) => `no invocation rules are written for the language of ${locale} (the kit's src/cli/check/languages.ts)`;

/** The problems with `name` as the invocation name of the `locale` model; none when Amazon's requirements are met. */
export function invocationNameProblems(name: string, locale: string): string[] {
  const language = languageOf(locale);
  if (!language) return [noLanguage(locale)];
  const problems: string[] = [];
  const letters = `"${name}" may hold ${language.nameCharactersRule}`;
  if (/\s{2,}|^\s|\s$/.test(name)) problems.push(letters);
  if (!language.spaced) {
    // Written without spaces, so words cannot be counted here; the characters and reserved words can be checked.
    if (!language.nameCharacters.test(name)) problems.push(letters);
    for (const forbidden of language.forbidden) {
      if (name.toLowerCase().includes(forbidden)) problems.push(`"${name}" contains "${forbidden}" (a launch phrase, wake word or reserved word)`);
    }
    return [...new Set(problems)];
  }
  const words = name.split(' ').filter(Boolean);
  for (const word of words) {
    if (word.includes('.') && !/^\p{Ll}\.$/u.test(word)) problems.push(`"${word}": periods are only for abbreviations ("a. b. c.")`);
    else if (word.includes("'") && !/^\p{Ll}+'s?$|^\p{Ll}+s'$/u.test(word)) problems.push(`"${word}": apostrophes are only possessive ("sam's")`);
    else if (!language.nameCharacters.test(word.replace(/'s?$|\.$/, ''))) problems.push(letters);
  }
  if (words.length < 2) problems.push(`"${name}" is one word (allowed only for a brand you can prove you own)`);
  const padded = ` ${words.join(' ')} `;
  for (const forbidden of language.forbidden) {
    if (padded.includes(` ${forbidden} `)) problems.push(`"${name}" contains "${forbidden}" (a launch phrase, wake word or reserved word)`);
  }
  if (words.length === 2 && words.some((w) => language.notInTwoWordNames.includes(w))) {
    problems.push(`"${name}" is two words and one is an article, a pronoun or a preposition`);
  }
  return [...new Set(problems)];
}

/** A sample utterance as a pattern over normalized speech: each `{slot}` stands for one or more words. */
function samplePattern(sample: string, language: Pick<SpokenLanguage, 'spaced'> = { spaced: true }): RegExp {
  const slot = language.spaced ? "[\\p{L}\\p{M}\\p{N}'.-]+(?: [\\p{L}\\p{M}\\p{N}'.-]+)*" : '.+';
  const parts = normalizeSpoken(sample, language)
    .split(/(\{[^}]*\})/)
    .map((part) => (/^\{[^}]*\}$/.test(part) ? slot : escapeRegExp(part)));
  return new RegExp(`^${parts.join('')}$`, 'u');
}

/** True when `utterance` (already normalized) is what one of `samples` says. */
function matchesSample(utterance: string, samples: readonly string[], language: Pick<SpokenLanguage, 'spaced'> = { spaced: true }): boolean {
  return samples.some((sample) => samplePattern(sample, language).test(utterance));
}

/**
 * Why `phrase` is not an example phrase Alexa routes to the `locale` model, or undefined when it is:
 * the language's wake word, then a launch phrase with the invocation name alone, or a request that
 * is one of `samples` joined to the name as the language's invocation phrases allow.
 */
export function examplePhraseProblem(phrase: string, invocationName: string, samples: readonly string[], locale: string): string | undefined {
  const language = languageOf(locale);
  if (!language) return noLanguage(locale);
  const spoken = normalizeSpoken(phrase, language);
  const space = language.spaced ? ' ' : '';
  const wake = language.wakeWords.find((word) => spoken.startsWith(`${word}${space}`));
  if (!wake) return `"${phrase}" does not start with the wake word "${language.wakeWords[0]}"`;
  const said = spoken.slice(wake.length + space.length);
  const name = normalizeSpoken(invocationName, language);
  const fill = (template: string) => normalizeSpoken(template, language).replace('{name}', name);
  if (language.launch.some((template) => said === fill(template))) return undefined;
  for (const template of language.withRequest) {
    const [before, rest] = fill(template).split('{request}') as [string, string];
    if (said.length <= before.length + rest.length || !said.startsWith(before) || !said.endsWith(rest)) continue;
    if (matchesSample(said.slice(before.length, said.length - rest.length), samples, language)) return undefined;
  }
  return `"${phrase}" matches no sample utterance after "${name}" and its connecting word`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
