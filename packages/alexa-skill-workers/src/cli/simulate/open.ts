/**
 * The options `simulate`, `link`, `unlink` and `disable` share, and the session they open: the
 * project, the local CA, the device's state in the state folder (`--state` moves it).
 */
import { isAbsolute, resolve } from 'node:path';
import { loadSigningCa } from '../ca.ts';
import type { CommandContext } from '../command.ts';
import { usage } from '../errors.ts';
import { defaultNet } from '../net.ts';
import { loadProject } from '../project.ts';
import { localAlexaApi } from './alexa-api.ts';
import type { DeviceKind } from './device.ts';
import type { Session } from './session.ts';
import { skillIdOf, skillUrlOf, START_DEV } from './skill.ts';
import { loadState, serialSaver, stateFile } from './state.ts';

/** The options of every simulator command (for `readArgs`). */
export const DEVICE_OPTIONS = {
  url: { type: 'string' },
  'skill-id': { type: 'string' },
  locale: { type: 'string' },
  person: { type: 'string' },
  device: { type: 'string' },
  state: { type: 'string' },
  'no-alexa-api': { type: 'boolean' },
} as const;

/** The options of linking (`link`, and `simulate`, whose interactive session links too). */
export const LINK_OPTIONS = {
  implicit: { type: 'boolean' },
  'authorize-url': { type: 'string' },
  'token-url': { type: 'string' },
  'client-id': { type: 'string' },
  'client-secret-env': { type: 'string' },
  'provider-url': { type: 'string' },
  'redirect-uri': { type: 'string' },
} as const;

/** The help lines of {@link DEVICE_OPTIONS}. */
export const DEVICE_HELP = `  --url <url>             the skill's endpoint (default: the dev skill, http://localhost:<skill.port>/)
  --skill-id <id>         the skill ID requests name (default: ALEXA_SKILL_ID in .dev.vars, else the skill's wrangler [vars])
  --locale <tag>          request.locale of every request (default en-US)
  --person <name>         as a recognized speaker (context.System.person; link --person links their own account)
  --device speaker|screen a device without or with a screen (supportedInterfaces: APL); default speaker
  --state <folder>        the state folder: the local CA, the device's session and tokens (default: the project's)
  --no-alexa-api          send no apiEndpoint and no apiAccessToken (default: a local Alexa API on 127.0.0.1, see grant)`;

/** The help lines of {@link LINK_OPTIONS}. */
export const LINK_HELP = `  --implicit              the implicit grant (the token in the redirect's fragment; no refresh)
  --authorize-url <url>   the provider's authorization URI (default: the dev provider, else accountLinking.json)
  --token-url <url>       its token URI (same defaults)
  --client-id <id>        the client ID (same defaults)
  --client-secret-env <NAME>  the environment variable holding the client secret (default ALEXA_CLIENT_SECRET; never a flag)
  --provider-url <url>    the development provider's base URL (default http://localhost:<provider.port>)
  --redirect-uri <uri>    the loopback redirect URI to listen on (default http://localhost:<dev.redirectPort, 8790>/callback)`;

/** `--locale`, canonical ("pt-br" is "pt-BR"); en-US without it. */
function localeOf(requested: string | undefined): string {
  if (requested === undefined) return 'en-US';
  let locale: string | undefined;
  try {
    locale = Intl.getCanonicalLocales(requested)[0];
  } catch {
    // not a BCP 47 tag: refused below
  }
  if (!locale) throw usage(`--locale ${JSON.stringify(requested)} is not a BCP 47 locale such as de-DE or ja-JP`);
  return locale;
}

function deviceKindOf(value: string | undefined): DeviceKind {
  if (value === undefined || value === 'speaker' || value === 'screen') return value ?? 'speaker';
  throw usage(`--device must be speaker or screen, not ${JSON.stringify(value)}`);
}

/** `--redirect-uri`, else `fallback` (dev's): a loopback http URL. */
function redirectUriOf(value: string | undefined, fallback = ''): string {
  const uri = value ?? fallback;
  const url = URL.canParse(uri) ? new URL(uri) : undefined;
  if (!url || url.protocol !== 'http:' || !['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)) {
    throw usage(`--redirect-uri must be an http URL on this machine (localhost, 127.0.0.1 or [::1]), not ${JSON.stringify(uri)}`);
  }
  return url.href;
}

type Values = { readonly [K in keyof typeof DEVICE_OPTIONS | keyof typeof LINK_OPTIONS]?: string | boolean };

/**
 * Opens the simulated device for a command: reads the project, the CA and the state; registers with
 * `ctx.onStop` the saving of the state, so it is kept on every way out.
 * @throws {CliError} exit 2 for an option that is wrong; 1 for a missing project, skill ID or CA.
 */
export async function openSession(ctx: CommandContext, values: Values, env: NodeJS.ProcessEnv = process.env): Promise<Session> {
  const str = (key: keyof Values) => (typeof values[key] === 'string' ? values[key] : undefined);
  const locale = localeOf(str('locale'));
  const kind = deviceKindOf(str('device'));
  if (str('redirect-uri') !== undefined) redirectUriOf(str('redirect-uri'));
  const project = loadProject(ctx.cwd);
  // By default the redirect URI dev keeps free and gives the provider as {redirect.url}: dev.redirectPort.
  const redirectUri = redirectUriOf(str('redirect-uri'), `http://localhost:${project.dev.redirectPort}/callback`);
  const skillUrl = skillUrlOf(project, str('url'));
  const skillId = skillIdOf(project, str('skill-id'));
  const flag = str('state');
  const folder = flag === undefined ? project.state : isAbsolute(flag) ? flag : resolve(ctx.cwd, flag);
  const file = stateFile(folder);
  const ca = await loadSigningCa(folder);
  const state = await loadState(file);
  const save = serialSaver(file, state);
  ctx.onStop(save);
  return {
    project,
    device: {
      skillUrl, skillId, locale, kind, ca, state, hint: START_DEV, now: () => new Date(),
      alexaApi: values['no-alexa-api'] === true ? undefined : localAlexaApi(ctx.onStop),
    },
    stateFile: file,
    save,
    client: {
      authorizeUrl: str('authorize-url'), tokenUrl: str('token-url'), clientId: str('client-id'),
      clientSecretEnv: str('client-secret-env'), providerUrl: str('provider-url'), implicit: values.implicit === true,
    },
    redirectUri,
    env,
    net: defaultNet(),
    say: ctx.json ? ctx.err : ctx.out,
  };
}

/** `--person`, lower case, or undefined. */
export function personOf(value: string | boolean | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (value === '' || value.startsWith('--')) throw usage('--person needs a name, e.g. --person ana');
  return value.toLowerCase();
}
