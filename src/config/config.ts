import type { AlexaVerifierOptions } from 'alexa-skill-workers';
import { ConfigError } from 'alexa-skill-workers/errors';
import { DEFAULT_MAX_TTL_SECONDS, DEFAULT_PROVIDER_TIMEOUT_MS } from 'alexa-skill-workers/linking';
import { flag, httpsUrl, integer } from './settings.ts';
import { parseTokenSettings, type TokenConfig } from './tokens.ts';

export { ConfigError };

/** Configuration parsed once per isolate from the Worker's bindings; nothing else reads `env`. */
export interface Config {
  /**
   * The verifier's options as the bindings give them (skill IDs, and in development the trusted
   * roots and the served chain); the kit checks them when the verifier is made, naming the binding
   * ({@link VERIFIER_SETTING_NAMES}).
   */
  readonly verifier: Pick<AlexaVerifierOptions, 'skillId' | 'trustedRootsPem' | 'devCertChainPem' | 'allowDevelopmentTrust' | 'certificateCacheSecret'>;
  /** Workers KV namespace for certificates, validated tokens with profiles, and skill attributes. */
  readonly cache: KVNamespace;
  /** How access tokens are validated: exactly one mode. */
  readonly tokens: TokenConfig;
  /** Whether this build accepts the development trust settings (see {@link DEVELOPMENT_TRUST}). */
  readonly allowDevelopmentTrust: boolean;
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

/** The bindings the Worker reads; see README, "Configuration". */
export interface SkillEnv {
  ALEXA_SKILL_ID?: string;
  ALEXA_TRUSTED_ROOTS_PEM?: string;
  ALEXA_DEV_CERT_CHAIN_PEM?: string;
  ALEXA_CERT_CACHE_SECRET?: string;
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
export const VERIFIER_SETTING_NAMES = {
  skillId: 'ALEXA_SKILL_ID',
  trustedRootsPem: 'ALEXA_TRUSTED_ROOTS_PEM',
  devCertChainPem: 'ALEXA_DEV_CERT_CHAIN_PEM',
  certificateCacheSecret: 'ALEXA_CERT_CACHE_SECRET',
} as const;

/**
 * Whether this build honours the development trust settings (ALEXA_TRUSTED_ROOTS_PEM,
 * ALEXA_DEV_CERT_CHAIN_PEM, LWA_TOKENINFO_URL) and calls a loopback `apiEndpoint` (a local stand-in
 * for Alexa's service APIs): wrangler.toml's `define`, false in `[env.production]`,
 * so no secret or dashboard variable can make a deployed Worker trust a development CA.
 */
const DEVELOPMENT_TRUST: boolean = __DEVELOPMENT_TRUST__;

/**
 * Parses and validates the Worker's bindings.
 * @throws {ConfigError} `CONFIG_INVALID`, naming the first setting that is missing or malformed, or
 *   a development trust setting that a production build refuses (never quoting its value).
 */
export function parseConfig(env: SkillEnv): Config {
  const allowDevelopmentTrust = DEVELOPMENT_TRUST;
  const verifier = {
    skillId: env.ALEXA_SKILL_ID,
    trustedRootsPem: env.ALEXA_TRUSTED_ROOTS_PEM,
    devCertChainPem: env.ALEXA_DEV_CERT_CHAIN_PEM,
    certificateCacheSecret: env.ALEXA_CERT_CACHE_SECRET,
    allowDevelopmentTrust,
  };

  const cache = env.CACHE;
  if (!cache || typeof cache.get !== 'function') {
    throw new ConfigError('CACHE', 'KV namespace binding is missing; declare it in wrangler.toml');
  }

  const tokens = parseTokenSettings(env, { allowDevelopmentTrust });
  return {
    verifier,
    cache,
    tokens,
    allowDevelopmentTrust,
    profileUrl: httpsUrl(env, 'PROFILE_URL'),
    ridesUrl: httpsUrl(env, 'RIDES_URL'),
    tokenCacheMaxTtlSeconds: integer(env, 'TOKEN_CACHE_MAX_TTL_SECONDS', DEFAULT_MAX_TTL_SECONDS, 1, 86_400),
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
function voiceAccountLinking(env: SkillEnv, tokens: TokenConfig): boolean {
  if (!flag(env, 'VOICE_ACCOUNT_LINKING')) return false;
  if (tokens.mode !== 'lwa') {
    throw new ConfigError(
      'VOICE_ACCOUNT_LINKING',
      'voice-forward account linking needs Login with Amazon: opaque mode (OAUTH_USERINFO_URL) with LWA_CLIENT_ID',
    );
  }
  return true;
}
