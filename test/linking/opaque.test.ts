import { beforeAll, describe, expect, it } from 'vitest';
import { intentRequest } from '../../packages/alexa-skill-workers/src/testing/envelopes.ts';
import { CERT_URL, NOW, SkillHarness } from '../support/harness.ts';
import { probeKv } from '../support/kv.ts';
import { hangRecording, outbound } from '../support/outbound.ts';
import { LWA_TOKENINFO_URL } from '../../packages/alexa-skill-workers/src/linking/opaque-validator.ts';
import { createTestPki, type TestPki } from '../../packages/alexa-skill-workers/src/testing/pki.ts';
import { LWA_CLIENT_ID, URLS } from '../support/provider.ts';
import { turn } from '../support/talk.ts';

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
});

const order = (accessToken: string) =>
  intentRequest('OrderCar', { destination: 'work' }, { timestamp: NOW, accessToken });

describe('opaque access tokens (validated by the userinfo endpoint)', () => {
  it('accepts a token the provider answers 200 for, calling userinfo and the profile once each', async () => {
    const skill = new SkillHarness(pki).serveChain();
    const answer = await turn(skill, order(skill.provider.opaqueToken()));
    expect(answer.speech).toContain('Contoso Tower');
    expect(skill.provider.calls('userinfo')).toBe(1);
    expect(skill.provider.calls('profile')).toBe(1);
    expect(skill.provider.calls('tokeninfo')).toBe(0);
  });

  it.each([401, 403])('refuses a token the provider answers %i for: relink card, session ends', async (status) => {
    const skill = new SkillHarness(pki).serveChain();
    skill.provider.override('userinfo', () => Response.json({ error: 'invalid_token' }, { status }));
    const answer = await turn(skill, order(skill.provider.opaqueToken()));
    expect(answer.card).toEqual({ type: 'LinkAccount' });
    expect(answer.speech).toContain('link has expired or was removed');
    expect(answer.endsSession).toBe(true);
  });

  it.each([
    ['userinfo answers 500', 'userinfo', () => new Response('down', { status: 500 })],
    ['userinfo answers 503', 'userinfo', () => new Response('down', { status: 503 })],
    ['the profile answers 500', 'profile', () => new Response('down', { status: 500 })],
    ['the profile is not JSON', 'profile', () => new Response('{not json')],
    ['the profile is a JSON array', 'profile', () => Response.json([1, 2])],
    ['the profile is too large', 'profile', () => new Response(`{"x":"${'a'.repeat(70_000)}"}`)],
    ['userinfo redirects', 'userinfo', () => Response.redirect('https://elsewhere.example/', 302)],
    ['the connection fails', 'userinfo', () => Promise.reject(new TypeError('network down'))],
  ] as const)('speaks "can\'t reach Ride Hailer" when %s, with no card and no HTTP error', async (_, endpoint, route) => {
    const skill = new SkillHarness(pki).serveChain();
    skill.provider.override(endpoint, route);
    const answer = await turn(skill, order(skill.provider.opaqueToken()));
    expect(answer.speech).toContain("can't reach Ride Hailer right now");
    expect(answer.card).toBeUndefined();
    expect(answer.endsSession).toBe(true);
  });

  it.each([
    ['userinfo refuses (401) while the profile API fails (500)', 'userinfo', 'profile'],
    ['the profile API refuses (401) while userinfo fails (500)', 'profile', 'userinfo'],
  ] as const)('asks for a relink when %s: an invalid verdict beats an unavailable one', async (_, refusing, failing) => {
    const skill = new SkillHarness(pki).serveChain();
    skill.provider.override(refusing, () => Response.json({ error: 'invalid_token' }, { status: 401 }));
    skill.provider.override(failing, () => new Response('down', { status: 500 }));
    const answer = await turn(skill, order(skill.provider.opaqueToken()));
    expect(answer.card).toEqual({ type: 'LinkAccount' });
    expect(skill.logs.lines).toContainEqual(expect.objectContaining({ event: 'token_rejected', code: 'TOKEN_INVALID' }));
  });

  it('gives up on a provider that does not answer within PROVIDER_TIMEOUT_MS', async () => {
    const skill = new SkillHarness(pki, { PROVIDER_TIMEOUT_MS: '150' }).serveChain();
    const userinfo = hangRecording();
    skill.provider.override('userinfo', userinfo.route);
    const answer = await turn(skill, order(skill.provider.opaqueToken()));
    expect(answer.speech).toContain("can't reach Ride Hailer right now");
    // Given up by the provider call's own timer (PROVIDER_TIMEOUT_MS), not by a deadline above it.
    expect(userinfo.abortReasons).toEqual([expect.objectContaining({ name: 'TimeoutError' })]);
  });

  it('does not cache an unavailable answer: the next request asks again', async () => {
    const skill = new SkillHarness(pki).serveChain();
    const token = skill.provider.opaqueToken();
    skill.provider.override('userinfo', () => new Response('down', { status: 500 }));
    await turn(skill, order(token));
    skill.provider.override('userinfo', (r) => Response.json({ user_id: 'user-ana', auth: r.headers.has('authorization') }));
    const answer = await turn(skill, order(token));
    expect(answer.speech).toContain('Contoso Tower');
  });
});

