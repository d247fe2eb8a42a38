/**
 * The implicit grant (RFC 6749 §4.2), which @cloudflare/workers-oauth-provider 1.2 no longer has
 * (its docs/migration-1.x.md), made of the library's own pieces as Ride Hailer's demo service does:
 * the request is validated by `parseAuthRequest` as a code request (client, registered redirect
 * URI, scopes); on approval the provider issues a code and redeems it at its own token endpoint, in
 * process, with the client's credentials; the grant's props mark it implicit so no refresh token
 * is issued ({@link implicitTokenPolicy}). Only the access token reaches the browser, in the
 * redirect URI's fragment ("Configure an Implicit Grant",
 * https://developer.amazon.com/en-US/docs/alexa/account-linking/configure-implicit-grant.html).
 */
import type { AuthorizationError, AuthRequest, OAuthHelpers, TokenExchangeCallbackResult } from '@cloudflare/workers-oauth-provider';

/** Grant props: the user, and whether the grant came through the implicit flow. */
export interface GrantProps {
  readonly userId: string;
  readonly grant?: 'implicit';
}

/** The request with `response_type=token` validated as a code request, returned with `responseType: 'token'` (PKCE is the code grant's: dropped). */
export async function parseImplicitRequest(oauth: OAuthHelpers, request: Request): Promise<AuthRequest> {
  const url = new URL(request.url);
  url.searchParams.set('response_type', 'code');
  url.searchParams.delete('code_challenge');
  url.searchParams.delete('code_challenge_method');
  const parsed = await oauth.parseAuthRequest(new Request(url, { method: 'GET', headers: request.headers }));
  return { ...parsed, responseType: 'token', codeChallenge: undefined, codeChallengeMethod: undefined };
}

/** `redirect_uri#…` with `params` in the fragment (RFC 6749 §4.2.2 and §4.2.2.1). */
export function fragmentUri(redirectUri: string, params: Record<string, string | undefined>): string {
  const fragment = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== '') fragment.set(name, value);
  return `${redirectUri}#${fragment.toString()}`;
}

/** An implicit request's error in the fragment of its validated redirect URI; undefined when the redirect URI was not validated (then it is shown, never redirected). */
export function implicitErrorRedirect(error: AuthorizationError): string | undefined {
  return error.redirectUri ? fragmentUri(error.redirectUri, { error: error.code, error_description: error.description, state: error.state }) : undefined;
}

/** What finishing an approved implicit request needs. */
export interface ImplicitCompletion {
  readonly oauth: OAuthHelpers;
  readonly request: AuthRequest;
  readonly userId: string;
  readonly client: { readonly clientId: string; readonly clientSecret: string };
  /** The provider's own token endpoint, called in process. */
  readonly tokenEndpoint: (request: Request) => Promise<Response>;
  readonly tokenUrl: string;
}

/**
 * The redirect carrying the access token: `redirect_uri#access_token=…&token_type=Bearer&expires_in=…&state=…`.
 * @throws Error when the request's client is not the provider's, or its own token endpoint refuses the code.
 */
export async function completeImplicit(c: ImplicitCompletion): Promise<string> {
  if (c.request.clientId !== c.client.clientId) throw new Error('the implicit grant is offered to the development client only');
  const props: GrantProps = { userId: c.userId, grant: 'implicit' };
  const { redirectTo } = await c.oauth.completeAuthorization({
    request: { ...c.request, responseType: 'code' }, userId: c.userId, metadata: {}, scope: c.request.scope, props,
  });
  const code = new URL(redirectTo).searchParams.get('code') ?? '';
  const basic = btoa(`${encodeURIComponent(c.client.clientId)}:${encodeURIComponent(c.client.clientSecret)}`);
  const response = await c.tokenEndpoint(new Request(c.tokenUrl, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: c.request.redirectUri }),
  }));
  const body = await response.json<{ access_token?: string; expires_in?: number; error?: string }>();
  if (!response.ok || !body.access_token) throw new Error(`the token endpoint refused the implicit grant's code: ${body.error ?? response.status}`);
  return fragmentUri(c.request.redirectUri, {
    access_token: body.access_token, token_type: 'Bearer', expires_in: body.expires_in === undefined ? undefined : String(body.expires_in), state: c.request.state,
  });
}

/** `tokenExchangeCallback`: an implicit grant gets no refresh token (RFC 6749 §4.2.2: "MUST NOT issue a refresh token"). */
export function implicitTokenPolicy(grantType: string, props: unknown): TokenExchangeCallbackResult | undefined {
  return (props as GrantProps | undefined)?.grant === 'implicit' && grantType === 'authorization_code' ? { refreshTokenTTL: 0 } : undefined;
}
