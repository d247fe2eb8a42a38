/**
 * The kit's local OAuth 2.0 provider, a Worker that `alexa-skill-workers dev` and
 * `alexa-skill-workers provider` run under `wrangler dev` for a skill whose own provider is not
 * ready (docs/cli.md, "provider"). Development only: never deploy it, and nothing in the kit's
 * Worker entries imports it. Built on @cloudflare/workers-oauth-provider:
 *
 * - `GET/POST /authorize`: the login and consent page (RFC 6749 §4.1.1), the authorization code
 *   grant with PKCE (only `S256`, RFC 7636 §4.2) and `state`, and the implicit grant (implicit.ts);
 * - `POST /token`: code and refresh grants, HTTP Basic or body client credentials; every access
 *   token it answers is a JWT (tokens.ts says why);
 * - `GET /.well-known/jwks.json`: the key set of those JWTs (the `jwt` templates);
 * - `GET /userinfo`: `{ sub, name, email }` (OpenID Connect Core §5.3; the `opaque` templates);
 * - `GET /auth/o2/tokeninfo?access_token=…` and `GET /user/profile`: Login with Amazon's shapes
 *   ("Obtain Customer Profile Information",
 *   https://developer.amazon.com/docs/login-with-amazon/obtain-customer-profile.html; the `lwa` templates);
 * - `GET /dev/client`: the development client's `{ clientId, clientSecret }`, to a loopback Host only.
 *
 * Settings (its generated wrangler config, `[vars]`): `ISSUER` (its own URL), `AUDIENCE` (the
 * tokens' `aud`); in its `.dev.vars`, `USERS` (users.ts); KV `OAUTH_KV` for the library's grants, the client and the key.
 */
import { getOAuthApi, OAuthProvider, type OAuthHelpers, type OAuthProviderOptions } from '@cloudflare/workers-oauth-provider';
import { authorizePage, authorizePost } from './authorize.ts';
import { ensureClient } from './client.ts';
import { implicitTokenPolicy, type GrantProps } from './implicit.ts';
import { accessJwt, jwks, verifyAccessJwt } from './tokens.ts';
import { userById, usersOf, type LocalUser } from './users.ts';

/** The provider's bindings. */
export interface ProviderEnv {
  readonly OAUTH_KV: KVNamespace;
  /** Injected by OAuthProvider into the default handler's env. */
  readonly OAUTH_PROVIDER: OAuthHelpers;
  readonly ISSUER: string;
  readonly AUDIENCE: string;
  readonly USERS: string;
}

/** The scopes the provider grants (the templates' accountLinking.json asks for `profile`). */
export const SCOPES = ['profile', 'email'];

/** The access tokens' lifetime: Alexa refreshes an hour-long token as any provider's. */
const ACCESS_TOKEN_TTL = 3600;

const json = (body: unknown, status = 200) => Response.json(body, { status, headers: { 'cache-control': 'no-store' } });
const isLoopback = (hostname: string) => hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';

/** The signed-in user of a bearer token verified by the provider (the API routes' props). */
interface ApiProps {
  readonly userId: string;
  readonly scope: readonly string[];
}

const api = {
  fetch(request: Request, env: ProviderEnv, ctx: ExecutionContext): Response {
    const props = (ctx as unknown as { props?: ApiProps }).props;
    const user = props ? userById(usersOf(env.USERS), props.userId) : undefined;
    if (!user) return json({ error: 'invalid_token' }, 401);
    const { id, ...rest } = user.profile;
    return new URL(request.url).pathname === '/user/profile' ? json({ user_id: id, ...rest }) : json({ sub: id, ...rest });
  },
};

