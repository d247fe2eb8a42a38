import { ConfigError, developmentOnly, httpsUrl, text, type DevelopmentTrustOption } from '../settings.ts';
import { isRecord } from '../lib/json.ts';
import { LinkingError } from './errors.ts';
import { callWithToken, fetchJson, type ProviderCall } from './provider-http.ts';
import type { RestOfValidation, TokenValidator, ValidatedToken } from './token-validator.ts';
import type { RequestContext } from '../context.ts';

/** Login with Amazon's token introspection endpoint. */
export const LWA_TOKENINFO_URL = 'https://api.amazon.com/auth/o2/tokeninfo';

/** Opaque access tokens validated by the provider's userinfo endpoint (RFC 6750 bearer use). */
export interface OpaqueValidationConfig {
  readonly mode: 'opaque';
  readonly userinfoUrl: string;
  /** When set (Login with Amazon), the token's audience must be this client ID. */
  readonly lwaClientId: string | undefined;
  /** Local simulation only: where tokeninfo is asked instead of {@link LWA_TOKENINFO_URL} (a loopback URL). */
  readonly lwaTokeninfoUrl?: string;
}

/** The setting that selects opaque mode. */
export const OPAQUE_SETTING = 'OAUTH_USERINFO_URL';

/** The bindings opaque mode reads; see README, "Configuration". */
export interface OpaqueSettings {
  readonly OAUTH_USERINFO_URL?: string;
  readonly LWA_CLIENT_ID?: string;
  readonly LWA_TOKENINFO_URL?: string;
}

/**
 * Parses opaque mode's settings; the caller has chosen the mode (packages/alexa-skill-workers/src/linking/token-mode.ts).
 * `LWA_TOKENINFO_URL` is for local simulation (a stand-in for Login with Amazon on this machine):
 * only a loopback URL, and only with `LWA_CLIENT_ID`, so a deployed Worker cannot be pointed at
 * another tokeninfo; with `allowDevelopmentTrust: false` (a production build) not at all, so the
 * audience is always Login with Amazon's own answer ({@link LWA_TOKENINFO_URL}).
 * @see https://developer.amazon.com/docs/login-with-amazon/obtain-customer-profile.html (tokeninfo)
 * @throws {ConfigError} `CONFIG_INVALID` naming OAUTH_USERINFO_URL when it is not an https URL, or
 *   LWA_TOKENINFO_URL when it is set in a build that refuses development trust, is not loopback, or
 *   comes without LWA_CLIENT_ID.
 */
export function parseOpaqueSettings(env: OpaqueSettings, options: DevelopmentTrustOption = {}): OpaqueValidationConfig {
  const config: OpaqueValidationConfig = { mode: 'opaque', userinfoUrl: httpsUrl(env, OPAQUE_SETTING), lwaClientId: text(env, 'LWA_CLIENT_ID') };
  const tokeninfo = text(env, 'LWA_TOKENINFO_URL');
  if (tokeninfo === undefined) return config;
  if (options.allowDevelopmentTrust === false) throw developmentOnly('LWA_TOKENINFO_URL');
  if (config.lwaClientId === undefined) throw new ConfigError('LWA_TOKENINFO_URL', 'only applies with LWA_CLIENT_ID');
  if (!isLoopbackUrl(tokeninfo)) throw new ConfigError('LWA_TOKENINFO_URL', 'local simulation only: must be an http(s) URL on localhost or 127.0.0.1');
  return { ...config, lwaTokeninfoUrl: tokeninfo };
}

function isLoopbackUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && (url.hostname === 'localhost' || url.hostname === '127.0.0.1');
  } catch {
    return false;
  }
}

/**
 * Validates opaque access tokens (Login with Amazon's `Atza|…`, or a provider's own format) by
 * calling the provider's userinfo endpoint with the token as a bearer credential (RFC 6750 §2.1):
 * 2xx is valid, 401/403 invalid. With `lwaClientId`, Login with Amazon's tokeninfo is asked first
 * and must say the token was issued to that client (`aud`); only then do userinfo and the skill's
 * service see it, so a token minted for another app reaches nothing but tokeninfo (Amazon,
 * "Obtain Customer Profile Information", which checks tokeninfo's `aud` before the profile call:
 * https://developer.amazon.com/docs/login-with-amazon/obtain-customer-profile.html).
 */
export class OpaqueValidator implements TokenValidator {
  constructor(
    private readonly config: OpaqueValidationConfig,
    private readonly call: ProviderCall,
  ) {}

  /**
   * The gate: with `lwaClientId`, tokeninfo and its `aud`; otherwise nothing. The rest is userinfo.
   * @throws {LinkingError} `TOKEN_INVALID` (tokeninfo refused the token, or it was issued to another
   *   client), `PROVIDER_UNAVAILABLE` (tokeninfo failed)
   */
  async admit(token: string, ctx: RequestContext): Promise<RestOfValidation> {
    if (this.config.lwaClientId === undefined) return () => this.#userinfo(token, undefined);
    const tokeninfo = await this.#tokeninfo(token);
    if (tokeninfo.aud !== this.config.lwaClientId) {
      throw new LinkingError('TOKEN_INVALID', 'token was issued to another client (aud)');
    }
    // tokeninfo's `exp` is the token's remaining life, in seconds.
    const expiresAt = typeof tokeninfo.exp === 'number' ? ctx.now.getTime() + tokeninfo.exp * 1000 : undefined;
    return () => this.#userinfo(token, expiresAt);
  }

  /** @throws {LinkingError} `TOKEN_INVALID`, `PROVIDER_UNAVAILABLE` */
  async validate(token: string, ctx: RequestContext): Promise<ValidatedToken> {
    return (await this.admit(token, ctx))();
  }

  async #userinfo(token: string, expiresAt: number | undefined): Promise<ValidatedToken> {
    const info = asRecord((await callWithToken(this.call, this.config.userinfoUrl, token)).body);
    const subject = [info.sub, info.user_id, info.id].find((v): v is string => typeof v === 'string');
    return { subject, expiresAt, claims: info };
  }

  async #tokeninfo(token: string): Promise<Record<string, unknown>> {
    const url = `${this.config.lwaTokeninfoUrl ?? LWA_TOKENINFO_URL}?access_token=${encodeURIComponent(token)}`;
    // tokeninfo answers 400 invalid_token for a bad token.
    const { body } = await fetchJson(this.call, url, { method: 'GET' }, [400, 401, 403]);
    return asRecord(body);
  }
}

function asRecord(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}
