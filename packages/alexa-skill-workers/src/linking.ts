/**
 * `alexa-skill-workers/linking`: turns the account-linking token Alexa sends into your user, once:
 * token validators (JWT with a JWKS, opaque tokens with a userinfo endpoint, Login with Amazon),
 * each built the same way (`new X(options)`), and the account service that caches what they
 * learn in isolate memory and Workers KV (keys are hashes, never tokens). See the package README.
 * @packageDocumentation
 */
export {
  AccountService,
  DEFAULT_MAX_TTL_SECONDS,
  type AccountProblem,
  type AccountServiceOptions,
  type AccountStatus,
  type LinkedAccount,
  type ProfileSource,
  type ResolveContext,
  type TokenCall,
  type TokenUseResult,
} from './linking/account-service.ts';
export type { LinkedToken } from './linking/linked-token.ts';
export type { CachedAccount, TokenOwner } from './linking/token-cache.ts';
export type { RestOfValidation, TokenValidator, ValidatedToken } from './linking/token-validator.ts';
export { AT_JWT_TYP, JwtValidator, type JwtValidatorOptions } from './linking/jwt-validator.ts';
export {
  LoginWithAmazonValidator,
  OpaqueValidator,
  type LoginWithAmazonValidatorOptions,
  type OpaqueValidatorOptions,
} from './linking/opaque-validator.ts';
export { profileFromClaims } from './linking/profile-from-claims.ts';
export { DEFAULT_PROVIDER_TIMEOUT_MS, callWithToken, type ProviderCall } from './linking/provider-http.ts';
