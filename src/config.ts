import {
  ConfigError,
  DEFAULT_PROVIDER_TIMEOUT_MS,
  httpsUrl,
  integer,
  parseTokenSettings,
  withSettingNames,
  type TokenValidationConfig,
} from 'alexa-skill-workers/linking';
import { parseVerifierOptions, type VerifierConfig } from 'alexa-skill-workers/verify';

export { ConfigError };
export type { JwtValidationConfig, OpaqueValidationConfig, TokenValidationConfig } from 'alexa-skill-workers/linking';

/** Configuration parsed once per isolate from the Worker's bindings; nothing else reads `env`. */
export interface Config {
  /** Request verification: skill IDs, trusted roots, the local chain (see the kit's `verify` entry). */
  readonly verification: VerifierConfig;
  /** Workers KV namespace for certificates, validated tokens with profiles, and skill attributes. */
  readonly cache: KVNamespace;
  /** How access tokens are validated: exactly one mode. */
  readonly tokens: TokenValidationConfig;
  /** The Ride Hailer profile API (`GET`, bearer token). */
  readonly profileUrl: string;
  /** Where rides are ordered (`POST`, bearer token). */
  readonly ridesUrl: string;
  /** Upper bound on how long a validated token and its profile are cached, in seconds. */
  readonly tokenCacheMaxTtlSeconds: number;
  /** Timeout of each call to the OAuth provider or the Ride Hailer API, in milliseconds. */
  readonly providerTimeoutMs: number;
  /**
   * Voice-forward account linking: an unlinked user on a gated intent is handed to Amazon's linking
   * skill (`Connections.StartConnection`) instead of getting a LinkAccount card. Login with Amazon only.
   */
  readonly voiceAccountLinking: boolean;
}

/** Default cap on cached tokens: see README, "What is cached, and where". */
export const DEFAULT_TOKEN_CACHE_MAX_TTL_SECONDS = 900;
/** The bindings the Worker reads; see README, "Configuration". */
export interface SkillEnv {
  ALEXA_SKILL_ID?: string;
  ALEXA_TRUSTED_ROOTS_PEM?: string;
  ALEXA_DEV_CERT_CHAIN_PEM?: string;
  CACHE?: KVNamespace;
  OAUTH_JWKS_URL?: string;
  OAUTH_ISSUER?: string;
  OAUTH_AUDIENCE?: string;
  OAUTH_JWT_ALGORITHMS?: string;
  OAUTH_REQUIRE_AT_JWT?: string;
  OAUTH_USERINFO_URL?: string;
  LWA_CLIENT_ID?: string;
  LWA_TOKENINFO_URL?: string;
  PROFILE_URL?: string;
  RIDES_URL?: string;
  TOKEN_CACHE_MAX_TTL_SECONDS?: string;
  PROVIDER_TIMEOUT_MS?: string;
  VOICE_ACCOUNT_LINKING?: string;
}

/** The verifier's options as the Worker's bindings name them (errors name the binding). */
const VERIFIER_SETTINGS = {
  skillId: 'ALEXA_SKILL_ID',
  trustedRootsPem: 'ALEXA_TRUSTED_ROOTS_PEM',
  devCertChainPem: 'ALEXA_DEV_CERT_CHAIN_PEM',
} as const;

/**
 * Whether this build honours the development trust settings (ALEXA_TRUSTED_ROOTS_PEM,
 * ALEXA_DEV_CERT_CHAIN_PEM, LWA_TOKENINFO_URL): wrangler.toml's `define`, false in `[env.production]`,
 * so no secret or dashboard variable can make a deployed Worker trust a development CA.
 */
const DEVELOPMENT_TRUST: boolean = __DEVELOPMENT_TRUST__;

/**
 * Parses and validates the Worker's bindings.
 * @throws {ConfigError} `CONFIG_INVALID`, naming the first setting that is missing or malformed, or
 *   a development trust setting that a production build refuses (never quoting its value).
 */
export function parseConfig(env: SkillEnv): Config {
  const development = { allowDevelopmentTrust: DEVELOPMENT_TRUST };
  const verification = withSettingNames(VERIFIER_SETTINGS, () =>
    parseVerifierOptions({
      skillId: env.ALEXA_SKILL_ID,
      trustedRootsPem: env.ALEXA_TRUSTED_ROOTS_PEM,
      devCertChainPem: env.ALEXA_DEV_CERT_CHAIN_PEM,
      ...development,
    }),
  );

  const cache = env.CACHE;
  if (!cache || typeof cache.get !== 'function') {
    throw new ConfigError('CACHE', 'KV namespace binding is missing; declare it in wrangler.toml');
  }

  const tokens = parseTokenSettings(env, development);
  return {
    verification,
    cache,
    tokens,
    profileUrl: httpsUrl(env, 'PROFILE_URL'),
    ridesUrl: httpsUrl(env, 'RIDES_URL'),
    tokenCacheMaxTtlSeconds: integer(env, 'TOKEN_CACHE_MAX_TTL_SECONDS', DEFAULT_TOKEN_CACHE_MAX_TTL_SECONDS, 1, 86_400),
    providerTimeoutMs: integer(env, 'PROVIDER_TIMEOUT_MS', DEFAULT_PROVIDER_TIMEOUT_MS, 100, 5000),
    voiceAccountLinking: voiceAccountLinking(env, tokens),
  };
}

/**
 * `VOICE_ACCOUNT_LINKING`: `true` or `false` (the default). Amazon offers voice-forward linking only
 * when the skill's account linking uses Login with Amazon, so `true` needs opaque mode with
 * `LWA_CLIENT_ID` (the LWA tokeninfo audience check).
 * @see https://developer.amazon.com/en-US/docs/alexa/account-linking/use-voice-forward-account-linking.html (prerequisites)
 * @throws {ConfigError} naming `VOICE_ACCOUNT_LINKING` for any other value, or `true` without Login with Amazon.
 */
function voiceAccountLinking(env: SkillEnv, tokens: TokenValidationConfig): boolean {
  const value = env.VOICE_ACCOUNT_LINKING?.trim();
  if (value === undefined || value === '' || value === 'false') return false;
  if (value !== 'true') throw new ConfigError('VOICE_ACCOUNT_LINKING', 'must be "true" or "false"');
  if (tokens.mode !== 'opaque' || tokens.lwaClientId === undefined) {
    throw new ConfigError(
      'VOICE_ACCOUNT_LINKING',
      'voice-forward account linking needs Login with Amazon: opaque mode (OAUTH_USERINFO_URL) with LWA_CLIENT_ID',
    );
  }
  return true;
}
