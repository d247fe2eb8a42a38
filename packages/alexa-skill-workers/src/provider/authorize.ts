/**
 * `/authorize`: the login and consent page and its form posts (RFC 6749 §4.1.1 and §4.2.1). The
 * request is validated before any form is shown: an unknown client or an unregistered redirect URI
 * never sees one. The consent handle is bound to the browser by the library's cookie and works
 * once; posts must come from this origin's own page (pages.ts, `crossSiteReason`).
 */
import { AuthorizationError, type OAuthHelpers } from '@cloudflare/workers-oauth-provider';
import type { DevClient } from './client.ts';
import { completeImplicit, fragmentUri, implicitErrorRedirect, parseImplicitRequest, type GrantProps } from './implicit.ts';
import { crossSiteReason, errorPage, loginPage, PAGE_HEADERS } from './pages.ts';
import { authenticate, type LocalUser } from './users.ts';

const html = (body: string, status: number, headers?: Headers) => {
  const out = new Headers(headers);
  for (const [name, value] of Object.entries(PAGE_HEADERS)) out.set(name, value);
  return new Response(body, { status, headers: out });
};

function redirect(location: string, headers: Headers): Response {
  const out = new Headers(headers);
  out.set('location', location);
  out.set('cache-control', 'no-store');
  return new Response(null, { status: 302, headers: out });
}

/** `GET /authorize`: the page, or an error page (a valid implicit request hears its error in the fragment). */
export async function authorizePage(request: Request, oauth: OAuthHelpers): Promise<Response> {
  const url = new URL(request.url);
  const implicit = url.searchParams.get('response_type') === 'token';
  const method = url.searchParams.get('code_challenge_method');
  if (!implicit && url.searchParams.has('code_challenge') && method !== 'S256') {
    return html(errorPage('This sign-in link is not valid: PKCE must use code_challenge_method=S256.'), 400);
  }
  let authRequest;
  try {
    authRequest = implicit ? await parseImplicitRequest(oauth, request) : await oauth.parseAuthRequest(request);
  } catch (error) {
    const back = implicit && error instanceof AuthorizationError ? implicitErrorRedirect(error) : undefined;
    if (back) return redirect(back, new Headers());
    const reason = error instanceof AuthorizationError ? error.message : 'the request is malformed';
    return html(errorPage(`This sign-in link is not valid: ${reason}.`), 400);
  }
  const description = await oauth.describeConsent(authRequest);
  const consent = await oauth.beginConsent(authRequest);
  return html(loginPage({ handle: consent.handle, clientName: description.clientName, redirectHost: description.redirectHost, scopes: authRequest.scope }), 200, consent.headers);
}

/** What a form post needs besides the request. */
export interface AuthorizePost {
  readonly oauth: OAuthHelpers;
  readonly users: readonly LocalUser[];
  readonly client: DevClient;
  /** The provider's own token endpoint, in process (the implicit grant redeems its code there). */
  readonly tokenEndpoint: (request: Request) => Promise<Response>;
}

/** `POST /authorize`: cancel, a wrong password (the page again, 401), or approval (the redirect with a code, or the implicit grant's token). */
export async function authorizePost(request: Request, p: AuthorizePost): Promise<Response> {
  if (crossSiteReason(request)) return html(errorPage('This form was not sent from this page. Start linking again.'), 403);
  const form = await request.clone().formData();
  const field = (name: string) => {
    const value = form.get(name);
    return typeof value === 'string' ? value : '';
  };
  const handle = field('handle');
  try {
    if (field('action') === 'deny') {
      const denied = await p.oauth.denyConsent(request, handle);
      const to = denied.request.responseType === 'token'
        ? fragmentUri(denied.request.redirectUri, { error: 'access_denied', state: denied.request.state })
        : denied.redirectTo;
      return redirect(to, denied.headers);
    }
    const username = field('username');
    const user = await authenticate(p.users, username, field('password'));
    if (!user) {
      // The handle is still unused: the same form again, with the username kept.
      return html(loginPage({ handle, clientName: 'Your skill', redirectHost: 'the Alexa app', scopes: [], username, error: "That username and password don't match." }), 401);
    }
    const approved = await p.oauth.approveConsent(request, handle);
    if (approved.request.responseType === 'token') {
      const to = await completeImplicit({
        oauth: p.oauth, request: approved.request, userId: user.profile.id, client: p.client,
        tokenEndpoint: p.tokenEndpoint, tokenUrl: new URL('/token', request.url).href,
      });
      return redirect(to, approved.headers);
    }
    const props: GrantProps = { userId: user.profile.id };
    const { redirectTo } = await p.oauth.completeAuthorization({ request: approved.request, userId: user.profile.id, metadata: {}, scope: approved.request.scope, props });
    return redirect(redirectTo, approved.headers);
  } catch (error) {
    if (!(error instanceof AuthorizationError)) throw error;
    return html(errorPage('This sign-in form has expired. Start linking again.'), 400);
  }
}
