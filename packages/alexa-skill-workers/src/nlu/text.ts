/**
 * Speech as the resolver compares it: what a listener hears, not how it is written. Case, punctuation
 * and spacing do not count; in a language written without spaces (Japanese) samples are matched as
 * character sequences, so spaces are dropped and every character is a token.
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/best-practices-for-sample-utterances-and-custom-slot-type-values.html
 *   (sample utterances and slot values are written as spoken: no symbols or punctuation beyond
 *   apostrophes and periods of abbreviations)
 */

/** Whether a language separates words with spaces (false for Japanese). */
export interface Spacing {
  readonly spaced: boolean;
}

/**
 * Lower case, Unicode-compatible forms (full-width digits become ASCII), no punctuation a listener does
 * not hear, hyphens as spaces, single spaces; no spaces at all where the language has none. An apostrophe
 * inside a word stays (j'ai, c'è, o'clock); a period stays only between digits.
 */
export function normalizeSpoken(text: string, spacing: Spacing): string {
  const spoken = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/(\d)[.,](\d)/g, '$1\uE000$2')
    .replace(/[,!?¿¡;"“”„«»()[\]、。？！「」『』・…]/g, ' ')
    .replace(/(^|\s)'+|'+(?=\s|$)/g, '$1')
    .replace(/\./g, ' ')
    .replace(/(?<!\d):|:(?!\d)/g, ' ')
    .replace(/\uE000/g, '.')
    .replace(/(\p{L})-(?=\p{L})/gu, '$1 ')
    .replace(/\s+/g, ' ')
    .trim();
  return spacing.spaced ? spoken : spoken.replace(/ /g, '');
}

/** The tokens of normalized speech: words, or characters where the language has no spaces. */
export function tokensOf(normalized: string, spacing: Spacing): string[] {
  if (normalized === '') return [];
  return spacing.spaced ? normalized.split(' ') : Array.from(normalized);
}

/** Tokens back to speech: joined by spaces, or by nothing where the language has none. */
export function joinTokens(tokens: readonly string[], spacing: Spacing): string {
  return tokens.join(spacing.spaced ? ' ' : '');
}
