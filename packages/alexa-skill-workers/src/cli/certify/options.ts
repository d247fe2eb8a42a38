/**
 * What certify checks, from the command line and the project: the local stack of `dev` by default
 * (the skill at http://localhost:<skill.port>/, the project's development provider), or a deployed
 * endpoint and provider (`--endpoint`). The provider comes from the skill package's
 * accountLinking.json unless flags override it; the client secret only ever from an environment
 * variable, never a flag. What is one skill's own (the test account certification testers sign in
 * with, the placeholder hosts of its listing before deploy) is the project's `certify` section.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { usage } from '../errors.ts';
import type { GrantType } from '../oauth/authorize.ts';
import { accountLinkingOf } from '../oauth/client-config.ts';
import type { TokenScheme } from '../oauth/token.ts';
import type { ProjectConfig } from '../project.ts';
import { skillIdOf } from '../simulate/skill.ts';

export const OPTIONS = {
  endpoint: { type: 'string' }, 'skill-id': { type: 'string' }, 'authorization-url': { type: 'string' },
  'token-url': { type: 'string' }, 'client-id': { type: 'string' }, 'client-secret-env': { type: 'string' },
  scheme: { type: 'string' }, grant: { type: 'string' }, 'vendor-id': { type: 'string' }, code: { type: 'string' }, 'redirect-uri': { type: 'string' },
  'no-prompt': { type: 'boolean' }, 'skill-package': { type: 'string' }, 'cert-url': { type: 'string' }, 'provider-url': { type: 'string' },
  url: { type: 'string' }, state: { type: 'string' },
} as const;

export const OPTIONS_HELP = `  --endpoint URL            a deployed skill endpoint (switches to deployed mode)
  --url URL                 the local skill (default: the dev skill, http://localhost:<skill.port>/)
  --provider-url URL        the local development provider (default http://localhost:<provider.port>)
  --state <folder>          the state folder holding the local CA (default: the project's)
  --skill-id ID             the skill ID sent in requests (default: .dev.vars, else the skill's wrangler [vars])
  --authorization-url URL   the OAuth authorization URI (default: accountLinking.json)
  --token-url URL           the OAuth token URI (default: accountLinking.json)
  --client-id ID            the OAuth client ID (default: accountLinking.json)
  --client-secret-env NAME  environment variable holding the client secret (default CERTIFY_CLIENT_SECRET)
  --scheme HTTP_BASIC|REQUEST_BODY_CREDENTIALS   (default: accountLinking.json accessTokenScheme)
  --grant AUTH_CODE|IMPLICIT  the account-linking grant type (default: accountLinking.json type)
  --vendor-id ID            your Alexa vendor ID, for Alexa's redirect URIs (default: $ALEXA_VENDOR_ID, else the provider Worker's [vars])
  --code CODE               an authorization code you got by signing in (deployed mode)
  --redirect-uri URI        the redirect URI that code was issued for (default: Alexa's pitangui one)
  --no-prompt               never ask for a sign-in (deployed mode)
  --skill-package DIR       the skill package (default: the project's, skill-package)
  --cert-url URL            an Amazon certificate URL for the forged requests (deployed mode)`;

export interface Settings {
  readonly local: boolean;
  readonly endpoint: string;
  readonly skillId: string;
  readonly skillPackage: string;
  readonly serviceUrl: string;
  readonly state: string;
  readonly amazonCertUrl: string;
  readonly authorizationUrl: string;
  readonly tokenUrl: string;
  readonly clientId: string | undefined;
  readonly clientSecret: string | undefined;
  readonly clientSecretEnv: string;
  readonly scheme: TokenScheme;
  /** IMPLICIT needs no token URL and no client secret. */
  readonly grant: GrantType;
  readonly scopes: readonly string[];
  readonly vendorId: string;
  readonly code: string | undefined;
  readonly redirectUri: string | undefined;
  readonly prompt: boolean;
}

/** Amazon's signing certificate URL of 2023 (test/fixtures/alexa/chain-2023); any of Amazon's works. */
const AMAZON_CERT_URL = 'https://s3.amazonaws.com/echo.api/echo-api-cert-12.pem';
const PLACEHOLDER_SKILL_ID = 'amzn1.ask.skill.00000000-0000-4000-8000-000000000000';

