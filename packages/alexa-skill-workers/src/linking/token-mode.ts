/**
 * The one place a token mode is chosen and its validator built. Each mode parses its own
 * settings (jwt-validator.ts, opaque-validator.ts); the Worker's runtime and the bench's Node
 * anchor both come through here.
 */
import { ConfigError, developmentOnly, text, type DevelopmentTrustOption } from '../settings.ts';
import type { Logger } from '../lib/log.ts';
import { JWT_SETTINGS, JwtValidator, parseJwtSettings, REQUIRE_AT_JWT_SETTING, type JwtSettings, type JwtValidationConfig } from './jwt-validator.ts';
import {
  OPAQUE_SETTING,
  OpaqueValidator,
  parseOpaqueSettings,
  type OpaqueSettings,
  type OpaqueValidationConfig,
} from './opaque-validator.ts';
import type { TokenValidator } from './token-validator.ts';

/** How access tokens are validated: exactly one mode. */
export type TokenValidationConfig = JwtValidationConfig | OpaqueValidationConfig;

/** The bindings the token modes read; see README, "Configuration". */
export type TokenSettings = JwtSettings & OpaqueSettings;

/**
 * Chooses the token mode from which settings are present (any of OAUTH_JWKS_URL, OAUTH_ISSUER,
 * OAUTH_AUDIENCE: JWT; OAUTH_USERINFO_URL: opaque; never both) and parses that mode's settings.
 * OAUTH_REQUIRE_AT_JWT in opaque mode is refused rather than ignored: it would promise a check
 * that opaque tokens cannot have.
 * @throws {ConfigError} `CONFIG_INVALID`, naming the first setting that is missing, malformed or
 *   in conflict, or a development setting (`LWA_TOKENINFO_URL`) when `options.allowDevelopmentTrust`
 *   is false.
 */
export function parseTokenSettings(env: TokenSettings, options: DevelopmentTrustOption = {}): TokenValidationConfig {
  // Refused in either mode: JWT mode would otherwise ignore it silently.
  if (options.allowDevelopmentTrust === false && text(env, 'LWA_TOKENINFO_URL') !== undefined) throw developmentOnly('LWA_TOKENINFO_URL');
  const jwtSet = JWT_SETTINGS.filter((name) => text(env, name) !== undefined);
  const opaqueSet = text(env, OPAQUE_SETTING) !== undefined;
  if (jwtSet.length > 0 && opaqueSet) {
    throw new ConfigError(OPAQUE_SETTING, `cannot be combined with ${jwtSet.join(', ')}: configure one token mode`);
  }
  if (jwtSet.length > 0) return parseJwtSettings(env);
  if (opaqueSet && text(env, REQUIRE_AT_JWT_SETTING) !== undefined) {
    throw new ConfigError(REQUIRE_AT_JWT_SETTING, 'only applies to JWT access tokens (OAUTH_JWKS_URL, OAUTH_ISSUER, OAUTH_AUDIENCE)');
  }
  if (opaqueSet) return parseOpaqueSettings(env, options);
  throw new ConfigError(
    OPAQUE_SETTING,
    'no token validation configured: set OAUTH_USERINFO_URL (opaque tokens) or OAUTH_JWKS_URL, OAUTH_ISSUER and OAUTH_AUDIENCE (JWT)',
  );
}

/** What a validator may use besides its settings: injected, so the core stays pure. */
export interface ValidatorDeps {
  readonly fetch: typeof fetch;
  /** Where JWT mode keeps the provider's key set across isolates. */
  readonly kv: KVNamespace;
  /** Timeout of each call to the provider, in milliseconds. */
  readonly timeoutMs: number;
  readonly log: Logger;
}

/** The validator for the configured mode: {@link JwtValidator} or {@link OpaqueValidator}. */
export function createTokenValidator(config: TokenValidationConfig, deps: ValidatorDeps): TokenValidator {
  switch (config.mode) {
    case 'jwt':
      return new JwtValidator({ config, fetch: deps.fetch, kv: deps.kv, timeoutMs: deps.timeoutMs, log: deps.log });
    case 'opaque':
      return new OpaqueValidator(config, { fetch: deps.fetch, timeoutMs: deps.timeoutMs });
  }
}
