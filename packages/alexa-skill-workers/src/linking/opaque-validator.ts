import { ConfigError, developmentOnly, fetchOption, httpsUrl, numberOption, optionsObject, text } from '../core/options.ts';
import type { RequestContext } from '../core/context.ts';
import { isRecord } from '../lib/json.ts';
import { LinkingError } from './errors.ts';
import { callWithToken, DEFAULT_PROVIDER_TIMEOUT_MS, fetchJson, type ProviderCall } from './provider-http.ts';
import type { RestOfValidation, TokenValidator, ValidatedToken } from './token-validator.ts';

/** Login with Amazon's token introspection endpoint. */
export const LWA_TOKENINFO_URL = 'https://api.amazon.com/auth/o2/tokeninfo';
/** Login with Amazon's user profile endpoint (`user_id`, `name`, `email`, by the scopes granted). */
const LWA_PROFILE_URL = 'https://api.amazon.com/user/profile';

/** What {@link OpaqueValidator} needs; checked when it is created. */
export interface OpaqueValidatorOptions {
  /** The provider's userinfo endpoint (an https URL): 2xx for a valid bearer token, 401/403 otherwise. Required. */
  readonly userinfoUrl: string;
  /** Calls the provider; default `globalThis.fetch`, looked up at call time. */
  readonly fetch?: typeof fetch | undefined;
  /** Timeout of each call to the provider, in milliseconds (100 to 5000). Default {@link DEFAULT_PROVIDER_TIMEOUT_MS}. */
  readonly timeoutMs?: number | undefined;
}

/** What {@link LoginWithAmazonValidator} needs; checked when it is created. */
export interface LoginWithAmazonValidatorOptions {
  /** Your security profile's client ID (`amzn1.application-oa2-client.…`): tokens issued to another client are refused. Required. */
  readonly clientId: string;
  /** Where the token is used to read the user: default Login with Amazon's profile endpoint; your own service's userinfo otherwise. */
  readonly userinfoUrl?: string | undefined;
  /**
   * Local development only: where tokeninfo is asked instead of Login with Amazon's (a loopback
   * URL: a stand-in on this machine). Refused unless `allowDevelopmentTrust` is `true`.
   */
  readonly tokeninfoUrl?: string | undefined;
  /** Whether `tokeninfoUrl` is accepted at all. Default `false` (see the verifier's option of the same name). */
  readonly allowDevelopmentTrust?: boolean | undefined;
  readonly fetch?: typeof fetch | undefined;
  readonly timeoutMs?: number | undefined;
}

/**
 * Validates opaque access tokens (a provider's own format) by calling the provider's userinfo
 * endpoint with the token as a bearer credential (RFC 6750 §2.1): 2xx is valid, 401/403 invalid.
 * There is nothing to check before the token is sent: the userinfo call is the validation, and
 * the account service sends the token to the skill's own service (its profile API) alongside it.
 */
export class OpaqueValidator implements TokenValidator {
  readonly #userinfoUrl: string;
  readonly #call: ProviderCall;

  /** @throws {ConfigError} `CONFIG_INVALID` naming `userinfoUrl` or `timeoutMs`. */
  constructor(options: OpaqueValidatorOptions) {
    optionsObject(options, 'OpaqueValidator');
    this.#userinfoUrl = httpsUrl(options, 'userinfoUrl');
    this.#call = providerCall(options);
  }

  get timeoutMs(): number {
    return this.#call.timeoutMs;
  }

