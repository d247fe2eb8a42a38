import { AppError } from '../errors';
import { AMAZON_ROOTS_PEM } from '../verification/amazon-roots';
import { lazyTrustAnchors, parseTrustAnchors, type TrustAnchor } from '../verification/chain';

/** The one error configuration parsing throws; `setting` names the variable or binding at fault. */
export class ConfigError extends AppError<'CONFIG_INVALID'> {
  override readonly name = 'ConfigError';
  readonly code = 'CONFIG_INVALID' as const;

  constructor(
    readonly setting: string,
    problem: string,
  ) {
    super(`${setting}: ${problem}`);
  }
}

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

/** JWT access tokens verified locally against the provider's JWKS (RFC 7519, RFC 7517). */
export interface JwtValidationConfig {
  readonly mode: 'jwt';
  readonly jwksUrl: string;
  readonly issuer: string;
  readonly audience: string;
  readonly algorithms: readonly string[];
}

/** Opaque access tokens validated by the provider's userinfo endpoint (RFC 6750 bearer use). */
export interface OpaqueValidationConfig {
  readonly mode: 'opaque';
  readonly userinfoUrl: string;
  /** When set (Login with Amazon), the token's audience must be this client ID. */
  readonly lwaClientId: string | undefined;
}

export type TokenValidationConfig = JwtValidationConfig | OpaqueValidationConfig;

/** Default cap on cached tokens: see README, "What is cached, and where". */
export const DEFAULT_TOKEN_CACHE_MAX_TTL_SECONDS = 900;
/** Default per-call provider timeout: two sequential calls plus a certificate fetch stay under 7 s. */
export const DEFAULT_PROVIDER_TIMEOUT_MS = 2000;
/** Asymmetric JWS algorithms a JWKS can serve; `none` and HMAC are never accepted. */
const JWT_ALGORITHMS = new Set(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA']);

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
    tokens: parseTokenValidation(env),
    profileUrl: httpsUrl(env, 'PROFILE_URL'),
    ridesUrl: httpsUrl(env, 'RIDES_URL'),
    tokenCacheMaxTtlSeconds: integer(env, 'TOKEN_CACHE_MAX_TTL_SECONDS', DEFAULT_TOKEN_CACHE_MAX_TTL_SECONDS, 1, 86_400),
    providerTimeoutMs: integer(env, 'PROVIDER_TIMEOUT_MS', DEFAULT_PROVIDER_TIMEOUT_MS, 100, 5000),
  };
}

function parseTokenValidation(env: SkillEnv): TokenValidationConfig {
  const jwtSettings = ['OAUTH_JWKS_URL', 'OAUTH_ISSUER', 'OAUTH_AUDIENCE'] as const;
  const jwtSet = jwtSettings.filter((name) => text(env, name) !== undefined);
  const opaqueSet = text(env, 'OAUTH_USERINFO_URL') !== undefined;
  if (jwtSet.length > 0 && opaqueSet) {
    throw new ConfigError('OAUTH_USERINFO_URL', `cannot be combined with ${jwtSet.join(', ')}: configure one token mode`);
  }
  if (jwtSet.length > 0) {
    const missing = jwtSettings.find((name) => !jwtSet.includes(name));
    if (missing) throw new ConfigError(missing, 'is required in JWT mode (with OAUTH_JWKS_URL, OAUTH_ISSUER, OAUTH_AUDIENCE)');
    if (text(env, 'LWA_CLIENT_ID') !== undefined) {
      throw new ConfigError('LWA_CLIENT_ID', 'only applies to opaque Login with Amazon tokens (OAUTH_USERINFO_URL)');
    }
    const algorithms = (text(env, 'OAUTH_JWT_ALGORITHMS') ?? 'RS256,ES256').split(',').map((a) => a.trim());
    const bad = algorithms.find((alg) => !JWT_ALGORITHMS.has(alg));
    if (bad !== undefined) {
      throw new ConfigError('OAUTH_JWT_ALGORITHMS', `"${bad}" is not an accepted asymmetric JWS algorithm`);
    }
    return {
      mode: 'jwt',
      jwksUrl: httpsUrl(env, 'OAUTH_JWKS_URL'),
      issuer: text(env, 'OAUTH_ISSUER')!,
      audience: text(env, 'OAUTH_AUDIENCE')!,
      algorithms,
    };
  }
  if (opaqueSet) {
    return { mode: 'opaque', userinfoUrl: httpsUrl(env, 'OAUTH_USERINFO_URL'), lwaClientId: text(env, 'LWA_CLIENT_ID') };
  }
  throw new ConfigError(
    'OAUTH_USERINFO_URL',
    'no token validation configured: set OAUTH_USERINFO_URL (opaque tokens) or OAUTH_JWKS_URL, OAUTH_ISSUER and OAUTH_AUDIENCE (JWT)',
  );
}

function text(env: SkillEnv, name: keyof SkillEnv): string | undefined {
  const value = env[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** A required absolute https URL (plain http only for this machine, for local development). */
function httpsUrl(env: SkillEnv, name: keyof SkillEnv): string {
  const value = text(env, name);
  if (value === undefined) throw new ConfigError(name, 'is not set');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(name, `"${value}" is not an absolute URL`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname))) {
    throw new ConfigError(name, 'must be an https URL (http only for localhost)');
  }
  return url.href;
}

function integer(env: SkillEnv, name: keyof SkillEnv, fallback: number, min: number, max: number): number {
  const value = text(env, name);
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max}`);
  }
  return parsed;
}
