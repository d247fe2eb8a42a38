import { describe, expect, it } from 'vitest';
import { ORIGIN, alexaClient, callback, form, press, send, signIn } from './app-to-app/support.ts';

const ALEXA_REDIRECT = 'https://pitangui.amazon.com/api/skill/link/M1EXAMPLEVENDOR';
const cookies = (response: Response) => response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');

async function authorizePage(clientId?: string): Promise<Response> {
  const query = new URLSearchParams({
    response_type: 'code', client_id: clientId ?? (await alexaClient()).clientId, redirect_uri: ALEXA_REDIRECT, state: 's', scope: 'profile rides',
  });
  return send(new Request(`${ORIGIN}/authorize?${query.toString()}`));
}

async function consentPost(fields: Record<string, string>): Promise<Response> {
  const page = await authorizePage();
  const handle = /name="handle" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  return send(new Request(`${ORIGIN}/authorize`, form({ handle, ...fields }, cookies(page))));
}

/** Every HTML page the service answers, each reached the way a browser reaches it. */
const PAGES: [string, number, () => Promise<Response>][] = [
  ['the login page', 200, () => authorizePage()],
  ['the login page again, after a wrong password', 401, () => consentPost({ username: 'ana', password: 'wrong', action: 'approve' })],
  ['the error page for an unknown client', 400, () => authorizePage('no-such-client')],
  ['the error page for an expired consent form', 400, () => send(new Request(`${ORIGIN}/authorize`, form({ handle: 'expired', username: 'ana', password: 'ana-rides', action: 'approve' })))],
  ['the app\'s sign-in page', 200, () => send(new Request(`${ORIGIN}/app`))],
  ['the app\'s sign-in page, after a wrong password', 401, () => send(new Request(`${ORIGIN}/app/sign-in`, form({ username: 'ana', password: 'wrong' })))],
  ['the app\'s home page', 200, async () => send(new Request(`${ORIGIN}/app`, { headers: { cookie: (await signIn()).cookie } }))],
  ['the app\'s refusal of a cross-site form', 403, () => send(new Request(`${ORIGIN}/app/sign-in`, form({ username: 'ana', password: 'ana-rides' }, '', { origin: 'https://evil.example' })))],
  ['the app\'s refusal of a form without its CSRF token', 403, async () => (await press({ ...(await signIn()), csrf: 'forged' }, 'link')).response],
  ['the app\'s result page', 400, async () => callback((await signIn()).cookie, { state: 'made-up', code: 'c' })],
  ['the privacy policy', 200, () => send(new Request(`${ORIGIN}/privacy`))],
  ['the terms of use', 200, () => send(new Request(`${ORIGIN}/terms`))],
];

describe('demo service: every HTML page can be neither framed nor cached', () => {
  it.each(PAGES)('%s (%i) has X-Frame-Options DENY, frame-ancestors \'none\' and Cache-Control no-store', async (_, status, open) => {
    const response = await open();
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('cache-control')).toBe('no-store');
  });
});
