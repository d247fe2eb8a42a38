/**
 * The OAuth provider named in accountLinking.json (or on the command line), checked against
 * "Requirements for Account Linking for Alexa Skills":
 * https://developer.amazon.com/en-US/docs/alexa/account-linking/requirements-account-linking.html
 * Lines of that page that a program can check, and the check for each:
 * - authorization URI and access token URI "accessible over HTTPS on port 443"; a certificate from
 *   an Amazon-approved CA, not Let's Encrypt → `provider.{authorize,token}.{https,tls-*}`
 * - the authorization URI takes Alexa's redirect URI → `provider.authorize.redirect-uri.*`
 * - "mobile-friendly log-in page", no "pop-up windows", "JavaScript alerts or message boxes" →
 *   `provider.authorize.mobile-page` (a viewport; no alert/confirm/prompt/window.open in the page)
 * - "If the user encounters an error … the log-in page should display the error" →
 *   `provider.authorize.login-error-on-page`, `…unknown-client-on-page`, `…foreign-redirect-refused`
 * - "Keep track of the state value" and redirect with `state` and `code` → `provider.authorize.state`
 * - token URI: client credentials per `accessTokenScheme`, JSON with the tokens, 4.5 s, ≥ 360 s,
 *   refresh → token.ts
 * Not checkable by a program, so not checked: that the page opens inside the Alexa app, that codes
 * identify the user uniquely.
 */
import { authorizationRequest, type AuthorizationRequest, type GrantType } from '../oauth/authorize.ts';
import { tokenRequest, type TokenScheme } from '../oauth/token.ts';
import { acceptsRedirect, ALEXA_REDIRECT_BASES, AUTHORIZE, errorOnPage, land, mobilePage, returnsState } from './authorize.ts';
import { signInWithForm, type FormLogin } from './login.ts';
import type { Net } from '../net.ts';
import { fail, pass, skip, SKIP, type CheckResult } from './report.ts';
import type { TlsOptions } from './tls.ts';
import { checkRefresh, judgeCodeExchange, TOKEN } from './token.ts';
import { transportChecks } from './transport.ts';

/** How certify gets an authorization code. */
export type CodeSource =
  | { readonly kind: 'form'; readonly login: FormLogin }
  | { readonly kind: 'prompt'; readonly ask: (authorizeUrl: string) => Promise<string | undefined> }
  | { readonly kind: 'code'; readonly code: string; readonly redirectUri?: string }
  | { readonly kind: 'none'; readonly reason: string };

export interface ProviderTarget {
  readonly authorizationUrl: string;
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly scheme: TokenScheme;
  readonly scopes: readonly string[];
  readonly vendorId: string;
  readonly codeSource: CodeSource;
  readonly net: Net;
  readonly deadlineMs: number;
  readonly tls?: TlsOptions;
  /** Settings that are missing or still placeholders; each makes `provider.config` fail. */
  readonly configProblems?: readonly string[];
  /** `accountLinkingRequest.type`; IMPLICIT has no token URI, so its checks are skipped. AUTH_CODE by default. */
  readonly grant?: GrantType;
}

const LOGIN_ERROR = { id: 'provider.authorize.login-error-on-page', title: 'a wrong password: the login page shows the error' };
const STATE = { id: 'provider.authorize.state', title: "after sign-in: back to Alexa's redirect URI with the same state and a code" };

