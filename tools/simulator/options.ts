/**
 * The simulator's command line: `[--locale <tag>] <command> [slot=value…]`. The locale is the
 * `request.locale` of every envelope the simulator sends (Alexa sends the device's locale, a BCP 47
 * tag such as `ja-JP`); without the option it is en-US.
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/request-and-response-json-reference.html
 *   (request.locale: "the locale for the request, for example en-US")
 */
export interface SimulatorOptions {
  /** The locale of every request, canonical ("ja-jp" becomes "ja-JP"). */
  readonly locale: string;
  /** The command, its slots and its own options (`link --implicit`), as typed, without `--locale`. */
  readonly words: readonly string[];
}

export const DEFAULT_LOCALE = 'en-US';

const USAGE = 'Usage: npm run simulate -- [--locale ja-JP] <command> [slot=value…]';

/** Thrown for a command line the simulator does not understand; its message says what to type. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Reads the simulator's arguments (`process.argv.slice(2)`): `--locale <tag>` or `--locale=<tag>`,
 * anywhere; every other word, options of a command included, is passed on in order.
 * @throws {UsageError} a `--locale` without a value, or with one that is not a BCP 47 tag
 */
export function parseSimulatorArgs(args: readonly string[]): SimulatorOptions {
  const words: string[] = [];
  let requested: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--locale') {
      const value = args[++i];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`--locale needs a value. ${USAGE}`);
      requested = value;
    } else if (arg.startsWith('--locale=')) {
      requested = arg.slice('--locale='.length);
    } else {
      words.push(arg);
    }
  }
  return { locale: requested === undefined ? DEFAULT_LOCALE : canonical(requested), words };
}

function canonical(requested: string): string {
  let locale: string | undefined;
  try {
    locale = Intl.getCanonicalLocales(requested)[0];
  } catch {
    // not a BCP 47 tag: refused below
  }
  if (!locale) throw new UsageError(`--locale ${JSON.stringify(requested)} is not a BCP 47 locale such as de-DE or ja-JP. ${USAGE}`);
  return locale;
}
