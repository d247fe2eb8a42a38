import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlexaAccount } from '../../tools/simulator/amazon/enablement.ts';
import { startFakeAmazon, type FakeAmazon } from '../../tools/simulator/amazon/server.ts';
import type { LinkedTokens } from 'alexa-skill-workers/cli';

const CLIENT = { clientId: 'amzn1.application-oa2-client.test', clientSecret: 'lwa-secret', redirectUrls: ['http://localhost:9/app/alexa/callback'] };
const SKILL_ID = 'amzn1.ask.skill.00000000-0000-4000-8000-000000000000';
const SERVICE_CLIENT = { clientId: 'service-client', clientSecret: 'service-secret' };
const VERIFIER = 'a-verifier-of-enough-length-0123456789-abcdefghijk';
const CHALLENGE = createHash('sha256').update(VERIFIER).digest('base64url');

/** The demo service's token endpoint as Alexa meets it: accepts `good-code` for the registered redirect URI. */
interface TokenCall { authorization: string | undefined; form: URLSearchParams }
function serviceTokenEndpoint(calls: TokenCall[]): Promise<Server> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      calls.push({ authorization: req.headers.authorization, form });
      const ok = form.get('code') === 'good-code' && form.get('grant_type') === 'authorization_code' && form.get('redirect_uri') === CLIENT.redirectUrls[0];
      res.writeHead(ok ? 200 : 400, { 'content-type': 'application/json' });
      res.end(JSON.stringify(ok ? { access_token: 'service-access', refresh_token: 'service-refresh', expires_in: 3600 } : { error: 'invalid_grant' }));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

let amazon: FakeAmazon;
let service: Server;
let tokenCalls: TokenCall[];
let linked: LinkedTokens[];
let disabled: number;

beforeEach(async () => {
  tokenCalls = [];
  linked = [];
  disabled = 0;
  service = await serviceTokenEndpoint(tokenCalls);
  const account: AlexaAccount = {
    userId: 'amzn1.ask.account.TEST',
    linked: (tokens) => Promise.resolve(void linked.push(tokens)),
    disabled: () => Promise.resolve(void (disabled += 1, linked.splice(0))),
    isLinked: () => Promise.resolve(linked.length > 0),
  };
  amazon = await startFakeAmazon({
    port: 0, client: CLIENT, skillId: SKILL_ID, account,
    accountLinking: () => Promise.resolve({ accessTokenUrl: `http://127.0.0.1:${(service.address() as AddressInfo).port}/token`, ...SERVICE_CLIENT }),
  });
});
afterEach(async () => {
  await amazon.close();
  await new Promise((resolve) => service.close(resolve));
});

function consentUrl(path: string, overrides: Record<string, string> = {}): string {
  const params = new URLSearchParams({
    fragment: 'skill-account-linking-consent', client_id: CLIENT.clientId, scope: 'alexa::skills:account_linking', skill_stage: 'development',
    response_type: 'code', redirect_uri: CLIENT.redirectUrls[0]!, state: 'the-state', code_challenge: CHALLENGE, code_challenge_method: 'S256', ...overrides,
  });
  return `${amazon.url}${path}?${params.toString()}`;
}

/** Opens the consent page and presses a button; returns where Amazon sends the browser back. */
async function consent(decision: 'allow' | 'deny', path = '/spa/skill-account-linking-consent'): Promise<URL> {
  const page = await (await fetch(consentUrl(path))).text();
  const handle = /name="handle" value="([^"]+)"/.exec(page)?.[1] ?? '';
  const answer = await fetch(`${amazon.url}/consent`, { method: 'POST', body: new URLSearchParams({ handle, decision }), redirect: 'manual' });
  expect(answer.status).toBe(302);
  return new URL(answer.headers.get('location') ?? '');
}

async function lwaToken(form: Record<string, string>) {
  const response = await fetch(`${amazon.url}/auth/o2/token`, { method: 'POST', body: new URLSearchParams(form) });
  return { status: response.status, body: (await response.json()) as { access_token?: string; error?: string } };
}

const codeGrant = (code: string, verifier = VERIFIER) => ({
  grant_type: 'authorization_code', code, redirect_uri: CLIENT.redirectUrls[0]!, client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret, code_verifier: verifier,
});

async function amazonToken(): Promise<string> {
  const back = await consent('allow');
  return (await lwaToken(codeGrant(back.searchParams.get('code')!))).body.access_token!;
}

