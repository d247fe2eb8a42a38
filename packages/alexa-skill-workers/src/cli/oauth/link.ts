/**
 * Account linking as Alexa does it, against any OAuth 2.0 provider: the authorization code grant
 * (RFC 6749 §4.1) with PKCE S256 (RFC 7636) and `state`, the code exchanged at the token URI with
 * the client's credentials as `accessTokenScheme` says; or the implicit grant (RFC 6749 §4.2), the
 * token in the redirect URI's fragment. Amazon: "Configure an Authorization Code Grant",
 * https://developer.amazon.com/en-US/docs/alexa/account-linking/configure-authorization-code-grant.html,
 * and "Configure an Implicit Grant",
 * https://developer.amazon.com/en-US/docs/alexa/account-linking/configure-implicit-grant.html.
 * Before printing the login page's address, the authorization URI is asked once, so a provider that
 * is down, refuses the client, or sends the browser somewhere else fails in one line, not after minutes.
 */
import { describeFailure, timedFetch, type Net } from '../net.ts';
import { authorizationRequest, type AuthorizationRequest, type GrantType } from './authorize.ts';
import { LinkError } from './errors.ts';
import { awaitRedirect, codeAnswer, implicitAnswer } from './redirect.ts';
import { exchangeCode, TOKEN_DEADLINE_MS, type LinkedTokens, type TokenScheme } from './token.ts';

/** A provider and the client Alexa is at it: what accountLinking.json holds (the secret from the environment). */
export interface OAuthClient {
  readonly authorizationUrl: string;
  /** Absent for the implicit grant, which has no token URI. */
  readonly tokenUrl: string | undefined;
  readonly clientId: string;
  /** Sent to the token URI, never printed. */
  readonly clientSecret: string;
  readonly scheme: TokenScheme;
  readonly scopes: readonly string[];
}

export interface LinkOptions {
  readonly client: OAuthClient;
  readonly grant: GrantType;
  /** The loopback redirect URI this machine listens on (the provider must allow it). */
  readonly redirectUri: string;
  /** Called with the login page's address, once the redirect URI listens. */
  readonly onUrl: (url: string) => void;
  readonly net: Net;
  /** epoch ms */
  readonly now: () => number;
  /** How long to wait for the sign-in (default five minutes). */
  readonly timeoutMs?: number;
  /** The token lifetime when the provider gives no `expires_in` (accountLinking.json's `defaultTokenExpirationInSeconds`). */
  readonly defaultTtlSeconds?: number;
}

const PROBE_DEADLINE_MS = 10_000;
const MAX_HOPS = 5;

/**
 * Links an account: asks the authorization URI once ({@link probeAuthorization}), listens on the
 * redirect URI, hands the login page's address to `onUrl`, and waits for the browser to come back;
 * then, for the code grant, exchanges the code (with the PKCE verifier) at the token URI.
 * @throws {LinkError} PROVIDER_UNREACHABLE, UNEXPECTED_REDIRECT, AUTHORIZATION_REFUSED (the
 *   probe); STATE_MISMATCH, AUTHORIZATION_REFUSED, CODE_MISSING, TOKEN_MISSING,
 *   TOKEN_TYPE_UNSUPPORTED, TIMED_OUT (the redirect); TOKEN_REFUSED, TOKEN_GARBAGE (the exchange).
 * @throws {CliError} the redirect URI's port is busy.
 */
export async function link(o: LinkOptions): Promise<LinkedTokens> {
  const { client } = o;
  if (o.grant === 'AUTH_CODE' && !client.tokenUrl) throw new LinkError('TOKEN_REFUSED', 'the code grant needs a token URI (accessTokenUrl, or --token-url)');
  const request = await authorizationRequest(client.authorizationUrl, client.clientId, o.redirectUri, client.scopes, o.grant);
  await probeAuthorization(o.net, request);
  const timeoutMs = o.timeoutMs ?? 300_000;
  const ready = () => o.onUrl(request.url);
  if (o.grant === 'IMPLICIT') return awaitRedirect(o.redirectUri, ready, timeoutMs, implicitAnswer(request.state, o.now, o.defaultTtlSeconds));
  const code = await awaitRedirect(o.redirectUri, ready, timeoutMs, codeAnswer(request.state));
  return exchangeCode(
    { tokenUrl: client.tokenUrl!, clientId: client.clientId, clientSecret: client.clientSecret, scheme: client.scheme, net: o.net, deadlineMs: TOKEN_DEADLINE_MS },
    code, o.redirectUri, request.verifier, o.now,
  );
}