describe('Login with Amazon (LWA_CLIENT_ID set): the token audience is checked with tokeninfo', () => {
  const lwa = { LWA_CLIENT_ID };

  it('accepts a token issued to this client', async () => {
    const skill = new SkillHarness(pki, lwa).serveChain();
    const answer = await turn(skill, order(skill.provider.opaqueToken()));
    expect(answer.speech).toContain('Contoso Tower');
    expect(skill.provider.calls('tokeninfo')).toBe(1);
  });

  it('refuses a valid Amazon token issued to another client', async () => {
    const skill = new SkillHarness(pki, lwa).serveChain();
    const token = skill.provider.opaqueToken(undefined, { audience: 'amzn1.application-oa2-client.SOMEONE-ELSE' });
    const answer = await turn(skill, order(token));
    expect(answer.card).toEqual({ type: 'LinkAccount' });
  });

  /** Every request the Worker made except the certificate download, in order. */
  const providerRequests = () => outbound.requests.filter((line) => !line.endsWith(CERT_URL));

  it('sends a token issued to another client to tokeninfo and nowhere else: not userinfo, not the profile API', async () => {
    const skill = new SkillHarness(pki, lwa).serveChain();
    const token = skill.provider.opaqueToken(undefined, { audience: 'amzn1.application-oa2-client.SOMEONE-ELSE' });
    const answer = await turn(skill, order(token));
    expect(answer.card).toEqual({ type: 'LinkAccount' });
    expect(providerRequests()).toEqual([`GET ${LWA_TOKENINFO_URL}?access_token=${encodeURIComponent(token)}`]);
  });

  it('asks for a relink, not "can\'t reach", for a token issued to another client while the profile API answers 500', async () => {
    const skill = new SkillHarness(pki, lwa).serveChain();
    skill.provider.override('profile', () => new Response('down', { status: 500 }));
    for (let i = 0; i < 5; i++) {
      const answer = await turn(skill, order(skill.provider.opaqueToken(undefined, { audience: 'amzn1.application-oa2-client.SOMEONE-ELSE' })));
      expect(answer.card).toEqual({ type: 'LinkAccount' });
    }
    expect(skill.provider.calls('profile')).toBe(0);
    expect(skill.provider.calls('userinfo')).toBe(0);
  });

  it('checks tokeninfo before anything else: userinfo and the profile API are asked only once it said yes', async () => {
    const skill = new SkillHarness(pki, lwa).serveChain();
    const token = skill.provider.opaqueToken();
    const tokeninfo = skill.provider.hold('tokeninfo');
    const answering = turn(skill, order(token));
    await tokeninfo.reached;
    expect(providerRequests()).toEqual([`GET ${LWA_TOKENINFO_URL}?access_token=${encodeURIComponent(token)}`]);
    tokeninfo.release();
    expect((await answering).speech).toContain('Contoso Tower');
    expect(providerRequests().slice(1).sort()).toEqual([`GET ${URLS.profile}`, `GET ${URLS.userinfo}`]);
  });

  it('sends the token nowhere else when tokeninfo fails (500): "can\'t reach", nothing remembered', async () => {
    const skill = new SkillHarness(pki, lwa).serveChain();
    skill.provider.override('tokeninfo', () => new Response('down', { status: 500 }));
    const token = skill.provider.opaqueToken();
    const answer = await turn(skill, order(token));
    expect(answer.speech).toContain("can't reach Ride Hailer right now");
    expect(providerRequests()).toHaveLength(1);
  });

  it('refuses a token tokeninfo answers 400 invalid_token for', async () => {
    const skill = new SkillHarness(pki, lwa).serveChain();
    skill.provider.override('tokeninfo', () => Response.json({ error: 'invalid_token' }, { status: 400 }));
    const answer = await turn(skill, order(skill.provider.opaqueToken()));
    expect(answer.card).toEqual({ type: 'LinkAccount' });
  });

  it('caches no longer than tokeninfo says the token lives', async () => {
    const kv = probeKv();
    const skill = new SkillHarness(pki, { ...lwa, CACHE: kv.kv }).serveChain();
    await turn(skill, order(skill.provider.opaqueToken(undefined, { expiresIn: 300 })));
    const [ttl] = [...kv.putOptions].filter(([k]) => k.startsWith('tok:')).map(([, o]) => o?.expirationTtl);
    expect(ttl).toBe(300);
  });

  it('keeps a token that expires within KV\'s 60 s minimum in memory only', async () => {
    const kv = probeKv();
    const skill = new SkillHarness(pki, { ...lwa, CACHE: kv.kv }).serveChain();
    const token = skill.provider.opaqueToken(undefined, { expiresIn: 30 });
    await turn(skill, order(token));
    await turn(skill, order(token));
    expect(kv.ops.filter((op) => op.startsWith('put tok:'))).toEqual([]);
    expect(skill.provider.calls('userinfo')).toBe(1);
  });
});
