/**
 * The authorization request Alexa makes to a provider's authorization URI, with a fresh `state`
 * (RFC 6749 §10.12) and, for the code grant, a PKCE S256 pair (RFC 7636 §4.1-4.2); for the implicit
 * grant `response_type=token` and no PKCE. Amazon: "Configure an Authorization Code Grant",
 * https://developer.amazon.com/en-US/docs/alexa/account-linking/configure-authorization-code-grant.html
 * (Alexa calls the URI with state, client_id, response_type, scope and redirect_uri), and "Configure
 * an Implicit Grant", https://developer.amazon.com/en-US/docs/alexa/account-linking/configure-implicit-grant.html.
 * Used by `link` (to sign in) and by `certify` (to check the provider) alike.
 */

/** The account-linking grant type (`accountLinkingRequest.type`). */
export type GrantType = 'AUTH_CODE' | 'IMPLICIT';

export interface AuthorizationRequest {
  readonly url: string;
  readonly state: string;
  /** The PKCE code verifier, sent with the code exchange (empty for the implicit grant). */
  readonly verifier: string;
  readonly redirectUri: string;
  readonly grant: GrantType;
}

const b64url = (bytes: ArrayBuffer | Uint8Array) => Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString('base64url');

/** `n` random bytes, base64url. */
const random = (n: number) => b64url(crypto.getRandomValues(new Uint8Array(n)));

/** The S256 challenge of a PKCE verifier: BASE64URL(SHA-256(verifier)) (RFC 7636 §4.2). */
export async function s256(verifier: string): Promise<string> {
  return b64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
}

/**
 * The request to `authorizationUrl` (its own query kept) for `grant`: 128 bits of `state`, and for
 * AUTH_CODE a 256-bit PKCE verifier with its S256 challenge.
 */
export async function authorizationRequest(
  authorizationUrl: string, clientId: string, redirectUri: string, scopes: readonly string[], grant: GrantType = 'AUTH_CODE',
): Promise<AuthorizationRequest> {
  const state = random(16);
  const verifier = grant === 'AUTH_CODE' ? random(32) : '';
  const url = new URL(authorizationUrl);
  const pkce: Record<string, string> = grant === 'AUTH_CODE' ? { code_challenge: await s256(verifier), code_challenge_method: 'S256' } : {};
  for (const [k, v] of Object.entries<string>({
    response_type: grant === 'AUTH_CODE' ? 'code' : 'token', client_id: clientId, redirect_uri: redirectUri, scope: scopes.join(' '), state, ...pkce,
  })) url.searchParams.set(k, v);
  return { url: url.href, state, verifier, redirectUri, grant };
}