  /** No gate: the rest is the userinfo call. */
  admit(token: string): Promise<RestOfValidation> {
    return Promise.resolve(() => userinfo(this.#call, this.#userinfoUrl, token, undefined));
  }

  /** @throws {LinkingError} `TOKEN_INVALID`, `PROVIDER_UNAVAILABLE` */
  validate(token: string): Promise<ValidatedToken> {
    return userinfo(this.#call, this.#userinfoUrl, token, undefined);
  }
}

/**
 * Validates Login with Amazon access tokens (`Atza|…`): tokeninfo is asked first and must say the
 * token was issued to `clientId` (`aud`); only then do the userinfo endpoint and the skill's
 * service see it, so a token minted for another app reaches nothing but tokeninfo (Amazon, "Obtain
 * Customer Profile Information", which checks tokeninfo's `aud` before the profile call). The
 * token's expiry is tokeninfo's `exp` (seconds left).
 * @see https://developer.amazon.com/docs/login-with-amazon/obtain-customer-profile.html
 */
export class LoginWithAmazonValidator implements TokenValidator {
  readonly #clientId: string;
  readonly #userinfoUrl: string;
  readonly #tokeninfoUrl: string;
  readonly #call: ProviderCall;

  /** @throws {ConfigError} `CONFIG_INVALID` naming `clientId`, `userinfoUrl`, `tokeninfoUrl` or `timeoutMs`. */
  constructor(options: LoginWithAmazonValidatorOptions) {
    optionsObject(options, 'LoginWithAmazonValidator');
    const clientId = text(options, 'clientId');
    if (clientId === undefined) throw new ConfigError('clientId', "is not set; set it to your security profile's client ID (amzn1.application-oa2-client.…)");
    this.#clientId = clientId;
    this.#userinfoUrl = options.userinfoUrl === undefined ? LWA_PROFILE_URL : httpsUrl(options, 'userinfoUrl');
    this.#tokeninfoUrl = tokeninfoUrlOf(options);
    this.#call = providerCall(options);
  }

  get timeoutMs(): number {
    return this.#call.timeoutMs;
  }

  /**
   * The gate: tokeninfo and its `aud`. The rest is the userinfo call.
   * @throws {LinkingError} `TOKEN_INVALID` (tokeninfo refused the token, or it was issued to another
   *   client), `PROVIDER_UNAVAILABLE` (tokeninfo failed)
   */
  async admit(token: string, ctx: RequestContext): Promise<RestOfValidation> {
    const url = `${this.#tokeninfoUrl}?access_token=${encodeURIComponent(token)}`;
    // tokeninfo answers 400 invalid_token for a bad token.
    const tokeninfo = asRecord((await fetchJson(this.#call, url, { method: 'GET' }, [400, 401, 403])).body);
    if (tokeninfo.aud !== this.#clientId) throw new LinkingError('TOKEN_INVALID', 'token was issued to another client (aud)');
    const expiresAt = typeof tokeninfo.exp === 'number' ? ctx.now.getTime() + tokeninfo.exp * 1000 : undefined;
    return () => userinfo(this.#call, this.#userinfoUrl, token, expiresAt);
  }

  /** @throws {LinkingError} `TOKEN_INVALID`, `PROVIDER_UNAVAILABLE` */
  async validate(token: string, ctx: RequestContext): Promise<ValidatedToken> {
    return (await this.admit(token, ctx))();
  }
}

async function userinfo(call: ProviderCall, url: string, token: string, expiresAt: number | undefined): Promise<ValidatedToken> {
  const info = asRecord((await callWithToken(call, url, token)).body);
  const subject = [info.sub, info.user_id, info.id].find((v): v is string => typeof v === 'string');
  return { subject, expiresAt, claims: info };
}

function providerCall(options: { readonly fetch?: typeof fetch | undefined; readonly timeoutMs?: number | undefined }): ProviderCall {
  return { fetch: fetchOption(options.fetch), timeoutMs: numberOption(options, 'timeoutMs', DEFAULT_PROVIDER_TIMEOUT_MS, 100, 5000) };
}

/**
 * `tokeninfoUrl`: for local development (a stand-in for Login with Amazon on this machine), only a
 * loopback URL, and only with `allowDevelopmentTrust: true`, so a production Worker always asks
 * Login with Amazon itself about the audience.
 */
function tokeninfoUrlOf(options: LoginWithAmazonValidatorOptions): string {
  const url = text(options, 'tokeninfoUrl');
  if (url === undefined) return LWA_TOKENINFO_URL;
  if (options.allowDevelopmentTrust !== true) throw developmentOnly('tokeninfoUrl');
  if (!isLoopbackUrl(url)) throw new ConfigError('tokeninfoUrl', 'local development only: must be an http(s) URL on localhost or 127.0.0.1');
  return url;
}

function isLoopbackUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && (url.hostname === 'localhost' || url.hostname === '127.0.0.1');
  } catch {
    return false;
  }
}

function asRecord(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

