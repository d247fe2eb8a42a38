import { generateKeyPair } from 'jose';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { intentRequest } from '../../packages/alexa-skill-workers/src/testing/envelopes.ts';
import { NOW, SkillHarness } from '../support/harness.ts';
import { probeKv } from '../support/kv.ts';
import { createTestPki, type TestPki } from '../../packages/alexa-skill-workers/src/testing/pki.ts';
import { parseConfig } from '../../src/config/config.ts';
import { JwtValidator } from '../../packages/alexa-skill-workers/src/linking/jwt-validator.ts';
import { enUS } from '../../src/skill/i18n/en-US.ts';
import { captureLogs, contextAt } from '../support/logs.ts';
import { hang, type Route } from '../support/outbound.ts';
import type { FakeRideHailer} from '../support/provider.ts';
import { AUDIENCE, ISSUER, JWT_ENV } from '../support/provider.ts';
import { turn } from '../support/talk.ts';

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
});

const jwtMode = { ...JWT_ENV, OAUTH_USERINFO_URL: undefined };
const order = (accessToken: string, timestamp = NOW) =>
  intentRequest('OrderCar', { destination: 'work' }, { timestamp, accessToken });

function jwtSkill(provider?: FakeRideHailer, kv = probeKv(), env: Record<string, string> = {}) {
  return new SkillHarness(pki, { ...jwtMode, ...env, CACHE: kv.kv }, provider).serveChain();
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

  it.each<[string, Route]>([
    ['answers 500', () => new Response('oops', { status: 500 })],
    ['answers garbage', () => new Response('<html>')],
    ['redirects', () => Response.redirect('https://elsewhere.example/jwks.json', 302)],
    ['cannot be reached', () => Promise.reject(new TypeError('network connection lost'))],
    ['does not answer within PROVIDER_TIMEOUT_MS', hang],
    ['serves a key WebCrypto cannot import', () => Response.json({ keys: [{ kty: 'RSA', kid: 'key-1', alg: 'RS256', n: '!!', e: 'AQAB' }] })],
  ])('speaks "can\'t reach Ride Hailer" when the JWKS %s, with no card, logged as provider_unavailable', async (_, route) => {
    const skill = jwtSkill(undefined, probeKv(), { PROVIDER_TIMEOUT_MS: '150' });
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

  it.each(['at+jwt', 'application/at+jwt', 'AT+JWT'])('accepts an access token whose typ is %s', async (typ) => {
    const skill = jwtSkill(undefined, probeKv(), requireAtJwt);
    const answer = await turn(skill, order(await skill.provider.jwt(NOW, {}, { typ })));
    expect(answer.speech).toContain('Contoso Tower');
  });

  it.each<[string, (skill: SkillHarness) => Promise<string>]>([
    ['an ID token (typ JWT, nonce, azp) with the right audience', idToken],
    ['a token without typ', (skill) => skill.provider.jwt(NOW)],
  ])('refuses %s: relink card, and the token never reaches the API', async (_, token) => {
    const skill = jwtSkill(undefined, probeKv(), requireAtJwt);
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
    const skill = jwtSkill(undefined, kv);
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

  it('rethrows a non-jose error from jose itself (an invalid clock) as it is, not as PROVIDER_UNAVAILABLE', async () => {
    const skill = jwtSkill();
    const validator = directValidator(skill);
    const token = await skill.provider.jwt(NOW);
    await expect(validator.validate(token, contextAt(new Date(NaN)))).rejects.toThrow(TypeError);
    await expect(validator.validate(token, contextAt(NOW))).resolves.toMatchObject({ subject: 'user-ana' });
  });

  it('does not keep a failed key-set setup: the next validation sets it up again', async () => {
    const skill = jwtSkill();
    const validator = directValidator(skill);
    const token = await skill.provider.jwt(NOW);
    vi.spyOn(crypto.subtle, 'digest').mockRejectedValueOnce(new TypeError('injected'));
    await expect(validator.validate(token, contextAt(NOW))).rejects.toThrow(TypeError);
    await expect(validator.validate(token, contextAt(NOW))).resolves.toMatchObject({ subject: 'user-ana' });
  });
});

/** The harness's JWT validator, used directly (outside the Worker). */
function directValidator(skill: SkillHarness): JwtValidator {
  const tokens = parseConfig({ ...skill.env }).tokens;
  if (tokens.mode !== 'jwt') throw new Error('JWT settings expected');
  return new JwtValidator({
    ...tokens,
    fetch: (input, init) => fetch(input, init),
    kv: probeKv().kv,
    timeoutMs: 1000,
    log: captureLogs(),
  });
}