export async function checkProvider(p: ProviderTarget): Promise<CheckResult[]> {
  const problems = p.configProblems ?? [];
  const results: CheckResult[] = [
    problems.length ? fail(AUTHORIZE, 'provider.config', 'account-linking settings are filled in', problems.join('; ')) : pass(AUTHORIZE, 'provider.config', 'account-linking settings are filled in'),
    ...(await transportChecks(AUTHORIZE, 'provider.authorize', p.authorizationUrl, { net: p.net, tls: p.tls, refuseLetsEncrypt: true })),
  ];

  const redirect = (base: string) => base + p.vendorId;
  const landings = [];
  const grant = p.grant ?? 'AUTH_CODE';
  for (const [region, base] of Object.entries(ALEXA_REDIRECT_BASES)) {
    const request = await authorizationRequest(p.authorizationUrl, p.clientId, redirect(base), p.scopes, grant);
    const landing = await land(p.net, request.url, request.redirectUri);
    landings.push(landing);
    results.push(acceptsRedirect(region, request.redirectUri, landing));
  }
  const offline = landings[0]?.problem === 'unreachable' && !(await p.net.online());
  // Offline, what failed for want of the network is skipped; settings that are wrong stay failures.
  const settled = () => (offline ? results.map((r) => (r.status === 'fail' && r.id !== 'provider.config' ? skip(r.section, r.id, r.title, SKIP.offline) : r)) : results);
  results.push(mobilePage(landings[0]!));

  const unknown = await authorizationRequest(p.authorizationUrl, 'certify-unknown-client', redirect(ALEXA_REDIRECT_BASES.pitangui), p.scopes, grant);
  results.push(errorOnPage('provider.authorize.unknown-client-on-page', 'an unknown client_id: the error is shown on the page, no redirect', await land(p.net, unknown.url, unknown.redirectUri)));
  const foreign = await authorizationRequest(p.authorizationUrl, p.clientId, 'https://certify.invalid/callback', p.scopes, grant);
  results.push(errorOnPage('provider.authorize.foreign-redirect-refused', 'a redirect URI that is not registered: refused on the page', await land(p.net, foreign.url, foreign.redirectUri)));

  const { code, request, checks } = await obtainCode(p, redirect(ALEXA_REDIRECT_BASES.pitangui), grant);
  results.push(...checks);
  if (grant === 'IMPLICIT') {
    results.push(skip(TOKEN, 'provider.token', 'token URI', 'IMPLICIT grant: Alexa never calls a token URI, and gets no refresh token'));
    return settled();
  }
  results.push(...(await transportChecks(TOKEN, 'provider.token', p.tokenUrl, { net: p.net, tls: p.tls, refuseLetsEncrypt: true })));
  const client = { tokenUrl: p.tokenUrl, clientId: p.clientId, clientSecret: p.clientSecret, scheme: p.scheme, net: p.net, deadlineMs: p.deadlineMs };
  if (!code) {
    const reason = 'no authorization code';
    const ids = ['scheme', 'deadline', 'json', 'access-token', 'refresh-token', 'token-type', 'expires-in', 'client-auth'];
    results.push(...ids.map((id) => skip(TOKEN, `provider.token.${id}`, `token URI: ${id}`, reason)), skip(TOKEN, 'provider.refresh', 'refreshes', reason));
  } else {
    const form: Record<string, string> = { grant_type: 'authorization_code', code: code.code, redirect_uri: code.redirectUri };
    if (request) form.code_verifier = request.verifier;
    const exchange = judgeCodeExchange(client, await tokenRequest(client, form));
    results.push(...exchange.results, ...(await checkRefresh(client, exchange.refreshToken)));
  }
  return settled();
}

interface Obtained {
  code?: { code: string; redirectUri: string };
  request?: AuthorizationRequest;
  checks: CheckResult[];
}

async function obtainCode(p: ProviderTarget, redirectUri: string, grant: GrantType): Promise<Obtained> {
  const source = p.codeSource;
  if (source.kind === 'none' || source.kind === 'code') {
    const reason = source.kind === 'none' ? source.reason : 'an authorization code was given (--code): the sign-in was not seen';
    const checks = [skip(AUTHORIZE, LOGIN_ERROR.id, LOGIN_ERROR.title, reason), skip(AUTHORIZE, STATE.id, STATE.title, reason)];
    return source.kind === 'code' ? { code: { code: source.code, redirectUri: source.redirectUri ?? redirectUri }, checks } : { checks };
  }
  const request = await authorizationRequest(p.authorizationUrl, p.clientId, redirectUri, p.scopes, grant);
  if (source.kind === 'prompt') {
    const answer = (await source.ask(request.url))?.trim();
    const personReason = 'signed in by a person: check by hand that a wrong password shows an error on the page';
    if (!answer) return { checks: [skip(AUTHORIZE, LOGIN_ERROR.id, LOGIN_ERROR.title, personReason), skip(AUTHORIZE, STATE.id, STATE.title, 'no address was pasted')] };
    const isUrl = /^https?:\/\//i.test(answer);
    const state = isUrl ? returnsState(answer, request) : skip(AUTHORIZE, STATE.id, STATE.title, 'a bare code was pasted: the redirect was not seen');
    const code = isUrl ? new URL(answer).searchParams.get('code') ?? undefined : answer;
    return { code: code ? { code, redirectUri } : undefined, request, checks: [skip(AUTHORIZE, LOGIN_ERROR.id, LOGIN_ERROR.title, personReason), state] };
  }
  try {
    const { wrong, right } = await signInWithForm(p.net, request.url, source.login);
    const redirected = Boolean(wrong.location) || (wrong.status >= 300 && wrong.status < 400);
    const shown = /role=["']alert["']|class=["'][^"']*\berror\b/i.test(wrong.html);
    const loginError = redirected
      ? fail(AUTHORIZE, LOGIN_ERROR.id, LOGIN_ERROR.title, 'redirected instead of showing the error')
      : shown ? pass(AUTHORIZE, LOGIN_ERROR.id, LOGIN_ERROR.title) : fail(AUTHORIZE, LOGIN_ERROR.id, LOGIN_ERROR.title, `answered ${wrong.status} with no error on the page`);
    const location = right.location ? new URL(right.location, request.url).href : undefined;
    const code = location ? new URL(location).searchParams.get('code') ?? undefined : undefined;
    return { code: code ? { code, redirectUri } : undefined, request, checks: [loginError, returnsState(location, request)] };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { request, checks: [fail(AUTHORIZE, LOGIN_ERROR.id, LOGIN_ERROR.title, why), fail(AUTHORIZE, STATE.id, STATE.title, why)] };
  }
}
