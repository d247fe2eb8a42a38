import { withSettingNames, type Logger } from 'alexa-skill-workers';
import { ConfigError } from 'alexa-skill-workers/errors';
import { AT_JWT_TYP, JwtValidator, LoginWithAmazonValidator, OpaqueValidator, type TokenValidator } from 'alexa-skill-workers/linking';
import { flag, httpsUrl, text } from './settings.ts';

/**
 * How Ride Hailer's access tokens are validated, chosen from its bindings (README, "Configuration"):
 * JWTs against a JWKS, opaque tokens with a userinfo endpoint, or Login with Amazon's tokens
 * (tokeninfo's audience first, then userinfo).
 */
export type TokenConfig =
  | {
      readonly mode: 'jwt';
      readonly jwksUrl: string;
      readonly issuer: string;
      readonly audience: string;
      readonly algorithms: readonly string[];
      /** `at+jwt` when OAUTH_REQUIRE_AT_JWT is true (RFC 9068). */
      readonly accessTokenType: string | undefined;
    }
  | { readonly mode: 'opaque'; readonly userinfoUrl: string }
  | {
      readonly mode: 'lwa';
      readonly clientId: string;
      readonly userinfoUrl: string;
      /** Local simulation only (a loopback stand-in for Login with Amazon's tokeninfo). */
      readonly tokeninfoUrl: string | undefined;
    };

/** The bindings the token modes read. */
export interface TokenSettings {
  readonly OAUTH_JWKS_URL?: string;
  readonly OAUTH_ISSUER?: string;
  readonly OAUTH_AUDIENCE?: string;
  readonly OAUTH_JWT_ALGORITHMS?: string;
  readonly OAUTH_REQUIRE_AT_JWT?: string;
  readonly OAUTH_USERINFO_URL?: string;
  readonly LWA_CLIENT_ID?: string;
  readonly LWA_TOKENINFO_URL?: string;
}

/** The settings that select JWT mode; all three are required in it. */
const JWT_SETTINGS = ['OAUTH_JWKS_URL', 'OAUTH_ISSUER', 'OAUTH_AUDIENCE'] as const;
const OPAQUE_SETTING = 'OAUTH_USERINFO_URL';

/** The kit's option names as Ride Hailer's bindings name them, so an error names the binding. */
const TOKEN_SETTING_NAMES = {
  jwksUrl: 'OAUTH_JWKS_URL',
  issuer: 'OAUTH_ISSUER',
  audience: 'OAUTH_AUDIENCE',
  algorithms: 'OAUTH_JWT_ALGORITHMS',
  accessTokenType: 'OAUTH_REQUIRE_AT_JWT',
  userinfoUrl: 'OAUTH_USERINFO_URL',
  clientId: 'LWA_CLIENT_ID',
  tokeninfoUrl: 'LWA_TOKENINFO_URL',
  timeoutMs: 'PROVIDER_TIMEOUT_MS',
} as const;

/**
 * Chooses the token mode from which settings are present (any of OAUTH_JWKS_URL, OAUTH_ISSUER,
 * OAUTH_AUDIENCE: JWT; OAUTH_USERINFO_URL: opaque, with LWA_CLIENT_ID: Login with Amazon; never
 * both) and reads that mode's settings. A setting of another mode is refused rather than ignored.
 * `LWA_TOKENINFO_URL` is for local simulation: refused outright unless `allowDevelopmentTrust`.
 * @throws {ConfigError} `CONFIG_INVALID`, naming the first setting that is missing, malformed or in conflict.
 */