/**
 * Asks the authorization URI as the browser will, following the provider's own redirects (a hosted
 * login page) up to {@link MAX_HOPS}, and judges where it ends: an HTML page (2xx) is the login page, any other 2xx is not one; a
 * redirect back to the redirect URI with `error` is a refusal (RFC 6749 §4.1.2.1); a redirect that
 * carries this request's `state` to any other address is the provider answering somewhere else
 * (another redirect URI than the one sent); a 4xx page is a refusal shown on the page (an unknown
 * client or redirect URI, §4.1.2.1); anything else (5xx, a scheme other than http(s)) is broken.
 * Never follows the browser to the redirect URI itself.
 * @throws {LinkError} PROVIDER_UNREACHABLE, AUTHORIZATION_REFUSED, UNEXPECTED_REDIRECT
 */
async function probeAuthorization(net: Net, request: AuthorizationRequest): Promise<void> {
  const back = new URL(request.redirectUri);
  const at = new URL(request.url).origin;
  let current = request.url;
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    const answer = await timedFetch(net, current, { headers: { accept: 'text/html' } }, PROBE_DEADLINE_MS);
    if (answer.kind !== 'answered') {
      throw new LinkError('PROVIDER_UNREACHABLE', `the authorization URI at ${new URL(current).origin} does not answer (${describeFailure(answer, PROBE_DEADLINE_MS)}): is the provider running?`);
    }
    const { status } = answer.response;
    const location = answer.response.headers.get('location');
    if (status >= 300 && status < 400 && location) {
      let next: URL;
      try {
        next = new URL(location, current);
      } catch {
        throw new LinkError('UNEXPECTED_REDIRECT', `the authorization URI at ${at} redirected to an address that is not a URL`);
      }
      if (next.origin === back.origin && next.pathname === back.pathname) {
        const error = next.searchParams.get('error') ?? new URLSearchParams(next.hash.slice(1)).get('error');
        if (error) throw new LinkError('AUTHORIZATION_REFUSED', `the provider at ${at} refused the authorization request: ${error}`);
        return;
      }
      const answered = next.searchParams.get('state') === request.state || new URLSearchParams(next.hash.slice(1)).get('state') === request.state;
      if (answered || (next.protocol !== 'https:' && next.protocol !== 'http:')) {
        throw new LinkError('UNEXPECTED_REDIRECT', `the provider at ${at} sent the browser to ${next.protocol === 'http:' || next.protocol === 'https:' ? `${next.origin}${next.pathname}` : `a ${next.protocol} address`}, not to the redirect URI ${request.redirectUri}`);
      }
      current = next.href;
      continue;
    }
    if (status >= 200 && status < 300) {
      const type = answer.response.headers.get('content-type') ?? '';
      if (/text\/html/i.test(type)) return;
      throw new LinkError('UNEXPECTED_REDIRECT', `the authorization URI at ${at} answered ${status} ${type || 'with no content type'}, not a login page`);
    }
    if (status >= 400 && status < 500) {
      throw new LinkError('AUTHORIZATION_REFUSED', `the provider at ${at} refused the authorization request (${status}): check the client ID and that the provider allows the redirect URI ${request.redirectUri}`);
    }
    throw new LinkError('UNEXPECTED_REDIRECT', `the authorization URI at ${at} answered ${status}${status >= 300 && status < 400 ? ' with no Location' : ''}, not a login page`);
  }
  throw new LinkError('UNEXPECTED_REDIRECT', `the authorization URI at ${at} redirected more than ${MAX_HOPS} times`);
}