/** ALEXA_VENDOR_ID in a wrangler configuration: `[vars]` locally, `[env.production.vars]` deployed. */
function vendorIdIn(file: string | undefined, production: boolean): string | undefined {
  if (!file || !existsSync(file)) return undefined;
  const values = [...readFileSync(file, 'utf8').matchAll(/^ALEXA_VENDOR_ID\s*=\s*"([^"]*)"/gm)].map((m) => m[1]);
  return production ? values.at(-1) : values[0];
}

type Values = { readonly [K in keyof typeof OPTIONS]?: string | boolean };

/**
 * The settings of one run.
 * @throws {CliError} exit 2: a `--scheme` or `--grant` that is not one of Amazon's; 1: no skill ID found locally.
 */
export function parseSettings(values: Values, project: ProjectConfig, env: NodeJS.ProcessEnv): Settings {
  const str = (key: keyof Values) => (typeof values[key] === 'string' ? values[key] : undefined);
  const endpoint = str('endpoint');
  const local = endpoint === undefined;
  const skillPackage = str('skill-package') === undefined ? project.skillPackage : resolve(project.root, str('skill-package')!);
  const linking = accountLinkingOf(skillPackage);
  const scheme = str('scheme') ?? linking.accessTokenScheme ?? 'HTTP_BASIC';
  if (scheme !== 'HTTP_BASIC' && scheme !== 'REQUEST_BODY_CREDENTIALS') throw usage(`--scheme must be HTTP_BASIC or REQUEST_BODY_CREDENTIALS, not ${scheme}`);
  const grant = str('grant') ?? linking.type ?? 'AUTH_CODE';
  if (grant !== 'AUTH_CODE' && grant !== 'IMPLICIT') throw usage(`--grant must be AUTH_CODE or IMPLICIT, not ${grant}`);
  const clientSecretEnv = str('client-secret-env') ?? 'CERTIFY_CLIENT_SECRET';
  const serviceUrl = (str('provider-url') ?? `http://localhost:${project.provider?.port ?? 8788}`).replace(/\/+$/, '');
  const providerConfig = project.provider?.kind === 'worker' ? project.provider.config : undefined;
  let skillId = str('skill-id');
  if (skillId === undefined) {
    try {
      skillId = skillIdOf(project, undefined);
    } catch (error) {
      if (local) throw error;
      skillId = PLACEHOLDER_SKILL_ID;
    }
  }
  return {
    local,
    endpoint: endpoint ?? str('url') ?? `http://localhost:${project.skill.port}/`,
    skillId,
    skillPackage,
    serviceUrl,
    state: str('state') === undefined ? project.state : resolve(project.root, str('state')!),
    amazonCertUrl: str('cert-url') ?? AMAZON_CERT_URL,
    authorizationUrl: str('authorization-url') ?? (local ? `${serviceUrl}/authorize` : linking.authorizationUrl ?? ''),
    tokenUrl: str('token-url') ?? (local ? `${serviceUrl}/token` : linking.accessTokenUrl ?? ''),
    clientId: str('client-id') ?? (local ? undefined : linking.clientId),
    clientSecret: env[clientSecretEnv] || undefined,
    clientSecretEnv,
    scheme,
    grant,
    scopes: linking.scopes ?? [],
    vendorId: str('vendor-id') ?? (local ? undefined : env.ALEXA_VENDOR_ID) ?? vendorIdIn(providerConfig, !local) ?? '',
    code: str('code'),
    redirectUri: str('redirect-uri'),
    prompt: values['no-prompt'] !== true,
  };
}

const PLACEHOLDER = /YOUR-SUBDOMAIN|CLIENT-ID-FROM|SET-AT-DEPLOY|M1EXAMPLEVENDOR/;

/**
 * Deployed settings that are missing or still placeholders. The implicit grant has no token URI
 * and no client secret ("Account Linking Schemas": `accessTokenUrl` is required only for
 * AUTH_CODE, https://developer.amazon.com/docs/smapi/account-linking-schemas.html), so neither is asked for.
 */
export function configProblems(s: Settings): string[] {
  if (s.local) return [];
  const problems: string[] = [];
  const check = (name: string, value: string | undefined) => {
    if (!value) problems.push(`${name} is missing`);
    else if (PLACEHOLDER.test(value)) problems.push(`${name} is a placeholder (${value})`);
  };
  check('authorization URL', s.authorizationUrl);
  const implicit = s.grant === 'IMPLICIT';
  if (!implicit) check('token URL', s.tokenUrl);
  check('client ID', s.clientId);
  check('vendor ID (--vendor-id)', s.vendorId);
  if (!implicit && !s.clientSecret) problems.push(`the client secret is not in $${s.clientSecretEnv}`);
  return problems;
}
