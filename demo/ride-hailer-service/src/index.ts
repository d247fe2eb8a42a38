import { AuthorizationError, OAuthProvider, type OAuthHelpers } from '@cloudflare/workers-oauth-provider';
import { Hono } from 'hono';
import { api, SCOPES } from './api.ts';
import { appToAppRoutes } from './app-to-app/routes.ts';
import { appToAppSettings, type AppToAppEnv } from './app-to-app/settings.ts';
import { allowedRedirectUris, ensureAlexaClient } from './client.ts';
import {
  asksForToken, completeImplicit, implicitDeniedRedirect, implicitErrorRedirect, implicitGrantAllowed, implicitTokenPolicy,
  parseImplicitRequest,
} from './implicit.ts';
import { pageHeaders } from './html-page.ts';
import { errorPage, loginPage } from './login-page.ts';
import { publicPages } from './public-pages.ts';
import { authenticate } from './users.ts';

/** The demo service's bindings (app-to-app linking's: app-to-app/settings.ts). */
export interface DemoEnv extends AppToAppEnv {
  OAUTH_KV: KVNamespace;
  /** Injected by OAuthProvider into the default handler's env. */
  OAUTH_PROVIDER: OAuthHelpers;
  ALEXA_VENDOR_ID?: string;
  /** Development only: a loopback redirect URI (the simulator's) the Alexa client may also use. */
  LOCAL_REDIRECT_URI?: string;
  /** Development only ("true"): GET /dev/client returns the Alexa client's credentials. */
  DEV_MODE?: string;
  /** This service's public origin, e.g. https://ride-hailer-demo-service.you.workers.dev. */
  PUBLIC_URL?: string;
  /** "true": the implicit grant (response_type=token) is offered too; off by default (implicit.ts). */
  ALLOW_IMPLICIT_GRANT?: string;
}


const site = new Hono<{ Bindings: DemoEnv }>();
site.use('*', pageHeaders);

async function alexaClient(env: DemoEnv) {
  const uris = allowedRedirectUris(env.ALEXA_VENDOR_ID ?? 'M1EXAMPLEVENDOR', env.LOCAL_REDIRECT_URI || undefined);
  // App-to-app linking mints codes for the app's redirect URL, which Alexa then presents at /token.
  const appRedirect = appToAppSettings(env)?.redirectUri;
  if (appRedirect) uris.push(appRedirect);
  return ensureAlexaClient(env.OAUTH_KV, env.OAUTH_PROVIDER, uris);
}

// Also makes sure the Alexa client exists, so an operator can read its credentials after one visit.
site.get('/', async (c) => {
  await alexaClient(c.env);
  return c.text('Ride Hailer demo service: OAuth 2.0 at /authorize and /token; API at /api/profile, /api/rides, /userinfo.');
});

// The login and consent page (RFC 6749 §4.1.1). The request is validated first: an unknown
// client or a redirect URI that is not registered never sees a login form.
site.get('/authorize', async (c) => {
  await alexaClient(c.env);
  const oauth = c.env.OAUTH_PROVIDER;
  const implicit = asksForToken(new URL(c.req.url));
  const implicitAllowed = implicitGrantAllowed(c.env.ALLOW_IMPLICIT_GRANT); // a bad value: 500 naming the setting
  let authRequest;
  try {
    authRequest = implicit && implicitAllowed
      ? await parseImplicitRequest(oauth, c.req.raw)
      : await oauth.parseAuthRequest(c.req.raw);
  } catch (error) {
    // RFC 6749 §4.2.2.1: an implicit request with a valid client and redirect URI hears its error in the fragment.
    const back = implicit && error instanceof AuthorizationError ? implicitErrorRedirect(error) : undefined;
    if (back) return redirect(back, new Headers({ 'cache-control': 'no-store' }));
    const reason = error instanceof AuthorizationError ? error.message : 'the request is malformed';
    return c.html(errorPage(`This sign-in link is not valid: ${reason}.`), 400);
  }
  const description = await oauth.describeConsent(authRequest);
  const consent = await oauth.beginConsent(authRequest);
  const model = {
    handle: consent.handle,
    clientName: description.clientName ?? 'An app',
    redirectHost: description.redirectHost ?? new URL(authRequest.redirectUri).host,
    scopes: authRequest.scope,
  };
  return new Response(loginPage(model), { headers: withHtml(consent.headers) });
});

