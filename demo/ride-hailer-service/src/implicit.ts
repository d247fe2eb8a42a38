/**
 * The implicit grant (RFC 6749 §4.2) for the Alexa client, behind the `ALLOW_IMPLICIT_GRANT` setting.
 *
 * Alexa calls the authorization URI with `response_type=token`, `client_id`, `redirect_uri`, `scope`
 * and `state`; after sign-in the service sends the browser back to `redirect_uri` with `state`,
 * `access_token` and `token_type` in the URL fragment, and no refresh token ("Configure an Implicit
 * Grant", https://developer.amazon.com/en-US/docs/alexa/account-linking/configure-implicit-grant.html;
 * the fragment's shape: "Step 4: Redirect the User to the Alexa App",
 * https://developer.amazon.com/en-US/docs/alexa/account-linking/alexa-to-your-app-step4.html).
 *
 * @cloudflare/workers-oauth-provider 1.2 removed its implicit flow (`allowImplicitFlow`, see its
 * docs/migration-1.x.md), so the demo does it with the library's own pieces: the request is
 * validated by `parseAuthRequest` as a code request would be (client, exact redirect URI, scopes),
 * the consent transaction keeps `responseType: 'token'`, and on approval the service issues a code
 * and redeems it at its own token endpoint, server side, with the client's credentials. The grant's
 * props mark it implicit, so {@link implicitTokenPolicy} issues no refresh token for it. The code
 * never leaves the Worker; only the access token reaches the browser, in the fragment.
 */
import { AuthorizationError, type AuthRequest, type OAuthHelpers, type TokenExchangeCallbackResult } from '@cloudflare/workers-oauth-provider';
import type { ClientCredentials } from './client.ts';

/** The setting that turns the implicit grant on; anything but "true" or "false" is refused. */
const IMPLICIT_SETTING = 'ALLOW_IMPLICIT_GRANT';

/** Grant props that mark a grant issued through the implicit flow. */
interface ImplicitProps {
  readonly userId: string;
  readonly grant?: 'implicit';
}

/**
 * Whether the implicit grant is on: `ALLOW_IMPLICIT_GRANT = "true"`. Unset or "false" is off (the default).
 * @throws Error naming the setting for any other value.
 */
export function implicitGrantAllowed(value: string | undefined): boolean {
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  // Never the value: a secret pasted into the wrong variable would reach the log.
  throw new Error(`${IMPLICIT_SETTING} must be "true" or "false"`);
}

/** Whether an authorization request asks for the implicit grant (`response_type=token`, RFC 6749 §4.2.1). */
export function asksForToken(url: URL): boolean {
  return url.searchParams.get('response_type') === 'token';
}

/**
 * Validates an implicit-grant authorization request as the library validates a code request (the
 * client, the exact registered redirect URI, the resource), and returns it with `responseType: 'token'`.
 * PKCE parameters belong to the code grant and are ignored.
 * @throws AuthorizationError as `parseAuthRequest` does: with `redirectUri` set only once the
 *   redirect URI was validated (see {@link implicitErrorRedirect}).
 */
export async function parseImplicitRequest(oauth: OAuthHelpers, request: Request): Promise<AuthRequest> {
  const url = new URL(request.url);
  url.searchParams.set('response_type', 'code');
  url.searchParams.delete('code_challenge');
  url.searchParams.delete('code_challenge_method');
  const parsed = await oauth.parseAuthRequest(new Request(url, { method: 'GET', headers: request.headers }));
  return { ...parsed, responseType: 'token', codeChallenge: undefined, codeChallengeMethod: undefined };
}

/**
 * An implicit-grant error response (RFC 6749 §4.2.2.1): `error`, `error_description` and `state` in
 * the fragment of the validated redirect URI; `undefined` when the redirect URI was not validated, in
 * which case the error must be shown to the user and never redirected.
 */
export function implicitErrorRedirect(error: AuthorizationError): string | undefined {
  if (!error.redirectUri) return undefined;
  return fragmentUri(error.redirectUri, { error: error.code, error_description: error.description, state: error.state });
}

/** The same, for a consent the user declined (`access_denied`). */
export function implicitDeniedRedirect(request: AuthRequest): string {
  return fragmentUri(request.redirectUri, { error: 'access_denied', state: request.state || undefined });
}

/** What the service needs to finish an approved implicit request. */
export interface ImplicitCompletion {
  readonly oauth: OAuthHelpers;
  /** The approved request, as `approveConsent` returned it (`responseType: 'token'`). */
  readonly request: AuthRequest;
  readonly userId: string;
  readonly metadata: unknown;
  /** The client's credentials, to redeem the code at the service's own token endpoint. */
  readonly client: ClientCredentials;
  /** The service's token endpoint, called in-process (never over the network). */
  readonly tokenEndpoint: (request: Request) => Promise<Response>;
  readonly tokenUrl: string;
}

/**
 * Issues the access token for an approved implicit request and returns the redirect that carries it:
 * `redirect_uri#access_token=…&token_type=Bearer&expires_in=…&state=…` (RFC 6749 §4.2.2).
 * @throws AuthorizationError `unauthorized_client` when the request's client is not the one whose
 *   credentials the service holds; Error when the service's own token endpoint refuses.
 */
export async function completeImplicit(c: ImplicitCompletion): Promise<string> {
  if (c.request.clientId !== c.client.clientId) {
    throw new AuthorizationError('unauthorized_client', { description: 'The implicit grant is offered to the Alexa client only' });
  }
  const props: ImplicitProps = { userId: c.userId, grant: 'implicit' };
  const { redirectTo } = await c.oauth.completeAuthorization({
    request: { ...c.request, responseType: 'code' },
    userId: c.userId,
    metadata: c.metadata,
    scope: c.request.scope,
    props,
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
    access_token: body.access_token,
    token_type: 'Bearer',
    expires_in: body.expires_in === undefined ? undefined : String(body.expires_in),
    state: c.request.state || undefined,
  });
}

/**
 * The provider's `tokenExchangeCallback`: a grant made through the implicit flow gets no refresh
 * token (`refreshTokenTTL: 0`), as RFC 6749 §4.2.2 says ("The authorization server MUST NOT issue a
 * refresh token"); every other grant is left as it is.
 */
export function implicitTokenPolicy(grantType: string, props: unknown): TokenExchangeCallbackResult | undefined {
  const implicit = (props as ImplicitProps | undefined)?.grant === 'implicit';
  return implicit && grantType === 'authorization_code' ? { refreshTokenTTL: 0 } : undefined;
}

function fragmentUri(redirectUri: string, params: Record<string, string | undefined>): string {
  const fragment = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined) fragment.set(name, value);
  return `${redirectUri}#${fragment.toString()}`;
}
