/**
 * The simulator's command line: `[--locale <tag>] <command> [slot=value…]`. The locale is the
 * `request.locale` of every envelope the simulator sends (Alexa sends the device's locale, a BCP 47
 * tag such as `ja-JP`); without the option it is en-US.
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/request-and-response-json-reference.html
 *   (request.locale: "the locale for the request, for example en-US")
 */
import { parseArgs } from 'node:util';

export interface SimulatorOptions {
  /** The locale of every request, canonical ("ja-jp" becomes "ja-JP"). */
  readonly locale: string;
  /** The command and its slots, as typed. */
  readonly words: readonly string[];
}

export const DEFAULT_LOCALE = 'en-US';

/** Thrown for a command line the simulator does not understand; its message says what to type. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Reads the simulator's arguments (`process.argv.slice(2)`). @throws {UsageError} */
export function parseSimulatorArgs(args: readonly string[]): SimulatorOptions {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    throw new UsageError(`${(error as Error).message}. Usage: npm run simulate -- [--locale ja-JP] <command> [slot=value…]`);
  }
  const requested = parsed.values.locale;
  if (requested === undefined) return { locale: DEFAULT_LOCALE, words: parsed.positionals };
  let locale: string | undefined;
  try {
    locale = Intl.getCanonicalLocales(requested)[0];
  } catch {
    // not a BCP 47 tag: refused below
  }
  if (!locale) throw new UsageError(`--locale ${JSON.stringify(requested)} is not a BCP 47 locale such as de-DE or ja-JP`);
  return { locale, words: parsed.positionals };
}

function parse(args: readonly string[]) {
  return parseArgs({ args: [...args], options: { locale: { type: 'string' } }, allowPositionals: true, strict: true });
}
