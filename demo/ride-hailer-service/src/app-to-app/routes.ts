/**
 * App-to-app account linking, starting from the service's app (Amazon: "App-to-App Account Linking
 * (Starting From Your App)", steps 4 to 7,
 * https://developer.amazon.com/en-US/docs/alexa/account-linking/app-to-app-account-linking-starting-from-your-app.html).
 * The "app" is a page of this service for a signed-in user. "Link with Alexa" sends the browser to
 * the Alexa app URL (or the LWA fallback) with a `state` bound to the session; Amazon sends it back
 * to the callback with an Amazon authorization code; the backend exchanges it at LWA, mints an
 * authorization code of its own OAuth server for the skill's client, and gives it to the Skill
 * Enablement API at the user's region, which exchanges it at this service's token endpoint.
 */
import type { OAuthHelpers } from '@cloudflare/workers-oauth-provider';
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { crossSiteReason } from '../same-origin.ts';
import { authenticate, userById, type DemoUser } from '../users.ts';
import { alexaEndpoints, disableSkill, enableSkill, enablementStatus, exchangeAmazonCode, authorizationUrl, type Enablement, type Fetch, type Via } from './amazon.ts';
import { AppToAppError, userMessage } from './errors.ts';
import { appHomePage, appResultPage, appSignInPage, type AppAccount } from './pages.ts';
import { appToAppSettings, type AppToAppEnv, type AppToAppSettings } from './settings.ts';
import { beginAttempt, consumeAttempt, createSession, endSession, readSession, sameSecret, SESSION_TTL_SECONDS, type LinkState, type Purpose } from './state.ts';

export type AppToAppBindings = AppToAppEnv & { OAUTH_KV: KVNamespace; OAUTH_PROVIDER: OAuthHelpers };

export interface AppToAppDeps {
  /** The client ID of the OAuth client Alexa uses at this service (client.ts). */
  readonly alexaClientId: (env: AppToAppBindings) => Promise<string>;
  /** The scopes the minted code grants (the skill's accountLinking.json scopes). */
  readonly scopes: readonly string[];
  readonly fetch: Fetch;
  readonly now: () => number;
  /** One JSON line per event: codes and statuses only, never a token, code or state. */
  readonly log: (event: string, fields: Record<string, string | number | undefined>) => void;
}

const COOKIE = 'rh_app_session';
type Ctx = Context<{ Bindings: AppToAppBindings }>;

const parsed = new WeakMap<object, AppToAppSettings | undefined>();
/** Parsed once per env object (once per isolate in production). */
function settingsOf(env: AppToAppBindings): AppToAppSettings | undefined {
  if (!parsed.has(env)) parsed.set(env, appToAppSettings(env));
  return parsed.get(env);
}

async function formOf(c: Ctx): Promise<(name: string) => string> {
  const form = await c.req.raw.clone().formData();
  return (name) => {
    const value = form.get(name);
    return typeof value === 'string' ? value : '';
  };
}

function seeOther(c: Ctx, location: string): Response {
  return c.redirect(location, 303);
}