export function parseTokenSettings(env: TokenSettings, { allowDevelopmentTrust }: { readonly allowDevelopmentTrust: boolean }): TokenConfig {
  const tokeninfoUrl = text(env, 'LWA_TOKENINFO_URL');
  if (tokeninfoUrl !== undefined && !allowDevelopmentTrust) {
    throw new ConfigError('LWA_TOKENINFO_URL', 'is for local development and tests only, and this build does not allow it: remove the setting');
  }
  const jwtSet = JWT_SETTINGS.filter((name) => text(env, name) !== undefined);
  const opaqueSet = text(env, OPAQUE_SETTING) !== undefined;
  if (jwtSet.length > 0 && opaqueSet) {
    throw new ConfigError(OPAQUE_SETTING, `cannot be combined with ${jwtSet.join(', ')}: configure one token mode`);
  }
  if (jwtSet.length > 0) return jwtSettings(env, tokeninfoUrl);
  if (!opaqueSet) {
    throw new ConfigError(OPAQUE_SETTING, 'no token validation configured: set OAUTH_USERINFO_URL (opaque tokens) or OAUTH_JWKS_URL, OAUTH_ISSUER and OAUTH_AUDIENCE (JWT)');
  }
  if (text(env, 'OAUTH_REQUIRE_AT_JWT') !== undefined) {
    throw new ConfigError('OAUTH_REQUIRE_AT_JWT', 'only applies to JWT access tokens (OAUTH_JWKS_URL, OAUTH_ISSUER, OAUTH_AUDIENCE)');
  }
  const userinfoUrl = httpsUrl(env, OPAQUE_SETTING);
  const clientId = text(env, 'LWA_CLIENT_ID');
  if (clientId !== undefined) return { mode: 'lwa', clientId, userinfoUrl, tokeninfoUrl };
  if (tokeninfoUrl !== undefined) throw new ConfigError('LWA_TOKENINFO_URL', 'only applies with LWA_CLIENT_ID');
  return { mode: 'opaque', userinfoUrl };
}

function jwtSettings(env: TokenSettings, tokeninfoUrl: string | undefined): TokenConfig {
  const missing = JWT_SETTINGS.find((name) => text(env, name) === undefined);
  if (missing) throw new ConfigError(missing, 'is required in JWT mode (with OAUTH_JWKS_URL, OAUTH_ISSUER, OAUTH_AUDIENCE)');
  if (text(env, 'LWA_CLIENT_ID') !== undefined) throw new ConfigError('LWA_CLIENT_ID', 'only applies to opaque Login with Amazon tokens (OAUTH_USERINFO_URL)');
  if (tokeninfoUrl !== undefined) throw new ConfigError('LWA_TOKENINFO_URL', 'only applies to opaque Login with Amazon tokens (OAUTH_USERINFO_URL)');
  return {
    mode: 'jwt',
    jwksUrl: httpsUrl(env, 'OAUTH_JWKS_URL'),
    issuer: text(env, 'OAUTH_ISSUER')!,
    audience: text(env, 'OAUTH_AUDIENCE')!,
    algorithms: (text(env, 'OAUTH_JWT_ALGORITHMS') ?? 'RS256,ES256').split(',').map((a) => a.trim()),
    accessTokenType: flag(env, 'OAUTH_REQUIRE_AT_JWT') ? AT_JWT_TYP : undefined,
  };
}

/** What a validator uses besides its settings. */
export interface ValidatorDeps {
  readonly kv: KVNamespace;
  readonly timeoutMs: number;
  readonly log: Logger;
  readonly allowDevelopmentTrust: boolean;
  readonly fetch?: typeof fetch;
}

/**
 * The kit's validator for the configured mode; the kit checks the options again, and an error
 * names the binding ({@link TOKEN_SETTING_NAMES}).
 * @throws {ConfigError} `CONFIG_INVALID` naming the binding at fault.
 */
export function tokenValidator(tokens: TokenConfig, deps: ValidatorDeps): TokenValidator {
  const { kv, timeoutMs, log, fetch, allowDevelopmentTrust } = deps;
  return withSettingNames(TOKEN_SETTING_NAMES, () => {
    switch (tokens.mode) {
      case 'jwt':
        return new JwtValidator({ ...tokens, kv, fetch, timeoutMs, log });
      case 'opaque':
        return new OpaqueValidator({ userinfoUrl: tokens.userinfoUrl, fetch, timeoutMs });
      case 'lwa':
        return new LoginWithAmazonValidator({ ...tokens, allowDevelopmentTrust, fetch, timeoutMs });
    }
  });
}
