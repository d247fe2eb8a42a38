/**
 * `alexa-skill-workers/linking`: turns the account-linking token Alexa sends into your user, once:
 * token validators (JWT with JWKS, opaque tokens with a userinfo endpoint, Login with Amazon), and
 * the two-layer cache (isolate memory, then Workers KV; keys are hashes). See README, "The kit".
 * @packageDocumentation
 */
export {
  AccountService,
  tokenWaitDeadlineMs,
  type AccountProblem,
  type AccountServiceOptions,
  type AccountStatus,
  type LinkedAccount,
  type ProfileSource,
  type TokenUseResult,
} from './linking/account-service.ts';
export type { LinkedToken } from './linking/linked-token.ts';
export {
  REFUSED_TTL_SECONDS,
  TokenCache,
  type CachedAccount,
  type TokenCacheOptions,
  type TokenOwner,
  type TokenRef,
} from './linking/token-cache.ts';
export type { RestOfValidation, TokenValidator, ValidatedToken } from './linking/token-validator.ts';
export { AT_JWT_TYP, JwtValidator, parseJwtSettings, type JwtSettings, type JwtValidationConfig, type JwtValidatorOptions } from './linking/jwt-validator.ts';
export {
  LWA_TOKENINFO_URL,
  OpaqueValidator,
  parseOpaqueSettings,
  type OpaqueSettings,
  type OpaqueValidationConfig,
} from './linking/opaque-validator.ts';
export { createTokenValidator, parseTokenSettings, type TokenSettings, type TokenValidationConfig, type ValidatorDeps } from './linking/token-mode.ts';
export { loginWithAmazon, LWA_PROFILE_URL, profileFromClaims } from './linking/presets.ts';
export { LinkingError, type LinkingCode } from './linking/errors.ts';
export { DEFAULT_PROVIDER_TIMEOUT_MS, callWithToken, type ProviderCall } from './linking/provider-http.ts';
export { ConfigError, httpsUrl, integer, text, withSettingNames, type DevelopmentTrustOption, type Settings } from './settings.ts';
export { isRecord, nonEmptyString } from './lib/json.ts';
export type { RequestContext, WaitUntil } from './context.ts';
