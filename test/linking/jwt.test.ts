import { generateKeyPair } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { intentRequest } from '../../tools/alexa/envelopes';
import { NOW, SkillHarness } from '../support/harness';
import { probeKv } from '../support/kv';
import { createTestPki, type TestPki } from '../../tools/alexa/pki';
import type { FakeRideHailer} from '../support/provider';
import { AUDIENCE, ISSUER, JWT_ENV } from '../support/provider';
import { turn } from '../support/talk';

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki();
});

const jwtMode = { ...JWT_ENV, OAUTH_USERINFO_URL: undefined };
const order = (accessToken: string, timestamp = NOW) =>
  intentRequest('OrderCar', { destination: 'work' }, { timestamp, accessToken });

function jwtSkill(provider?: FakeRideHailer, kv = probeKv()) {
  return new SkillHarness(pki, { ...jwtMode, CACHE: kv.kv }, provider).serveChain();
}

const b64url = (value: object) => btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');

describe('JWT access tokens (verified locally with jose against the JWKS)', () => {
  it('accepts a valid token: fetches the JWKS once, then the profile, and answers from it', async () => {
    const skill = jwtSkill();
    const answer = await turn(skill, order(await skill.provider.jwt(NOW)));
    expect(answer.speech).toContain('Contoso Tower');
    expect(skill.provider.calls('jwks')).toBe(1);
    expect(skill.provider.calls('profile')).toBe(1);
    expect(skill.provider.calls('userinfo')).toBe(0);
  });

  it.each([
    ['expired', { exp: Math.floor(NOW.getTime() / 1000) - 10 }, 'ERR_JWT_EXPIRED'],
    ['not yet valid', { nbf: Math.floor(NOW.getTime() / 1000) + 600 }, 'ERR_JWT_CLAIM_VALIDATION_FAILED'],
    ['from another issuer', { iss: 'https://evil.example/' }, 'ERR_JWT_CLAIM_VALIDATION_FAILED'],
    ['for another audience', { aud: 'someone-else' }, 'ERR_JWT_CLAIM_VALIDATION_FAILED'],
    ['without exp', { exp: undefined }, 'ERR_JWT_CLAIM_VALIDATION_FAILED'],
    ['without sub', { sub: undefined }, 'ERR_JWT_CLAIM_VALIDATION_FAILED'],
  ])('refuses a token %s: relink card, and the token never reaches the API', async (_, claims, detail) => {
    const skill = jwtSkill();
    const answer = await turn(skill, order(await skill.provider.jwt(NOW, claims)));
    expect(answer.card).toEqual({ type: 'LinkAccount' });
    expect(answer.speech).toContain('link has expired or was removed');
    expect(skill.logs.lines).toContainEqual(expect.objectContaining({ event: 'token_rejected', detail }));
    expect(skill.provider.calls('profile')).toBe(0);
  });

  it('refuses a tampered token (payload changed after signing)', async () => {
    const skill = jwtSkill();
    const [header, , signature] = (await skill.provider.jwt(NOW)).split('.');
    const forged = `${header}.${b64url({ iss: ISSUER, aud: AUDIENCE, sub: 'someone-else', exp: 9999999999 })}.${signature}`;
    const answer = await turn(skill, order(forged));
    expect(answer.card).toEqual({ type: 'LinkAccount' });
    expect(skill.logs.lines).toContainEqual(
      expect.objectContaining({ event: 'token_rejected', detail: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' }),
    );
  });

  it('refuses a token signed by a key not in the JWKS, even with the right kid', async () => {
    const skill = jwtSkill();
    const { privateKey } = await generateKeyPair('RS256');
    const answer = await turn(skill, order(await skill.provider.jwt(NOW, {}, { key: privateKey })));
    expect(answer.card).toEqual({ type: 'LinkAccount' });
  });

  it('refuses alg "none" without fetching any key', async () => {
    const skill = jwtSkill();
    const unsigned = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({ iss: ISSUER, aud: AUDIENCE, sub: 'x', exp: 9999999999 })}.`;
    const answer = await turn(skill, order(unsigned));
    expect(answer.card).toEqual({ type: 'LinkAccount' });
    expect(skill.provider.totalCalls()).toBe(0);
  });

  it('refuses a token that is not a JWT at all without fetching anything', async () => {
    const skill = jwtSkill();
    const answer = await turn(skill, order('Atza|opaque-looking-token'));
    expect(answer.card).toEqual({ type: 'LinkAccount' });
    expect(skill.provider.totalCalls()).toBe(0);
  });

  it('refetches the JWKS for an unknown kid at most once per cooldown', async () => {
    const skill = jwtSkill();
    await turn(skill, order(await skill.provider.jwt(NOW)));
    expect(skill.provider.calls('jwks')).toBe(1);
    for (let i = 0; i < 3; i++) {
      const answer = await turn(skill, order(await skill.provider.jwt(NOW, { jti: `x${i}` }, { kid: `unknown-${i}` })));
      expect(answer.card).toEqual({ type: 'LinkAccount' });
    }
    expect(skill.provider.calls('jwks')).toBe(1);
    expect(skill.logs.lines).toContainEqual(
      expect.objectContaining({ event: 'token_rejected', detail: 'ERR_JWKS_NO_MATCHING_KEY' }),
    );
  });

  it('keeps the JWKS in KV, so a new isolate validates a new token without fetching it', async () => {
    const kv = probeKv();
    const first = jwtSkill(undefined, kv);
    await turn(first, order(await first.provider.jwt(NOW)));
    expect([...kv.putOptions.keys()].some((k) => /^jwks:[0-9a-f]{64}$/.test(k))).toBe(true);

    const second = jwtSkill(first.provider, kv);
    const answer = await turn(second, order(await first.provider.jwt(NOW, { jti: 'another' })));
    expect(answer.speech).toContain('Contoso Tower');
    expect(first.provider.calls('jwks')).toBe(1);
  });

  it.each([
    ['answers 500', () => new Response('oops', { status: 500 })],
    ['answers garbage', () => new Response('<html>')],
  ])('speaks "can\'t reach Ride Hailer" when the JWKS %s, with no card', async (_, route) => {
    const skill = jwtSkill();
    skill.provider.override('jwks', route);
    const answer = await turn(skill, order(await skill.provider.jwt(NOW)));
    expect(answer.speech).toContain("can't reach Ride Hailer right now");
    expect(answer.card).toBeUndefined();
  });
});
