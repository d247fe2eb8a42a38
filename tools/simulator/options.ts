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
  /** `--help` or `-h` anywhere: print {@link HELP} and nothing else. */
  readonly help: boolean;
}

const DEFAULT_LOCALE = 'en-US';

const USAGE = 'Usage: npm run simulate -- [--locale ja-JP] <command> [slot=value…]';

/** What `npm run simulate -- --help` prints: it needs no file, no running skill and no setting. */
export const HELP = `${USAGE}
       npm run simulate                 an interactive session: type the same commands, "quit" to leave

A local Alexa for the skill that \`npm run dev\` starts (http://localhost:8787, SKILL_PORT moves it):
every request is signed with the local development CA, the session is kept between commands.

Commands:
  launch | yes | no | help | stop | cancel | fallback | end
  <Intent> [slot=value…]          e.g. OrderCar destination=work, RideHailerAvailabilityByCity city=Seattle
  event <Name>                    a skill event, e.g. event SkillEnabled
  link [--implicit]               link an account with the demo service (prints the login page's URL)
  unlink | disable                SkillDisabled (PERSISTED | NOT_PERSISTED); the token is forgotten
  voice-link accept|decline|unmet|fail   complete a pending voice-forward linking
  status                          what the simulator remembers (user, link, session)

Options:
  --locale <tag>                  request.locale of every request (en-US by default)
  --person <name>                 as a recognized speaker (link --person ben links Ben's own account)
  --voice-link <choice>           answer a voice-forward linking in the same command
  --help, -h                      this text`;

/** Thrown for a command line the simulator does not understand; its message says what to type. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Reads the simulator's arguments (`process.argv.slice(2)`): `--locale <tag>` or `--locale=<tag>`,
 * and `--help` or `-h`, anywhere; every other word, options of a command included, is passed on
 * in order. With `--help`, nothing else is checked.
 * @throws {UsageError} a `--locale` without a value, or with one that is not a BCP 47 tag
 */
export function parseSimulatorArgs(args: readonly string[]): SimulatorOptions {
  if (args.includes('--help') || args.includes('-h')) return { locale: DEFAULT_LOCALE, words: [], help: true };
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
  return { locale: requested === undefined ? DEFAULT_LOCALE : canonical(requested), words, help: false };
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
