/**
 * The service's calls to Amazon for app-to-app linking, pure: `fetch` is passed in and every call
 * has a timeout. Amazon's pages:
 * - Step 4, the Alexa app URL and the LWA fallback URL (with PKCE, RFC 7636):
 *   https://developer.amazon.com/en-US/docs/alexa/account-linking/your-app-to-alexa-step4.html
 * - Step 5, the Amazon authorization code exchanged at LWA (RFC 6749 §4.1.3):
 *   https://developer.amazon.com/en-US/docs/alexa/account-linking/your-app-to-alexa-step5.html
 * - Step 6 and the Skill Enablement REST API (endpoint lookup, POST/GET/DELETE enablement):
 *   https://developer.amazon.com/en-US/docs/alexa/account-linking/your-app-to-alexa-step6.html
 *   https://developer.amazon.com/en-US/docs/alexa/smapi/skill-enablement.html
 * Tokens and codes are arguments and results only: nothing here logs or stores them.
 */
import { AppToAppError } from './errors.ts';
import type { AppToAppSettings } from './settings.ts';

export type Fetch = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

/** The scope the Amazon access token needs for the Skill Enablement API. */
const ACCOUNT_LINKING_SCOPE = 'alexa::skills:account_linking';

/** Where the user acknowledges the request: the Alexa app (a universal/app link) or LWA in a browser. */
export type Via = 'alexa-app' | 'lwa';

/** The enablement record the Skill Enablement API answers (201 on POST, 200 on GET). */
export interface Enablement {
  /** `ENABLED` when the skill is enabled for the user. */
  readonly status: string;
  /** `LINKED` or `NOT_LINKED`. */
  readonly accountLink: string;
}

/**
 * The URL that asks the user for an Amazon authorization code: the Alexa app URL (which opens the
 * Alexa app when installed) or the LWA fallback URL, with `state` and a PKCE S256 challenge.
 */
export function authorizationUrl(settings: AppToAppSettings, via: Via, state: string, codeChallenge: string): string {
  const url = new URL(via === 'alexa-app' ? settings.alexaAppUrl : settings.lwaAuthorizeUrl);
  const params: [string, string][] = [
    ['client_id', settings.clientId],
    ['scope', ACCOUNT_LINKING_SCOPE],
    ['skill_stage', settings.stage],
    ['response_type', 'code'],
    ['redirect_uri', settings.redirectUri],
    ['state', state],
    ['code_challenge', codeChallenge],
    ['code_challenge_method', 'S256'],
  ];
  if (via === 'alexa-app') url.searchParams.set('fragment', 'skill-account-linking-consent');
  for (const [name, value] of params) url.searchParams.set(name, value);
  return url.href;
}

async function call(fetch: Fetch, url: string, init: RequestInit, timeoutMs: number): Promise<Response> {
  try {
    return await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
  } catch (cause) {
    throw new AppToAppError('AMAZON_UNAVAILABLE', {}, { cause });
  }
}

async function json(response: Response): Promise<Record<string, unknown>> {
  try {
    const body: unknown = await response.json();
    if (body && typeof body === 'object' && !Array.isArray(body)) return body as Record<string, unknown>;
  } catch {
    // falls through
  }
  throw new AppToAppError('AMAZON_UNAVAILABLE', { status: response.status });
}

/**
 * Exchanges the Amazon authorization code at LWA for the user's Amazon access token (valid one
 * hour). Throws LWA_TOKEN_REFUSED with LWA's `error` (e.g. `invalid_grant`), or AMAZON_UNAVAILABLE.
 */
export async function exchangeAmazonCode(settings: AppToAppSettings, code: string, codeVerifier: string, fetch: Fetch): Promise<string> {
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    code,
    redirect_uri: settings.redirectUri,
    client_id: settings.clientId,
    client_secret: settings.clientSecret,
    code_verifier: codeVerifier,
  });
  const headers = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  const response = await call(fetch, settings.lwaTokenUrl, { method: 'POST', headers, body }, settings.timeoutMs);
  const answer = await json(response);
  if (!response.ok) {
    const amazonCode = typeof answer.error === 'string' ? answer.error.slice(0, 64) : undefined;
    throw new AppToAppError('LWA_TOKEN_REFUSED', { status: response.status, amazonCode });
  }
  if (typeof answer.access_token !== 'string' || !answer.access_token) throw new AppToAppError('AMAZON_UNAVAILABLE', { status: response.status });
  return answer.access_token;
}

/**
 * Alexa's regional API hosts. The Skill Enablement reference lists `api.fe.amazon.com` for the Far
 * East in English and `api.fe.amazonalexa.com` in Japanese; both are Amazon's, both are accepted.
 */
const AMAZON_API_HOSTS = ['api.amazonalexa.com', 'api.eu.amazonalexa.com', 'api.fe.amazonalexa.com', 'api.fe.amazon.com'];

