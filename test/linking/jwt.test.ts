import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestPki, intentRequest, type TestPki } from 'alexa-skill-workers/testing';
import { NOW, SkillHarness } from '../support/harness.ts';
import { probeKv } from '../support/kv.ts';
import { enUS } from '../../src/skill/i18n/en-US.ts';
import { hang, type Route } from '../support/outbound.ts';
import { JWT_ENV } from '../support/provider.ts';
import { turn } from '../support/talk.ts';

/**
 * Ride Hailer in JWT mode (OAUTH_JWKS_URL, OAUTH_ISSUER, OAUTH_AUDIENCE): its settings reach the
 * kit's JwtValidator, and its answers to each verdict. How the kit verifies JWTs is the kit's own
 * test (packages/alexa-skill-workers/test/linking/jwt.test.ts).
 */
let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
});

const jwtMode = { ...JWT_ENV, OAUTH_USERINFO_URL: undefined };
const order = (accessToken: string, timestamp = NOW) =>
  intentRequest('OrderCar', { destination: 'work' }, { timestamp, accessToken });

function jwtSkill(kv = probeKv(), env: Record<string, string> = {}) {
  return new SkillHarness(pki, { ...jwtMode, ...env, CACHE: kv.kv }).serveChain();
}

describe('JWT access tokens (verified locally against the JWKS)', () => {
  it('accepts a valid token: fetches the JWKS once, then the profile, and answers from it', async () => {
    const skill = jwtSkill();
    const answer = await turn(skill, order(await skill.provider.jwt(NOW)));
    expect(answer.speech).toContain('Contoso Tower');
    expect(skill.provider.calls('jwks')).toBe(1);
    expect(skill.provider.calls('profile')).toBe(1);
    expect(skill.provider.calls('userinfo')).toBe(0);
  });

  it.each([
    ['expired', { exp: Math.floor(NOW.getTime() / 1000) - 10 }],
    ['from another issuer', { iss: 'https://evil.example/' }],
    ['for another audience', { aud: 'someone-else' }],
  ])('refuses a token %s: relink card, and the token never reaches the API', async (_, claims) => {
    const skill = jwtSkill();
    const answer = await turn(skill, order(await skill.provider.jwt(NOW, claims)));
    expect(answer.card).toEqual({ type: 'LinkAccount' });
    expect(answer.speech).toContain('link has expired or was removed');
    expect(skill.provider.calls('profile')).toBe(0);
  });

  it.each<[string, Route]>([
    ['answers 500', () => new Response('oops', { status: 500 })],
    ['does not answer within PROVIDER_TIMEOUT_MS', hang],
  ])('speaks "can\'t reach Ride Hailer" when the JWKS %s, with no card, logged as provider_unavailable', async (_, route) => {
    const skill = jwtSkill(probeKv(), { PROVIDER_TIMEOUT_MS: '150' });
    skill.provider.override('jwks', route);
    const answer = await turn(skill, order(await skill.provider.jwt(NOW)));
    expect(answer.speech).toContain("can't reach Ride Hailer right now");
    expect(answer.card).toBeUndefined();
    expect(skill.logs.lines).toContainEqual(expect.objectContaining({ event: 'provider_unavailable', code: 'PROVIDER_UNAVAILABLE' }));
    expect(skill.logs.lines.filter((line) => line.event === 'skill_error')).toEqual([]);
  });
});

describe('JWT mode: OAUTH_REQUIRE_AT_JWT, the RFC 9068 access-token type', () => {
  /** An OpenID Connect ID token with the API's audience: what a client could send instead of its access token. */
  const idToken = (skill: SkillHarness) =>
    skill.provider.jwt(NOW, { nonce: 'n-0S6_WzA2Mj', azp: 'ride-hailer-web' }, { typ: 'JWT' });
  const requireAtJwt = { OAUTH_REQUIRE_AT_JWT: 'true' };

  it('accepts an access token whose typ is at+jwt', async () => {
    const skill = jwtSkill(probeKv(), requireAtJwt);
    const answer = await turn(skill, order(await skill.provider.jwt(NOW, {}, { typ: 'at+jwt' })));
    expect(answer.speech).toContain('Contoso Tower');
  });

  it.each<[string, (skill: SkillHarness) => Promise<string>]>([
    ['an ID token (typ JWT, nonce, azp) with the right audience', idToken],
    ['a token without typ', (skill) => skill.provider.jwt(NOW)],
  ])('refuses %s: relink card, and the token never reaches the API', async (_, token) => {
    const skill = jwtSkill(probeKv(), requireAtJwt);
    const answer = await turn(skill, order(await token(skill)));
    expect(answer.card).toEqual({ type: 'LinkAccount' });
    expect(skill.logs.lines).toContainEqual(expect.objectContaining({ event: 'token_rejected', detail: 'ERR_JWT_CLAIM_VALIDATION_FAILED' }));
    expect(skill.provider.calls('profile')).toBe(0);
  });

  it('accepts that ID token without the setting (the default, for providers that do not type their access tokens)', async () => {
    const skill = jwtSkill();
    const answer = await turn(skill, order(await idToken(skill)));
    expect(answer.speech).toContain('Contoso Tower');
  });
});

describe('JWT mode: a bug is not an outage', () => {
  it('answers a TypeError while validating with the generic apology, logged as INTERNAL_ERROR, and caches nothing', async () => {
    const kv = probeKv();
    const skill = jwtSkill(kv);
    await turn(skill, intentRequest('AMAZON.HelpIntent', {}, { timestamp: NOW }));
    kv.ops.length = 0;
    const token = await skill.provider.jwt(NOW);
    // The JWKS download is handed something that is not a Response: reading it throws a TypeError.
    vi.mocked(fetch).mockImplementationOnce(() => Promise.resolve(undefined as unknown as Response));
    const answer = await turn(skill, order(token));
    expect(answer.speech).toBe(`<speak>${enUS.error}</speak>`);
    expect(answer.card).toBeUndefined();
    expect(skill.logs.lines).toContainEqual(expect.objectContaining({ event: 'skill_error', code: 'INTERNAL_ERROR', name: 'TypeError' }));
    expect(skill.logs.lines.filter((line) => ['provider_unavailable', 'token_rejected'].includes(line.event))).toEqual([]);
    expect(kv.ops.filter((op) => op.startsWith('put '))).toEqual([]);

    // Nothing remembered it: the next request downloads the keys and is answered.
    expect((await turn(skill, order(token))).speech).toContain('Contoso Tower');
    expect(skill.provider.calls('jwks')).toBe(1);
  });
});
