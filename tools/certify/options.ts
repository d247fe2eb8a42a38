/**
 * What certify checks, from the command line: the local stack by default (tools/dev-config.ts), or
 * a deployed endpoint and provider. The provider comes from skill-package/accountLinking.json unless
 * flags override it; the client secret only ever from an environment variable, never a flag.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEV, serviceUrl, skillUrl } from '../dev-config.ts';
import type { GrantType } from './authorize.ts';
import type { TokenScheme } from './token.ts';

export const USAGE = `npm run certify [-- options]

Checks the skill before submission. Without --endpoint: the local stack of npm run dev.
  --endpoint URL            a deployed skill endpoint (switches to deployed mode)
  --skill-id ID             the skill ID sent in requests (default: .dev.vars)
  --authorization-url URL   the OAuth authorization URI (default: accountLinking.json)
  --token-url URL           the OAuth token URI (default: accountLinking.json)
  --client-id ID            the OAuth client ID (default: accountLinking.json)
  --client-secret-env NAME  environment variable holding the client secret (default CERTIFY_CLIENT_SECRET)
  --scheme HTTP_BASIC|REQUEST_BODY_CREDENTIALS   (default: accountLinking.json accessTokenScheme)
  --grant AUTH_CODE|IMPLICIT  the account-linking grant type (default: accountLinking.json type)
  --vendor-id ID            your Alexa vendor ID, for Alexa's redirect URIs
  --code CODE               an authorization code you got by signing in (deployed mode)
  --redirect-uri URI        the redirect URI that code was issued for (default: Alexa's pitangui one)
  --no-prompt               never ask for a sign-in (deployed mode)
  --skill-package DIR       the skill package (default: skill-package)
  --cert-url URL            an Amazon certificate URL for the forged requests (deployed mode)`;

interface AccountLinking {
  readonly type?: string;
  readonly authorizationUrl?: string;
  readonly accessTokenUrl?: string;
  readonly accessTokenScheme?: string;
  readonly clientId?: string;
  readonly scopes?: readonly string[];
}

export interface Settings {
  readonly local: boolean;
  readonly endpoint: string;
  readonly skillId: string;
  readonly skillPackage: string;
  readonly serviceUrl: string;
  readonly caFile: string;
  readonly certUrl: string;
  readonly amazonCertUrl: string;
  readonly authorizationUrl: string;
  readonly tokenUrl: string;
  readonly clientId: string | undefined;
  readonly clientSecret: string | undefined;
  readonly clientSecretEnv: string;
  readonly scheme: TokenScheme;
  /** IMPLICIT needs no token URL and no client secret (README "Implicit grant"). */
  readonly grant: GrantType;
  readonly scopes: readonly string[];
  readonly vendorId: string;
  readonly code: string | undefined;
  readonly redirectUri: string | undefined;
  readonly prompt: boolean;
  readonly help: boolean;
}

/** Amazon's signing certificate URL of 2023 (packages/alexa-skill-workers/test/fixtures/alexa/chain-2023); any of Amazon's works. */
const AMAZON_CERT_URL = 'https://s3.amazonaws.com/echo.api/echo-api-cert-12.pem';

/** The skill ID of `npm run dev`: the first one in .dev.vars. */
function devSkillId(file = '.dev.vars'): string | undefined {
  if (!existsSync(file)) return undefined;
  const line = readFileSync(file, 'utf8').split('\n').find((l) => l.startsWith('ALEXA_SKILL_ID='));
  return line?.slice('ALEXA_SKILL_ID='.length).split(',')[0]?.trim().replace(/^"|"$/g, '') || undefined;
}

/** ALEXA_VENDOR_ID from the demo service's wrangler.toml: `[vars]` locally, `[env.production.vars]` deployed. */
function demoVendorId(production: boolean, file = 'demo/ride-hailer-service/wrangler.toml'): string | undefined {
  if (!existsSync(file)) return undefined;
  const values = [...readFileSync(file, 'utf8').matchAll(/^ALEXA_VENDOR_ID\s*=\s*"([^"]*)"/gm)].map((m) => m[1]);
  return production ? values.at(-1) : values[0];
}

function readAccountLinking(skillPackage: string): AccountLinking {
  const file = join(skillPackage, 'accountLinking.json');
  if (!existsSync(file)) return {};
  const json = JSON.parse(readFileSync(file, 'utf8')) as { accountLinkingRequest?: AccountLinking };
  return json.accountLinkingRequest ?? {};
}

export function parseSettings(argv: string[], env: NodeJS.ProcessEnv): Settings {
  const { values } = parseArgs({
    args: argv,
    options: {
      endpoint: { type: 'string' }, 'skill-id': { type: 'string' }, 'authorization-url': { type: 'string' },
      'token-url': { type: 'string' }, 'client-id': { type: 'string' }, 'client-secret-env': { type: 'string' },
      scheme: { type: 'string' }, grant: { type: 'string' }, 'vendor-id': { type: 'string' }, code: { type: 'string' }, 'redirect-uri': { type: 'string' },
      'no-prompt': { type: 'boolean' }, 'skill-package': { type: 'string' }, 'cert-url': { type: 'string' }, help: { type: 'boolean' },
    },
  });
  const local = values.endpoint === undefined;
  const skillPackage = values['skill-package'] ?? 'skill-package';
  const linking = readAccountLinking(skillPackage);
  const scheme = values.scheme ?? linking.accessTokenScheme ?? 'HTTP_BASIC';
  if (scheme !== 'HTTP_BASIC' && scheme !== 'REQUEST_BODY_CREDENTIALS') throw new Error(`--scheme must be HTTP_BASIC or REQUEST_BODY_CREDENTIALS, not ${scheme}`);
  const grant = values.grant ?? linking.type ?? 'AUTH_CODE';
  if (grant !== 'AUTH_CODE' && grant !== 'IMPLICIT') throw new Error(`--grant must be AUTH_CODE or IMPLICIT, not ${grant}`);
  const clientSecretEnv = values['client-secret-env'] ?? 'CERTIFY_CLIENT_SECRET';
  return {
    local,
    endpoint: values.endpoint ?? skillUrl(),
    skillId: values['skill-id'] ?? devSkillId() ?? 'amzn1.ask.skill.00000000-0000-4000-8000-000000000000',
    skillPackage,
    serviceUrl: serviceUrl(),
    caFile: DEV.caFile,
    certUrl: DEV.certUrl,
    amazonCertUrl: values['cert-url'] ?? AMAZON_CERT_URL,
    authorizationUrl: values['authorization-url'] ?? (local ? `${serviceUrl()}/authorize` : linking.authorizationUrl ?? ''),
    tokenUrl: values['token-url'] ?? (local ? `${serviceUrl()}/token` : linking.accessTokenUrl ?? ''),
    clientId: values['client-id'] ?? (local ? undefined : linking.clientId),
    clientSecret: env[clientSecretEnv] || undefined,
    clientSecretEnv,
    scheme,
    grant,
    scopes: linking.scopes ?? [],
    vendorId: values['vendor-id'] ?? (local ? undefined : env.ALEXA_VENDOR_ID) ?? demoVendorId(!local) ?? '',
    code: values.code,
    redirectUri: values['redirect-uri'],
    prompt: !values['no-prompt'],
    help: values.help ?? false,
  };
}

const PLACEHOLDER = /YOUR-SUBDOMAIN|CLIENT-ID-FROM|SET-AT-DEPLOY|M1EXAMPLEVENDOR/;

/**
 * Deployed settings that are missing or still the repository's placeholders. The implicit grant has
 * no token URI and no client secret ("Account Linking Schemas": `accessTokenUrl` is required only for
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
