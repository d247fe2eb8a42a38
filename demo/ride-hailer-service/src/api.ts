/**
 * The Ride Hailer API, behind the OAuth provider: it reaches these routes only with a valid bearer
 * token, and puts the grant's props in `ctx.props` and the token's scopes in `ctx.auth.scope`.
 * Each route needs its scope. The skill asks for both in accountLinking.json `scopes`, which Alexa
 * sends to the authorization URI ("Account Linking Concepts for Alexa Skills",
 * https://developer.amazon.com/en-US/docs/alexa/account-linking/account-linking-concepts.html):
 *
 * | Route              | Scope     | Why                                          |
 * | ------------------ | --------- | -------------------------------------------- |
 * | `GET /userinfo`    | `profile` | the user's name                              |
 * | `GET /api/profile` | `profile` | name, saved places, payment label            |
 * | `POST /api/rides`  | `rides`   | orders a ride (the body names a saved place) |
 *
 * A token without it gets `403` with `WWW-Authenticate: Bearer error="insufficient_scope",
 * scope="…"` (RFC 6750 §3.1); the provider itself only checks that the token is valid, since
 * "the handler owns authorization beyond that" (@cloudflare/workers-oauth-provider's README).
 */
import { insufficientScope, type OAuthResourceContext } from '@cloudflare/workers-oauth-provider';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { RideDesk } from './rides.ts';
import { userById } from './users.ts';

/** The scopes this service grants, each named for what it lets a client do. */
export const SCOPES = ['profile', 'rides'] as const;
type Scope = (typeof SCOPES)[number];

interface ApiBindings {
  OAUTH_KV: KVNamespace;
}
type ApiContext = Context<{ Bindings: ApiBindings }>;

/** The execution context the provider hands the API: the grant's props and the verified token. */
const resourceContext = (c: ApiContext) => c.executionCtx as unknown as OAuthResourceContext<{ userId?: string } | undefined>;

/** Lets the request through only when its token carries `scope`; else 403 insufficient_scope naming it. */
function requireScope(scope: Scope): MiddlewareHandler<{ Bindings: ApiBindings }> {
  return async (c, next) => {
    const { auth } = resourceContext(c);
    if (!auth.scope.includes(scope)) return insufficientScope(auth, [scope]);
    await next();
  };
}

function currentUser(c: ApiContext) {
  const userId = resourceContext(c).props?.userId;
  return userId ? userById(userId) : undefined;
}

/** The resource API (`apiHandler` of the provider), every route behind its scope. */
export const api = new Hono<{ Bindings: ApiBindings }>();

api.get('/userinfo', requireScope('profile'), (c) => {
  const user = currentUser(c);
  return user ? c.json({ sub: user.profile.id, name: user.profile.name }) : c.json({ error: 'invalid_token' }, 401);
});

api.get('/api/profile', requireScope('profile'), (c) => {
  const user = currentUser(c);
  return user ? c.json(user.profile) : c.json({ error: 'invalid_token' }, 401);
});

// Orders a ride; a repeated Idempotency-Key answers the ride it first created (see rides.ts).
const rides = new RideDesk();
api.post('/api/rides', requireScope('rides'), async (c) => {
  const user = currentUser(c);
  if (!user) return c.json({ error: 'invalid_token' }, 401);
  const answer = await rides.order(c.env.OAUTH_KV, {
    userId: user.profile.id,
    places: Object.keys(user.profile.defaultLocations),
    body: await c.req.json<unknown>().catch(() => undefined),
    idempotencyKey: c.req.header('idempotency-key') ?? null,
  });
  return c.json(answer.body, answer.status);
});
