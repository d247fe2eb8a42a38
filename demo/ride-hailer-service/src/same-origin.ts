/**
 * Whether a form post came from one of this service's own pages: the defence against cross-site
 * request forgery that needs no token, so it also covers a sign-in form, which has no session to
 * bind a token to yet (login CSRF: a page on another site posts the attacker's credentials, and the
 * victim's browser keeps the attacker's session). OWASP Cross-Site Request Forgery Prevention Cheat
 * Sheet, "Fetch Metadata headers" and "Verifying Origin With Standard Headers".
 */

/** Why a post is refused: its Sec-Fetch-Site, its Origin, or the absence of both. */
export type CrossSiteReason = 'FETCH_SITE' | 'ORIGIN' | 'NO_PROVENANCE';

/**
 * `undefined` when `request` came from this service's own origin, else why not:
 * - `Sec-Fetch-Site` (W3C Fetch Metadata Request Headers §2.4), when the browser sends it, must be
 *   `same-origin`: `same-site` is refused too, since a sibling subdomain may be someone else's;
 * - otherwise `Origin` (RFC 6454 §7; browsers send it with every form POST) must be the request
 *   URL's own origin, scheme and port included; `Origin: null` (a sandboxed frame) is foreign;
 * - a post with neither is refused: every current browser sends at least one, so only a
 *   non-browser client lacks both, and it has no business with a page meant for a browser.
 */
export function crossSiteReason(request: Request): CrossSiteReason | undefined {
  const site = request.headers.get('sec-fetch-site');
  if (site !== null) return site === 'same-origin' ? undefined : 'FETCH_SITE';
  const origin = request.headers.get('origin');
  if (origin === null) return 'NO_PROVENANCE';
  return origin === new URL(request.url).origin ? undefined : 'ORIGIN';
}
