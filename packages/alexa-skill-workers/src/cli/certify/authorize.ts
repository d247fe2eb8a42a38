/**
 * The authorization URI, checked against "Requirements for Account Linking for Alexa Skills",
 * https://developer.amazon.com/en-US/docs/alexa/account-linking/requirements-account-linking.html:
 * HTTPS on 443 (transport.ts); a mobile-friendly login page with no pop-ups or JavaScript alerts;
 * errors shown on the page; the `state` Alexa passes returned with the code to Alexa's redirect URI.
 * Alexa calls it with state, client_id, response_type, scope and redirect_uri (and PKCE):
 * https://developer.amazon.com/en-US/docs/alexa/account-linking/configure-authorization-code-grant.html
 * A request with an unknown client or an unregistered redirect URI must not be redirected to it
 * (RFC 6749 §4.1.2.1): the error is shown on the page. The request itself (state, PKCE) is the command
 * line's one OAuth client's (../oauth/authorize.ts), the one `link` sends.
 */
import { timedFetch, type Net } from '../net.ts';
import type { AuthorizationRequest } from '../oauth/authorize.ts';
import { fail, pass, type CheckResult } from './report.ts';

export const AUTHORIZE = 'OAuth provider: authorization URI';

/** Alexa's redirect URIs, one per region; the vendor ID is appended. */
export const ALEXA_REDIRECT_BASES = {
  pitangui: 'https://pitangui.amazon.com/api/skill/link/',
  layla: 'https://layla.amazon.com/api/skill/link/',
  'alexa-jp': 'https://alexa.amazon.co.jp/api/skill/link/',
} as const;

interface Landing {
  readonly status: number;
  readonly html: string;
  readonly url: string;
  /** Set when the provider sent the browser to the client's redirect URI. */
  readonly redirectedTo?: string;
  readonly problem?: string;
}

/** Follows the provider's own redirects (a hosted login page) and stops at the client's redirect URI. */
export async function land(net: Net, url: string, redirectUri: string): Promise<Landing> {
  let current = url;
  for (let hop = 0; hop < 5; hop++) {
    const answer = await timedFetch(net, current, {}, 10_000);
    if (answer.kind !== 'answered') return { status: 0, html: '', url: current, problem: answer.kind };
    const location = answer.response.headers.get('location');
    if (answer.response.status >= 300 && answer.response.status < 400 && location) {
      const next = new URL(location, current).href;
      if (next.startsWith(redirectUri) || new URL(next).origin === new URL(redirectUri).origin) {
        return { status: answer.response.status, html: answer.text, url: current, redirectedTo: next };
      }
      current = next;
      continue;
    }
    return { status: answer.response.status, html: answer.text, url: current };
  }
  return { status: 0, html: '', url: current, problem: 'too many redirects' };
}

const describe = (l: Landing) => l.problem ?? (l.redirectedTo ? `redirected to ${new URL(l.redirectedTo).origin} (${new URL(l.redirectedTo).searchParams.get('error') ?? 'no error'})` : `answered ${l.status}`);

/** `provider.authorize.redirect-uri.<region>`: the login page opens for each of Alexa's redirect URIs. */
export function acceptsRedirect(region: string, redirectUri: string, landing: Landing): CheckResult {
  const id = `provider.authorize.redirect-uri.${region}`;
  const title = `accepts Alexa's redirect URI ${redirectUri}`;
  return landing.status === 200 && !landing.redirectedTo ? pass(AUTHORIZE, id, title) : fail(AUTHORIZE, id, title, describe(landing));
}

/** `provider.authorize.mobile-page`: a viewport for phones, and no pop-ups or JavaScript alerts. */
export function mobilePage(landing: Landing): CheckResult {
  const id = 'provider.authorize.mobile-page';
  const title = 'login page is mobile-friendly: a viewport, no pop-ups or JavaScript alerts';
  if (landing.status !== 200) return fail(AUTHORIZE, id, title, `no login page (${describe(landing)})`);
  if (!/<meta[^>]+name=["']viewport["']/i.test(landing.html)) return fail(AUTHORIZE, id, title, 'no <meta name="viewport">');
  const popup = landing.html.match(/\b(alert|confirm|prompt)\s*\(|window\.open\s*\(|target=["']_blank["']/i);
  return popup ? fail(AUTHORIZE, id, title, `the page uses ${popup[0]}`) : pass(AUTHORIZE, id, title);
}

/** A refused request is answered with a page that says so, never sent on to the redirect URI. */
export function errorOnPage(id: string, title: string, landing: Landing): CheckResult {
  if (landing.redirectedTo) return fail(AUTHORIZE, id, title, `${describe(landing)}; must show the error on the page`);
  if (landing.problem) return fail(AUTHORIZE, id, title, landing.problem);
  if (landing.status === 200 && /type=["']password["']/i.test(landing.html)) return fail(AUTHORIZE, id, title, 'showed the login form');
  return /<html|<body|<p\b/i.test(landing.html) ? pass(AUTHORIZE, id, title) : fail(AUTHORIZE, id, title, `answered ${landing.status} with no page`);
}

/**
 * `provider.authorize.state`: after sign-in, back to Alexa's redirect URI with the same state and a
 * code in the query; for the implicit grant, the state, an `access_token` and a Bearer `token_type`
 * in the fragment (RFC 6749 §4.2.2).
 */
export function returnsState(redirectedTo: string | undefined, request: AuthorizationRequest): CheckResult {
  const id = 'provider.authorize.state';
  const implicit = request.grant === 'IMPLICIT';
  const title = implicit
    ? "after sign-in: back to Alexa's redirect URI with the same state and an access token in the fragment"
    : "after sign-in: back to Alexa's redirect URI with the same state and a code";
  if (!redirectedTo) return fail(AUTHORIZE, id, title, 'the sign-in did not redirect');
  const back = new URL(redirectedTo);
  if (`${back.origin}${back.pathname}` !== request.redirectUri) return fail(AUTHORIZE, id, title, `redirected to ${back.origin}${back.pathname}`);
  const answer = implicit ? new URLSearchParams(back.hash.slice(1)) : back.searchParams;
  if (answer.get('state') !== request.state) return fail(AUTHORIZE, id, title, answer.has('state') ? 'the state differs' : 'no state');
  const granted = implicit ? 'access_token' : 'code';
  if (!answer.get(granted)) return fail(AUTHORIZE, id, title, `no ${granted} (${answer.get('error') ?? 'no error'})`);
  if (implicit && answer.get('token_type')?.toLowerCase() !== 'bearer') return fail(AUTHORIZE, id, title, `token_type is ${answer.get('token_type') ?? 'missing'}; must be Bearer`);
  return pass(AUTHORIZE, id, title);
}
