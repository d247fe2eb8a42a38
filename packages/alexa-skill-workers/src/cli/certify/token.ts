/**
 * The access token URI, checked against Amazon's account-linking requirements: it takes the
 * client credentials the way `accessTokenScheme` says (HTTP_BASIC, or REQUEST_BODY_CREDENTIALS in
 * the form body); answers JSON with the access and refresh tokens within 4.5 seconds; access
 * tokens live at least six minutes (360 s); Alexa refreshes with the refresh token.
 * - https://developer.amazon.com/en-US/docs/alexa/account-linking/requirements-account-linking.html
 * - https://developer.amazon.com/en-US/docs/alexa/account-linking/faq.html ("must respond within
 *   4.5 seconds", "Access tokens must have a lifetime of at least six minutes (360 seconds)")
 * - https://developer.amazon.com/en-US/docs/alexa/account-linking/configure-authorization-code-grant.html
 * - RFC 6749 §2.3.1 (client password), §5.1 (the token response), §6 (refreshing).
 * Tokens are never printed: a ✘ line names the field, not its value. The requests are the command
 * line's one OAuth client's (../oauth/token.ts), the one `link` uses; this module judges the answers.
 */
import { describeFailure, type Timed } from '../net.ts';
import { tokenJson, tokenRequest, type TokenClient } from '../oauth/token.ts';
import { fail, pass, skip, type CheckResult } from './report.ts';

export const TOKEN = 'OAuth provider: token URI';
const MIN_EXPIRES_IN = 360;
interface TokenJson {
  access_token?: unknown;
  refresh_token?: unknown;
  token_type?: unknown;
  expires_in?: unknown;
  error?: unknown;
}

const parse = (text: string): TokenJson | undefined => tokenJson(text);
const nonEmpty = (v: unknown) => typeof v === 'string' && v.length > 0;

/**
 * Judges the answer to the code exchange: one line per requirement (scheme, deadline, JSON, each
 * field). Returns the tokens for the refresh checks when there are any.
 */
export function judgeCodeExchange(c: TokenClient, answer: Timed): { results: CheckResult[]; refreshToken?: string } {
  const T = (id: string, title: string) => ({ id: `provider.token.${id}`, title });
  const checks = {
    scheme: T('scheme', `accepts the client credentials as ${c.scheme} (accessTokenScheme)`),
    deadline: T('deadline', `answers within ${c.deadlineMs / 1000} s`),
    json: T('json', 'answers JSON'),
    access: T('access-token', 'the answer has access_token'),
    refresh: T('refresh-token', 'the answer has refresh_token'),
    type: T('token-type', 'the answer has token_type'),
    expires: T('expires-in', `expires_in is at least ${MIN_EXPIRES_IN} s`),
  };
  const rest = [checks.json, checks.access, checks.refresh, checks.type, checks.expires];
  if (answer.kind !== 'answered') {
    const why = describeFailure(answer, c.deadlineMs);
    return {
      results: [
        answer.kind === 'late' ? skip(TOKEN, checks.scheme.id, checks.scheme.title, why) : fail(TOKEN, checks.scheme.id, checks.scheme.title, why),
        fail(TOKEN, checks.deadline.id, checks.deadline.title, why),
        ...rest.map((k) => skip(TOKEN, k.id, k.title, 'no token answer to inspect')),
      ],
    };
  }
  const results: CheckResult[] = [pass(TOKEN, checks.deadline.id, checks.deadline.title, `${Math.round(answer.ms)} ms`)];
  const json = parse(answer.text);
  if (answer.response.status !== 200) {
    const error = json && typeof json.error === 'string' ? ` ${json.error}` : '';
    results.unshift(fail(TOKEN, checks.scheme.id, checks.scheme.title, `answered ${answer.response.status}${error}`));
    return { results: [...results, ...rest.map((k) => skip(TOKEN, k.id, k.title, 'no token answer to inspect'))] };
  }
  results.unshift(pass(TOKEN, checks.scheme.id, checks.scheme.title));
  const type = answer.response.headers.get('content-type') ?? '';
  if (!json || !/application\/json/i.test(type)) {
    results.push(fail(TOKEN, checks.json.id, checks.json.title, json ? `content-type is ${type || 'missing'}` : 'the body is not a JSON object'));
    if (!json) return { results: [...results, ...rest.slice(1).map((k) => skip(TOKEN, k.id, k.title, 'no JSON to inspect'))] };
  } else {
    results.push(pass(TOKEN, checks.json.id, checks.json.title));
  }
  const field = (k: { id: string; title: string }, ok: boolean, why: string) => (ok ? pass(TOKEN, k.id, k.title) : fail(TOKEN, k.id, k.title, why));
  results.push(field(checks.access, nonEmpty(json.access_token), 'missing or empty'));
  results.push(field(checks.refresh, nonEmpty(json.refresh_token), 'missing or empty: Alexa could not refresh'));
  results.push(field(checks.type, nonEmpty(json.token_type), 'missing or empty'));
  const expires = Number(json.expires_in);
  results.push(field(checks.expires, Number.isFinite(expires) && expires >= MIN_EXPIRES_IN, json.expires_in === undefined ? 'missing' : `expires_in is ${JSON.stringify(json.expires_in)}`));
  return { results, refreshToken: nonEmpty(json.refresh_token) ? (json.refresh_token as string) : undefined };
}