site.post('/authorize', async (c) => {
  const oauth = c.env.OAUTH_PROVIDER;
  const form = await c.req.raw.clone().formData();
  const field = (name: string) => {
    const value = form.get(name);
    return typeof value === 'string' ? value : '';
  };
  const handle = field('handle');
  try {
    if (form.get('action') === 'deny') {
      const denied = await oauth.denyConsent(c.req.raw, handle);
      const to = denied.request.responseType === 'token' ? implicitDeniedRedirect(denied.request) : denied.redirectTo;
      return redirect(to, denied.headers);
    }
    const username = field('username');
    const user = await authenticate(username, field('password'));
    if (!user) {
      const page = loginPage({
        handle, clientName: 'Alexa (Ride Hailer skill)', redirectHost: 'the Alexa app', scopes: SCOPES, username,
        error: "That username and password don't match. Check them and try again.",
      });
      return c.html(page, 401);
    }
    const approved = await oauth.approveConsent(c.req.raw, handle);
    if (approved.request.responseType === 'token') {
      const redirectTo = await completeImplicit({
        oauth, request: approved.request, userId: user.profile.id, metadata: { label: user.profile.name },
        client: await alexaClient(c.env), tokenUrl: new URL('/token', c.req.url).href,
        tokenEndpoint: (request) => service.fetch(request, c.env, c.executionCtx as ExecutionContext),
      });
      return redirect(redirectTo, approved.headers);
    }
    const { redirectTo } = await oauth.completeAuthorization({
      request: approved.request,
      userId: user.profile.id,
      metadata: { label: user.profile.name },
      scope: approved.request.scope,
      props: { userId: user.profile.id },
    });
    return redirect(redirectTo, approved.headers);
  } catch (error) {
    if (!(error instanceof AuthorizationError)) throw error;
    return c.html(errorPage('This sign-in form has expired. Start linking again from the Alexa app.'), 400);
  }
});

// The service's "app" (a page for a signed-in user) and app-to-app linking with Alexa.
site.route('/', appToAppRoutes({
  alexaClientId: async (env) => (await alexaClient(env)).clientId,
  scopes: SCOPES,
  fetch: (input, init) => fetch(input, init),
  now: () => Date.now(),
  log: (event, fields) => console.log(JSON.stringify({ level: 'info', event, ...fields })),
}));

// Public: the privacy policy, terms of use and icons the skill's manifest links to.
site.route('/', publicPages);

// Public: which cities are served (no token).
site.get('/public/availability', (c) => {
  const city = (c.req.query('city') ?? '').trim().toLowerCase();
  const cities = ['seattle', 'san francisco', 'new york', 'boston', 'chicago', 'austin'];
  return c.json({ city, available: cities.includes(city) });
});

// Development only: the Alexa client's credentials, for the local simulator (`alexa-skill-workers link`).
// Not in the production bundle at all (DEMO_DEV_BUILD, wrangler.toml [define]); in a development
// build, only with DEV_MODE and only to a loopback Host, so a DNS-rebinding page can't read it.
if (DEMO_DEV_BUILD) {
  site.get('/dev/client', async (c) => {
    if (c.env.DEV_MODE !== 'true' || !isLoopbackHost(new URL(c.req.url).hostname)) return c.notFound();
    return c.json(await alexaClient(c.env), 200, { 'cache-control': 'no-store' });
  });
}

/** `localhost`, `127.0.0.1` or `[::1]`: a Host only a process on this machine can have been asked for. */
function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
}

function withHtml(headers: Headers): Headers {
  const out = new Headers(headers);
  out.set('content-type', 'text/html; charset=utf-8');
  return out;
}

function redirect(location: string, headers: Headers): Response {
  const out = new Headers(headers);
  out.set('location', location);
  return new Response(null, { status: 302, headers: out });
}

let provider: OAuthProvider<DemoEnv> | undefined;

/**
 * The service: an OAuth 2.0 authorization server (authorization code grant with refresh tokens,
 * PKCE accepted; tokens stored as hashes by @cloudflare/workers-oauth-provider; the implicit grant
 * when `ALLOW_IMPLICIT_GRANT` is "true", see implicit.ts) in front of the Ride Hailer API.
 * Built on first request, because its resource URL comes from `PUBLIC_URL`.
 */
const service = {
  fetch(request: Request, env: DemoEnv, ctx: ExecutionContext): Promise<Response> {
    provider ??= new OAuthProvider<DemoEnv>({
      apiRoute: ['/api/', '/userinfo'],
      apiHandler: api,
      defaultHandler: site,
      authorizeEndpoint: '/authorize',
      tokenEndpoint: '/token',
      scopesSupported: [...SCOPES],
      accessTokenTTL: 3600,
      tokenExchangeCallback: ({ grantType, props }) => implicitTokenPolicy(grantType, props),
      resourceMetadata: { resource: env.PUBLIC_URL ?? new URL(request.url).origin, resource_name: 'Ride Hailer API' },
    });
    return provider.fetch(request, env, ctx);
  },
} satisfies ExportedHandler<DemoEnv>;
export default service;
