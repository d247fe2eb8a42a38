import { describe, expect, it } from 'vitest';
import { outbound } from '../../support/outbound.ts';
import { CALLBACK, LWA_CLIENT, ORIGIN, SKILL_ID, callback, captureConsole, exchangeLikeAlexa, json, press, send, signIn } from './support.ts';

const AMAZON_TOKEN = 'Atza|amazon-access-token-never-logged';
const AMAZON_CODE = 'ANAmazonAuthorizationCodeNeverLogged';
const LWA_TOKEN_URL = 'https://api.amazon.com/auth/o2/token';
const LOOKUP_URL = 'https://api.amazonalexa.com/v1/alexaApiEndpoint';
const enablementUrl = (host: string) => `https://${host}/v1/users/~current/skills/${SKILL_ID}/enablement`;
const RECORD = { skill: { stage: 'development', id: SKILL_ID }, user: { id: 'amzn1.ask.account.X' }, accountLink: { status: 'LINKED' }, status: 'ENABLED' };

interface Seen { lwaForm?: URLSearchParams; enablementBodies: { stage: string; accountLinkRequest: { redirectUri: string; authCode: string; type: string } }[]; profiles: string[] }

/** Amazon as the service sees it: LWA's token endpoint, the endpoint lookup, and the Skill Enablement API. */
function playAmazon(options: { endpoints?: string[]; enable?: (request: Request) => Response | Promise<Response>; lwa?: () => Response } = {}): Seen {
  const seen: Seen = { enablementBodies: [], profiles: [] };
  outbound.on(LWA_TOKEN_URL, async (request) => {
    seen.lwaForm = new URLSearchParams(await request.text());
    return options.lwa?.() ?? json({ access_token: AMAZON_TOKEN, refresh_token: 'Atzr|refresh', token_type: 'bearer', expires_in: 3600 });
  });
  outbound.on(LOOKUP_URL, (request) => {
    expect(request.headers.get('authorization')).toBe(`Bearer ${AMAZON_TOKEN}`);
    return json({ endpoints: options.endpoints ?? ['api.eu.amazonalexa.com'] });
  });
  // Like Alexa: exchange the service's code at its token endpoint, then use the token.
  const linkLikeAlexa = async (request: Request) => {
    const body = await request.json<Seen['enablementBodies'][number]>();
    seen.enablementBodies.push(body);
    const token = await (await exchangeLikeAlexa(body.accountLinkRequest.authCode, body.accountLinkRequest.redirectUri)).json<{ access_token?: string }>();
    if (!token.access_token) return json({ message: 'Invalid account linking credentials' }, 400);
    const profile = await send(new Request(`${ORIGIN}/api/profile`, { headers: { authorization: `Bearer ${token.access_token}` } }));
    seen.profiles.push((await profile.json<{ name: string }>()).name);
    return json(RECORD, 201);
  };
  for (const host of ['api.amazonalexa.com', 'api.eu.amazonalexa.com', 'api.fe.amazonalexa.com']) {
    outbound.on(enablementUrl(host), (request) => {
      expect(request.headers.get('authorization')).toBe(`Bearer ${AMAZON_TOKEN}`);
      if (request.method === 'POST') return (options.enable ?? linkLikeAlexa)(request);
      if (request.method === 'DELETE') return new Response(null, { status: 204 });
      return json(RECORD);
    });
  }
  return seen;
}

async function linkAs(username = 'ana', via = 'alexa-app') {
  const session = await signIn(username);
  const { state, location } = await press(session, 'link', via);
  return { session, state, challenge: location.searchParams.get('code_challenge') ?? '' };
}

const s256 = async (verifier: string) =>
  btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)))))
    .replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

