/**
 * Account linking as Alexa does it (authorization code grant, RFC 6749 §4.1, with PKCE, RFC 7636):
 * send the user to the service's login page, receive the code on the redirect URI, exchange it at
 * the token endpoint with the client's credentials (HTTP Basic, as accountLinking.json says), and
 * refresh the access token when it expires. Or the implicit grant (RFC 6749 §4.2, `linkImplicit`):
 * the token in the redirect URI's fragment, and nothing to refresh it with.
 */
import { createServer } from 'node:http';
import { FRAGMENT_PAGE, ImplicitLinkError, implicitAuthorizationUrl, parseImplicitFragment } from './implicit.ts';
import { fetchLocal } from './reach.ts';
import type { LinkedTokens } from './state.ts';

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

export interface LinkOptions {
  readonly serviceUrl: string;
  readonly redirectUri: string;
  readonly client: ClientCredentials;
  /** Called with the login URL to open. */
  readonly onUrl: (url: string) => void;
  readonly timeoutMs?: number;
}

const b64url = (bytes: ArrayBuffer | Uint8Array) =>
  Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString('base64url');

/** Asks the local demo service for the Alexa client's credentials (development mode only). */
export async function fetchDevClient(serviceUrl: string): Promise<ClientCredentials> {
  const response = await fetchLocal('The demo Ride Hailer service', `${serviceUrl}/dev/client`);
  if (!response.ok) throw new Error(`the service at ${serviceUrl} did not give its dev client (${response.status}); is npm run dev running?`);
  return (await response.json()) as ClientCredentials;
}

export async function link(options: LinkOptions): Promise<LinkedTokens> {
  const verifier = b64url(crypto.getRandomValues(new Uint8Array(32)));
  const challenge = b64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const state = b64url(crypto.getRandomValues(new Uint8Array(16)));
  const authorize = new URL('/authorize', options.serviceUrl);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: options.client.clientId,
    redirect_uri: options.redirectUri,
    scope: 'profile rides',
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();

  const code = await awaitRedirect(options.redirectUri, () => options.onUrl(authorize.href), options.timeoutMs ?? 300_000, codeAnswer(state));
  return tokenRequest(options, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: options.redirectUri,
    code_verifier: verifier,
  });
}

/**
 * The implicit grant (implicit.ts): the token arrives in the redirect URI's fragment, after the
 * state is checked; no token endpoint, no client secret, no refresh token.
 */
export async function linkImplicit(options: LinkOptions): Promise<LinkedTokens> {
  const state = b64url(crypto.getRandomValues(new Uint8Array(16)));
  const authorize = implicitAuthorizationUrl(options.serviceUrl, options.client.clientId, options.redirectUri, state, ['profile', 'rides']);
  return awaitRedirect(options.redirectUri, () => options.onUrl(authorize), options.timeoutMs ?? 300_000, implicitAnswer(state));
}

/**
 * Uses the refresh token, as Alexa does when the access token has expired. A token from the implicit
 * grant has none: see `renewal` (implicit.ts), which keeps the simulator from trying.
 */
export async function refresh(options: Pick<LinkOptions, 'serviceUrl' | 'client'>, tokens: LinkedTokens): Promise<LinkedTokens> {
  if (!tokens.refreshToken) throw new Error('no refresh token (an implicit grant cannot be refreshed): link again');
  return tokenRequest(options, { grant_type: 'refresh_token', refresh_token: tokens.refreshToken });
}

