import { strings as en } from './en.ts';
import { strings as second } from './{{language}}.ts';

/** What the skill says, in one language; `whoAmI` gets the name already SSML-escaped. */
export interface Strings {
  readonly welcome: string;
  readonly hello: string;
  readonly whoAmI: (name?: string) => string;
  readonly unlinked: string;
  readonly invalid: string;
  readonly unavailable: string;
}

// The second locale's language may be English too (en-GB): then it is the same module.
const BY_LANGUAGE: Readonly<Record<string, Strings>> = Object.fromEntries([['en', en], ['{{language}}', second]]);

/** The strings for a request's locale (`de-DE` → German), English for any other. */
export const stringsFor = (locale: string | undefined): Strings => BY_LANGUAGE[(locale ?? 'en').slice(0, 2)] ?? en;