describe('demo app: completing app-to-app linking', () => {
  it('exchanges Amazon\'s code at LWA with PKCE, enables the skill in the user\'s region with a code Alexa redeems for ana, and shows the status', async () => {
    const seen = playAmazon();
    const { session, state, challenge } = await linkAs();
    const page = await callback(session.cookie, { code: AMAZON_CODE, state });
    const text = await page.text();

    expect(page.status).toBe(200);
    expect(text).toContain('Linked!');
    expect(text).toContain('Skill: enabled. Account: linked.');
    expect(Object.fromEntries(seen.lwaForm!)).toMatchObject({
      grant_type: 'authorization_code', code: AMAZON_CODE, redirect_uri: CALLBACK, client_id: LWA_CLIENT.id, client_secret: LWA_CLIENT.secret,
    });
    expect(await s256(seen.lwaForm!.get('code_verifier') ?? '')).toBe(challenge);
    expect(seen.enablementBodies).toHaveLength(1);
    expect(seen.enablementBodies[0]).toMatchObject({ stage: 'development', accountLinkRequest: { redirectUri: CALLBACK, type: 'AUTH_CODE' } });
    expect(seen.profiles).toEqual(['Ana']);
    expect(outbound.requests).toEqual([
      `POST ${LWA_TOKEN_URL}`, `GET ${LOOKUP_URL}`, `POST ${enablementUrl('api.eu.amazonalexa.com')}`, `GET ${enablementUrl('api.eu.amazonalexa.com')}`,
    ]);
  });

  it('links the signed-in user, not whoever the code names: ben\'s attempt gives Alexa ben\'s account', async () => {
    const seen = playAmazon();
    const { session, state } = await linkAs('ben');
    await callback(session.cookie, { code: AMAZON_CODE, state });
    expect(seen.profiles).toEqual(['Ben']);
  });

  it('calls the Skill Enablement API at every endpoint the lookup names, each with its own single-use code', async () => {
    const seen = playAmazon({ endpoints: ['api.amazonalexa.com', 'api.fe.amazonalexa.com'] });
    const { session, state } = await linkAs();
    expect((await callback(session.cookie, { code: AMAZON_CODE, state })).status).toBe(200);
    const codes = seen.enablementBodies.map((b) => b.accountLinkRequest.authCode);
    expect(codes).toHaveLength(2);
    expect(new Set(codes).size).toBe(2);
    expect(seen.profiles).toEqual(['Ana', 'Ana']);
  });

  it('never sends the Amazon token to a host the lookup names that is not Amazon\'s', async () => {
    playAmazon({ endpoints: ['evil.example', 'https://api.amazonalexa.com.evil.example'] });
    const { session, state } = await linkAs();
    const page = await callback(session.cookie, { code: AMAZON_CODE, state });
    expect(page.status).toBe(502);
    expect(await page.text()).toContain('could not find where your Amazon account is registered');
    expect(outbound.requests).toEqual([`POST ${LWA_TOKEN_URL}`, `GET ${LOOKUP_URL}`]);
  });

  it('tells the user who declined in the Alexa app that nothing changed, and calls nobody', async () => {
    const { session, state } = await linkAs();
    const page = await callback(session.cookie, { error: 'access_denied', state });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('You did not allow Alexa to link');
    expect(outbound.requests).toEqual([]);
  });

  it('reports an LWA refusal (invalid_grant) without calling the Alexa API', async () => {
    playAmazon({ lwa: () => json({ error: 'invalid_grant', error_description: 'The authorization code is invalid' }, 400) });
    const logs = captureConsole();
    const { session, state } = await linkAs();
    const page = await callback(session.cookie, { code: AMAZON_CODE, state });
    expect(page.status).toBe(502);
    expect(await page.text()).toContain('Amazon could not confirm your sign-in');
    expect(outbound.requests).toEqual([`POST ${LWA_TOKEN_URL}`]);
    expect(logs.join('\n')).toContain('"code":"LWA_TOKEN_REFUSED","status":400,"amazonCode":"invalid_grant"');
  });

  it.each([
    [400, 'Alexa could not link your Ride Hailer account'],
    [401, 'Your Amazon sign-in expired'],
    [403, 'not allowed to enable the Ride Hailer skill'],
    [404, 'skill was not found'],
    [409, 'Wait a moment and try again'],
    [429, 'Too many attempts'],
    [500, 'Alexa is not answering right now'],
    [503, 'Alexa is not answering right now'],
  ])('shows the user what a Skill Enablement API %i means, and logs its status', async (status, message) => {
    playAmazon({ enable: () => json({ message: `Amazon says ${status}` }, status) });
    const logs = captureConsole();
    const { session, state } = await linkAs();
    const page = await callback(session.cookie, { code: AMAZON_CODE, state });
    const text = await page.text();
    expect(page.status).toBe(502);
    expect(text).toContain(message);
    expect(text).not.toContain('Amazon says');
    expect(logs.join('\n')).toContain(`"code":"ENABLEMENT_REFUSED","status":${status}`);
  });

  it('treats Amazon not answering as unavailable', async () => {
    outbound.on(LWA_TOKEN_URL, () => Promise.reject(new TypeError('network down')));
    const { session, state } = await linkAs();
    const page = await callback(session.cookie, { code: AMAZON_CODE, state });
    expect(page.status).toBe(502);
    expect(await page.text()).toContain('Alexa is not answering right now');
  });

  it('writes no token, code, state, verifier or secret to any log line', async () => {
    const seen = playAmazon();
    const logs = captureConsole();
    const { session, state } = await linkAs();
    await callback(session.cookie, { code: AMAZON_CODE, state });
    const all = logs.join('\n');
    expect(all).toContain('app_to_app_completed');
    for (const secret of [AMAZON_TOKEN, AMAZON_CODE, state, seen.lwaForm!.get('code_verifier')!, LWA_CLIENT.secret, seen.enablementBodies[0]!.accountLinkRequest.authCode, session.csrf]) {
      expect(all).not.toContain(secret);
    }
  });
});

describe('demo app: Alexa status and unlinking', () => {
  it('checks the status through Login with Amazon without minting a code: not enabled when the API answers 404', async () => {
    playAmazon();
    outbound.on(enablementUrl('api.eu.amazonalexa.com'), () => json({ message: 'not found' }, 404));
    const session = await signIn();
    const { state, location } = await press(session, 'status', 'lwa');
    expect(location.origin).toBe('https://www.amazon.com');
    const text = await (await callback(session.cookie, { code: AMAZON_CODE, state })).text();
    expect(text).toContain('Skill: not enabled. Account: not linked.');
    expect(outbound.requests.filter((r) => r.startsWith('POST https://api.eu'))).toEqual([]);
  });

  it('unlinks by disabling the skill (DELETE, 204)', async () => {
    playAmazon();
    const session = await signIn();
    const { state } = await press(session, 'unlink', 'lwa');
    const text = await (await callback(session.cookie, { code: AMAZON_CODE, state })).text();
    expect(text).toContain('Alexa is unlinked');
    expect(outbound.requests).toContain(`DELETE ${enablementUrl('api.eu.amazonalexa.com')}`);
  });
});
