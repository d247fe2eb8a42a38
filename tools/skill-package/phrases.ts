/**
 * How users say a custom skill's name, as Amazon defines it, and the rules an invocation name and
 * the store's example phrases must follow. Pure: strings in, problems out.
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

/** Launch phrases that open a skill with no request ("Alexa, open ride hailer"). */
export const LAUNCH_PHRASES: readonly string[] = [
  'ask', 'begin', 'do', 'launch', 'load', 'open', 'play', 'play the game', 'resume', 'run', 'start',
  'start playing', 'start playing the game', 'talk to', 'tell', 'use',
];

/** Words and phrases an invocation name must not contain: launch phrases, wake words, "skill", "app". */
export const FORBIDDEN_IN_INVOCATION: readonly string[] = [
  'ask', 'begin', 'enable', 'launch', 'load', 'open', 'play', 'resume', 'run', 'start', 'talk to', 'tell', 'use',
  'alexa', 'amazon', 'echo', 'computer', 'skill', 'app',
];

/** Words that may not be one of the two words of a two-word invocation name. */
const NOT_IN_TWO_WORD_NAMES: ReadonlySet<string> = new Set(['the', 'a', 'an', 'my', 'for', 'to', 'of']);

/**
 * The ways a request follows the invocation name: the launch word, then the connecting words it takes.
 * An empty connecting word is the request said straight after the name ("ask ride hailer what ...").
 */
const REQUEST_AFTER_NAME: ReadonlyArray<readonly [launch: string, connecting: readonly string[]]> = [
  ['ask', ['', 'to', 'about', 'for', 'if', 'whether']],
  ['tell', ['to', 'that']],
  ...['open', 'launch', 'start', 'use', 'begin', 'load', 'run', 'resume', 'talk to'].map(
    (launch) => [launch, ['and', 'to', 'for']] as const,
  ),
];

/** Connecting words between a request said first and the invocation name ("get a ride from ride hailer"). */
const NAME_AFTER_REQUEST: readonly string[] = ['from', 'using', 'with', 'in', 'on', 'by'];

/** Lower case, no punctuation a listener does not hear (commas, ?, !, a final period), single spaces. */
export function normalizeSpoken(text: string): string {
  return text
    .toLowerCase()
    .replace(/[,!?]/g, ' ')
    .replace(/\.\s*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The problems with `name` as an invocation name; none when Amazon's requirements are met. */
export function invocationNameProblems(name: string): string[] {
  const problems: string[] = [];
  if (!/^[a-z][a-z' .]*$/.test(name) || /\s{2,}|^\s|\s$/.test(name)) {
    problems.push(`"${name}" may hold only lower-case letters, single spaces, possessive apostrophes and abbreviation periods`);
  }
  const words = name.split(' ').filter(Boolean);
  for (const word of words) {
    if (word.includes('.') && !/^[a-z]\.$/.test(word)) problems.push(`"${word}": periods are only for abbreviations ("a. b. c.")`);
    if (word.includes("'") && !/^[a-z]+'s?$|^[a-z]+s'$/.test(word)) problems.push(`"${word}": apostrophes are only possessive ("sam's")`);
  }
  if (words.length < 2) problems.push(`"${name}" is one word (allowed only for a brand you can prove you own)`);
  const padded = ` ${words.join(' ')} `;
  for (const forbidden of FORBIDDEN_IN_INVOCATION) {
    if (padded.includes(` ${forbidden} `)) problems.push(`"${name}" contains "${forbidden}" (a launch phrase, wake word or reserved word)`);
  }
  if (words.length === 2 && words.some((w) => NOT_IN_TWO_WORD_NAMES.has(w))) {
    problems.push(`"${name}" is two words and one is an article, a pronoun or "for", "to", "of"`);
  }
  return problems;
}

/** A sample utterance as a pattern over normalized speech: each `{slot}` stands for one or more words. */
export function samplePattern(sample: string): RegExp {
  const parts = normalizeSpoken(sample)
    .split(/(\{[^}]*\})/)
    .map((part) => (/^\{[^}]*\}$/.test(part) ? "[\\p{L}\\p{N}'.-]+(?: [\\p{L}\\p{N}'.-]+)*" : escapeRegExp(part)));
  return new RegExp(`^${parts.join('')}$`, 'u');
}

/** True when `utterance` (already normalized) is what one of `samples` says. */
export function matchesSample(utterance: string, samples: readonly string[]): boolean {
  return samples.some((sample) => samplePattern(sample).test(utterance));
}

/**
 * Why `phrase` is not an example phrase Alexa routes to this skill, or undefined when it is: the wake
 * word "Alexa", then a launch phrase and the invocation name alone, or a request that is one of
 * `samples` joined to the name as Amazon's invocation patterns allow.
 */
export function examplePhraseProblem(phrase: string, invocationName: string, samples: readonly string[]): string | undefined {
  const spoken = normalizeSpoken(phrase);
  if (!spoken.startsWith('alexa ')) return `"${phrase}" does not start with the wake word "Alexa,"`;
  const said = spoken.slice('alexa '.length);
  const name = normalizeSpoken(invocationName);
  if (LAUNCH_PHRASES.some((launch) => said === `${launch} ${name}`)) return undefined;
  for (const [launch, connecting] of REQUEST_AFTER_NAME) {
    const head = `${launch} ${name} `;
    if (!said.startsWith(head)) continue;
    const rest = said.slice(head.length);
    for (const word of connecting) {
      const request = word === '' ? rest : rest.startsWith(`${word} `) ? rest.slice(word.length + 1) : undefined;
      if (request !== undefined && matchesSample(request, samples)) return undefined;
    }
  }
  for (const word of NAME_AFTER_REQUEST) {
    const tail = ` ${word} ${name}`;
    if (said.endsWith(tail) && matchesSample(said.slice(0, -tail.length), samples)) return undefined;
  }
  return `"${phrase}" matches no sample utterance after "${name}" and its connecting word`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