async function tokenRequest(options: Pick<LinkOptions, 'serviceUrl' | 'client'>, form: Record<string, string>): Promise<LinkedTokens> {
  const basic = Buffer.from(
    `${encodeURIComponent(options.client.clientId)}:${encodeURIComponent(options.client.clientSecret)}`,
  ).toString('base64');
  const response = await fetchLocal('The demo Ride Hailer service', new URL('/token', options.serviceUrl), {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  const body = (await response.json()) as { access_token?: string; refresh_token?: string; expires_in?: number; error?: string };
  if (!response.ok || !body.access_token) throw new Error(`token endpoint refused: ${body.error ?? response.status}`);
  return {
    accessToken: body.access_token,
    refreshToken: body.refresh_token ?? (form.refresh_token || undefined),
    expiresAt: Date.now() + (body.expires_in ?? 3600) * 1000,
    grant: 'code',
  };
}

/** One request to the redirect URI: what the browser sent. */
interface RedirectHit {
  readonly method: string;
  readonly url: URL;
  readonly body: string;
}

/** The answer to a hit, and the link's outcome when the hit settles it. */
interface RedirectAnswer<T> {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  readonly outcome?: { readonly value: T } | { readonly error: Error };
}

const resultPage = (message: string) =>
  `<!doctype html><meta name="viewport" content="width=device-width"><title>Simulator</title><p id="result">${message}</p>`;

/** The code grant's redirect: `state`, then `error` or `code`, in the query (RFC 6749 §4.1.2). */
function codeAnswer(expectedState: string): (hit: RedirectHit) => RedirectAnswer<string> {
  return ({ url }) => {
    const html = (status: number, message: string, outcome: RedirectAnswer<string>['outcome']) => ({ status, contentType: 'text/html; charset=utf-8', body: resultPage(message), outcome });
    const error = url.searchParams.get('error');
    if (url.searchParams.get('state') !== expectedState) return html(400, 'Linking failed: the state does not match.', { error: new Error('state mismatch') });
    if (error) return html(400, `Linking was not completed (${error}).`, { error: new Error(`authorization refused: ${error}`) });
    return html(200, 'Linked. You can close this window and go back to the terminal.', { value: url.searchParams.get('code') ?? '' });
  };
}

/** The implicit grant's redirect: GET serves the page that posts the fragment back; POST settles (implicit.ts). */
function implicitAnswer(expectedState: string): (hit: RedirectHit) => RedirectAnswer<LinkedTokens> {
  return ({ method, body }) => {
    if (method !== 'POST') return { status: 200, contentType: 'text/html; charset=utf-8', body: FRAGMENT_PAGE };
    try {
      const tokens = parseImplicitFragment(body, expectedState, Date.now());
      return { status: 200, contentType: 'text/plain; charset=utf-8', body: 'Linked. You can close this window and go back to the terminal.', outcome: { value: tokens } };
    } catch (error) {
      const why = error instanceof ImplicitLinkError ? error.message : String(error);
      return { status: 400, contentType: 'text/plain; charset=utf-8', body: `Linking failed: ${why}.`, outcome: { error: error instanceof Error ? error : new Error(why) } };
    }
  };
}

/** Listens on the redirect URI until a hit settles the link (or the time runs out). */
function awaitRedirect<T>(redirectUri: string, ready: () => void, timeoutMs: number, answer: (hit: RedirectHit) => RedirectAnswer<T>): Promise<T> {
  const target = new URL(redirectUri);
  return new Promise((resolve, reject) => {
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', redirectUri);
      if (url.pathname !== target.pathname) {
        res.writeHead(404).end();
        return;
      }
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const reply = answer({ method: req.method ?? 'GET', url, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(reply.status, { 'content-type': reply.contentType, 'cache-control': 'no-store' });
        res.end(reply.body);
        if (!reply.outcome) return;
        clearTimeout(timer);
        server.close();
        if ('value' in reply.outcome) resolve(reply.outcome.value);
        else reject(reply.outcome.error);
      });
    });
    const timer = setTimeout(() => {
      server.close();
      reject(new Error('no answer from the login page in time'));
    }, timeoutMs);
    server.on('error', (error) => {
      clearTimeout(timer); // else a busy port keeps the simulator waiting for the whole timeout
      reject(error);
    });
    server.listen(Number(target.port), target.hostname, ready);
  });
}