function enablement(token: string, method: string, body?: unknown, skillId = SKILL_ID) {
  return fetch(`${amazon.url}/v1/users/~current/skills/${skillId}/enablement`, {
    method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
}
const linkRequest = (authCode: string) => ({ stage: 'development', accountLinkRequest: { redirectUri: CLIENT.redirectUrls[0], authCode, type: 'AUTH_CODE' } });

describe('simulated Amazon: the Alexa app URL, LWA and its token endpoint', () => {
  it.each([
    ['an unknown client_id', { client_id: 'someone-else' }],
    ['a redirect URI the skill does not list', { redirect_uri: 'https://evil.example/cb' }],
    ['no account-linking scope', { scope: 'profile' }],
    ['a plain PKCE method', { code_challenge_method: 'plain' }],
    ['no skill stage', { skill_stage: '' }],
  ])('refuses %s on a page of its own, never redirecting', async (_, overrides) => {
    const answer = await fetch(consentUrl('/spa/skill-account-linking-consent', overrides), { redirect: 'manual' });
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain('not valid');
  });

  it('sends the user back with a code and the state on Allow, and with access_denied on Deny', async () => {
    const allowed = await consent('allow');
    expect(`${allowed.origin}${allowed.pathname}`).toBe(CLIENT.redirectUrls[0]);
    expect(allowed.searchParams.get('state')).toBe('the-state');
    expect(allowed.searchParams.get('code')).toMatch(/^ANsim/);
    const denied = await consent('deny', '/ap/oa');
    expect(denied.searchParams.get('error')).toBe('access_denied');
    expect(denied.searchParams.get('state')).toBe('the-state');
  });

  it('exchanges a code once, only with the client secret, the same redirect URI and the PKCE verifier', async () => {
    const code = (await consent('allow')).searchParams.get('code')!;
    expect(await lwaToken({ ...codeGrant(code), client_secret: 'wrong' })).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    expect(await lwaToken(codeGrant(code, 'another-verifier'))).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    const second = (await consent('allow')).searchParams.get('code')!;
    const granted = await lwaToken(codeGrant(second));
    expect(granted.status).toBe(200);
    expect(granted.body.access_token).toMatch(/^Atza\|sim/);
    expect(await lwaToken(codeGrant(second))).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });
});

describe('simulated Amazon: the endpoint lookup and the Skill Enablement API', () => {
  it('names itself as the user\'s endpoint, for a valid Amazon token only', async () => {
    const token = await amazonToken();
    const lookup = await fetch(`${amazon.url}/v1/alexaApiEndpoint`, { headers: { authorization: `Bearer ${token}` } });
    expect(await lookup.json()).toEqual({ endpoints: [new URL(amazon.url).host] });
    expect((await fetch(`${amazon.url}/v1/alexaApiEndpoint`, { headers: { authorization: 'Bearer forged' } })).status).toBe(401);
    expect((await enablement('forged', 'POST', linkRequest('good-code'))).status).toBe(401);
  });

  it('exchanges the service\'s code at its token endpoint like Alexa (HTTP Basic, the request\'s redirect URI), links, and reports the status', async () => {
    const token = await amazonToken();
    const created = await enablement(token, 'POST', linkRequest('good-code'));
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({
      skill: { stage: 'development', id: SKILL_ID }, user: { id: 'amzn1.ask.account.TEST' }, accountLink: { status: 'LINKED' }, status: 'ENABLED',
    });
    expect(tokenCalls).toHaveLength(1);
    expect(tokenCalls[0]!.authorization).toBe(`Basic ${Buffer.from('service-client:service-secret').toString('base64')}`);
    expect(Object.fromEntries(tokenCalls[0]!.form)).toEqual({ grant_type: 'authorization_code', code: 'good-code', redirect_uri: CLIENT.redirectUrls[0] });
    expect(linked).toMatchObject([{ accessToken: 'service-access', refreshToken: 'service-refresh' }]);

    const status = await enablement(token, 'GET');
    expect(status.status).toBe(200);
    expect(await status.json()).toMatchObject({ accountLink: { status: 'LINKED' }, status: 'ENABLED' });
    expect((await enablement(token, 'DELETE')).status).toBe(204);
    expect(disabled).toBe(1);
    expect((await enablement(token, 'GET')).status).toBe(404);
  });

  it.each([
    ['a code the service refuses', linkRequest('bad-code'), 400, 'Invalid account linking credentials'],
    ['an implicit-grant request', { stage: 'development', accountLinkRequest: { redirectUri: CLIENT.redirectUrls[0], authCode: 'good-code', type: 'IMPLICIT' } }, 400, 'AUTH_CODE'],
    ['no stage', { accountLinkRequest: linkRequest('good-code').accountLinkRequest }, 400, 'stage'],
  ])('answers %s with %i and Amazon\'s message shape, linking nothing', async (_, body, status, message) => {
    const answer = await enablement(await amazonToken(), 'POST', body);
    expect(answer.status).toBe(status);
    expect(((await answer.json()) as { message: string }).message).toContain(message);
    expect(linked).toEqual([]);
  });

  it('answers 404 for another skill', async () => {
    expect((await enablement(await amazonToken(), 'POST', linkRequest('good-code'), 'amzn1.ask.skill.other')).status).toBe(404);
    expect(tokenCalls).toEqual([]);
  });
});
