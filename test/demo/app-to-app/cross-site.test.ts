import { describe, expect, it } from 'vitest';
import { ORIGIN, SAME_ORIGIN, callback, form, press, send, signIn } from './support.ts';

const signInFrom = (headers: Record<string, string>) =>
  send(new Request(`${ORIGIN}/app/sign-in`, form({ username: 'ben', password: 'ben-rides' }, '', headers)));

/**
 * Login CSRF (RFC 6749 §10.12; OWASP "Verifying Origin With Standard Headers"): a page on another
 * site posts the attacker's credentials to /app/sign-in, the victim's browser keeps the session, and
 * the victim then links their Alexa account to the attacker's Ride Hailer account.
 */
describe('demo app: a form posted from another site is refused', () => {
  it.each([
    ['Origin https://evil.example', { origin: 'https://evil.example' }],
    ['Origin https://evil.example with Sec-Fetch-Site cross-site', { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site cross-site, even with the service\'s Origin', { origin: ORIGIN, 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site same-site (a sibling subdomain)', { origin: 'https://other.example.workers.dev', 'sec-fetch-site': 'same-site' }],
    ['Origin null (a sandboxed frame, a data: URL)', { origin: 'null' }],
    ['another scheme of the same host', { origin: ORIGIN.replace('https:', 'http:') }],
    ['neither Origin nor Sec-Fetch-Site', {}],
  ])('refuses a sign-in with %s: 403, and no session cookie is set', async (_, headers) => {
    const response = await signInFrom(headers);
    expect(response.status).toBe(403);
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(await response.text()).toContain('Open the Ride Hailer app and sign in there');
  });

  it.each([
    ['Sec-Fetch-Site same-origin and the service\'s Origin', SAME_ORIGIN],
    ['the service\'s Origin, from a browser that sends no Fetch Metadata', { origin: ORIGIN }],
    ['Sec-Fetch-Site same-origin alone', { 'sec-fetch-site': 'same-origin' }],
  ])('accepts a sign-in from the app\'s own page: %s', async (_, headers) => {
    const response = await signInFrom(headers);
    expect(response.status).toBe(303);
    expect(response.headers.getSetCookie()).toHaveLength(1);
  });

  it('refuses a cross-site post to the signed-in app too, even with the session\'s CSRF token', async () => {
    const session = await signIn();
    const linked = await send(new Request(`${ORIGIN}/app/alexa/link`, form({ csrf: session.csrf, via: 'lwa' }, session.cookie, { origin: 'https://evil.example' })));
    expect(linked.status).toBe(403);
    expect(linked.headers.get('location')).toBeNull();
  });
});

describe('demo app: the user sees which Ride Hailer account Alexa gets', () => {
  it('names the signed-in account (name and username) beside Link with Alexa, with a way out', async () => {
    const { home } = await signIn('ben');
    expect(home).toMatch(/id="account"[^>]*>[^<]*Signed in as <strong>Ben<\/strong> \(<code>ben<\/code>\)/);
    expect(home.indexOf('id="account"')).toBeLessThan(home.indexOf('Link with Alexa'));
    expect(home).toContain('Not you?');
  });

  it('names the account on the result page of a refused attempt, too', async () => {
    const session = await signIn('ben');
    const { state } = await press(session, 'link');
    const page = await (await callback(session.cookie, { error: 'access_denied', state })).text();
    expect(page).toContain('You did not allow Alexa to link');
    expect(page).toMatch(/id="account"[^>]*>[^<]*Ride Hailer account <strong>Ben<\/strong> \(<code>ben<\/code>\)/);
  });
});
