import { isRecord } from '../lib/json.ts';

/**
 * Amazon's hosts for the Alexa service APIs, one per region, as `context.System.apiEndpoint` names
 * them: North America `https://api.amazonalexa.com`, Europe `https://api.eu.amazonalexa.com`, Far
 * East `https://api.fe.amazonalexa.com`. A call goes to the request's own endpoint (the user's
 * region), never to a host the kit picks.
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/progressive-response-api-reference.html (API endpoint)
 * @see https://developer.amazon.com/en-US/docs/alexa/smapi/alexa-settings-api-reference.html (the three hosts)
 */
export const ALEXA_API_HOSTS: ReadonlySet<string> = new Set(['api.amazonalexa.com', 'api.eu.amazonalexa.com', 'api.fe.amazonalexa.com']);

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Why an endpoint is refused (logged as `reason`): not an absolute URL, not one of Amazon's hosts, or a loopback one in a build that does not allow it. */
type EndpointRefusal = 'not_a_url' | 'not_amazon' | 'loopback_not_allowed';

/** An endpoint's verdict: its base URL (no trailing slash) to append API paths to, or why it is refused. */
export type EndpointCheck = { readonly ok: true; readonly base: string } | { readonly ok: false; readonly reason: EndpointRefusal };

/**
 * Checks a URL against the host rule: `https:` on one of {@link ALEXA_API_HOSTS}, on the default
 * port, without credentials (any path, for a request URL; `base` is the origin); or, only when
 * `allowLoopback` (local development: a stand-in for Alexa's APIs on this machine), `http:` or
 * `https:` on `localhost`, `127.0.0.1` or `[::1]`, any port, `base` keeping its path. Nothing else.
 */
export function checkEndpoint(value: string, allowLoopback: boolean): EndpointCheck {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, reason: 'not_a_url' };
  }
  if (url.username !== '' || url.password !== '') return { ok: false, reason: 'not_amazon' };
  if (url.protocol === 'https:' && url.port === '' && ALEXA_API_HOSTS.has(url.hostname)) return { ok: true, base: url.origin };
  if ((url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_HOSTS.has(url.hostname)) {
    return allowLoopback ? { ok: true, base: `${url.origin}${url.pathname.replace(/\/+$/, '')}` } : { ok: false, reason: 'loopback_not_allowed' };
  }
  return { ok: false, reason: 'not_amazon' };
}

/** What a call to the request's Alexa APIs needs from its envelope, each read with its type checked. */
export interface ApiAccess {
  /** `context.System.apiEndpoint`, as sent (checked by {@link checkEndpoint} before any call). */
  readonly endpoint: string;
  /** `context.System.apiAccessToken`: it encapsulates the permissions the user granted; never logged. */
  readonly token: string;
}

/**
 * `context.System.apiEndpoint` and `context.System.apiAccessToken` of an envelope, when both are
 * non-empty strings; `undefined` otherwise (no call can be made).
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/request-and-response-json-reference.html#system-object
 */
export function apiAccessOf(envelope: unknown): ApiAccess | undefined {
  const system = at(at(envelope, 'context'), 'System');
  const apiEndpoint = at(system, 'apiEndpoint');
  const apiAccessToken = at(system, 'apiAccessToken');
  return typeof apiEndpoint === 'string' && apiEndpoint !== '' && typeof apiAccessToken === 'string' && apiAccessToken !== ''
    ? { endpoint: apiEndpoint, token: apiAccessToken }
    : undefined;
}

/** `value[key]` when `value` is an object and has it as its own property. */
function at(value: unknown, key: string): unknown {
  return isRecord(value) && Object.hasOwn(value, key) ? value[key] : undefined;
}
