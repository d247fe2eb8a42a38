import { BodyTooLargeError, readLimited } from '../lib/body.ts';
import { fromUtf8 } from '../lib/bytes.ts';
import { LinkingError } from './errors.ts';

/** Provider answers are small JSON documents; anything larger is refused. */
const MAX_RESPONSE_BYTES = 64 * 1024;
/** Default per-call provider timeout: two sequential calls plus a certificate fetch stay under 7 s. */
export const DEFAULT_PROVIDER_TIMEOUT_MS = 2000;

/** What a call to the provider or the Ride Hailer API needs. */
export interface ProviderCall {
  readonly fetch: typeof fetch;
  readonly timeoutMs: number;
}

/**
 * What a bearer token may be for this kit to send it: one run of visible ASCII characters. RFC 6750
 * §2.1's `b64token` is narrower, but Login with Amazon's tokens (`Atza|…`) carry a `|`; whitespace,
 * control characters and anything outside ASCII can only be a mistake or a header injection.
 */
const SENDABLE_TOKEN = /^[\x21-\x7e]+$/;

/**
 * Calls an OAuth-protected endpoint with `Authorization: Bearer` (RFC 6750 §2.1) and returns
 * its JSON. A 401 or 403 means the token is not accepted (RFC 6750 §3.1); any other failure,
 * a timeout, a non-JSON or oversized body, means the provider is unavailable. A token that is
 * empty, or holds whitespace, a control character or non-ASCII, is refused before any request:
 * `Bearer` with nothing (or a second header) after it is never sent.
 * @throws {LinkingError} `TOKEN_INVALID` (refused, or not sendable), `PROVIDER_UNAVAILABLE`
 */
export async function callWithToken(
  call: ProviderCall,
  url: string,
  token: string,
  init: { method?: 'GET' | 'POST'; json?: unknown; headers?: Readonly<Record<string, string>> } = {},
): Promise<{ status: number; body: unknown }> {
  if (!SENDABLE_TOKEN.test(token)) throw new LinkingError('TOKEN_INVALID', 'the bearer token is empty or not visible ASCII; nothing was sent');
  const headers: Record<string, string> = { ...init.headers, authorization: `Bearer ${token}`, accept: 'application/json' };
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  return fetchJson(call, url, {
    method: init.method ?? 'GET',
    headers,
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });
}

/**
 * `fetch` with a timeout, a size limit and the status classification of {@link callWithToken};
 * `invalidStatuses` are the statuses that mean the token is not accepted.
 * @throws {LinkingError} `TOKEN_INVALID`, `PROVIDER_UNAVAILABLE`
 */
export async function fetchJson(
  call: ProviderCall,
  url: string,
  init: RequestInit,
  invalidStatuses: readonly number[] = [401, 403],
): Promise<{ status: number; body: unknown }> {
  let response: Response;
  // Called unbound: the runtime's own fetch refuses to run as a method of another object.
  const send = call.fetch;
  try {
    response = await send(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(call.timeoutMs) });
  } catch (cause) {
    throw new LinkingError('PROVIDER_UNAVAILABLE', 'provider request failed or timed out', { cause });
  }
  if (invalidStatuses.includes(response.status)) {
    await response.body?.cancel();
    throw new LinkingError('TOKEN_INVALID', `provider refused the token (${response.status})`);
  }
  if (response.status < 200 || response.status > 299) {
    await response.body?.cancel();
    throw new LinkingError('PROVIDER_UNAVAILABLE', `provider answered ${response.status}`);
  }
  try {
    // Through the stream reader, never arrayBuffer(): workerd keeps a fetched answer's
    // Content-Length beside Transfer-Encoding: chunked, whose framing wins, so the header does not
    // bound the body (test/linking/opaque.test.ts, "whatever its Content-Length says").
    const bytes = await readLimited(response.body, MAX_RESPONSE_BYTES, response.headers.get('content-length'));
    return { status: response.status, body: JSON.parse(fromUtf8(bytes)) as unknown };
  } catch (cause) {
    const what = cause instanceof BodyTooLargeError ? 'too large' : 'not JSON';
    throw new LinkingError('PROVIDER_UNAVAILABLE', `provider response is ${what}`, { cause });
  }
}