/**
 * The base URL for one entry of the endpoint lookup, or undefined for a host this service does not
 * trust: the user's Amazon token goes only to Amazon's regional hosts or the configured
 * `ALEXA_API_URL`'s host (the local simulator in development).
 */
function endpointBase(entry: string, alexaApiUrl: string): string | undefined {
  const host = entry.trim().toLowerCase().replace(/^https:\/\//, '').replace(/\/+$/, '');
  if (AMAZON_API_HOSTS.includes(host)) return `https://${host}`;
  const configured = new URL(alexaApiUrl);
  return host === configured.host ? configured.origin : undefined;
}

/**
 * The user's Alexa API endpoints (`GET /v1/alexaApiEndpoint`), as base URLs. Amazon: when several
 * come back, call the Skill Enablement API at each. Throws ENDPOINT_LOOKUP_FAILED when the lookup
 * is refused or names no trusted host, AMAZON_UNAVAILABLE when Amazon does not answer.
 */
export async function alexaEndpoints(settings: AppToAppSettings, amazonToken: string, fetch: Fetch): Promise<string[]> {
  const headers = { authorization: `Bearer ${amazonToken}`, accept: 'application/json' };
  const response = await call(fetch, `${settings.alexaApiUrl}/v1/alexaApiEndpoint`, { headers }, settings.timeoutMs);
  if (!response.ok) {
    await response.body?.cancel();
    throw new AppToAppError('ENDPOINT_LOOKUP_FAILED', { status: response.status });
  }
  const answer = await json(response);
  const entries = Array.isArray(answer.endpoints) ? answer.endpoints.filter((e): e is string => typeof e === 'string') : [];
  const bases = [...new Set(entries.map((entry) => endpointBase(entry, settings.alexaApiUrl)).filter((b): b is string => b !== undefined))];
  if (bases.length === 0) throw new AppToAppError('ENDPOINT_LOOKUP_FAILED', { status: response.status });
  return bases;
}

function enablementUrl(base: string, skillId: string): string {
  return `${base}/v1/users/~current/skills/${encodeURIComponent(skillId)}/enablement`;
}

async function enablementRecord(response: Response): Promise<Enablement> {
  const answer = await json(response);
  const link = answer.accountLink as { status?: unknown } | undefined;
  return {
    status: typeof answer.status === 'string' ? answer.status : 'UNKNOWN',
    accountLink: typeof link?.status === 'string' ? link.status : 'UNKNOWN',
  };
}

async function refused(response: Response): Promise<never> {
  // Amazon's error body is `{"message": …}`; its text is not shown to the user, only the status is used.
  await response.body?.cancel();
  throw new AppToAppError('ENABLEMENT_REFUSED', { status: response.status });
}

/**
 * Enables the skill and links the account (`POST /v1/users/~current/skills/{skillId}/enablement`,
 * `accountLinkRequest.type` AUTH_CODE): Alexa then exchanges `authCode` at this service's token
 * endpoint. 201 is success. Throws ENABLEMENT_REFUSED with Amazon's status, or AMAZON_UNAVAILABLE.
 */
export async function enableSkill(base: string, settings: AppToAppSettings, amazonToken: string, authCode: string, fetch: Fetch): Promise<Enablement> {
  const body = JSON.stringify({
    stage: settings.stage,
    accountLinkRequest: { redirectUri: settings.redirectUri, authCode, type: 'AUTH_CODE' },
  });
  const headers = { authorization: `Bearer ${amazonToken}`, 'content-type': 'application/json', accept: 'application/json' };
  const response = await call(fetch, enablementUrl(base, settings.skillId), { method: 'POST', headers, body }, settings.timeoutMs);
  if (response.status !== 201) return refused(response);
  return enablementRecord(response);
}

/**
 * The skill's enablement and account-link status for the user (`GET …/enablement`): the record on
 * 200, `undefined` on 404 (not enabled). Other statuses throw ENABLEMENT_REFUSED.
 */
export async function enablementStatus(base: string, settings: AppToAppSettings, amazonToken: string, fetch: Fetch): Promise<Enablement | undefined> {
  const headers = { authorization: `Bearer ${amazonToken}`, accept: 'application/json' };
  const response = await call(fetch, enablementUrl(base, settings.skillId), { headers }, settings.timeoutMs);
  if (response.status === 404) {
    await response.body?.cancel();
    return undefined;
  }
  if (response.status !== 200) return refused(response);
  return enablementRecord(response);
}

/** Disables the skill for the user, which also unlinks (`DELETE …/enablement`, 204). */
export async function disableSkill(base: string, settings: AppToAppSettings, amazonToken: string, fetch: Fetch): Promise<void> {
  const headers = { authorization: `Bearer ${amazonToken}` };
  const response = await call(fetch, enablementUrl(base, settings.skillId), { method: 'DELETE', headers }, settings.timeoutMs);
  if (response.status !== 204) return refused(response);
  await response.body?.cancel();
}
