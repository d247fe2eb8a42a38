import { parseTokenSettings, type TokenValidationConfig } from './kit/linking/token-mode.ts';
import { AMAZON_ROOTS_PEM } from './kit/verification/amazon-roots.ts';
import { lazyTrustAnchors, parseTrustAnchors, type TrustAnchor } from './kit/verification/chain.ts';
import { ConfigError, httpsUrl, integer } from './kit/settings.ts';

export { ConfigError } from './kit/settings.ts';
export type { JwtValidationConfig } from './kit/linking/jwt-validator.ts';
export type { OpaqueValidationConfig } from './kit/linking/opaque-validator.ts';
export type { TokenValidationConfig } from './kit/linking/token-mode.ts';

/** Configuration parsed once per isolate from the Worker's bindings; nothing else reads `env`. */
export interface Config {
  /** Skill IDs whose requests this endpoint answers (`context.System.application.applicationId`). */
  readonly skillIds: ReadonlySet<string>;
  /** The roots a certificate chain must reach: the bundled Amazon roots, or the override. */
  readonly trustAnchors: readonly TrustAnchor[];
  /** True when ALEXA_TRUSTED_ROOTS_PEM replaced the bundled roots (tests and local simulation only). */
  readonly rootsOverridden: boolean;
  /**
   * Local simulation only: the PEM chain served for certificate URLs instead of downloading it
   * from S3. URLs must still pass Amazon's rules, and the chain must still reach a trusted root.
   */
  readonly devCertChainPem: string | undefined;
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
}

/** Default cap on cached tokens: see README, "What is cached, and where". */
export const DEFAULT_TOKEN_CACHE_MAX_TTL_SECONDS = 900;
/** Default per-call provider timeout: two sequential calls plus a certificate fetch stay under 7 s. */
export const DEFAULT_PROVIDER_TIMEOUT_MS = 2000;
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
  OAUTH_USERINFO_URL?: string;
  LWA_CLIENT_ID?: string;
  PROFILE_URL?: string;
  RIDES_URL?: string;
  TOKEN_CACHE_MAX_TTL_SECONDS?: string;
  PROVIDER_TIMEOUT_MS?: string;
}

const SKILL_ID = /^amzn1\.ask\.skill\.[0-9A-Za-z-]+$/;
const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----/;

/**
 * Parses and validates the Worker's bindings.
 * @throws {ConfigError} `CONFIG_INVALID`, naming the first setting that is missing or malformed.
 */
export function parseConfig(env: SkillEnv): Config {
  const rawIds = env.ALEXA_SKILL_ID?.trim();
  if (!rawIds) throw new ConfigError('ALEXA_SKILL_ID', 'is not set; set it to your skill ID (amzn1.ask.skill.…)');
  const ids = rawIds.split(',').map((id) => id.trim());
  const bad = ids.find((id) => !SKILL_ID.test(id));
  if (bad !== undefined) {
    throw new ConfigError('ALEXA_SKILL_ID', `"${bad}" is not a skill ID (expected amzn1.ask.skill.…, comma-separated)`);
  }

  const rawRoots = env.ALEXA_TRUSTED_ROOTS_PEM?.trim();
  const rootsOverridden = rawRoots !== undefined && rawRoots !== '';
  let trustAnchors: TrustAnchor[];
  if (rootsOverridden) {
    // Accept "\n" escapes so the PEM fits on one line in .dev.vars or a dashboard field.
    const pem = rawRoots.replace(/\\n/g, '\n');
    if (!PEM_CERTIFICATE.test(pem)) throw new ConfigError('ALEXA_TRUSTED_ROOTS_PEM', 'holds no PEM certificate');
    try {
      trustAnchors = parseTrustAnchors(pem);
    } catch {
      throw new ConfigError('ALEXA_TRUSTED_ROOTS_PEM', 'holds a certificate that does not parse');
    }
  } else {
    trustAnchors = lazyTrustAnchors(AMAZON_ROOTS_PEM);
  }

  const rawChain = env.ALEXA_DEV_CERT_CHAIN_PEM?.trim();
  let devCertChainPem: string | undefined;
  if (rawChain) {
    if (!rootsOverridden) {
      throw new ConfigError(
        'ALEXA_DEV_CERT_CHAIN_PEM',
        'is for local simulation and only works with ALEXA_TRUSTED_ROOTS_PEM set; remove it in production',
      );
    }
    devCertChainPem = rawChain.replace(/\\n/g, '\n');
    if (!PEM_CERTIFICATE.test(devCertChainPem)) throw new ConfigError('ALEXA_DEV_CERT_CHAIN_PEM', 'holds no PEM certificate');
  }

  const cache = env.CACHE;
  if (!cache || typeof cache.get !== 'function') {
    throw new ConfigError('CACHE', 'KV namespace binding is missing; declare it in wrangler.toml');
  }

  return {
    skillIds: new Set(ids),
    trustAnchors,
    rootsOverridden,
    devCertChainPem,
    cache,
    tokens: parseTokenSettings(env),
    profileUrl: httpsUrl(env, 'PROFILE_URL'),
    ridesUrl: httpsUrl(env, 'RIDES_URL'),
    tokenCacheMaxTtlSeconds: integer(env, 'TOKEN_CACHE_MAX_TTL_SECONDS', DEFAULT_TOKEN_CACHE_MAX_TTL_SECONDS, 1, 86_400),
    providerTimeoutMs: integer(env, 'PROVIDER_TIMEOUT_MS', DEFAULT_PROVIDER_TIMEOUT_MS, 100, 5000),
  };
}