const site = {
  async fetch(request: Request, env: ProviderEnv, ctx: ExecutionContext): Promise<Response> {
    const url = new URL(request.url);
    const users = usersOf(env.USERS);
    const client = () => ensureClient(env.OAUTH_KV, env.OAUTH_PROVIDER);
    switch (`${request.method} ${url.pathname}`) {
      case 'GET /':
        await client();
        return new Response('The local OAuth 2.0 provider of alexa-skill-workers (development only): /authorize, /token, /userinfo, /.well-known/jwks.json, /auth/o2/tokeninfo.');
      case 'GET /authorize':
        await client();
        return authorizePage(request, env.OAUTH_PROVIDER);
      case 'POST /authorize':
        return authorizePost(request, {
          oauth: env.OAUTH_PROVIDER, users, client: await client(),
          tokenEndpoint: (r) => service.fetch(r, env, ctx),
        });
      case 'GET /.well-known/jwks.json':
        return json(await jwks(env.OAUTH_KV));
      case 'GET /auth/o2/tokeninfo': {
        const now = new Date();
        const token = await verifyAccessJwt(env.OAUTH_KV, url.searchParams.get('access_token') ?? '', env.ISSUER, now);
        if (!token) return json({ error: 'invalid_token', error_description: 'The access token is not valid' }, 400);
        return json({ iss: env.ISSUER, user_id: token.sub, aud: token.audience, app_id: token.clientId, exp: token.exp - Math.floor(now.getTime() / 1000), iat: token.iat });
      }
      case 'GET /dev/client':
        if (!isLoopback(url.hostname)) return new Response('Not found', { status: 404 });
        return json(await client());
      default:
        return new Response('Not found', { status: 404 });
    }
  },
};

/** The library's options for `env` (its issuer is the resource the API routes serve). */
function options(env: ProviderEnv): OAuthProviderOptions<ProviderEnv> {
  return {
    apiRoute: ['/userinfo', '/user/profile'],
    apiHandler: api,
    defaultHandler: site,
    authorizeEndpoint: '/authorize',
    tokenEndpoint: '/token',
    scopesSupported: SCOPES,
    // The one client is the provider's own (client.ts): no client ID metadata documents to fetch.
    clientIdMetadataDocumentEnabled: false,
    accessTokenTTL: ACCESS_TOKEN_TTL,
    tokenExchangeCallback: ({ grantType, props }) => implicitTokenPolicy(grantType, props),
    resourceMetadata: { resource: env.ISSUER, resource_name: 'alexa-skill-workers local provider' },
    // The access tokens are this provider's JWTs, not the library's own format: checked here.
    resolveExternalToken: async ({ token }) => {
      const verified = await verifyAccessJwt(env.OAUTH_KV, token, env.ISSUER, new Date());
      return verified ? { props: { userId: verified.sub, scope: verified.scope } satisfies ApiProps, audience: env.ISSUER } : null;
    },
  };
}

/**
 * The token endpoint's answer with its access token re-signed as the provider's JWT (tokens.ts):
 * the library's token is read back (`unwrapToken`) for its user, client, scope and expiry.
 */
async function withJwt(response: Response, env: ProviderEnv, users: readonly LocalUser[]): Promise<Response> {
  if (!response.ok) return response;
  const body = await response.json<Record<string, unknown>>();
  const helpers = env.OAUTH_PROVIDER;
  const token = typeof body.access_token === 'string' ? await helpers.unwrapToken<GrantProps>(body.access_token) : null;
  const user = token ? userById(users, token.userId) : undefined;
  // A user taken out of the users file: the grant can never work again (RFC 6749 §5.2), so link anew.
  if (!token || !user) return json({ error: 'invalid_grant', error_description: 'The grant names no user of the users file' }, 400);
  const access_token = await accessJwt(env.OAUTH_KV, {
    issuer: env.ISSUER, audience: env.AUDIENCE, clientId: token.grant.clientId, scope: token.scope, expiresAt: token.expiresAt, profile: user.profile,
  }, new Date());
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  return new Response(JSON.stringify({ ...body, access_token }), { status: response.status, headers });
}

let provider: OAuthProvider<ProviderEnv> | undefined;

/** The Worker: the library's provider, its token endpoint's access tokens re-signed as JWTs. */
const service = {
  async fetch(request: Request, env: ProviderEnv, ctx: ExecutionContext): Promise<Response> {
    provider ??= new OAuthProvider<ProviderEnv>(options(env));
    const isToken = request.method === 'POST' && new URL(request.url).pathname === '/token';
    const response = await provider.fetch(request, env, ctx);
    if (!isToken) return response;
    return withJwt(response, { ...env, OAUTH_PROVIDER: getOAuthApi(options(env), env) }, usersOf(env.USERS));
  },
} satisfies ExportedHandler<ProviderEnv>;
export default service;