/** The app's routes under /app, to mount on the service's default handler. */
export function appToAppRoutes(deps: AppToAppDeps): Hono<{ Bindings: AppToAppBindings }> {
  const app = new Hono<{ Bindings: AppToAppBindings }>();

  // Every form of the app posts to its own origin; a post from anywhere else changes nothing (same-origin.ts).
  app.use('/app/*', async (c, next) => {
    const reason = c.req.method === 'GET' || c.req.method === 'HEAD' ? undefined : crossSiteReason(c.req.raw);
    if (!reason) return next();
    deps.log('app_cross_site_refused', { path: c.req.path, reason });
    return c.html(appResultPage({ ok: false, message: 'This form was sent from another site, so nothing was changed. Open the Ride Hailer app and sign in there.' }), 403);
  });

  app.get('/app', async (c) => {
    const session = await readSession(c.env.OAUTH_KV, getCookie(c, COOKIE));
    const user = session && userById(session.userId);
    if (!session || !user) return c.html(appSignInPage());
    return c.html(appHomePage({ account: { name: user.profile.name, username: user.username }, csrf: session.csrf, enabled: settingsOf(c.env) !== undefined }));
  });

  app.post('/app/sign-in', async (c) => {
    const field = await formOf(c);
    const user = await authenticate(field('username'), field('password'));
    if (!user) return c.html(appSignInPage("That username and password don't match."), 401);
    const id = await createSession(c.env.OAUTH_KV, user.profile.id);
    const secure = new URL(c.req.url).protocol === 'https:';
    setCookie(c, COOKIE, id, { path: '/app', httpOnly: true, sameSite: 'Lax', secure, maxAge: SESSION_TTL_SECONDS });
    return seeOther(c, '/app');
  });

  /** A form post from the signed-in app: the session, and the form's CSRF token matching it. */
  async function signedInPost(c: Ctx) {
    const id = getCookie(c, COOKIE);
    const session = await readSession(c.env.OAUTH_KV, id);
    const field = await formOf(c);
    if (!id || !session) return { refused: seeOther(c, '/app') };
    if (!sameSecret(field('csrf'), session.csrf)) return { refused: c.html(appResultPage({ ok: false, message: 'This form has expired. Go back to the app and try again.' }), 403) };
    return { id, session, field };
  }

  app.post('/app/sign-out', async (c) => {
    const post = await signedInPost(c);
    if ('refused' in post) return post.refused;
    await endSession(c.env.OAUTH_KV, post.id);
    deleteCookie(c, COOKIE, { path: '/app' });
    return seeOther(c, '/app');
  });

  const start = (purpose: Purpose) => async (c: Ctx) => {
    const settings = settingsOf(c.env);
    if (!settings) return c.notFound();
    const post = await signedInPost(c);
    if ('refused' in post) return post.refused;
    const via: Via = post.field('via') === 'lwa' ? 'lwa' : 'alexa-app';
    const { state, codeChallenge } = await beginAttempt(c.env.OAUTH_KV, post.id, post.session.userId, purpose, deps.now());
    deps.log('app_to_app_started', { purpose, via });
    return seeOther(c, authorizationUrl(settings, via, state, codeChallenge));
  };
  app.post('/app/alexa/link', start('link'));
  app.post('/app/alexa/status', start('status'));
  app.post('/app/alexa/unlink', start('unlink'));

  app.get('/app/alexa/callback', async (c) => {
    const settings = settingsOf(c.env);
    if (!settings) return c.notFound();
    let attempt: LinkState | undefined;
    try {
      attempt = await consumeAttempt(c.env.OAUTH_KV, c.req.query('state'), getCookie(c, COOKIE), deps.now());
      const error = c.req.query('error');
      if (error) throw new AppToAppError(error === 'access_denied' ? 'CONSENT_DENIED' : 'AMAZON_AUTHORIZATION_ERROR', { amazonCode: error.slice(0, 64) });
      const code = c.req.query('code');
      if (!code) throw new AppToAppError('AMAZON_AUTHORIZATION_ERROR');
      const amazonToken = await exchangeAmazonCode(settings, code, attempt.verifier, deps.fetch);
      const bases = await alexaEndpoints(settings, amazonToken, deps.fetch);
      const outcome = await complete(c, settings, attempt, amazonToken, bases);
      deps.log('app_to_app_completed', { purpose: attempt.purpose, endpoints: bases.length, status: outcome.enablement?.status, accountLink: outcome.enablement?.accountLink });
      return c.html(appResultPage({ ...outcome.page, account: accountOf(userById(attempt.userId)) }));
    } catch (error) {
      if (!(error instanceof AppToAppError)) throw error;
      deps.log('app_to_app_failed', { purpose: attempt?.purpose, code: error.code, status: error.detail.status, amazonCode: error.detail.amazonCode });
      const status = error.code === 'STATE_INVALID' ? 400 : error.code === 'CONSENT_DENIED' ? 200 : 502;
      return c.html(appResultPage({ ok: false, message: userMessage(error), account: accountOf(attempt && userById(attempt.userId)) }), status);
    }
  });

  async function complete(c: Ctx, settings: AppToAppSettings, attempt: LinkState, amazonToken: string, bases: string[]) {
    if (attempt.purpose === 'unlink') {
      await Promise.all(bases.map((base) => disableSkill(base, settings, amazonToken, deps.fetch)));
      return { page: { ok: true, message: 'Alexa is unlinked: the Ride Hailer skill is disabled for your Amazon account.' }, enablement: undefined };
    }
    if (attempt.purpose === 'link') await link(c, settings, attempt.userId, amazonToken, bases);
    const enablement = await statusAcross(settings, amazonToken, bases);
    return { page: statusPage(attempt.purpose, enablement), enablement };
  }

  /** One code of this service's own OAuth server per endpoint (each is used once), then POST enablement. */
  async function link(c: Ctx, settings: AppToAppSettings, userId: string, amazonToken: string, bases: string[]): Promise<void> {
    const clientId = await deps.alexaClientId(c.env);
    let linked = false;
    let failure: AppToAppError | undefined;
    for (const [index, base] of bases.entries()) {
      const { redirectTo } = await c.env.OAUTH_PROVIDER.completeAuthorization({
        request: { responseType: 'code', clientId, redirectUri: settings.redirectUri, scope: [...deps.scopes], state: '' },
        userId,
        metadata: { label: 'Alexa (linked from the app)' },
        scope: [...deps.scopes],
        props: { userId },
        // A new link replaces Alexa's earlier grant; the codes for other endpoints must not revoke the first.
        revokeExistingGrants: index === 0,
      });
      const authCode = new URL(redirectTo).searchParams.get('code') ?? '';
      try {
        await enableSkill(base, settings, amazonToken, authCode, deps.fetch);
        linked = true;
      } catch (error) {
        if (!(error instanceof AppToAppError)) throw error;
        failure ??= error;
      }
    }
    if (!linked) throw failure ?? new AppToAppError('ENABLEMENT_REFUSED');
  }

  async function statusAcross(settings: AppToAppSettings, amazonToken: string, bases: string[]): Promise<Enablement | undefined> {
    for (const base of bases) {
      const record = await enablementStatus(base, settings, amazonToken, deps.fetch);
      if (record) return record;
    }
    return undefined;
  }

  return app;
}

/** The account a page names: linking gives Alexa this one, so the user must see whose it is. */
function accountOf(user: DemoUser | undefined): AppAccount | undefined {
  return user && { name: user.profile.name, username: user.username };
}

function statusPage(purpose: Purpose, enablement: Enablement | undefined) {
  const detail = enablement
    ? `Skill: ${enablement.status === 'ENABLED' ? 'enabled' : enablement.status}. Account: ${enablement.accountLink === 'LINKED' ? 'linked' : enablement.accountLink}.`
    : 'Skill: not enabled. Account: not linked.';
  if (purpose === 'link') {
    const linked = enablement?.accountLink === 'LINKED';
    return { ok: linked, message: linked ? 'Linked! Ask Alexa: "open Ride Hailer".' : 'Alexa enabled the skill but did not report the account as linked.', detail };
  }
  return { ok: true, message: 'Alexa link status', detail };
}