/**
 * `provider.refresh`: the refresh token gets a new access token (JSON, expires_in ≥ 360, within the
 * deadline); then `provider.token.client-auth`: a wrong client secret is refused.
 */
export async function checkRefresh(c: TokenClient, refreshToken: string | undefined): Promise<CheckResult[]> {
  const refresh = { id: 'provider.refresh', title: `refreshes: a new access token from the refresh token, within ${c.deadlineMs / 1000} s` };
  const auth = { id: 'provider.token.client-auth', title: 'refuses a wrong client secret' };
  if (!refreshToken) return [skip(TOKEN, refresh.id, refresh.title, 'no refresh token'), skip(TOKEN, auth.id, auth.title, 'no refresh token')];

  const results: CheckResult[] = [];
  let latest = refreshToken;
  const answer = await tokenRequest(c, { grant_type: 'refresh_token', refresh_token: refreshToken });
  if (answer.kind !== 'answered') {
    results.push(fail(TOKEN, refresh.id, refresh.title, describeFailure(answer, c.deadlineMs)));
  } else {
    const json = parse(answer.text);
    const expires = Number(json?.expires_in);
    if (answer.response.status !== 200) results.push(fail(TOKEN, refresh.id, refresh.title, `answered ${answer.response.status}`));
    else if (!json || !nonEmpty(json.access_token)) results.push(fail(TOKEN, refresh.id, refresh.title, 'no access_token in the answer'));
    else if (!(expires >= MIN_EXPIRES_IN)) results.push(fail(TOKEN, refresh.id, refresh.title, `expires_in is ${JSON.stringify(json.expires_in)}`));
    else results.push(pass(TOKEN, refresh.id, refresh.title, `${Math.round(answer.ms)} ms`));
    if (json && nonEmpty(json.refresh_token)) latest = json.refresh_token as string;
  }

  const wrong = await tokenRequest(c, { grant_type: 'refresh_token', refresh_token: latest }, `${c.clientSecret}-certify-wrong`);
  if (wrong.kind !== 'answered') results.push(fail(TOKEN, auth.id, auth.title, describeFailure(wrong, c.deadlineMs)));
  else if (wrong.response.status >= 400 && wrong.response.status < 500) results.push(pass(TOKEN, auth.id, auth.title));
  else results.push(fail(TOKEN, auth.id, auth.title, `answered ${wrong.response.status} to a wrong client secret`));
  return results;
}
