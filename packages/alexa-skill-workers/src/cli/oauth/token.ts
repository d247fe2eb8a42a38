/**
 * The token request (RFC 6749 §4.1.3 the code exchange, §6 refreshing), with the client's
 * credentials the way `accessTokenScheme` says: HTTP Basic (RFC 6749 §2.3.1, each part
 * form-encoded) or in the form body. Amazon: "Configure an Authorization Code Grant",
 * https://developer.amazon.com/en-US/docs/alexa/account-linking/configure-authorization-code-grant.html
 * `certify` judges the raw answer ({@link tokenRequest}); `link` and the simulator's refresh take
 * it as tokens ({@link requestTokens}), refusing an answer that is not one.
 */
import { describeFailure, timedFetch, type Net, type Timed } from '../net.ts';
import { LinkError } from './errors.ts';

export type TokenScheme = 'HTTP_BASIC' | 'REQUEST_BODY_CREDENTIALS';

/** A client of a provider's token endpoint. The secret is sent, never printed. */
export interface TokenClient {
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly scheme: TokenScheme;
  readonly net: Net;
  /** How long the endpoint has to answer; Alexa allows 4.5 s ({@link TOKEN_DEADLINE_MS}). */
  readonly deadlineMs: number;
}

/** Alexa waits this long for a token answer (Amazon's account-linking FAQ: "must respond within 4.5 seconds"). */
export const TOKEN_DEADLINE_MS = 4500;

/** Tokens as the simulated device keeps them. */
export interface LinkedTokens {
  accessToken: string;
  refreshToken: string | undefined;
  /** ms since epoch */
  expiresAt: number;
  /** How it was obtained: `implicit` tokens have no refresh token and cannot be renewed. Absent in older state files: code. */
  grant?: 'code' | 'implicit';
}

/** Posts a token request with the client's credentials as `scheme` says (RFC 6749 §2.3.1). Never throws. */
export function tokenRequest(c: TokenClient, form: Record<string, string>, secret = c.clientSecret, scheme = c.scheme): Promise<Timed> {
  const body = new URLSearchParams(form);
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  if (scheme === 'HTTP_BASIC') {
    headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(c.clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`;
  } else {
    body.set('client_id', c.clientId);
    body.set('client_secret', secret);
  }
  return timedFetch(c.net, c.tokenUrl, { method: 'POST', headers, body }, c.deadlineMs);
}

/** The JSON object a token endpoint answered, or undefined when the body is not one. */
export function tokenJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `form` sent to the token endpoint, the answer read as tokens (RFC 6749 §5.1): `access_token`, an
 * optional `refresh_token` (a refresh answer without one keeps `keepRefresh`), `expires_in` (else
 * `defaultTtlSeconds`). `now` is epoch ms.
 * @throws {LinkError} PROVIDER_UNREACHABLE (no answer at all), TOKEN_REFUSED (an OAuth error, a
 *   non-2xx status, or no answer within the deadline), TOKEN_GARBAGE (no JSON
 *   object, or no `access_token`), TOKEN_TYPE_UNSUPPORTED (a `token_type` other than Bearer).
 */
export async function requestTokens(
  c: TokenClient, form: Record<string, string>, now: () => number, options: { readonly keepRefresh?: string; readonly defaultTtlSeconds?: number } = {},
): Promise<LinkedTokens> {
  const answer = await tokenRequest(c, form);
  const at = new URL(c.tokenUrl).origin;
  if (answer.kind !== 'answered') {
    const code = answer.kind === 'late' ? 'TOKEN_REFUSED' : 'PROVIDER_UNREACHABLE';
    throw new LinkError(code, `the token endpoint at ${at} did not answer: ${describeFailure(answer, c.deadlineMs)}`);
  }
  const json = tokenJson(answer.text);
  const status = answer.response.status;
  if (status < 200 || status >= 300) {
    const error = typeof json?.error === 'string' ? ` ${json.error}` : '';
    throw new LinkError('TOKEN_REFUSED', `the token endpoint at ${at} refused the ${form.grant_type} request: ${status}${error}`);
  }
  if (!json) {
    const type = answer.response.headers.get('content-type') ?? 'no content type';
    throw new LinkError('TOKEN_GARBAGE', `the token endpoint at ${at} answered ${status} with no JSON object (${type})`);
  }
  if (typeof json.access_token !== 'string' || json.access_token === '') {
    throw new LinkError('TOKEN_GARBAGE', `the token endpoint at ${at} answered ${status} without an access_token`);
  }
  if (json.token_type !== undefined && (typeof json.token_type !== 'string' || json.token_type.toLowerCase() !== 'bearer')) {
    throw new LinkError('TOKEN_TYPE_UNSUPPORTED', `the token endpoint at ${at} answered token_type ${JSON.stringify(json.token_type)}; Alexa sends Bearer tokens`);
  }
  const expiresIn = Number(json.expires_in);
  const ttl = Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : (options.defaultTtlSeconds ?? 3600);
  return {
    accessToken: json.access_token,
    refreshToken: typeof json.refresh_token === 'string' && json.refresh_token !== '' ? json.refresh_token : options.keepRefresh,
    expiresAt: now() + ttl * 1000,
    grant: 'code',
  };
}

/**
 * Exchanges an authorization code as Alexa does (RFC 6749 §4.1.3, with the PKCE verifier, RFC 7636 §4.5).
 * @throws as {@link requestTokens}.
 */
export function exchangeCode(c: TokenClient, code: string, redirectUri: string, verifier: string, now: () => number): Promise<LinkedTokens> {
  const form: Record<string, string> = { grant_type: 'authorization_code', code, redirect_uri: redirectUri };
  if (verifier) form.code_verifier = verifier;
  return requestTokens(c, form, now);
}

/**
 * Uses the refresh token, as Alexa does when the access token has expired (RFC 6749 §6). A token
 * from the implicit grant has none: see `renewal` (implicit.ts), which keeps the simulator from trying.
 * @throws {LinkError} TOKEN_REFUSED when there is no refresh token; otherwise as {@link requestTokens}.
 */
export function refreshTokens(c: TokenClient, tokens: LinkedTokens, now: () => number): Promise<LinkedTokens> {
  if (!tokens.refreshToken) throw new LinkError('TOKEN_REFUSED', 'no refresh token (an implicit grant cannot be refreshed): link again');
  return requestTokens(c, { grant_type: 'refresh_token', refresh_token: tokens.refreshToken }, now, { keepRefresh: tokens.refreshToken });
}
