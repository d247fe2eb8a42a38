/**
 * Which provider and client `link` uses, in this order: flags (`--authorize-url`, `--token-url`,
 * `--client-id`; the secret only from the environment variable `--client-secret-env` names, never a
 * flag value); else the project's development provider (`provider` in the project's config: the
 * kit's local provider or a provider Worker of the project, whose loopback-only development endpoint
 * answers `{ clientId, clientSecret }`); else the skill package's `accountLinking.json`
 * ("Account Linking Schemas", https://developer.amazon.com/en-US/docs/alexa/smapi/account-linking-schemas.html:
 * `type`, `authorizationUrl`, `accessTokenUrl`, `accessTokenScheme`, `clientId`, `scopes`,
 * `defaultTokenExpirationInSeconds`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError, usage } from '../errors.ts';
import { notAnswering, type Net } from '../net.ts';
import type { ProjectConfig } from '../project.ts';
import type { GrantType } from './authorize.ts';
import type { OAuthClient } from './link.ts';
import type { TokenScheme } from './token.ts';

export interface ClientFlags {
  readonly authorizeUrl?: string;
  readonly tokenUrl?: string;
  readonly clientId?: string;
  /** The environment variable holding the client secret (default {@link DEFAULT_SECRET_ENV}). */
  readonly clientSecretEnv?: string;
  /** The development provider's base URL (default http://localhost:<provider.port>). */
  readonly providerUrl?: string;
  readonly implicit?: boolean;
}

/** Where the client secret is read from unless `--client-secret-env` says otherwise. */
const DEFAULT_SECRET_ENV = 'ALEXA_CLIENT_SECRET';

export interface ResolvedClient {
  readonly client: OAuthClient;
  readonly grant: GrantType;
  /** Where it came from, for the one line `link` prints (never the secret). */
  readonly source: string;
  readonly defaultTtlSeconds: number | undefined;
}

/** The parts of a skill package's `accountLinkingRequest` the command line reads (link and certify). */
export interface AccountLinking {
  readonly type?: string;
  readonly authorizationUrl?: string;
  readonly accessTokenUrl?: string;
  readonly accessTokenScheme?: string;
  readonly clientId?: string;
  readonly scopes?: readonly string[];
  readonly defaultTokenExpirationInSeconds?: number;
}

/**
 * The skill package's `accountLinkingRequest`, or nothing when the file is absent.
 * @throws {CliError} when the file is not JSON.
 */
export function accountLinkingOf(skillPackage: string): AccountLinking {
  const file = join(skillPackage, 'accountLinking.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  try {
    return (JSON.parse(text) as { accountLinkingRequest?: AccountLinking }).accountLinkingRequest ?? {};
  } catch {
    throw new CliError(`${file}: not JSON`);
  }
}

const schemeOf = (value: string | undefined, file: string): TokenScheme => {
  if (value === undefined || value === 'HTTP_BASIC' || value === 'REQUEST_BODY_CREDENTIALS') return value ?? 'HTTP_BASIC';
  throw new CliError(`${file}: accountLinkingRequest.accessTokenScheme must be HTTP_BASIC or REQUEST_BODY_CREDENTIALS, not ${value}`);
};

/**
 * The development provider's client, from its loopback-only endpoint.
 * @throws {CliError} the provider does not answer, or answers something that is not a client.
 */
async function devClient(net: Pick<Net, 'fetch'>, url: string, hint: string): Promise<{ clientId: string; clientSecret: string }> {
  let response: Response;
  try {
    response = await net.fetch(url, { redirect: 'manual' });
  } catch (error) {
    throw notAnswering('The provider', url, error, hint);
  }
  const body = await response.text();
  let value: { clientId?: unknown; clientSecret?: unknown } = {};
  try {
    value = JSON.parse(body) as typeof value;
  } catch {
    // judged below
  }
  if (!response.ok || typeof value.clientId !== 'string' || typeof value.clientSecret !== 'string') {
    throw new CliError(`the provider at ${new URL(url).origin} did not give its development client (${url} answered ${response.status}${response.ok ? ' with no clientId and clientSecret' : ''}): is it running in development mode?`);
  }
  return { clientId: value.clientId, clientSecret: value.clientSecret };
}

/**
 * The provider and client `link` signs in with (see the module's note for the order).
 * @throws {CliError} exit 2 for a flag that is not a URL; 1 for a provider that does not answer or
 *   a setting that is missing (naming the flag, the file and the variable).
 */
export async function resolveClient(project: ProjectConfig, flags: ClientFlags, env: NodeJS.ProcessEnv, net: Pick<Net, 'fetch'>, hint: string): Promise<ResolvedClient> {
  const file = join(project.skillPackage, 'accountLinking.json');
  const linking = accountLinkingOf(project.skillPackage);
  const grant: GrantType = flags.implicit || linking.type === 'IMPLICIT' ? 'IMPLICIT' : 'AUTH_CODE';
  const scopes = linking.scopes ?? [];
  const scheme = schemeOf(linking.accessTokenScheme, file);
  const defaultTtlSeconds = linking.defaultTokenExpirationInSeconds;
  for (const [flag, value] of [['--authorize-url', flags.authorizeUrl], ['--token-url', flags.tokenUrl], ['--provider-url', flags.providerUrl]] as const) {
    if (value !== undefined && !URL.canParse(value)) throw usage(`${flag} ${JSON.stringify(value)} is not a URL`);
  }
  const secretEnv = flags.clientSecretEnv ?? DEFAULT_SECRET_ENV;
  const fromFlags = flags.authorizeUrl !== undefined || flags.clientId !== undefined;
  if (!fromFlags && (project.provider || flags.providerUrl)) {
    const base = (flags.providerUrl ?? `http://localhost:${project.provider?.port ?? 8788}`).replace(/\/+$/, '');
    const path = project.provider?.kind === 'worker' ? project.provider.client : '/dev/client';
    const credentials = await devClient(net, `${base}${path}`, hint);
    return {
      client: { authorizationUrl: `${base}/authorize`, tokenUrl: `${base}/token`, ...credentials, scheme, scopes },
      grant, source: `the development provider at ${base}`, defaultTtlSeconds,
    };
  }
  const authorizationUrl = flags.authorizeUrl ?? linking.authorizationUrl;
  const tokenUrl = flags.tokenUrl ?? linking.accessTokenUrl;
  const clientId = flags.clientId ?? linking.clientId;
  if (!authorizationUrl) throw new CliError(`no authorization URL: pass --authorize-url, or set accountLinkingRequest.authorizationUrl in ${file}`);
  if (!clientId) throw new CliError(`no client ID: pass --client-id, or set accountLinkingRequest.clientId in ${file}`);
  if (grant === 'AUTH_CODE' && !tokenUrl) throw new CliError(`no token URL: pass --token-url, or set accountLinkingRequest.accessTokenUrl in ${file}`);
  const clientSecret = env[secretEnv] ?? '';
  if (grant === 'AUTH_CODE' && !clientSecret) throw new CliError(`no client secret: put it in the environment variable ${secretEnv} (--client-secret-env names another); it is never read from a flag or a file`);
  return {
    client: { authorizationUrl, tokenUrl: grant === 'IMPLICIT' ? undefined : tokenUrl, clientId, clientSecret, scheme, scopes },
    grant, source: fromFlags ? 'the command line' : file, defaultTtlSeconds,
  };
}
